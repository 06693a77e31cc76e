package ai.doclea.transfer.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Opens sqlite-jdbc connections the way this adapter needs them. */
final class Connections {
  private Connections() {}

  /** How a connection opens the file. */
  enum Mode {
    /** Read only; never creates, never writes (exports, {@code info()}). */
    READ_ONLY,
    /** Read and write an existing file; never creates it. */
    READ_WRITE,
    /** Read and write, creating the file if it is missing (only for laying out a new one). */
    CREATE
  }

  /**
   * Opens a connection. Foreign keys are left off, as Doclea's own connection runs; the journal
   * mode is left as the file has it.
   *
   * @param path the database file, absolute
   * @param mode how to open it
   * @param busyTimeoutMs the busy timeout
   * @return the connection, in JDBC auto-commit mode (transactions are begun with SQL)
   * @throws SQLException when it cannot be opened
   */
  static Connection open(Path path, Mode mode, int busyTimeoutMs) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(busyTimeoutMs);
    config.enforceForeignKeys(false);
    // Nothing here reads generated keys; with them on, sqlite-jdbc runs a query of its own after
    // every INSERT executed alone (a relation batch runs one row at a time).
    config.setGetGeneratedKeys(false);
    switch (mode) {
      case READ_ONLY -> config.setReadOnly(true);
      case READ_WRITE -> {
        config.setReadOnly(false);
        config.resetOpenMode(SQLiteOpenMode.CREATE);
      }
      case CREATE -> config.setReadOnly(false);
      default -> throw new IllegalStateException(mode.toString());
    }
    if (mode == Mode.READ_ONLY && cannotCreateSharedMemoryFile(path)) {
      // Read-only media or directory: SQLite cannot create the -shm file that a WAL database
      // needs, even to read. With no write-ahead log to read, the file alone holds every
      // committed transaction, and no writer can be at work (it would need those files too), so
      // the database can be opened as immutable.
      return config.createConnection("jdbc:sqlite:file:" + path.toUri().getRawPath()
          + "?immutable=1");
    }
    return config.createConnection("jdbc:sqlite:" + path);
  }

  /**
   * The name to {@code ATTACH} a database under, read-only as the attaching connection: its path,
   * or an {@code immutable} URI where SQLite could not create its {@code -shm} file (see {@link
   * #open}).
   *
   * @throws SQLException as {@link #open} for a read-only directory with a non-empty log
   */
  static String attachName(Path path) throws SQLException {
    if (cannotCreateSharedMemoryFile(path)) {
      return "file:" + path.toUri().getRawPath() + "?immutable=1";
    }
    return path.toString();
  }

  /**
   * Whether the database's directory cannot be written and it has no {@code -shm} file, so that
   * SQLite could not open it in WAL mode.
   *
   * @throws SQLException when it also has a non-empty {@code -wal} file: then committed changes
   *     live in the log, which cannot be read without the {@code -shm} index
   */
  private static boolean cannotCreateSharedMemoryFile(Path path) throws SQLException {
    Path dir = path.getParent();
    if (dir == null || Files.isWritable(dir) || Files.exists(Path.of(path + "-shm"))) {
      return false;
    }
    Path wal = Path.of(path + "-wal");
    try {
      if (Files.exists(wal) && Files.size(wal) > 0) {
        throw new SQLException("the directory " + dir + " is read-only and " + wal + " holds"
            + " committed changes that are not yet in the database file; SQLite needs to create"
            + " " + path.getFileName() + "-shm beside it to read them. Copy the directory to a"
            + " writable place, or open the database once where its directory is writable, and"
            + " export again.");
      }
    } catch (IOException e) {
      throw new SQLException("cannot read " + wal + ": " + e.getMessage(), e);
    }
    return true;
  }

  /**
   * Runs one SQL statement without results.
   *
   * @param connection the connection
   * @param sql the statement
   * @throws SQLException when it fails
   */
  static void exec(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Closes a connection after a failure, keeping the close failure as suppressed.
   *
   * @param connection the connection, may be null
   * @param failure the failure being thrown
   */
  static void closeQuietly(Connection connection, Throwable failure) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
