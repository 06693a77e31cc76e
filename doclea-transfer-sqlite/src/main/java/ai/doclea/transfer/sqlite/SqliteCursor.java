package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.NoSuchElementException;

/**
 * Streams the rows of one table as records, one row at a time; holds at most one record ahead.
 * Closes its result set, and its statement unless the caller keeps that, when exhausted or closed.
 * In UTF-8 mode the table's large text columns come as SQLite's bytes ({@link
 * Utf8RecordCursor}); otherwise {@link #utf8} is always null.
 *
 * @param <T> the record type
 */
final class SqliteCursor<T extends TransferRecord> implements Utf8RecordCursor<T> {
  private final RecordTable<T> table;
  private final PreparedStatement statement;
  private final ResultSet rs;
  private final RecordTable.Row row;
  private final Path path;
  private final int busyTimeoutMs;
  private T next;
  private byte[][] nextUtf8;
  private byte[][] currentUtf8;
  private boolean closed;

  SqliteCursor(RecordTable<T> table, PreparedStatement statement, ResultSet rs, Path path,
      int busyTimeoutMs) {
    this(table, statement, rs, path, busyTimeoutMs, false, null);
  }

  /**
   * A cursor over a statement's result set.
   *
   * @param statement the statement, which the cursor closes with the result set; null when the
   *     caller keeps it (to run it again) and closes it itself
   * @param rs the statement's result set, or null for a cursor over nothing
   * @param utf8 whether the large text columns come as SQLite's bytes
   * @param changes where the reads record the values they write otherwise than stored, or
   *     null
   */
  SqliteCursor(RecordTable<T> table, PreparedStatement statement, ResultSet rs, Path path,
      int busyTimeoutMs, boolean utf8, ValueChanges changes) {
    this.table = table;
    this.statement = statement;
    this.rs = rs;
    this.row = rs == null ? null : new RecordTable.Row(rs, table.table, path,
        utf8 ? table.utf8Fields.values() : null).reportingTo(changes);
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
      row.startRow();
      next = table.read(row);
      nextUtf8 = row.utf8();
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
    currentUtf8 = nextUtf8;
    nextUtf8 = null;
    return result;
  }

  @Override
  public byte[] utf8(String field) {
    if (currentUtf8 == null) {
      return null;
    }
    Integer column = table.utf8Fields.get(field);
    return column == null ? null : currentUtf8[column];
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
    closeAll(table.table, path, busyTimeoutMs, rs, statement);
  }

  /**
   * Closes a cursor's result set and statements, in order (shared with {@link SqliteJsonCursor}):
   * each one even when closing an earlier one failed, so that none is left open. Nulls are
   * skipped. The first failure is thrown, a {@link SQLException} wrapped, with the later ones
   * suppressed in it.
   */
  static void closeAll(String table, Path path, int busyTimeoutMs, AutoCloseable... resources) {
    Exception failure = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof SQLException e) {
      throw Failures.wrap(path, "close a cursor over table " + table + " of", busyTimeoutMs, e);
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure != null) {
      throw new IllegalStateException("cannot close a cursor over table " + table + " of "
          + path, failure);
    }
  }

  /** Closes {@code cursor} after {@code failure}, adding a failure to close to it. */
  static void closeAfter(AutoCloseable cursor, Throwable failure) {
    try {
      cursor.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  private void closeAfter(Throwable failure) {
    closeAfter(this, failure);
  }
}
