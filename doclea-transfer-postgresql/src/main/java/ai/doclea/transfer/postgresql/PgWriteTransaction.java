package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * One PostgreSQL transaction, serialised with other writers of the same schema by a
 * transaction-scoped advisory lock.
 *
 * <p>Inserted records are never sent one by one but as rows of {@code COPY}'s text format, in one
 * of two ways, decided per table when the transaction begins:
 *
 * <ul>
 *   <li><b>A table that was empty</b> (a fresh target: the bulk load this adapter is built for)
 *       gets its rows streamed: one {@code COPY ... FROM STDIN} stays open while records arrive
 *       and receives them in chunks of {@value #STREAM_CHUNK} bytes, so that the server stores
 *       rows while the importer parses the next ones. It ends only when a statement must run on
 *       the connection (a look-up the table cannot answer, a replace, a commit). Look-ups need no
 *       statement when they can be answered without one: the table holds nothing but what this
 *       transaction wrote, so a fingerprint set of the ids (and natural keys) it wrote tells
 *       "certainly absent" exactly; only ids whose fingerprint is present are looked up. A
 *       relation batch whose natural keys are all certainly absent is streamed like any insert.
 *   <li><b>A table that held rows</b> buffers its rows (at most {@value #FLUSH_BYTES} bytes per
 *       table) and sends them in one {@code COPY} when the buffer is full, before a read or
 *       replace that must see them, and at commit; {@link #existingIds} answers from the table
 *       and the buffer's ids without flushing. Relations with natural keys go through a temporary
 *       staging table and {@code INSERT ... SELECT ... ON CONFLICT (natural key) DO NOTHING
 *       RETURNING id}, and the rows that did not come back are reported as refused.
 * </ul>
 *
 * <p>A duplicate id therefore fails at the latest on commit, as the SPI allows; so does a row
 * that another program (one that does not take the advisory lock) writes into a table this
 * transaction found empty, when it collides with an imported id. Vectors are staged and upserted
 * with {@code ON CONFLICT (memory_id) DO UPDATE}. Replacements are UPDATEs by id.
 */
final class PgWriteTransaction implements WriteTransaction {
  /** Bytes of COPY rows a table that held rows buffers before they are sent. */
  static final int FLUSH_BYTES = 8 << 20;
  /** Bytes of COPY rows a streamed table collects before they are written to the open COPY. */
  static final int STREAM_CHUNK = 1 << 16;
  /** Vectors buffered before they are sent. */
  static final int FLUSH_VECTORS = 4096;

  private enum State { OPEN, COMMITTED, ROLLED_BACK }

  /** The buffered inserts of one table that held rows. */
  private static final class Pending {
    final CopyRows rows = new CopyRows(1 << 16);
    final Set<String> ids = new HashSet<>();
  }

  /** What this transaction wrote into one table that was empty when it began. */
  private static final class Fresh {
    final Fingerprints ids = new Fingerprints();
    final Fingerprints keys = new Fingerprints();
  }

  private final PostgresBackend backend;
  private final Connection connection;
  private final PgOptions options;
  /** Set when this transaction commits / rolls back: the backend's record of its writes. */
  private final AtomicBoolean committed;
  private final AtomicBoolean rolledBack;
  private final String schema;
  private final Map<RecordKind, Pending> pending = new EnumMap<>(RecordKind.class);
  private final Map<RecordKind, Fresh> fresh = new EnumMap<>(RecordKind.class);
  private final Map<String, StoredVector> pendingVectors = new LinkedHashMap<>();
  private final Map<RecordKind, PreparedStatement> updates = new EnumMap<>(RecordKind.class);
  private final Set<String> staged = new HashSet<>();
  private final CopyRows stream = new CopyRows(STREAM_CHUNK + (STREAM_CHUNK >> 2));
  private RecordKind streaming;
  private CopyIn open;
  private PreparedStatement deleteVector;
  private CopyManager copy;
  private State state = State.OPEN;
  /**
   * Whether the transaction ended by a commit or a rollback that the server confirmed, so that
   * the connection can serve the backend's next operation.
   */
  private boolean endedCleanly;
  private boolean closed;

  PgWriteTransaction(PostgresBackend backend, Connection connection, PgOptions options,
      AtomicBoolean committed, AtomicBoolean rolledBack) throws SQLException {
    this.backend = backend;
    this.connection = connection;
    this.options = options;
    this.committed = committed;
    this.rolledBack = rolledBack;
    this.schema = options.schema();
    StringBuilder sql = new StringBuilder("SELECT ");
    List<RecordKind> kinds = List.of(RecordKind.values());
    for (int i = 0; i < kinds.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("NOT EXISTS (SELECT 1 FROM ").append(schema)
          .append('.').append(PgTable.of(kinds.get(i)).table).append(')');
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql.toString())) {
      rs.next();
      for (int i = 0; i < kinds.size(); i++) {
        if (rs.getBoolean(i + 1)) {
          fresh.put(kinds.get(i), new Fresh());
        }
      }
    }
  }

  @Override
  public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
    ensureOpen();
    Set<String> found = new HashSet<>();
    Fresh written = fresh.get(kind);
    Collection<String> ask = ids;
    if (written != null) {
      ask = new ArrayList<>();
      for (String id : ids) {
        if (written.ids.contains(Fingerprints.of(id))) {
          ask.add(id);
        }
      }
    }
    if (ask.isEmpty()) {
      return found;
    }
    PgTable<?> table = PgTable.of(kind);
    endStream();
    try {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT id FROM " + schema + "." + table.table + " WHERE id = ANY(?)")) {
        statement.setArray(1, idArray(ask));
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            found.add(PgText.decode(rs.getString(1)));
          }
        }
      }
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "look up " + kind.displayName() + " ids in", e);
    }
    Pending p = pending.get(kind);
    if (p != null && !p.ids.isEmpty()) {
      for (String id : ids) {
        if (p.ids.contains(id)) {
          found.add(id);
        }
      }
    }
    return found;
  }

  /**
   * Answered without a query: true when the table was empty when this transaction began (under
   * its advisory lock) and it has written nothing into it since.
   */
  @Override
  public boolean isEmpty(RecordKind kind) {
    ensureOpen();
    Fresh written = fresh.get(kind);
    return written != null && written.ids.isEmpty();
  }

  @Override
  public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
    ensureOpen();
    Map<String, TransferRecord> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    flushIfPending(kind, ids);
    PgTable<?> table = PgTable.of(kind);
    endStream();
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + table.columnList
        + " FROM " + schema + "." + table.table + " WHERE id = ANY(?)")) {
      statement.setArray(1, idArray(ids));
      try (ResultSet rs = statement.executeQuery()) {
        PgTable.Row row = new PgTable.Row(rs, "table " + table.table + " of "
            + options.describe());
        while (rs.next()) {
          TransferRecord record = table.read(row);
          found.put(record.id(), record);
        }
      }
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "read " + kind.displayName() + " records of", e);
    }
    return found;
  }

  @Override
  public void insert(TransferRecord record) {
    ensureOpen();
    RecordKind kind = record.kind();
    PgTable<?> table = PgTable.of(kind);
    Fresh written = fresh.get(kind);
    if (written != null) {
      if (streaming != kind) {
        endStream();
        streaming = kind;
      }
      try {
        appendRow(table, record, stream);
        written.ids.add(Fingerprints.of(record.id()));
        String key = table.naturalKeyOf(record);
        if (key != null) {
          written.keys.add(Fingerprints.of(key));
        }
        if (stream.length() >= STREAM_CHUNK) {
          sendStream();
        }
      } catch (SQLException e) {
        throw Failures.wrapWrite(options, "insert " + kind.displayName() + " records into", e);
      }
      return;
    }
    Pending p = pending.computeIfAbsent(kind, k -> new Pending());
    appendRow(table, record, p.rows);
    p.ids.add(record.id());
    if (p.rows.length() >= FLUSH_BYTES) {
      flushInserts(kind);
    }
  }

  @Override
  public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
    ensureOpen();
    if (records.isEmpty()) {
      return List.of();
    }
    PgTable<?> table = PgTable.of(records.get(0).kind());
    for (TransferRecord record : records) {
      if (record.kind() != table.kind) {
        throw new IllegalArgumentException("insertAll takes records of one kind; got a "
            + record.kind().displayName() + " among " + table.kind.displayName() + " records");
      }
    }
    if (table.naturalKey == null || certainlyNew(table, records)) {
      for (TransferRecord record : records) {
        insert(record);
      }
      return List.of();
    }
    flushInserts(table.kind);
    CopyRows rows = new CopyRows(1 << 16);
    long ord = 0;
    for (TransferRecord record : records) {
      table.copyRow(record, rows);
      rows.dropLast();
      rows.tab().ascii(Long.toString(ord++)).newline();
    }
    Set<String> inserted = new HashSet<>();
    endStream();
    try {
      String stage = stage(table.table, "SELECT " + table.columnList + ", 0::bigint AS ord FROM "
          + schema + "." + table.table);
      copyIn("COPY " + stage + " (" + table.columnList + ", ord) FROM STDIN", rows);
      try (Statement statement = connection.createStatement()) {
        try (ResultSet rs = statement.executeQuery("INSERT INTO " + schema + "." + table.table
            + " (" + table.columnList + ") SELECT " + table.columnList + " FROM " + stage
            + " ORDER BY ord ON CONFLICT (" + table.naturalKey + ") DO NOTHING RETURNING id")) {
          while (rs.next()) {
            inserted.add(PgText.decode(rs.getString(1)));
          }
        }
        statement.execute("TRUNCATE " + stage);
      }
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "insert " + records.size() + " "
          + table.kind.displayName() + " records into", e);
    }
    Fresh written = fresh.get(table.kind);
    List<TransferRecord> refused = new ArrayList<>();
    for (TransferRecord record : records) {
      if (!inserted.contains(record.id())) {
        refused.add(record);
      } else if (written != null) {
        written.ids.add(Fingerprints.of(record.id()));
        written.keys.add(Fingerprints.of(table.naturalKeyOf(record)));
      }
    }
    return refused;
  }

  /** Appends a record's row; a record refused half-way (a lone surrogate) leaves no trace. */
  private static void appendRow(PgTable<?> table, TransferRecord record, CopyRows rows) {
    int mark = rows.length();
    try {
      table.copyRow(record, rows);
    } catch (RuntimeException e) {
      rows.truncate(mark);
      throw e;
    }
  }

  /**
   * Whether no record's natural key can already be in its table, which was empty when this
   * transaction began: no key's fingerprint was written, and no two records share one.
   */
  private boolean certainlyNew(PgTable<?> table, List<? extends TransferRecord> records) {
    Fresh written = fresh.get(table.kind);
    if (written == null) {
      return false;
    }
    Set<Long> batch = new HashSet<>();
    for (TransferRecord record : records) {
      long key = Fingerprints.of(table.naturalKeyOf(record));
      if (written.keys.contains(key) || !batch.add(key)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void replace(TransferRecord record) {
    ensureOpen();
    RecordKind kind = record.kind();
    flushIfPending(kind, List.of(record.id()));
    PgTable<?> table = PgTable.of(kind);
    endStream();
    try {
      Fresh written = fresh.get(kind);
      String key = table.naturalKeyOf(record);
      if (written != null && key != null) {
        written.keys.add(Fingerprints.of(key));
      }
      PreparedStatement update = updates.get(kind);
      if (update == null) {
        update = connection.prepareStatement(table.update(schema));
        updates.put(kind, update);
      }
      table.bindUpdate(update, record);
      if (update.executeUpdate() != 1) {
        throw new BackendException("Cannot replace " + kind.displayName() + " '" + record.id()
            + "' in " + options.describe() + ": there is no such record.");
      }
      if (kind == RecordKind.MEMORY) {
        pendingVectors.remove(record.id());
        if (deleteVector == null) {
          deleteVector = connection.prepareStatement("DELETE FROM " + schema + "."
              + PgSchema.VECTOR_TABLE + " WHERE memory_id = ?");
        }
        deleteVector.setString(1, PgText.encode(record.id()));
        deleteVector.executeUpdate();
      }
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "replace " + kind.displayName() + " '" + record.id()
          + "' in", e);
    }
  }

  @Override
  public void storeVector(StoredVector vector) {
    ensureOpen();
    pendingVectors.remove(vector.memoryId());
    pendingVectors.put(vector.memoryId(), vector);
    if (pendingVectors.size() >= FLUSH_VECTORS) {
      flushVectors();
    }
  }

  @Override
  public void commit() {
    ensureOpen();
    endStream();
    try {
      for (RecordKind kind : RecordKind.values()) {
        flushInserts(kind);
      }
      flushVectors();
      connection.commit();
      state = State.COMMITTED;
      committed.set(true);
      endedCleanly = true;
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "commit the write transaction on", e);
    }
  }

  @Override
  public void rollback() {
    if (state == State.COMMITTED) {
      throw new IllegalStateException("The transaction on " + options.describe()
          + " was committed; it cannot be rolled back.");
    }
    if (state == State.ROLLED_BACK) {
      return;
    }
    state = State.ROLLED_BACK;
    rolledBack.set(true);
    pending.clear();
    pendingVectors.clear();
    try {
      if (open != null && open.isActive()) {
        open.cancelCopy();
      }
    } catch (SQLException e) {
      if (!isConnectionLost(e)) {
        throw Failures.wrapWrite(options, "cancel the COPY of the write transaction on", e);
      }
    } finally {
      open = null;
      streaming = null;
    }
    try {
      if (!connection.isClosed()) {
        connection.rollback();
        endedCleanly = true;
      }
    } catch (SQLException e) {
      if (!isConnectionLost(e)) {
        throw Failures.wrapWrite(options, "roll back the write transaction on", e);
      }
      // The connection is gone: the server has discarded the transaction by itself.
    }
  }

  @Override
  public void close() {
    if (closed) {
      // The connection may serve another operation of the backend by now.
      return;
    }
    closed = true;
    BackendException failure = null;
    if (state == State.OPEN) {
      try {
        rollback();
      } catch (BackendException e) {
        failure = e;
      }
    }
    List<PreparedStatement> statements = new ArrayList<>(updates.values());
    if (deleteVector != null) {
      statements.add(deleteVector);
    }
    updates.clear();
    deleteVector = null;
    for (PreparedStatement statement : statements) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = Failures.add(failure, Failures.wrapWrite(options, "close a statement on", e));
      }
    }
    if (failure == null && endedCleanly) {
      try {
        backend.keep(connection);
        return;
      } catch (SQLException e) {
        failure = Failures.wrapWrite(options, "close the connection to", e);
      }
    }
    try {
      if (!connection.isClosed()) {
        connection.close();
      }
    } catch (SQLException e) {
      failure = Failures.add(failure, Failures.wrapWrite(options, "close the connection to", e));
    }
    if (failure != null) {
      throw failure;
    }
  }

  // ---------------------------------------------------------------------------------- flushing

  private void flushIfPending(RecordKind kind, Collection<String> ids) {
    Pending p = pending.get(kind);
    if (p == null || p.ids.isEmpty()) {
      return;
    }
    for (String id : ids) {
      if (p.ids.contains(id)) {
        flushInserts(kind);
        return;
      }
    }
  }

  private void flushInserts(RecordKind kind) {
    Pending p = pending.get(kind);
    if (p == null || p.rows.length() == 0) {
      return;
    }
    PgTable<?> table = PgTable.of(kind);
    endStream();
    try {
      copyIn("COPY " + schema + "." + table.table + " (" + table.columnList + ") FROM STDIN",
          p.rows);
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "insert " + p.ids.size() + " " + kind.displayName()
          + " records into", e);
    }
    p.rows.reset(FLUSH_BYTES * 2);
    p.ids.clear();
  }

  /** Writes the collected rows of the streamed table to its COPY, opening it first. */
  private void sendStream() throws SQLException {
    if (open == null) {
      PgTable<?> table = PgTable.of(streaming);
      open = copyManager().copyIn("COPY " + schema + "." + table.table + " ("
          + table.columnList + ") FROM STDIN");
    }
    stream.writeTo(open);
    stream.reset(STREAM_CHUNK * 2);
  }

  /**
   * Ends the streamed table's COPY, so that a statement can run on the connection and see its
   * rows. A duplicate id among them fails here.
   */
  private void endStream() {
    if (streaming == null) {
      return;
    }
    RecordKind kind = streaming;
    try {
      if (stream.length() > 0) {
        sendStream();
      }
      if (open != null) {
        open.endCopy();
      }
    } catch (SQLException e) {
      cancelStream(e);
      throw Failures.wrapWrite(options, "insert " + kind.displayName() + " records into", e);
    } catch (RuntimeException e) {
      cancelStream(e);
      throw e;
    } finally {
      open = null;
      streaming = null;
      stream.reset(STREAM_CHUNK * 2);
    }
  }

  private void cancelStream(Exception failure) {
    if (open != null && open.isActive()) {
      try {
        open.cancelCopy();
      } catch (SQLException cancelFailure) {
        failure.addSuppressed(cancelFailure);
      }
    }
  }

  private void flushVectors() {
    if (pendingVectors.isEmpty()) {
      return;
    }
    String target = schema + "." + PgSchema.VECTOR_TABLE;
    CopyRows rows = new CopyRows(1 << 16);
    for (StoredVector v : pendingVectors.values()) {
      rows.text(v.memoryId(), () -> "the vector of memory '" + v.memoryId() + "'").tab();
      rows.text(v.provider(), () -> "the provider of the vector of memory '" + v.memoryId()
          + "'").tab();
      rows.text(v.model(), () -> "the model of the vector of memory '" + v.memoryId() + "'")
          .tab();
      StringBuilder array = new StringBuilder().append(v.vector().length).append("\t{");
      float[] components = v.vector();
      for (int i = 0; i < components.length; i++) {
        if (i > 0) {
          array.append(',');
        }
        array.append(Float.toString(components[i]));
      }
      rows.ascii(array.append('}').toString()).newline();
    }
    endStream();
    try {
      String stage = stage(PgSchema.VECTOR_TABLE, "SELECT * FROM " + target);
      copyIn("COPY " + stage + " (memory_id, provider, model, dimensions, vector) FROM STDIN",
          rows);
      try (Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO " + target + " (memory_id, provider, model, dimensions,"
            + " vector) SELECT memory_id, provider, model, dimensions, vector FROM " + stage
            + " ON CONFLICT (memory_id) DO UPDATE SET provider = EXCLUDED.provider,"
            + " model = EXCLUDED.model, dimensions = EXCLUDED.dimensions,"
            + " vector = EXCLUDED.vector");
        statement.execute("TRUNCATE " + stage);
      }
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "store " + pendingVectors.size() + " vectors in", e);
    }
    pendingVectors.clear();
  }

  /**
   * Creates (once per transaction) a temporary staging table with the columns of a query.
   *
   * @param name the table's name, after {@code doclea_stage_}
   * @param shape a SELECT whose columns the staging table gets (no rows are read)
   */
  private String stage(String name, String shape) throws SQLException {
    String stage = "pg_temp.doclea_stage_" + name;
    if (staged.add(stage)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TEMPORARY TABLE " + stage.substring(8)
            + " ON COMMIT DROP AS " + shape + " WITH NO DATA");
      }
    }
    return stage;
  }

  /** Sends rows in COPY text format with one {@code COPY ... FROM STDIN}. */
  private void copyIn(String sql, CopyRows rows) throws SQLException {
    CopyIn in = copyManager().copyIn(sql);
    try {
      rows.writeTo(in);
      in.endCopy();
    } catch (SQLException | RuntimeException e) {
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException cancelFailure) {
          e.addSuppressed(cancelFailure);
        }
      }
      throw e;
    }
  }

  private CopyManager copyManager() throws SQLException {
    if (copy == null) {
      copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }
    return copy;
  }

  private Array idArray(Collection<String> ids) throws SQLException {
    String[] encoded = new String[ids.size()];
    int i = 0;
    for (String id : ids) {
      encoded[i++] = PgText.param(id, () -> "the id '" + id + "'");
    }
    return connection.createArrayOf("text", encoded);
  }

  private void ensureOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException("The transaction on " + options.describe() + " was "
          + (state == State.COMMITTED ? "committed" : "rolled back") + "; begin a new one.");
    }
  }

  static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  @Override
  public String toString() {
    return "write transaction on " + options.describe() + " (" + state + ")";
  }
}
