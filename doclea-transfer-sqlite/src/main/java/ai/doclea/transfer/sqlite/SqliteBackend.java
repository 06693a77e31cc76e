package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.IoFailures;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.WriteTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StorageBackend} on the SQLite database that Doclea's server keeps ({@code
 * .doclea/local.db}), in Doclea's own table layout, at any schema version from "001" to "012".
 *
 * <p>Every snapshot and every transaction has a connection of its own, so the backend is safe for
 * concurrent snapshots and one transaction at a time (a second {@link #beginTransaction()} waits
 * up to the busy timeout, then fails). A snapshot is one read transaction on a read-only
 * connection: it never changes the file, and in WAL mode it sees a consistent state while other
 * connections write. A transaction is one {@code BEGIN IMMEDIATE} write transaction with batched
 * prepared statements; it touches only Doclea's six record tables. Vectors live in Doclea's
 * separate vector store; the {@code doclea:} project backend ({@link DocleaProjectBackend}) writes
 * both.
 *
 * <p>Columns that a database at an older schema lacks ({@code access_count} before 007, {@code
 * needs_review} before 010, the four decay columns before 011) read as Doclea's defaults. Writing
 * a record into such a database fails with a {@link BackendException} if the record carries a
 * value the database cannot hold (for example an access count above 0 at schema 006): nothing is
 * dropped silently, and the database is never migrated by this adapter.
 *
 * <p>Foreign keys are not enforced, exactly as Doclea's server runs its connection, so that
 * cross-layer relations keep their {@code code_node_id} although the code graph is not part of an
 * export; a re-scan by Doclea fills the graph.
 *
 * @since 0.1.0
 */
public final class SqliteBackend implements StorageBackend {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteBackend.class);
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final Path path;
  private Connection anchor;
  private final SqliteOptions options;
  private volatile boolean closed;
  /**
   * This backend laid out the file (new, or empty with create=true) and left it in SQLite's
   * rollback journal mode until its first import commits ({@link #switchToWal}); then, or after a
   * later commit, or at close, it takes Doclea's WAL mode.
   */
  private volatile boolean walPending;

  private SqliteBackend(Path path, SqliteOptions options) {
    this.path = path;
    this.options = options;
  }

  /**
   * Opens a Doclea database.
   *
   * @param path the database file; relative paths are resolved against the working directory
   * @param options {@code storageMode}, {@code busyTimeoutMs}, {@code readOnly}, {@code create},
   *     {@code mmap} (see {@link SqliteStorageProvider}); null means none
   * @return the backend; close it when done
   * @throws ConfigurationException when an option is unknown or invalid
   * @throws BackendException when the file is missing (and {@code create} is not set), is not an
   *     SQLite database, lacks Doclea's tables, or is locked
   */
  public static SqliteBackend open(Path path, Map<String, String> options) {
    if (path == null) {
      throw new ConfigurationException("The sqlite: backend needs a database path");
    }
    return open(path, SqliteOptions.parse(options));
  }

  static SqliteBackend open(Path path, SqliteOptions options) {
    Path absolute = path.toAbsolutePath().normalize();
    if (absolute.toString().indexOf('?') >= 0) {
      throw new ConfigurationException("The sqlite: backend cannot open '" + absolute
          + "': the SQLite driver reads '?' in a path as the start of URL parameters. Rename"
          + " the file or its directory.");
    }
    SqliteBackend backend = new SqliteBackend(absolute, options);
    // Looked at before anything opens the file: opening a WAL database creates them.
    boolean walFilesFound = backend.exists("-wal") || backend.exists("-shm")
        || backend.exists("-journal");
    backend.prepare();
    backend.anchor(walFilesFound);
    return backend;
  }

  /**
   * The database file.
   *
   * @return the absolute path
   */
  public Path path() {
    return path;
  }

  private void prepare() {
    if (Files.isDirectory(path)) {
      throw new BackendException("Cannot open " + path + " as a Doclea database: it is a"
          + " directory. Give the path of the database file, for example .doclea/local.db.");
    }
    if (!Files.exists(path)) {
      if (options.create()) {
        createNew();
        return;
      }
      throw new BackendException("No database at " + path + ": the file does not exist."
          + " Check the path (Doclea keeps its database in .doclea/local.db), or set the"
          + " option create=true to create a new, empty Doclea database there.");
    }
    checkHeader();
    Layout layout;
    Connection connection = null;
    try {
      // A writable backend opens read-write when a journal lies beside the file, so that SQLite
      // rolls back a write that was interrupted (a hot journal), which a read-only open cannot.
      boolean rollBack = !options.readOnly() && exists("-journal");
      connection = Connections.open(path, rollBack ? Connections.Mode.READ_WRITE
          : Connections.Mode.READ_ONLY, options.busyTimeoutMs());
      layout = Layout.detect(connection);
      connection.close();
    } catch (SQLException e) {
      BackendException failure = Failures.wrap(path, "open", options.busyTimeoutMs(), e);
      Connections.closeQuietly(connection, failure);
      throw failure;
    }
    if (layout.isEmpty() && options.create()) {
      layOut(false);
      return;
    }
    validate(layout);
    String version = layout.schemaVersion();
    if (DocleaSchema.isNewerThanLatest(version)) {
      // An export says so in its result's warnings (SqliteSnapshot.notes); a write says it here.
      String note = "{} is at Doclea schema version {}, newer than the {} this adapter knows; it"
          + " reads and writes only the columns it knows";
      if (options.readOnly()) {
        LOG.debug(note, path, version, DocleaSchema.LATEST_VERSION);
      } else {
        LOG.warn(note, path, version, DocleaSchema.LATEST_VERSION);
      }
    }
    LOG.debug("Opened Doclea database {} at schema version {}", path,
        layout.schemaVersionOrUnknown());
  }

  private void checkHeader() {
    byte[] header = new byte[SQLITE_MAGIC.length];
    int read;
    try (InputStream in = Files.newInputStream(path)) {
      read = in.readNBytes(header, 0, header.length);
    } catch (IOException e) {
      throw new BackendException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    if (read == 0) {
      return; // an empty file is an empty SQLite database
    }
    if (read < header.length || !Arrays.equals(header, SQLITE_MAGIC)) {
      throw new BackendException("Cannot open " + path + " as a Doclea database: the file is"
          + " not an SQLite database (its first bytes are not \"SQLite format 3\").");
    }
  }

  private void validate(Layout layout) {
    List<String> missing = new ArrayList<>();
    for (String table : Layout.CORE_TABLES) {
      if (!layout.hasTable(table)) {
        missing.add(table);
      }
    }
    if (!missing.isEmpty()) {
      throw new BackendException("Cannot open " + path + " as a Doclea database: it lacks"
          + " Doclea's table" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
          + (layout.isEmpty()
              ? " (the database is empty; set the option create=true to lay out Doclea's tables"
                  + " in it)"
              : " (its tables: " + String.join(", ", layout.tables()) + ")")
          + ".");
    }
    for (var kind : ai.doclea.transfer.api.RecordKind.values()) {
      RecordTable<?> table = RecordTable.of(kind);
      if (!layout.hasTable(table.table)) {
        continue;
      }
      for (RecordTable.Column column : table.columns) {
        if (column.addedIn() == null && !layout.hasColumn(table.table, column.name())) {
          throw new BackendException("Cannot open " + path + " as a Doclea database: its table "
              + table.table + " lacks the column " + column.name() + ", which every version of"
              + " Doclea's schema has.");
        }
      }
    }
  }

  /**
   * Creates the file exclusively (owner read/write only), so that this backend knows it made it,
   * and lays out Doclea's tables. When another process creates the file first, it is opened as an
   * existing database instead.
   */
  private void createNew() {
    try {
      Path parent = path.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new BackendException("Cannot create the directory of " + path + ": "
          + IoFailures.describe(e), e);
    }
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(path);
      }
    } catch (FileAlreadyExistsException e) {
      LOG.debug("{} was created by another process meanwhile; opening it", path);
      prepare();
      return;
    } catch (IOException e) {
      throw new BackendException("Cannot create the database file " + path + ": "
          + IoFailures.describe(e), e);
    }
    layOut(true);
  }

  /** Lays out Doclea's schema in a new or empty database, in one transaction. */
  private void layOut(boolean newFile) {
    Connection connection = null;
    try {
      connection = Connections.open(path,
          newFile ? Connections.Mode.CREATE : Connections.Mode.READ_WRITE,
          options.busyTimeoutMs());
      // A file laid out here stays in the rollback journal mode until the first import into it
      // commits: a large import writes its pages once, where in WAL mode it writes them to the
      // WAL and then again into the file at the checkpoint (100,000 memories: 7.1 s against 8.7
      // s). Rolling back works the same (the journal keeps the few pages that existed; SQLite
      // truncates the new ones away), and so does a crash (a hot journal).
      // The write lock is taken before looking (BEGIN IMMEDIATE waits, with the busy timeout,
      // for another backend laying out the same empty file) and the mode is not changed before
      // it: PRAGMA journal_mode = WAL on a file another connection is writing fails at once
      // with SQLITE_BUSY, without waiting (two imports into the same new database, issue 14).
      Connections.exec(connection, "BEGIN IMMEDIATE");
      try {
        Layout found = Layout.detect(connection);
        if (!found.isEmpty()) {
          // Another process laid out the empty file first: use its tables, delete nothing.
          Connections.exec(connection, "ROLLBACK");
          connection.close();
          validate(found);
          LOG.debug("{} was laid out by another process meanwhile", path);
          return;
        }
        DocleaSchema.createLayout(connection, System.currentTimeMillis() / 1000L);
        Connections.exec(connection, "COMMIT");
        walPending = true;
      } catch (SQLException | RuntimeException e) {
        try {
          Connections.exec(connection, "ROLLBACK");
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
      connection.close();
      LOG.debug("Created Doclea database {} at schema version {}", path,
          DocleaSchema.LATEST_VERSION);
    } catch (SQLException e) {
      BackendException failure =
          Failures.wrap(path, "create a Doclea database at", options.busyTimeoutMs(), e);
      Connections.closeQuietly(connection, failure);
      if (newFile) {
        deleteCreated(failure);
      }
      throw failure;
    } catch (RuntimeException e) {
      Connections.closeQuietly(connection, e);
      if (newFile) {
        deleteCreated(e);
      }
      throw e;
    }
  }

  /**
   * After a failed layout of a file this backend created: deletes it while it is still empty (a
   * file that another process has written to meanwhile is left alone).
   */
  private void deleteCreated(Throwable failure) {
    try {
      if (Files.size(path) != 0 || Files.exists(Path.of(path + "-wal"))) {
        return;
      }
    } catch (IOException e) {
      failure.addSuppressed(e);
      return;
    }
    for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
      try {
        Files.deleteIfExists(Path.of(path + suffix));
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The database file and its {@code -wal}, {@code -shm} and {@code -journal} files.
   */
  @Override
  public List<Path> files() {
    return List.of(path, Path.of(path + "-wal"), Path.of(path + "-shm"),
        Path.of(path + "-journal"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Backend type {@code "sqlite"}, the {@code storageMode} option and {@code
   * _doclea_meta.schema_version} (or {@code "unknown"}); no embedding provider or model, since
   * the database holds no vectors (the {@code doclea:} project backend reports the project's).
   *
   * @throws BackendException when the database cannot be read
   */
  @Override
  public BackendInfo info() {
    ensureOpen();
    Connection connection = null;
    try {
      connection = Connections.open(path, Connections.Mode.READ_ONLY, options.busyTimeoutMs());
      Layout layout = Layout.detect(connection);
      connection.close();
      return new BackendInfo("sqlite", options.storageMode(), layout.schemaVersionOrUnknown(),
          null, null);
    } catch (SQLException e) {
      BackendException failure = Failures.wrap(path, "read", options.busyTimeoutMs(), e);
      Connections.closeQuietly(connection, failure);
      throw failure;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The snapshot is one read transaction on a read-only connection of its own.
   */
  @Override
  public ReadSnapshot openSnapshot() {
    return openSnapshot(null);
  }

  /**
   * Opens a snapshot that also reads a Doclea vector store, attached as schema {@code v} to the
   * snapshot's connection, so that one read transaction covers both files: the records database
   * is read first, then the vector store, right after {@code BEGIN}.
   *
   * @param vectors the vector database, or null (or a missing file) for none
   */
  SqliteSnapshot openSnapshot(Path vectors) {
    ensureOpen();
    Connection connection = null;
    Sibling sibling = null;
    try {
      connection = Connections.open(path, Connections.Mode.READ_ONLY, options.busyTimeoutMs());
      if (options.mmap()) {
        Connections.exec(connection, "PRAGMA mmap_size = " + SqliteOptions.MMAP_BYTES);
      }
      boolean attached = vectors != null && Files.exists(vectors);
      if (attached) {
        try (java.sql.PreparedStatement s = connection.prepareStatement(
            "ATTACH DATABASE ? AS v")) {
          s.setString(1, Connections.attachName(vectors));
          s.execute();
        }
      }
      sibling = Sibling.probe(this);
      Connections.exec(connection, "BEGIN DEFERRED");
      // Reading the schema starts the read transaction: from here on the snapshot is fixed.
      Layout layout = Layout.detect(connection);
      validate(layout);
      if (attached) {
        // The first read of the attached file fixes its snapshot too.
        Connections.exec(connection, "SELECT count(*) FROM v.sqlite_master");
      }
      Connection second = sibling == null ? null : sibling.confirm();
      sibling = null;
      return new SqliteSnapshot(connection, layout, path, options.busyTimeoutMs(),
          attached ? vectors : null, second);
    } catch (SQLException e) {
      BackendException failure =
          Failures.wrap(path, "open a read snapshot of", options.busyTimeoutMs(), e);
      Connections.closeQuietly(connection, failure);
      if (sibling != null) {
        sibling.abandon();
      }
      throw failure;
    } catch (RuntimeException e) {
      Connections.closeQuietly(connection, e);
      if (sibling != null) {
        sibling.abandon();
      }
      throw e;
    }
  }

  /**
   * The least database file for which a snapshot prepares a {@link ReadSnapshot#sibling}: below
   * it, the second connection costs more than reading the later sections at the same time saves.
   */
  static final long SIBLING_LEAST_BYTES = 16L << 20;

  /** {@link #SIBLING_LEAST_BYTES}, or what a test sets to prove both ways alike. */
  static volatile long siblingLeastBytes = SIBLING_LEAST_BYTES;

  /**
   * A second connection for a snapshot's {@link ReadSnapshot#sibling}, proved to read the same
   * state as the snapshot by SQLite's {@code PRAGMA data_version}: read on this connection before
   * the snapshot's read transaction begins and again inside its own, begun after the snapshot's,
   * it changes if another connection committed in between (SQLite's documentation of the
   * pragma); unchanged, no commit landed, and both transactions read the same state.
   */
  private static final class Sibling {
    private final Connection connection;
    private final long version;
    private final Path path;

    private Sibling(Connection connection, long version, Path path) {
      this.connection = connection;
      this.version = version;
      this.path = path;
    }

    /** Opens the connection and reads the version, or null: a small file, or a failure. */
    static Sibling probe(SqliteBackend backend) {
      Path path = backend.path;
      Connection c = null;
      try {
        if (Files.size(path) < siblingLeastBytes) {
          return null;
        }
        // No busy timeout: where a writer holds a lock (a rollback-journal database being
        // committed), waiting would only hold up the snapshot; then there is no sibling. Once
        // its read transaction has begun, the sibling takes no further lock.
        c = Connections.open(path, Connections.Mode.READ_ONLY, 0);
        if (backend.options.mmap()) {
          Connections.exec(c, "PRAGMA mmap_size = " + SqliteOptions.MMAP_BYTES);
        }
        return new Sibling(c, dataVersion(c), path);
      } catch (IOException | SQLException e) {
        // Only a way to read faster: the snapshot reads everything itself without it.
        LOG.debug("no second connection to {}: {}", path, e.toString());
        closeQuietly(c);
        return null;
      }
    }

    /**
     * Begins the sibling's read transaction, after the snapshot's began: its connection when
     * nothing was committed since {@link #probe}, else null (closed).
     */
    Connection confirm() {
      try {
        Connections.exec(connection, "BEGIN DEFERRED");
        TestHooks.run("sibling-begin");
        if (dataVersion(connection) == version) {
          return connection;
        }
        LOG.debug("{} changed while a snapshot was opened; reading it with one connection", path);
      } catch (SQLException e) {
        LOG.debug("no second connection to {}: {}", path, e.toString());
      }
      closeQuietly(connection);
      return null;
    }

    /** Closes the connection: the snapshot it was for could not be opened. */
    void abandon() {
      closeQuietly(connection);
    }

    private static long dataVersion(Connection c) throws SQLException {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "PRAGMA data_version")) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private static void closeQuietly(Connection c) {
      if (c == null) {
        return;
      }
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("could not close a second connection: {}", e.toString());
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The transaction is one {@code BEGIN IMMEDIATE} on a connection of its own; it waits up to
   * {@code busyTimeoutMs} for another writer, then fails.
   *
   * @throws BackendException when the backend was opened read-only or the database is locked
   */
  @Override
  public WriteTransaction beginTransaction() {
    ensureOpen();
    if (options.readOnly()) {
      throw new BackendException("Cannot write to " + path + ": the backend was opened with"
          + " readOnly=true.");
    }
    Connection connection = null;
    try {
      connection = Connections.open(path, Connections.Mode.READ_WRITE, options.busyTimeoutMs());
      Connections.exec(connection, "BEGIN IMMEDIATE");
      Layout layout;
      try {
        layout = Layout.detect(connection);
        validate(layout);
      } catch (SQLException | RuntimeException e) {
        try {
          Connections.exec(connection, "ROLLBACK");
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
      return new SqliteWriteTransaction(connection, layout, path, options.busyTimeoutMs(),
          this::switchToWal);
    } catch (SQLException e) {
      BackendException failure =
          Failures.wrap(path, "begin a write transaction on", options.busyTimeoutMs(), e);
      Connections.closeQuietly(connection, failure);
      throw failure;
    } catch (RuntimeException e) {
      Connections.closeQuietly(connection, e);
      throw e;
    }
  }

  /**
   * Keeps one idle connection open for the backend's lifetime. Without it, every snapshot and
   * transaction would open and close the database on its own, and the last close (which
   * checkpoints and deletes the WAL) could race with a read-only open on another thread; we saw
   * such an open hang in SQLite's native code. The anchor never holds a transaction, so it
   * blocks nobody; it is read-write on a writable backend so that its close, the last one,
   * checkpoints the WAL into the database file as before. It reads once at open: only then does
   * it open the WAL and hold the shared lock by which SQLite sees that it is not the last
   * connection, so that it, not a snapshot or transaction closing before it, is the one whose
   * close checkpoints.
   *
   * <p>A read-only backend leaves the directory as it found it: SQLite creates {@code -wal} and
   * {@code -shm} files beside a WAL database even for a read-only connection, and only a
   * read-write connection's last close removes them. So when neither file existed at open (no
   * other process has the database open), the anchor opens read-write, though it never writes;
   * its close, the last, finds the WAL empty and deletes both files, as Doclea's own close does.
   * When they existed (Doclea's server is running, or crashed), they are left alone, and so is a
   * {@code -journal} (a read-write connection would roll a hot journal back).
   */
  private void anchor(boolean walFilesFound) {
    boolean tidy = options.readOnly() && !walFilesFound && Files.isWritable(path)
        && path.getParent() != null && Files.isWritable(path.getParent());
    if (tidy) {
      Connection tidyAnchor = null;
      try {
        tidyAnchor = Connections.open(path, Connections.Mode.READ_WRITE,
            options.busyTimeoutMs());
        // One read, so that this connection opens the WAL and its close can remove it.
        Connections.exec(tidyAnchor, "PRAGMA schema_version");
        anchor = tidyAnchor;
        return;
      } catch (SQLException e) {
        Connections.closeQuietly(tidyAnchor, e);
        LOG.debug("could not open {} read-write to tidy up its WAL files; reading only: {}",
            path, e.toString());
      }
    }
    Connection connection = null;
    try {
      connection = Connections.open(path, options.readOnly() ? Connections.Mode.READ_ONLY
          : Connections.Mode.READ_WRITE, options.busyTimeoutMs());
      if (!options.readOnly()) {
        // As above: the close of a read-write anchor checkpoints only a WAL it has opened.
        Connections.exec(connection, "PRAGMA schema_version");
      }
      anchor = connection;
    } catch (SQLException e) {
      BackendException failure = Failures.wrap(path, "open", options.busyTimeoutMs(), e);
      Connections.closeQuietly(connection, failure);
      throw failure;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>False: a Doclea database keeps no vectors; they live in its project's vector store, which
   * the {@code doclea:} backend ({@link DocleaProjectBackend}) writes.
   */
  @Override
  public boolean storesVectors() {
    return false;
  }

  private boolean exists(String suffix) {
    return Files.exists(Path.of(path + suffix));
  }

  /**
   * Puts a database this backend created into WAL mode, as Doclea's migrations leave it, after
   * the first import into it committed (or at close). Done on the anchor, which then opens the
   * WAL and stays the last connection to close, as {@link #anchor} explains. Best effort: while
   * another connection holds a lock it fails, and is tried again after the next commit and at
   * close; if those fail too, the file stays in the rollback journal mode, which Doclea switches
   * to WAL itself when it opens the database.
   */
  private synchronized void switchToWal() {
    if (!walPending || anchor == null) {
      return;
    }
    TestHooks.halt("before-wal");
    try {
      Connections.exec(anchor, "PRAGMA journal_mode = WAL");
      Connections.exec(anchor, "PRAGMA schema_version");
      walPending = false;
    } catch (SQLException e) {
      // Tried again after the next commit and at close.
      LOG.debug("{} stays in the rollback journal mode for now (Doclea switches it to WAL when it"
          + " opens it): {}", path, e.toString());
    }
  }

  /** Closes the backend's idle connection. Closing twice is allowed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    switchToWal();
    closed = true;
    try {
      anchor.close();
    } catch (SQLException e) {
      throw Failures.wrap(path, "close", options.busyTimeoutMs(), e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new BackendException("The sqlite: backend on " + path + " is closed.");
    }
  }

  @Override
  public String toString() {
    return "sqlite:" + path;
  }
}
