package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.charset.StandardCharsets;
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
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * One PostgreSQL transaction, serialised with other writers of the same schema by a
 * transaction-scoped advisory lock.
 *
 * <p>Inserted records are not sent one by one: they collect as rows of {@code COPY}'s text format
 * per table (in memory, at most {@value #FLUSH_CHARS} characters per table) and go to the server
 * in one {@code COPY ... FROM STDIN} when the buffer is full, before a read or replace that must
 * see them, and at commit. A duplicate id therefore fails at the latest on commit, as the SPI
 * allows. {@link #existingIds} answers from the table and the buffer without flushing.
 *
 * <p>The two relation tables have natural keys that Doclea's import skips rather than fails on:
 * {@link #insertAll} copies their rows into a temporary staging table, then moves them with
 * {@code INSERT ... SELECT ... ON CONFLICT (natural key) DO NOTHING RETURNING id}, and reports the
 * rows that did not come back. Vectors are staged likewise and upserted with {@code ON CONFLICT
 * (memory_id) DO UPDATE}. Replacements are UPDATEs by id.
 */
final class PgWriteTransaction implements WriteTransaction {
  /** Characters of COPY rows a table's buffer holds before it is sent. */
  static final int FLUSH_CHARS = 8 << 20;
  /** Vectors buffered before they are sent. */
  static final int FLUSH_VECTORS = 4096;
  private static final int COPY_CHUNK = 1 << 16;

  private enum State { OPEN, COMMITTED, ROLLED_BACK }

  /** The buffered inserts of one table. */
  private static final class Pending {
    final StringBuilder rows = new StringBuilder();
    final Set<String> ids = new HashSet<>();
  }

  private final Connection connection;
  private final PgOptions options;
  private final String schema;
  private final Map<RecordKind, Pending> pending = new EnumMap<>(RecordKind.class);
  private final Map<String, StoredVector> pendingVectors = new LinkedHashMap<>();
  private final Map<RecordKind, PreparedStatement> updates = new EnumMap<>(RecordKind.class);
  private final Set<String> staged = new HashSet<>();
  private PreparedStatement deleteVector;
  private CopyManager copy;
  private State state = State.OPEN;

  PgWriteTransaction(Connection connection, PgOptions options) {
    this.connection = connection;
    this.options = options;
    this.schema = options.schema();
  }

  @Override
  public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
    ensureOpen();
    Set<String> found = new HashSet<>();
    if (ids.isEmpty()) {
      return found;
    }
    PgTable<?> table = PgTable.of(kind);
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT id FROM " + schema + "." + table.table + " WHERE id = ANY(?)")) {
      statement.setArray(1, idArray(ids));
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(PgText.decode(rs.getString(1)));
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

  @Override
  public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
    ensureOpen();
    Map<String, TransferRecord> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    flushIfPending(kind, ids);
    PgTable<?> table = PgTable.of(kind);
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
    Pending p = pending.computeIfAbsent(kind, k -> new Pending());
    PgTable.of(kind).copyRow(record, p.rows);
    p.ids.add(record.id());
    if (p.rows.length() >= FLUSH_CHARS) {
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
    if (table.naturalKey == null) {
      for (TransferRecord record : records) {
        insert(record);
      }
      return List.of();
    }
    flushInserts(table.kind);
    StringBuilder rows = new StringBuilder();
    long ord = 0;
    for (TransferRecord record : records) {
      if (record.kind() != table.kind) {
        throw new IllegalArgumentException("insertAll takes records of one kind; got a "
            + record.kind().displayName() + " among " + table.kind.displayName() + " records");
      }
      table.copyRow(record, rows);
      rows.setLength(rows.length() - 1);
      rows.append('\t').append(ord++).append('\n');
    }
    Set<String> inserted = new HashSet<>();
    try {
      String stage = stage(table.table, schema + "." + table.table, ", ord bigint");
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
    List<TransferRecord> refused = new ArrayList<>();
    for (TransferRecord record : records) {
      if (!inserted.contains(record.id())) {
        refused.add(record);
      }
    }
    return refused;
  }

  @Override
  public void replace(TransferRecord record) {
    ensureOpen();
    RecordKind kind = record.kind();
    flushIfPending(kind, List.of(record.id()));
    PgTable<?> table = PgTable.of(kind);
    try {
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
    try {
      for (RecordKind kind : RecordKind.values()) {
        flushInserts(kind);
      }
      flushVectors();
      connection.commit();
      state = State.COMMITTED;
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
    pending.clear();
    pendingVectors.clear();
    try {
      if (!connection.isClosed()) {
        connection.rollback();
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
    BackendException failure = null;
    if (state == State.OPEN) {
      try {
        rollback();
      } catch (BackendException e) {
        failure = e;
      }
    }
    try {
      if (!connection.isClosed()) {
        connection.close();
      }
    } catch (SQLException e) {
      BackendException wrapped = Failures.wrapWrite(options, "close the connection to", e);
      if (failure == null) {
        failure = wrapped;
      } else {
        failure.addSuppressed(wrapped);
      }
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
    try {
      copyIn("COPY " + schema + "." + table.table + " (" + table.columnList + ") FROM STDIN",
          p.rows);
    } catch (SQLException e) {
      throw Failures.wrapWrite(options, "insert " + p.ids.size() + " " + kind.displayName()
          + " records into", e);
    }
    p.rows.setLength(0);
    if (p.rows.capacity() > FLUSH_CHARS * 2) {
      p.rows.trimToSize();
    }
    p.ids.clear();
  }

  private void flushVectors() {
    if (pendingVectors.isEmpty()) {
      return;
    }
    String target = schema + "." + PgSchema.VECTOR_TABLE;
    StringBuilder rows = new StringBuilder();
    for (StoredVector v : pendingVectors.values()) {
      PgText.copyText(v.memoryId(), rows, () -> "the vector of memory '" + v.memoryId() + "'");
      rows.append('\t');
      PgText.copyText(v.provider(), rows, () -> "the provider of the vector of memory '"
          + v.memoryId() + "'");
      rows.append('\t');
      PgText.copyText(v.model(), rows, () -> "the model of the vector of memory '"
          + v.memoryId() + "'");
      rows.append('\t').append(v.vector().length).append("\t{");
      float[] components = v.vector();
      for (int i = 0; i < components.length; i++) {
        if (i > 0) {
          rows.append(',');
        }
        rows.append(Float.toString(components[i]));
      }
      rows.append("}\n");
    }
    try {
      String stage = stage(PgSchema.VECTOR_TABLE, target, "");
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

  /** Creates (once per transaction) a temporary staging table shaped like {@code like}. */
  private String stage(String name, String like, String extraColumns) throws SQLException {
    String stage = "pg_temp.doclea_stage_" + name;
    if (staged.add(stage)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + stage.substring(8)
            + " (LIKE " + like + extraColumns + ") ON COMMIT DROP");
      }
    }
    return stage;
  }

  /** Sends rows in COPY text format, in UTF-8 chunks, never splitting a surrogate pair. */
  private void copyIn(String sql, CharSequence rows) throws SQLException {
    if (copy == null) {
      copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }
    CopyIn in = copy.copyIn(sql);
    try {
      int n = rows.length();
      for (int start = 0; start < n; ) {
        int end = Math.min(n, start + COPY_CHUNK);
        if (end < n && Character.isHighSurrogate(rows.charAt(end - 1))) {
          end--;
        }
        byte[] bytes = rows.subSequence(start, end).toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        start = end;
      }
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
