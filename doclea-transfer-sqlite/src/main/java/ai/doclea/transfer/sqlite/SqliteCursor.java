package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.RecordCursor;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NoSuchElementException;

/**
 * Streams the rows of one table as records, one row at a time; holds at most one record ahead.
 * Closes its statement when exhausted or closed.
 *
 * @param <T> the record type
 */
final class SqliteCursor<T extends TransferRecord> implements RecordCursor<T> {
  private final RecordTable<T> table;
  private final PreparedStatement statement;
  private final ResultSet rs;
  private final RecordTable.Row row;
  private final Path path;
  private final int busyTimeoutMs;
  private T next;
  private boolean closed;

  SqliteCursor(RecordTable<T> table, PreparedStatement statement, ResultSet rs, Path path,
      int busyTimeoutMs) {
    this.table = table;
    this.statement = statement;
    this.rs = rs;
    this.row = rs == null ? null : new RecordTable.Row(rs, table.table, path);
    this.path = path;
    this.busyTimeoutMs = busyTimeoutMs;
    this.closed = rs == null;
  }

  /**
   * A cursor over nothing, for a table the database does not have.
   *
   * @param <T> the record type
   * @return the cursor
   */
  static <T extends TransferRecord> SqliteCursor<T> empty() {
    return new SqliteCursor<>(null, null, null, null, 0);
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (closed) {
      return false;
    }
    try {
      if (!rs.next()) {
        close();
        return false;
      }
      next = table.read(row);
      return true;
    } catch (SQLException e) {
      BackendException failure =
          Failures.wrap(path, "read table " + table.table + " of", busyTimeoutMs, e);
      closeAfter(failure);
      throw failure;
    } catch (RuntimeException e) {
      closeAfter(e);
      throw e;
    }
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in table "
          + (table == null ? "(none)" : table.table));
    }
    T result = next;
    next = null;
    return result;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rs.close();
      statement.close();
    } catch (SQLException e) {
      throw Failures.wrap(path, "close a cursor over table " + table.table + " of",
          busyTimeoutMs, e);
    }
  }

  private void closeAfter(Throwable failure) {
    try {
      close();
    } catch (BackendException e) {
      failure.addSuppressed(e);
    }
  }
}
