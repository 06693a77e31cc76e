package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.JsonRowCursor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams a table's rows as SQLite renders them ({@link JsonRowSql}): one {@code getBytes} per row
 * instead of one call per column. A row SQLite did not render, or the caller did not accept, is
 * read again by its rowid through the ordinary cursor ({@link SqliteCursor}, UTF-8 mode), in the
 * same read transaction, with one statement prepared on the first such row and run again for each
 * later one. Closes its statements when exhausted or closed.
 *
 * @param <T> the record type
 */
final class SqliteJsonCursor<T extends TransferRecord> implements JsonRowCursor<T> {
  private final RecordTable<T> table;
  private final Connection connection;
  private final Layout layout;
  private final PreparedStatement statement;
  private final ResultSet rs;
  private final JsonRowSql.Select select;
  private final int[] realColumns;
  private final int[] textColumns;
  private final Path path;
  private final int busyTimeoutMs;
  /** The read of one row by its rowid, prepared on the first row read as a record, or null. */
  private PreparedStatement byRowid;
  /** Reads each row's JSON where SQLite holds it, or null: then {@code getBytes}. */
  private final InPlaceText inPlace;
  private byte[] json;
  private int jsonLength;
  private SqliteCursor<T> lastRecord;
  private boolean closed;
  /** Where the rows read as records record the values they change. */
  private final ValueChanges changes;

  SqliteJsonCursor(RecordTable<T> table, Connection connection, Layout layout,
      PreparedStatement statement, ResultSet rs, JsonRowSql.Select select, Path path,
      int busyTimeoutMs, boolean inPlaceReads, ValueChanges changes) throws SQLException {
    this.changes = changes;
    this.select = select;
    this.realColumns = select.realColumns();
    this.textColumns = select.textColumns();
    this.table = table;
    this.connection = connection;
    this.layout = layout;
    this.statement = statement;
    this.rs = rs;
    this.path = path;
    this.busyTimeoutMs = busyTimeoutMs;
    this.inPlace = inPlaceReads ? InPlaceText.of(statement) : null;
  }

  @Override
  public boolean advance() {
    if (closed) {
      return false;
    }
    json = null;
    lastRecord = null;
    try {
      if (!rs.next()) {
        close();
        return false;
      }
      if (inPlace != null) {
        jsonLength = inPlace.copy(1);
        json = jsonLength < 0 ? null : inPlace.bytes();
      } else {
        json = rs.getBytes(1);
        jsonLength = json == null ? 0 : json.length;
      }
      return true;
    } catch (SQLException e) {
      BackendException failure =
          Failures.wrap(path, "read table " + table.table + " of", busyTimeoutMs, e);
      SqliteCursor.closeAfter(this, failure);
      throw failure;
    }
  }

  @Override
  public byte[] json() {
    return json;
  }

  /** {@inheritDoc} The array is reused from row to row: its first {@link #jsonLength} bytes. */
  @Override
  public int jsonLength() {
    return json == null ? 0 : jsonLength;
  }

  @Override
  public double real(int field) {
    if (field < 0 || field >= realColumns.length || realColumns[field] == 0) {
      throw new IllegalArgumentException("field " + field + " of table " + table.table
          + " is not a real number");
    }
    try {
      return rs.getDouble(realColumns[field]);
    } catch (SQLException e) {
      throw Failures.wrap(path, "read table " + table.table + " of", busyTimeoutMs, e);
    }
  }

  @Override
  public byte[] jsonText(int field) {
    if (field < 0 || field >= textColumns.length || textColumns[field] == 0) {
      throw new IllegalArgumentException("field " + field + " of table " + table.table
          + " is not a JSON text");
    }
    try {
      return rs.getBytes(textColumns[field]);
    } catch (SQLException e) {
      throw Failures.wrap(path, "read table " + table.table + " of", busyTimeoutMs, e);
    }
  }

  @Override
  public T record() {
    if (closed) {
      throw new IllegalStateException("the cursor over table " + table.table + " is closed");
    }
    try {
      long rowid = rs.getLong(2);
      if (byRowid == null) {
        byRowid = connection.prepareStatement("SELECT " + table.selectList(layout) + " FROM "
            + table.table + " WHERE rowid = ?");
      }
      byRowid.setLong(1, rowid);
      // The cursor closes the result set; byRowid stays open for the next row, closed by close().
      try (SqliteCursor<T> c = new SqliteCursor<>(table, null, byRowid.executeQuery(), path,
          busyTimeoutMs, true, changes)) {
        if (!c.hasNext()) {
          throw new BackendException("Row " + rowid + " of table " + table.table + " in " + path
              + " vanished while it was read");
        }
        T record = c.next();
        lastRecord = c;
        return record;
      }
    } catch (SQLException e) {
      throw Failures.wrap(path, "read table " + table.table + " of", busyTimeoutMs, e);
    }
  }

  @Override
  public byte[] utf8(String field) {
    return lastRecord == null ? null : lastRecord.utf8(field);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    SqliteCursor.closeAll(table.table, path, busyTimeoutMs, rs, statement, byRowid);
  }

  /** Whether rows are read where SQLite holds them ({@link InPlaceText}; for tests). */
  boolean readsInPlace() {
    return inPlace != null;
  }

  /** The statement this cursor runs (for tests). */
  JsonRowSql.Select select() {
    return select;
  }

  boolean isClosed() {
    return closed;
  }
}
