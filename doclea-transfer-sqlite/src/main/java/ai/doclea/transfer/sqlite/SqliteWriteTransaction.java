package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code BEGIN IMMEDIATE} write transaction on a connection of its own.
 *
 * <p>Writes are queued per prepared statement and sent as JDBC batches of up to {@value
 * #BATCH_SIZE} rows. Queued writes are flushed before every lookup ({@link #existingIds}, {@link
 * #find}) and before commit, and a write to a table first flushes the other statements queued for
 * the same table, so each table sees its writes in call order. A failed batch names the record
 * that failed (see {@link #run}) and leaves the transaction able only to roll back.
 *
 * <p>{@link #replace} is an UPDATE by id, never a DELETE and INSERT, so nothing that refers to the
 * row is touched; replacing a memory also deletes its vector from {@value
 * DocleaSchema#VECTOR_TABLE}. Replacing an id that does not exist fails.
 *
 * <p>Natural keys: Doclea's tables allow one memory relation per (source_id, target_id, type) and
 * one cross-layer relation per (memory_id, code_node_id, relation_type). {@link #insertAll} skips
 * and returns the relations that repeat one (the importer reports them as skipped); {@link
 * #insert} and {@link #replace} fail with a {@link BackendException} naming both relation ids.
 */
final class SqliteWriteTransaction implements WriteTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteWriteTransaction.class);

  /** Rows per JDBC batch. */
  static final int BATCH_SIZE = 500;

  /** Ids per {@code IN (...)} lookup. */
  static final int LOOKUP_CHUNK = 500;

  /** The marks of a lookup's {@code IN (...)}: {@link #lookup} pads what it binds with NULLs. */
  private static final String LOOKUP_MARKS = marks(LOOKUP_CHUNK);

  private final Connection connection;
  private final Path path;
  private final int busyTimeoutMs;
  private final Runnable afterCommit;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, Batch> pending = new LinkedHashMap<>();
  private Layout layout;
  private boolean active = true;
  /**
   * Whether a batch failed part of the way: rows of it are written, and the transaction can only
   * be rolled back.
   */
  private boolean broken;
  /** Per table: whether {@link #plainTable} holds. */
  private final Map<String, Boolean> plainTables = new HashMap<>();
  private boolean committed;
  private boolean closed;
  private long rowsWritten;

  /** What a batch's statement does with each row. */
  private enum Write {
    /** A plain INSERT: a row it executes changes exactly one row of a plain table. */
    INSERT,
    /** An INSERT that skips a row whose natural key is taken, changing no row for it. */
    INSERT_UNLESS_NATURAL_KEY_TAKEN,
    /** An UPDATE by id. */
    UPDATE
  }

  /** Queued rows of one statement. */
  private static final class Batch {
    final String sql;
    final String table;
    final RecordKind kind;
    final Write write;
    final String unchanged;
    final List<String> ids = new ArrayList<>();
    final List<Object[]> params = new ArrayList<>();

    /** @param unchanged what it means when a row changes nothing (null: that is fine) */
    Batch(String sql, String table, RecordKind kind, Write write, String unchanged) {
      this.sql = sql;
      this.table = table;
      this.kind = kind;
      this.write = write;
      this.unchanged = unchanged;
    }
  }

  /**
   * A transaction on {@code connection}, which has begun it.
   *
   * @param afterCommit run once the transaction has committed and released its connection
   */
  SqliteWriteTransaction(Connection connection, Layout layout, Path path, int busyTimeoutMs,
      Runnable afterCommit) {
    this.afterCommit = afterCommit;
    this.connection = connection;
    this.layout = layout;
    this.path = path;
    this.busyTimeoutMs = busyTimeoutMs;
  }

  @Override
  public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
    ensureActive();
    flushAll();
    RecordTable<?> table = RecordTable.of(kind);
    Set<String> found = new LinkedHashSet<>();
    if (ids.isEmpty() || !layout.hasTable(table.table)) {
      return found;
    }
    // Two statements per table, prepared once and padded with NULLs (which match nothing): a
    // count first, as the ids asked are usually all there (an import's references) or none
    // (new records); the ids found are read one row at a time only when some are missing. The
    // match is exact (binary), as the caller compares them with String.equals.
    String where = " FROM " + table.table + " WHERE id COLLATE BINARY IN (" + LOOKUP_MARKS + ")";
    for (List<String> chunk : chunks(ids)) {
      try {
        PreparedStatement count = lookup("SELECT count(DISTINCT id)" + where, chunk);
        int present;
        try (ResultSet rs = count.executeQuery()) {
          present = rs.next() ? rs.getInt(1) : 0;
        }
        if (present == chunk.size()) {
          found.addAll(chunk);
        } else if (present > 0) {
          try (ResultSet rs = lookup("SELECT DISTINCT id" + where, chunk).executeQuery()) {
            while (rs.next()) {
              found.add(rs.getString(1));
            }
          }
        }
      } catch (SQLException e) {
        throw Failures.wrap(path, "look up " + kind.displayName() + " ids in", busyTimeoutMs, e);
      }
    }
    return found;
  }

  /** {@code sql}, prepared once, with {@code ids} bound and the rest of its marks NULL. */
  private PreparedStatement lookup(String sql, List<String> ids) throws SQLException {
    PreparedStatement statement = prepared(sql);
    int i = 0;
    for (String id : ids) {
      statement.setString(++i, id);
    }
    while (i < LOOKUP_CHUNK) {
      statement.setNull(++i, java.sql.Types.NULL);
    }
    return statement;
  }

  /** One query ({@code EXISTS}, not a count), after the queued writes. */
  @Override
  public boolean isEmpty(RecordKind kind) {
    ensureActive();
    flushAll();
    RecordTable<?> table = RecordTable.of(kind);
    if (!layout.hasTable(table.table)) {
      return true;
    }
    try (PreparedStatement statement = connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM " + table.table + ")");
        ResultSet rs = statement.executeQuery()) {
      return rs.next() && rs.getInt(1) == 0;
    } catch (SQLException e) {
      throw Failures.wrap(path, "look up " + kind.displayName() + " records in", busyTimeoutMs,
          e);
    }
  }

  @Override
  public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
    ensureActive();
    flushAll();
    RecordTable<?> table = RecordTable.of(kind);
    Map<String, TransferRecord> found = new LinkedHashMap<>();
    if (ids.isEmpty() || !layout.hasTable(table.table)) {
      return found;
    }
    String sql = "SELECT " + table.selectList(layout) + " FROM " + table.table
        + " WHERE id IN (" + LOOKUP_MARKS + ")";
    for (List<String> chunk : chunks(ids)) {
      try (ResultSet rs = lookup(sql, chunk).executeQuery()) {
        RecordTable.Row row = new RecordTable.Row(rs, table.table, path);
        while (rs.next()) {
          TransferRecord record = table.read(row);
          found.put(record.id(), record);
        }
      } catch (SQLException e) {
        throw Failures.wrap(path, "load " + kind.displayName() + " records from", busyTimeoutMs,
            e);
      }
    }
    return found;
  }

  @Override
  public void insert(TransferRecord record) {
    ensureActive();
    RecordTable<?> table = writableTable(record);
    queue(new Batch(table.insertSql(layout), table.table, record.kind(), Write.INSERT, null),
        record.id(), table.insertParams(layout, record, path));
  }

  /**
   * Queues the records for batched insertion. For memory and cross-layer relations the batch is
   * run at once with {@code ON CONFLICT(natural key) DO NOTHING}, and the records that repeat the
   * (source_id, target_id, type) or (memory_id, code_node_id, relation_type) of a stored relation
   * (or of an earlier one in the list) are returned, not inserted. A duplicate id still fails.
   */
  @Override
  public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
    ensureActive();
    if (records.isEmpty()) {
      return List.of();
    }
    RecordTable<?> table = writableTable(records.get(0));
    String sql = table.insertUnlessNaturalKeyTakenSql(layout);
    if (sql == null) {
      // As insert() one record at a time, without making the statement and batch per record.
      String insert = table.insertSql(layout);
      flushTouching(table.table, insert);
      Batch batch = null;
      for (int i = 0; i < records.size(); i++) {
        Object record = records.get(i); // (not cast: see add)
        if (!table.type.isInstance(record)) {
          insert((TransferRecord) record); // not of one kind, as the SPI asks: each to its table
          continue;
        }
        if (batch == null) {
          batch = pending.computeIfAbsent(insert,
              s -> new Batch(s, table.table, table.kind, Write.INSERT, null));
        }
        add(batch, table, record);
        if (batch.params.size() >= BATCH_SIZE) {
          flush(batch);
          batch = null;
        }
      }
      return List.of();
    }
    flushTouching(table.table, sql);
    List<TransferRecord> refused = new ArrayList<>();
    for (int from = 0; from < records.size(); from += BATCH_SIZE) {
      List<? extends TransferRecord> part =
          records.subList(from, Math.min(records.size(), from + BATCH_SIZE));
      Batch batch = new Batch(sql, table.table, table.kind,
          Write.INSERT_UNLESS_NATURAL_KEY_TAKEN, null);
      for (int i = 0; i < part.size(); i++) {
        Object record = part.get(i); // (not cast: see add)
        add(batch, table, record);
      }
      long[] counts = run(batch);
      for (int i = 0; i < part.size(); i++) {
        if (i >= counts.length || counts[i] == 0) {
          refused.add(part.get(i));
        }
      }
    }
    if (!refused.isEmpty()) {
      LOG.debug("{} {} record(s) repeat a natural key of {} and were not inserted",
          refused.size(), table.kind.displayName(), table.table);
    }
    return refused;
  }

  /**
   * Adds a record of {@code table}'s kind to a batch of its inserts. It asks the record nothing
   * itself (its class is checked against the table's, its id is the first parameter): calls on
   * the six record classes in turn, one section after another, would each undo the compiled
   * code of the import's loops.
   */
  private void add(Batch batch, RecordTable<?> table, Object record) {
    if (!table.type.isInstance(record)) {
      TransferRecord r = (TransferRecord) record;
      throw new BackendException("insertAll got a "
          + (r == null ? "null record" : r.kind().displayName() + " ('" + r.id() + "')")
          + " among " + table.kind.displayName() + " records");
    }
    Object[] params = table.insertParams(layout, record, path);
    batch.ids.add((String) params[0]);
    batch.params.add(params);
  }

  @Override
  public void replace(TransferRecord record) {
    ensureActive();
    RecordTable<?> table = writableTable(record);
    String kindName = record.kind().displayName();
    queue(new Batch(table.updateSql(layout), table.table, record.kind(), Write.UPDATE,
            "there is no " + kindName + " with that id to replace"),
        record.id(), table.updateParams(layout, record, path));
  }

  /**
   * Refused: Doclea keeps vectors in its separate vector store ({@code .doclea/vectors.db}), not
   * in this database. Write them through the {@code doclea:} project backend ({@link
   * DocleaProjectBackend}), which writes both files all or nothing.
   *
   * @throws BackendException always
   */
  @Override
  public void storeVector(StoredVector vector) {
    ensureActive();
    throw new BackendException("Cannot store the vector of memory '"
        + (vector == null ? null : vector.memoryId()) + "' in " + path + ": Doclea keeps vectors"
        + " in its vector store (.doclea/vectors.db), not in this database. Import into the"
        + " project instead: --project DIR on the command line, or the backend URI doclea:DIR.");
  }

  /**
   * Flushes the queued writes and commits; then releases the connection, since the transaction
   * is over. On failure the transaction stays open for {@link #rollback()}.
   */
  @Override
  public void commit() {
    ensureActive();
    flushAll();
    TestHooks.halt("rows-written");
    try {
      Connections.exec(connection, "COMMIT");
    } catch (SQLException e) {
      throw Failures.wrap(path, "commit the import into", busyTimeoutMs, e);
    }
    active = false;
    committed = true;
    LOG.debug("Committed {} row writes to {}", rowsWritten, path);
    release(null);
    afterCommit.run();
  }

  /**
   * Discards every write and releases the connection (a caller that rolls back without closing
   * leaks nothing). Allowed after a failed commit; does nothing after a commit or a rollback.
   */
  @Override
  public void rollback() {
    pending.clear();
    if (!active) {
      return; // committed, rolled back or closed already
    }
    active = false;
    BackendException failure = null;
    try {
      Connections.exec(connection, "ROLLBACK");
      LOG.debug("Rolled back the write transaction on {}", path);
    } catch (SQLException e) {
      // After a failed COMMIT SQLite may already have rolled back on its own.
      if (String.valueOf(e.getMessage()).contains("no transaction is active")) {
        LOG.debug("{}: nothing to roll back, SQLite ended the transaction itself", path);
      } else {
        failure = Failures.wrap(path, "roll back the import into", busyTimeoutMs, e);
      }
    }
    release(failure);
  }

  /** Rolls back unless committed, then releases the connection. Closing twice is allowed. */
  @Override
  public void close() {
    if (active) {
      rollback();
    }
    release(null);
  }

  private void release(BackendException earlier) {
    RuntimeException failure = earlier;
    if (!closed) {
      closed = true;
      for (PreparedStatement statement : statements.values()) {
        try {
          statement.close();
        } catch (SQLException e) {
          failure = accumulate(failure, Failures.wrap(path, "close", busyTimeoutMs, e));
        }
      }
      statements.clear();
      try {
        connection.close();
      } catch (SQLException e) {
        failure = accumulate(failure, Failures.wrap(path, "close", busyTimeoutMs, e));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs one statement inside this transaction, after the queued writes; used by the project
   * backend ({@link DocleaProjectBackend}) for its commit marker and for {@code qdrant_id}.
   *
   * @return the rows changed
   */
  long execute(String sql, Object... params) {
    ensureActive();
    flushAll();
    PreparedStatement statement = prepared(sql);
    try {
      bind(statement, params);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw Failures.wrap(path, "write to", busyTimeoutMs, e);
    }
  }

  /** @return the database file */
  Path path() {
    return path;
  }

  // ------------------------------------------------------------------------------ internals

  private RecordTable<?> writableTable(TransferRecord record) {
    if (record == null) {
      throw new BackendException("Cannot write a null record to " + path);
    }
    RecordTable<?> table = RecordTable.of(record.kind());
    if (!layout.hasTable(table.table)) {
      throw new BackendException("Cannot store " + record.kind().displayName() + " '"
          + record.id() + "' in " + path + ": the database (schema version "
          + layout.schemaVersionOrUnknown() + ") has no table " + table.table
          + " (created by Doclea's migration " + table.createdIn + "). Start Doclea's server on"
          + " this database once so that it migrates it, then import again.");
    }
    return table;
  }

  /**
   * Queues one row. First flushes the other statements queued for the same table, so that the
   * table sees its writes in call order.
   */
  private void queue(Batch template, String id, Object[] params) {
    flushTouching(template.table, template.sql);
    Batch batch = pending.computeIfAbsent(template.sql, s -> template);
    batch.ids.add(id);
    batch.params.add(params);
    if (batch.params.size() >= BATCH_SIZE) {
      flush(batch);
    }
  }

  /** Flushes the queued statements other than {@code sql} that write {@code table}. */
  private void flushTouching(String table, String sql) {
    Iterator<Batch> others = pending.values().iterator();
    List<Batch> before = new ArrayList<>();
    while (others.hasNext()) {
      Batch other = others.next();
      if (!other.sql.equals(sql)
          && other.table.equals(table)) {
        before.add(other);
      }
    }
    for (Batch other : before) {
      flush(other);
    }
  }

  private void flushAll() {
    for (Batch batch : new ArrayList<>(pending.values())) {
      flush(batch);
    }
  }

  private void flush(Batch batch) {
    pending.remove(batch.sql);
    if (batch.params.isEmpty()) {
      return;
    }
    long[] counts = run(batch);
    if (batch.unchanged != null) {
      for (int i = 0; i < counts.length && i < batch.ids.size(); i++) {
        if (counts[i] == 0) {
          throw new BackendException("Cannot "
              + (batch.write == Write.UPDATE ? "replace " : "store ") + what(batch, i) + " in "
              + path + ": " + batch.unchanged + ".");
        }
      }
    }
  }

  /**
   * Runs a batch; returns the rows each of its statements changed. A batch whose failing row the
   * connection's change count tells runs as one JDBC batch: a plain INSERT into a table without
   * triggers or conflict clauses, where each row before the failing one changed exactly one row.
   * Any other batch (an insert that skips a row whose natural key is taken, an UPDATE, a table
   * with triggers) runs one row at a time, so that a failure names its row. Either way a failed
   * batch leaves the rows before the failing one written, and the transaction {@link #broken}:
   * only a rollback may follow (the SPI's contract, which this enforces). No savepoint: while one
   * is open SQLite copies each page the batch changes to a statement journal in a temporary file,
   * a write of 4 bytes and one of 4 KB per page (at 100,000 memories, 210,000 of the import's
   * 484,000 {@code pwrite} calls when every batch had one, and 40,000 of 310,000 when the
   * relations' still had; issue 14).
   */
  private long[] run(Batch batch) {
    PreparedStatement statement = prepared(batch.sql);
    if (batch.write != Write.INSERT || !plainTable(batch.table)) {
      return runRowByRow(batch, statement);
    }
    long before;
    try {
      before = totalChanges();
    } catch (SQLException e) {
      throw Failures.wrap(path, "write to", busyTimeoutMs, e);
    }
    long[] counts;
    try {
      counts = execute(statement, batch);
    } catch (SQLException e) {
      broken = true;
      clearQuietly(statement, e);
      long done = -1;
      try {
        done = totalChanges() - before;
      } catch (SQLException countFailure) {
        e.addSuppressed(countFailure);
      }
      if (done < 0 || done >= batch.params.size()) {
        throw Failures.wrap(path, "write to table " + batch.table + " of", busyTimeoutMs, e);
      }
      throw describe(batch, (int) done, e);
    }
    rowsWritten += batch.params.size();
    return counts;
  }

  /** Runs a batch one row at a time; returns the rows each changed. */
  private long[] runRowByRow(Batch batch, PreparedStatement statement) {
    long[] counts = new long[batch.params.size()];
    for (int i = 0; i < counts.length; i++) {
      try {
        bind(statement, batch.params.get(i));
        counts[i] = statement.executeLargeUpdate();
      } catch (SQLException e) {
        broken = true;
        throw describe(batch, i, e);
      }
    }
    rowsWritten += counts.length;
    return counts;
  }

  /** Binds each of the batch's rows and executes them as one JDBC batch. */
  private long[] execute(PreparedStatement statement, Batch batch) throws SQLException {
    for (Object[] params : batch.params) {
      bind(statement, params);
      statement.addBatch();
    }
    return statement.executeLargeBatch();
  }

  /** Drops what is left of a failed JDBC batch; a failure to is added to {@code cause}. */
  private static void clearQuietly(PreparedStatement statement, SQLException cause) {
    try {
      statement.clearBatch();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Rows changed by the connection's completed statements so far. */
  private long totalChanges() throws SQLException {
    return connection.unwrap(org.sqlite.SQLiteConnection.class).getDatabase().total_changes();
  }

  /**
   * Whether an INSERT into {@code table} changes exactly one row when it succeeds and no row when
   * it fails: no trigger on the table (whose changes the count would include) and no conflict
   * clause in its definition (an {@code ON CONFLICT IGNORE} column skips a row without failing).
   * Doclea's tables have neither; a database changed by hand may.
   */
  private boolean plainTable(String table) {
    return plainTables.computeIfAbsent(table, t -> {
      try (PreparedStatement q = connection.prepareStatement("SELECT count(*) FROM sqlite_master"
          + " WHERE lower(tbl_name) = lower(?) AND (type = 'trigger' OR (type = 'table' AND"
          + " upper(sql) LIKE '%ON CONFLICT%'))")) {
        q.setString(1, t);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() && rs.getLong(1) == 0;
        }
      } catch (SQLException e) {
        throw Failures.wrap(path, "read the schema of", busyTimeoutMs, e);
      }
    });
  }

  private static String what(Batch batch, int index) {
    String id = batch.ids.get(index);
    return batch.kind == null ? "the vector of memory '" + id + "'"
        : batch.kind.displayName() + " '" + id + "'";
  }

  private BackendException describe(Batch batch, int index, SQLException e) {
    String what = what(batch, index);
    if (Failures.primaryCode(e) == Failures.SQLITE_CONSTRAINT) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("UNIQUE") && !message.contains(batch.table + ".id")) {
        String clash = uniqueClash(batch, index);
        if (clash != null) {
          return new BackendException("Cannot store " + what + " in " + path + ": " + clash,
              e);
        }
      }
      if (message.contains(batch.table + ".id")) {
        return new BackendException("Cannot insert " + what + " into " + path + ": a "
            + (batch.kind == null ? "row" : batch.kind.displayName()) + " with that id already"
            + " exists in table " + batch.table + ".", e);
      }
      return new BackendException("Cannot store " + what + " in " + path + ": it violates a"
          + " constraint of table " + batch.table + " (" + message + ").", e);
    }
    return Failures.wrap(path, "store " + what + " in", busyTimeoutMs, e);
  }

  /** Names the relation that already holds the unique triple of the failing one. */
  private String uniqueClash(Batch batch, int index) {
    Object[] params = batch.params.get(index);
    String sql;
    String triple;
    Object[] key;
    if (batch.kind == RecordKind.MEMORY_RELATION) {
      sql = "SELECT id FROM memory_relations WHERE source_id = ? AND target_id = ? AND type = ?";
      key = batch.write == Write.UPDATE
          ? new Object[] {params[0], params[1], params[2]}
          : new Object[] {params[1], params[2], params[3]};
      triple = "(source_id '" + key[0] + "', target_id '" + key[1] + "', type '" + key[2] + "')";
    } else if (batch.kind == RecordKind.CROSS_LAYER_RELATION) {
      sql = "SELECT id FROM cross_layer_relations"
          + " WHERE memory_id = ? AND code_node_id = ? AND relation_type = ?";
      key = batch.write == Write.UPDATE
          ? new Object[] {params[0], params[1], params[2]}
          : new Object[] {params[1], params[2], params[3]};
      triple = "(memory_id '" + key[0] + "', code_node_id '" + key[1] + "', relation_type '"
          + key[2] + "')";
    } else {
      return null;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, key);
      try (ResultSet rs = statement.executeQuery()) {
        String other = rs.next() ? rs.getString(1) : "another relation";
        return (batch.kind == RecordKind.MEMORY_RELATION ? "memory relation '" : "cross-layer"
            + " relation '") + other + "' already has " + triple + ", and Doclea's table "
            + batch.table + " allows only one relation per "
            + (batch.kind == RecordKind.MEMORY_RELATION
                ? "(source_id, target_id, type)"
                : "(memory_id, code_node_id, relation_type)")
            + ". Remove one of the two relations from the export file, or delete '" + other
            + "' from the database, then import again.";
      }
    } catch (SQLException e) {
      LOG.debug("Could not look up the relation clashing with {}", batch.ids.get(index), e);
      return null;
    }
  }

  private PreparedStatement prepared(String sql) {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      try {
        statement = connection.prepareStatement(sql);
      } catch (SQLException e) {
        throw Failures.wrap(path, "prepare a statement for", busyTimeoutMs, e);
      }
      statements.put(sql, statement);
    }
    return statement;
  }

  private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object value = params[i];
      int index = i + 1;
      if (value == null) {
        statement.setNull(index, java.sql.Types.NULL);
      } else if (value instanceof String s) {
        statement.setString(index, s);
      } else if (value instanceof Long l) {
        statement.setLong(index, l);
      } else if (value instanceof Integer n) {
        statement.setInt(index, n);
      } else if (value instanceof Double d) {
        statement.setDouble(index, d);
      } else if (value instanceof byte[] bytes) {
        statement.setBytes(index, bytes);
      } else {
        throw new IllegalStateException("unexpected parameter type " + value.getClass());
      }
    }
  }

  private static List<List<String>> chunks(Collection<String> ids) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += LOOKUP_CHUNK) {
      chunks.add(distinct.subList(from, Math.min(distinct.size(), from + LOOKUP_CHUNK)));
    }
    return chunks;
  }

  private static String marks(int count) {
    StringJoiner marks = new StringJoiner(",");
    for (int i = 0; i < count; i++) {
      marks.add("?");
    }
    return marks.toString();
  }

  private static String describe(StoredVector vector) {
    if (vector == null) {
      return "null";
    }
    return "memoryId=" + vector.memoryId() + ", provider=" + vector.provider() + ", model="
        + vector.model() + ", components="
        + (vector.vector() == null ? "null" : String.valueOf(vector.vector().length));
  }

  private void ensureActive() {
    if (!active) {
      throw new BackendException("The write transaction on " + path + " has ended ("
          + (committed ? "committed" : "rolled back") + ").");
    }
    if (broken) {
      throw new BackendException("The write transaction on " + path + " failed part of the way"
          + " through a write and holds some of its rows: it can only be rolled back.");
    }
  }

  private static RuntimeException accumulate(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
