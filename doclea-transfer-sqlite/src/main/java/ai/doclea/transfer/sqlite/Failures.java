package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Turns SQLite's failures into {@link BackendException}s that name the database. */
final class Failures {
  static final int SQLITE_BUSY = 5;
  static final int SQLITE_LOCKED = 6;
  static final int SQLITE_READONLY = 8;
  static final int SQLITE_CORRUPT = 11;
  static final int SQLITE_CANTOPEN = 14;
  static final int SQLITE_CONSTRAINT = 19;
  static final int SQLITE_NOTADB = 26;

  private Failures() {}

  /**
   * SQLite's primary result code of a failure.
   *
   * @param e the failure
   * @return the code, for example 5 for SQLITE_BUSY
   */
  static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException se && se.getResultCode() != null) {
      return se.getResultCode().code & 0xff;
    }
    return e.getErrorCode() & 0xff;
  }

  /**
   * Wraps a failure.
   *
   * @param path the database
   * @param action what was being done, for example "open a read snapshot of"
   * @param busyTimeoutMs the busy timeout in force, for the locked message
   * @param e the failure
   * @return the exception to throw
   */
  static BackendException wrap(Path path, String action, int busyTimeoutMs, SQLException e) {
    if (e instanceof SQLiteException se
        && se.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_READONLY_ROLLBACK) {
      return new BackendException("Cannot " + action + " " + path + ": it has a hot journal ("
          + path.getFileName() + "-journal), left by a write that was interrupted, and a"
          + " read-only open cannot roll it back. Open the database for writing once (an import"
          + " into it does, or: sqlite3 " + path + " 'PRAGMA schema_version'), then try again ("
          + e.getMessage() + ")", e);
    }
    String message = switch (primaryCode(e)) {
      case SQLITE_BUSY, SQLITE_LOCKED -> "Cannot " + action + " " + path
          + ": the database is locked by another connection (this backend waits up to "
          + busyTimeoutMs + " ms for a lock, where SQLite can wait at all; raise the option"
          + " busyTimeoutMs, or stop the process that is writing to it)";
      case SQLITE_NOTADB -> "Cannot " + action + " " + path
          + ": the file is not an SQLite database";
      case SQLITE_CORRUPT -> "Cannot " + action + " " + path + ": the database file is corrupt";
      case SQLITE_READONLY -> "Cannot " + action + " " + path
          + ": the database cannot be written (read-only file or directory)";
      case SQLITE_CANTOPEN -> "Cannot " + action + " " + path
          + ": the database file cannot be opened";
      default -> "Cannot " + action + " " + path;
    };
    return new BackendException(message + " (" + e.getMessage() + ")", e);
  }
}
