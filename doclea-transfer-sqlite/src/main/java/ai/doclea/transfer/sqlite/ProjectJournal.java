package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The redo journal that makes a project import all or nothing across {@code local.db} and {@code
 * vectors.db} (see docs/projects.md). While the import's transaction on {@code local.db} is
 * open, every change to the vector store is written here instead ({@code ops}: delete a memory's
 * vector rows, optionally followed by its new row). At commit the journal is sealed first (its
 * {@code meta} row with the import's id, committed and fsynced), then {@code local.db} commits
 * with a marker row holding the same id in {@code _doclea_meta}, then the journal is applied to
 * {@code vectors.db} in one transaction, then the marker and the journal are removed. Applying is
 * idempotent, so the next run of any command finishes an interrupted import when the marker is
 * present, and throws the journal away when it is not (the import never committed).
 */
final class ProjectJournal implements AutoCloseable {
  static final String FILE_NAME = "doclea-transfer-journal.db";
  static final String MARKER_KEY = "doclea_transfer_pending_import";

  private final Path file;
  private final Connection connection;
  private PreparedStatement insert;
  private long ops;

  private ProjectJournal(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Creates a new, empty journal and begins its transaction. */
  static ProjectJournal create(Path file, int busyTimeoutMs) {
    if (Files.exists(file)) {
      throw new BackendException("Cannot start an import: the journal " + file + " of an"
          + " earlier import is still there; run any doclea-transfer command on the project"
          + " (for example status) to finish or discard it first");
    }
    Connection c = null;
    try {
      c = Connections.open(file, Connections.Mode.CREATE, busyTimeoutMs);
      Connections.exec(c, "PRAGMA journal_mode = DELETE");
      Connections.exec(c, "PRAGMA synchronous = FULL");
      Connections.exec(c, "BEGIN IMMEDIATE");
      Connections.exec(c, "CREATE TABLE meta (import_id TEXT NOT NULL, vectors_db TEXT NOT NULL,"
          + " created_at INTEGER NOT NULL)");
      Connections.exec(c, "CREATE TABLE ops (seq INTEGER PRIMARY KEY, memory_id TEXT NOT NULL,"
          + " id TEXT, embedding BLOB, type TEXT, title TEXT, tags TEXT, related_files TEXT,"
          + " importance REAL, payload TEXT)");
      return new ProjectJournal(file, c);
    } catch (SQLException e) {
      BackendException failure = Failures.wrap(file, "create the import journal", busyTimeoutMs,
          e);
      Connections.closeQuietly(c, failure);
      deleteFiles(file, failure);
      throw failure;
    }
  }

  /** Records that a memory's vector rows go (the memory was replaced). */
  void deleteVectorsOf(String memoryId) throws SQLException {
    add(memoryId, null, null, null, null, null, null, 0, null);
  }

  /** Records a memory's new vector row (after deleting its old ones). */
  void put(String memoryId, String id, byte[] embedding, String type, String title, String tags,
      String relatedFiles, double importance, String payload) throws SQLException {
    add(memoryId, id, embedding, type, title, tags, relatedFiles, importance, payload);
  }

  private void add(String memoryId, String id, byte[] embedding, String type, String title,
      String tags, String relatedFiles, double importance, String payload) throws SQLException {
    if (insert == null) {
      insert = connection.prepareStatement("INSERT INTO ops (memory_id, id, embedding, type,"
          + " title, tags, related_files, importance, payload) VALUES (?,?,?,?,?,?,?,?,?)");
    }
    insert.setString(1, memoryId);
    insert.setString(2, id);
    insert.setBytes(3, embedding);
    insert.setString(4, type);
    insert.setString(5, title);
    insert.setString(6, tags);
    insert.setString(7, relatedFiles);
    insert.setDouble(8, importance);
    insert.setString(9, payload);
    insert.executeUpdate();
    ops++;
  }

  long ops() {
    return ops;
  }

  /** Commits the journal with its meta row, durably (file and directory fsynced). */
  void seal(String importId, Path vectorsDb) throws SQLException, IOException {
    try (PreparedStatement s = connection.prepareStatement(
        "INSERT INTO meta (import_id, vectors_db, created_at) VALUES (?, ?, ?)")) {
      s.setString(1, importId);
      s.setString(2, vectorsDb.toString());
      s.setLong(3, System.currentTimeMillis() / 1000L);
      s.executeUpdate();
    }
    Connections.exec(connection, "COMMIT");
    syncDirectory(file.getParent());
  }

  @Override
  public void close() {
    try {
      if (insert != null) {
        insert.close();
      }
      connection.close();
    } catch (SQLException e) {
      throw Failures.wrap(file, "close the import journal", 0, e);
    }
  }

  /** The import id of a sealed journal, or null when it was never sealed. */
  static String sealedImportId(Connection journal) throws SQLException {
    if (!LibSqlVectors.hasTable(journal, "meta")) {
      return null;
    }
    try (PreparedStatement s = journal.prepareStatement("SELECT import_id FROM meta");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Applies a sealed journal's operations to an open write transaction on the vector database.
   *
   * @return the number of vector rows written
   */
  static long apply(Connection journal, Connection vectors) throws SQLException {
    long written = 0;
    try (PreparedStatement read = journal.prepareStatement("SELECT memory_id, id, embedding,"
            + " type, title, tags, related_files, importance, payload FROM ops ORDER BY seq");
        PreparedStatement delete = vectors.prepareStatement(LibSqlVectors.DELETE_MEMORY);
        PreparedStatement insert = vectors.prepareStatement(LibSqlVectors.INSERT);
        ResultSet rs = read.executeQuery()) {
      while (rs.next()) {
        delete.setString(1, rs.getString(1));
        delete.executeUpdate();
        String id = rs.getString(2);
        if (id == null) {
          continue;
        }
        insert.setString(1, id);
        insert.setString(2, rs.getString(1));
        insert.setBytes(3, rs.getBytes(3));
        insert.setString(4, rs.getString(4));
        insert.setString(5, rs.getString(5));
        insert.setString(6, rs.getString(6));
        insert.setString(7, rs.getString(7));
        insert.setDouble(8, rs.getDouble(8));
        insert.setString(9, rs.getString(9));
        insert.executeUpdate();
        written++;
      }
    }
    return written;
  }

  /** Deletes a journal and SQLite's side files; failures are added to {@code failure}. */
  static void deleteFiles(Path file, Throwable failure) {
    for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
      try {
        Files.deleteIfExists(Path.of(file + suffix));
      } catch (IOException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          throw new BackendException("Cannot delete the import journal " + file + suffix + ": "
              + e.getMessage(), e);
        }
      }
    }
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the file itself was synced by SQLite.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }
}
