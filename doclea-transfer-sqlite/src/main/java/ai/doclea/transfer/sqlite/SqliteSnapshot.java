package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.JsonRowCursor;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One read transaction on a read-only connection of its own. Every cursor it opens reads the
 * database as it was when the snapshot began, whatever other connections commit meanwhile (in WAL
 * mode; in rollback-journal mode writers wait for the snapshot to end).
 */
final class SqliteSnapshot implements ReadSnapshot {
  /** Rows the driver is asked to fetch per step; a hint, rows are stepped one at a time. */
  static final int FETCH_SIZE = 256;

  private final Connection connection;
  private final Layout layout;
  private final Path path;
  private final int busyTimeoutMs;
  private final List<SqliteCursor<?>> cursors = new ArrayList<>();
  private final List<SqliteJsonCursor<?>> jsonCursors = new ArrayList<>();
  /** The values read that an export writes otherwise than stored, for {@link #notes()}. */
  private final ValueChanges changes;
  /** The vector store attached as schema {@code v}, or null. */
  private final Path vectors;
  private java.sql.Statement vectorStatement;
  private boolean closed;
  private Boolean utf8Encoded;
  /** The connection {@link #sibling()} gives, until it is given; or null. */
  private Connection siblingConnection;
  /** The sibling given, or null: its value changes are this snapshot's notes. */
  private SqliteSnapshot sibling;
  /**
   * The tables this snapshot opened a cursor over: when an export reads a table here after the
   * sibling began it (the read-ahead failed part-way), the changes the sibling met in it are
   * counted here again, and its own are left out of the notes.
   */
  private final java.util.Set<String> tablesRead =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  SqliteSnapshot(Connection connection, Layout layout, Path path, int busyTimeoutMs) {
    this(connection, layout, path, busyTimeoutMs, null);
  }

  SqliteSnapshot(Connection connection, Layout layout, Path path, int busyTimeoutMs,
      Path vectors) {
    this(connection, layout, path, busyTimeoutMs, vectors, null);
  }

