package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.RecordCursor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NoSuchElementException;

/**
 * Streams the rows of one table as records through a server-side cursor (the driver fetches
 * {@code fetchSize} rows per round trip inside the snapshot's transaction); holds one record
 * ahead. Closes its statement when exhausted or closed.
 *
 * @param <T> the record type
 */
final class PgCursor<T extends TransferRecord> implements RecordCursor<T> {
  private final PgTable<T> table;
  private final PreparedStatement statement;
  private final ResultSet rs;
  private final PgTable.Row row;
  private final PgOptions options;
  private T next;
  private boolean closed;

  PgCursor(PgTable<T> table, PreparedStatement statement, ResultSet rs, PgOptions options) {
    this.table = table;
    this.statement = statement;
    this.rs = rs;
    this.options = options;
    this.row = new PgTable.Row(rs, "table " + table.table + " of " + options.describe());
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
      BackendException failure = Failures.wrap(options, "read table " + table.table + " of", e);
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
      throw new NoSuchElementException("no more rows in table " + table.table);
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
      throw Failures.wrap(options, "close a cursor over table " + table.table + " of", e);
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