  /**
   * A snapshot on a connection in its read transaction.
   *
   * @param siblingConnection a second connection in a read transaction of the same state, for
   *     {@link #sibling()}, or null
   */
  SqliteSnapshot(Connection connection, Layout layout, Path path, int busyTimeoutMs,
      Path vectors, Connection siblingConnection) {
    this.siblingConnection = siblingConnection;
    this.vectors = vectors;
    this.connection = connection;
    this.layout = layout;
    this.path = path;
    this.busyTimeoutMs = busyTimeoutMs;
    this.changes = new ValueChanges(path);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A connection of its own, opened with the snapshot's and proved to read the same state
   * (see {@code SqliteBackend}); only for a database of {@link
   * SqliteBackend#SIBLING_LEAST_BYTES} or more. It reads no attached vector store.
   */
  @Override
  public synchronized Optional<ReadSnapshot> sibling() {
    ensureOpen();
    if (siblingConnection == null) {
      return Optional.empty();
    }
    sibling = new SqliteSnapshot(siblingConnection, layout, path, busyTimeoutMs);
    siblingConnection = null;
    return Optional.of(sibling);
  }

  /** The snapshot's connection, for tests that read its settings. */
  Connection connection() {
    return connection;
  }

  @Override
  public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
    return open(kind, Selection.ALL, false);
  }

  /**
   * Reads the selected rows only: the selection becomes a {@code WHERE} clause (see {@link
   * SelectionSql}), so a slice costs time proportional to its size plus index look-ups.
   */
  @Override
  public RecordCursor<? extends TransferRecord> read(RecordKind kind, Selection selection) {
    return open(kind, selection, false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: memories' title, content and summary, documents' title and content, and chunks'
   * content, as SQLite stores them; offered when the database's text encoding is UTF-8 (Doclea's,
   * and SQLite's default), since {@code getBytes} hands over the stored bytes.
   */
  @Override
  public Optional<Utf8RecordCursor<? extends TransferRecord>> readUtf8(RecordKind kind,
      Selection selection) {
    ensureOpen();
    if (!utf8Encoded()) {
      return Optional.empty();
    }
    return Optional.of(open(kind, selection, true));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: SQLite renders each row with {@code json_array} ({@link JsonRowSql}), offered for
   * every section (a pending memory's {@code memoryData} given apart as its text) when the
   * database's text encoding is UTF-8 and has every column of the current schema; rows it cannot
   * render exactly are read again by their rowid through the UTF-8 cursor ({@link #readUtf8}).
   */
  @Override
  public Optional<JsonRowCursor<? extends TransferRecord>> readJsonRows(RecordKind kind,
      List<String> fields) {
    ensureOpen();
    RecordTable<?> table = RecordTable.of(kind);
    tablesRead.add(table.table);
    if (!utf8Encoded()) {
      return Optional.empty();
    }
    PreparedStatement statement = null;
    try {
      JsonRowSql.Select select = JsonRowSql.select(table, layout, fields,
          JsonRowSql.sortsKeysFirst(connection, table, layout));
      if (select == null) {
        return Optional.empty();
      }
      statement = connection.prepareStatement(select.sql());
      statement.setFetchSize(FETCH_SIZE);
      SqliteJsonCursor<?> cursor = new SqliteJsonCursor<>(table, connection, layout, statement,
          statement.executeQuery(), select, path, busyTimeoutMs, true, changes);
      jsonCursors.removeIf(SqliteJsonCursor::isClosed);
      jsonCursors.add(cursor);
      return Optional.of(cursor);
    } catch (SQLException e) {
      BackendException failure =
          Failures.wrap(path, "read table " + table.table + " of", busyTimeoutMs, e);
      closeQuietly(statement, failure);
      throw failure;
    }
  }

  private boolean utf8Encoded() {
    if (utf8Encoded == null) {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("PRAGMA encoding")) {
        utf8Encoded = rs.next() && "UTF-8".equalsIgnoreCase(rs.getString(1));
      } catch (SQLException e) {
        throw Failures.wrap(path, "read the text encoding of", busyTimeoutMs, e);
      }
    }
    return utf8Encoded;
  }

  private SqliteCursor<?> open(RecordKind kind, Selection selection, boolean utf8) {
    ensureOpen();
    RecordTable<?> table = RecordTable.of(kind);
    tablesRead.add(table.table);
    String sql;
    SelectionSql selectionSql = null;
    SelectionSql.Where where = null;
    if (selection.isAll()) {
      if (!layout.hasTable(table.table)) {
        // Older schemas lack the table (memory_relations before 003, ...): the section is empty.
        return SqliteCursor.empty();
      }
      sql = table.selectAllSql(layout);
    } else {
      selectionSql = new SelectionSql(selection);
      where = selectionSql.where(kind);
      if (!layout.hasTable(table.table) || where.clause() == null) {
        return SqliteCursor.empty();
      }
      sql = table.selectWhereSql(layout, where.clause());
    }
    PreparedStatement statement = null;
    try {
      if (selectionSql != null) {
        selectionSql.register(connection);
      }
      statement = connection.prepareStatement(sql);
      if (where != null) {
        SelectionSql.bind(statement, where.params());
      }
      statement.setFetchSize(FETCH_SIZE);
      ResultSet rs = statement.executeQuery();
      SqliteCursor<?> cursor =
          new SqliteCursor<>(table, statement, rs, path, busyTimeoutMs, utf8, changes);
      cursors.removeIf(SqliteCursor::isClosed);
      cursors.add(cursor);
      return cursor;
    } catch (SQLException e) {
      BackendException failure = Failures.wrap(path, (selectionSql == null ? "read table "
          : "read the selected rows of table ") + table.table + " of", busyTimeoutMs, e);
      closeQuietly(statement, failure);
      throw failure;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A database at a newer schema version than this adapter knows: what that version added is
   * not read. A column of one of the six tables that the format has no field for (added by such a
   * version, by hand, or by a newer Doclea that kept the version): its values are not in the
   * export, and the note names the table and the columns. After the sections are read: the
   * values written otherwise than stored ({@link ValueChanges}), one note per table, column and
   * change.
   */
  @Override
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    String version = layout.schemaVersion();
    if (DocleaSchema.isNewerThanLatest(version)) {
      notes.add(path + " is at Doclea schema version " + version + ", newer than the "
          + DocleaSchema.LATEST_VERSION + " this tool knows: what that version added is not in"
          + " the export");
    }
    for (RecordKind kind : RecordKind.values()) {
      RecordTable<?> table = RecordTable.of(kind);
      java.util.Set<String> extra = new java.util.TreeSet<>(
          layout.columns().getOrDefault(table.table, java.util.Set.of()));
      for (RecordTable.Column c : table.columns) {
        extra.remove(c.name());
      }
      if (!extra.isEmpty()) {
        notes.add("table " + table.table + " of " + path + " has "
            + (extra.size() == 1 ? "a column" : "columns") + " that the export format has no"
            + " field for (" + String.join(", ", extra) + "): " + (extra.size() == 1 ? "its"
            : "their") + " values are not in the export");
      }
    }
    notes.addAll(changes.notes());
    SqliteSnapshot given;
    synchronized (this) {
      given = sibling;
    }
    if (given != null) {
      notes.addAll(given.changes.notes(table -> !tablesRead.contains(table)));
    }
    return notes;
  }

  @Override
  public OptionalLong count(RecordKind kind) {
    ensureOpen();
    RecordTable<?> table = RecordTable.of(kind);
    if (!layout.hasTable(table.table)) {
      return OptionalLong.of(0);
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table.table)) {
      rs.next();
      return OptionalLong.of(rs.getLong(1));
    } catch (SQLException e) {
      throw Failures.wrap(path, "count the rows of table " + table.table + " of", busyTimeoutMs,
          e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Always empty: Doclea keeps vectors in its separate vector store ({@code .doclea/vectors.db}),
   * which the {@code doclea:} project backend ({@link DocleaProjectBackend}) reads.
   */
  @Override
  public Optional<StoredVector> vector(String memoryId) {
    ensureOpen();
    return Optional.empty();
  }

  /**
   * The vectors of the selected memories from the attached vector store ({@code
   * vector_memories}), one per memory, in memory-id order: of several rows of one memory (Doclea
   * leaves the old row behind when a memory is re-embedded under a new id) the one whose id is
   * the memory's {@code qdrant_id}, else the newest. Rows whose memory is not in this snapshot,
   * and rows without an embedding, are left out.
   *
   * @param selection which memories
   * @param provider the provider to report, from the project's configuration
   * @param model the model to report
   * @return the cursor; empty without an attached vector store or table
   */
  ai.doclea.transfer.spi.RecordCursor<StoredVector> vectors(Selection selection,
      String provider, String model) {
    ensureOpen();
    if (vectors == null) {
      return emptyVectors();
    }
    try {
      if (!hasVectorTable()) {
        return emptyVectors();
      }
      String where = "x.embedding IS NOT NULL";
      List<Object> params = List.of();
      if (!selection.isAll()) {
        SelectionSql sql = new SelectionSql(selection);
        SelectionSql.Where w = sql.where(RecordKind.MEMORY);
        if (w.clause() == null) {
          return emptyVectors();
        }
        sql.register(connection);
        where += " AND x.memory_id IN (SELECT id FROM main.memories WHERE " + w.clause() + ")";
        params = w.params();
      }
      PreparedStatement statement = connection.prepareStatement("SELECT x.memory_id, x.id,"
          + " x.embedding FROM v." + LibSqlVectors.TABLE + " x JOIN main.memories m ON m.id ="
          + " x.memory_id WHERE " + where + " ORDER BY x.memory_id, (x.id IS m.qdrant_id) DESC,"
          + " x.rowid DESC");
      vectorStatement = statement;
      SelectionSql.bind(statement, params);
      statement.setFetchSize(FETCH_SIZE);
      ResultSet rs = statement.executeQuery();
      return new VectorRows(rs, statement, provider, model);
    } catch (SQLException e) {
      throw Failures.wrap(vectors, "read the vectors of", busyTimeoutMs, e);
    }
  }

  private boolean hasVectorTable() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT 1 FROM v.sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, LibSqlVectors.TABLE);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static ai.doclea.transfer.spi.RecordCursor<StoredVector> emptyVectors() {
    return new ai.doclea.transfer.spi.RecordCursor<>() {
      @Override
      public boolean hasNext() {
        return false;
      }

      @Override
      public StoredVector next() {
        throw new java.util.NoSuchElementException();
      }

      @Override
      public void close() {}
    };
  }

  /** Steps the joined rows, keeping the first row of each memory. */
  private final class VectorRows implements ai.doclea.transfer.spi.RecordCursor<StoredVector> {
    private final ResultSet rs;
    private final PreparedStatement statement;
    private final String provider;
    private final String model;
    private StoredVector next;
    private String last;
    private boolean done;

    VectorRows(ResultSet rs, PreparedStatement statement, String provider, String model) {
      this.rs = rs;
      this.statement = statement;
      this.provider = provider;
      this.model = model;
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null && !done) {
          if (!rs.next()) {
            done = true;
            break;
          }
          String memoryId = rs.getString(1);
          if (memoryId.equals(last)) {
            continue;
          }
          last = memoryId;
          byte[] blob = rs.getBytes(3);
          if (blob.length % Float.BYTES != 0) {
            throw new BackendException(vectors + ": the vector row '" + rs.getString(2)
                + "' of memory '" + memoryId + "' holds " + blob.length + " bytes, not a whole"
                + " number of float32 components");
          }
          next = new StoredVector(memoryId, provider, model, Vectors.decode(blob),
              rs.getString(2));
        }
        return next != null;
      } catch (SQLException e) {
        throw Failures.wrap(vectors, "read the vectors of", busyTimeoutMs, e);
      }
    }

    @Override
    public StoredVector next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      StoredVector v = next;
      next = null;
      return v;
    }

    @Override
    public void close() {
      try {
        statement.close();
      } catch (SQLException e) {
        throw Failures.wrap(vectors, "close the vector cursor of", busyTimeoutMs, e);
      }
    }
  }

  /** Closes the open cursors, ends the read transaction and closes the connection. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    BackendException failure = null;
    Connection unused;
    SqliteSnapshot given;
    synchronized (this) {
      unused = siblingConnection;
      given = sibling;
      siblingConnection = null;
    }
    if (given != null) {
      try {
        given.close();
      } catch (BackendException e) {
        failure = e;
      }
    }
    if (unused != null) {
      try {
        unused.close();
      } catch (SQLException e) {
        failure = Failures.wrap(path, "close", busyTimeoutMs, e);
      }
    }
    for (SqliteCursor<?> cursor : cursors) {
      try {
        cursor.close();
      } catch (BackendException e) {
        failure = failure == null ? e : addSuppressed(failure, e);
      }
    }
    cursors.clear();
    for (SqliteJsonCursor<?> cursor : jsonCursors) {
      try {
        cursor.close();
      } catch (BackendException e) {
        failure = failure == null ? e : addSuppressed(failure, e);
      }
    }
    jsonCursors.clear();
    if (vectorStatement != null) {
      try {
        vectorStatement.close();
      } catch (SQLException e) {
        BackendException wrapped = Failures.wrap(path, "close the vector cursor of",
            busyTimeoutMs, e);
        failure = failure == null ? wrapped : addSuppressed(failure, wrapped);
      }
    }
    try {
      Connections.exec(connection, "ROLLBACK");
    } catch (SQLException e) {
      BackendException wrapped = Failures.wrap(path, "end the read snapshot of", busyTimeoutMs, e);
      failure = failure == null ? wrapped : addSuppressed(failure, wrapped);
    }
    try {
      connection.close();
    } catch (SQLException e) {
      BackendException wrapped = Failures.wrap(path, "close", busyTimeoutMs, e);
      failure = failure == null ? wrapped : addSuppressed(failure, wrapped);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static BackendException addSuppressed(BackendException first, Exception next) {
    first.addSuppressed(next);
    return first;
  }

  private void ensureOpen() {
    if (closed) {
      throw new BackendException("The read snapshot of " + path + " is closed.");
    }
  }

  private static void closeQuietly(Statement statement, Throwable failure) {
    if (statement != null) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
