package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import ai.doclea.transfer.spi.WriteTransaction;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Doclea project as one store ({@code doclea:DIR}): the records in the database named by
 * {@code storage.dbPath} (default {@code .doclea/local.db}) and the vectors in Doclea's libSQL
 * vector store ({@code vector.dbPath}, default {@code .doclea/vectors.db}, table {@code
 * vector_memories}), configured by {@code DIR/.doclea/config.json} read as Doclea reads it ({@link
 * DocleaProjectConfig}).
 *
 * <p>Vectors are written as Doclea writes them: row id the memory's {@code qdrantId} (a memory
 * without one gets {@code vec_} and 16 nanoid characters, and its {@code qdrant_id} column is set
 * in the same transaction), {@code payload} and the JSON columns as {@code JSON.stringify} writes
 * them, the embedding as raw little-endian float32. Replacing a memory removes its old vector row.
 * Vectors of other memories are untouched. A transaction on the project is all or nothing across
 * both files, through a redo journal in {@code .doclea/} (see {@link ProjectJournal} and
 * docs/projects.md); opening a project finishes or discards the journal an interrupted import
 * left, and {@link #recoveryNotes()} says what it did.
 *
 * <p>Plain SQLite cannot write {@code vector_memories} while libSQL's DiskANN index exists, so a
 * transaction that writes vectors drops the index (with its shadow table and meta row); Doclea's
 * server rebuilds it over all rows at its next start. A running Doclea server must be restarted.
 *
 * <p>Options: {@code readOnly}, {@code create}, {@code busyTimeoutMs}, {@code mmap} as for the
 * {@code sqlite:} backend; the storage mode comes from the configuration.
 *
 * @since 0.1.0
 */
public final class DocleaProjectBackend implements StorageBackend {
  private static final Logger LOG = LoggerFactory.getLogger(DocleaProjectBackend.class);
  static final String LOCK_FILE = "doclea-transfer.lock";
  /** The suffixes of an SQLite database's files: the database itself and its side files. */
  private static final List<String> SIDE_FILES = List.of("", "-wal", "-shm", "-journal");
  /** How long a snapshot waits for the project lock before it gives up reading vectors. */
  static final int SNAPSHOT_LOCK_WAIT_MS = 250;

  private final DocleaProjectConfig config;
  private final SqliteBackend records;
  private final SqliteOptions options;
  private final List<String> notes = new ArrayList<>();

  private DocleaProjectBackend(DocleaProjectConfig config, SqliteBackend records,
      SqliteOptions options) {
    this.config = config;
    this.records = records;
    this.options = options;
  }

  /**
   * Opens a project.
   *
   * @param projectDir the directory holding {@code .doclea/}
   * @param options {@code readOnly}, {@code create}, {@code busyTimeoutMs}, {@code mmap}; null
   *     means none
   * @return the backend; close it when done
   * @throws ConfigurationException when the configuration is invalid or an option is unknown
   * @throws BackendException when the project or its database cannot be opened
   */
  public static DocleaProjectBackend open(Path projectDir, Map<String, String> options) {
    Map<String, String> given = new LinkedHashMap<>(options == null ? Map.of() : options);
    if (given.containsKey(SqliteOptions.STORAGE_MODE)) {
      throw new ConfigurationException("The doclea: backend takes the storage mode from the"
          + " project's .doclea/config.json (storage.mode); remove the storageMode option");
    }
    Path dir = projectDir.toAbsolutePath().normalize();
    boolean create = Boolean.parseBoolean(given.getOrDefault(SqliteOptions.CREATE, "false"));
    if (!Files.isDirectory(dir.resolve(".doclea")) && !create) {
      throw new BackendException(dir + " is not a Doclea project: it has no .doclea directory"
          + (Files.isDirectory(dir) ? "" : " (the directory does not exist)"));
    }
    DocleaProjectConfig config = DocleaProjectConfig.load(dir);
    if (config.storageBackend().equals("memory")) {
      throw new BackendException(config.configFile() + " sets storage.backend to \"memory\":"
          + " Doclea keeps this project's memories in memory only, there is nothing on disk to"
          + " back up or restore into");
    }
    given.put(SqliteOptions.STORAGE_MODE, config.storageMode());
    SqliteOptions parsed = SqliteOptions.parse(given);
    SqliteBackend records = SqliteBackend.open(config.databasePath(), parsed);
    DocleaProjectBackend backend = new DocleaProjectBackend(config, records, parsed);
    try {
      backend.recover(false);
    } catch (RuntimeException e) {
      try {
        records.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return backend;
  }

  /** @return the project's configuration */
  public DocleaProjectConfig config() {
    return config;
  }

  /**
   * What opening the project repaired: an interrupted import finished or discarded.
   *
   * @return one line per repair, possibly empty
   */
  public List<String> recoveryNotes() {
    return List.copyOf(notes);
  }

  Path doclaDir() {
    return config.projectDir().resolve(".doclea");
  }

  Path journalFile() {
    return doclaDir().resolve(ProjectJournal.FILE_NAME);
  }

  int busyTimeoutMs() {
    return options.busyTimeoutMs();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Backend type {@code sqlite}, the configured {@code storage.mode}, the database's schema
   * version, and the configured embedding provider and model (the model Doclea embeds with).
   */
  @Override
  public BackendInfo info() {
    BackendInfo base = records.info();
    return new BackendInfo(base.backendType(), config.storageMode(), base.schemaVersion(),
        config.embeddingProvider(), config.embeddingModel());
  }

  /**
   * {@inheritDoc}
   *
   * <p>One read transaction covers the records database and the vector store (attached to the
   * same connection), opened while holding the project's lock when it can be had within 250 ms:
   * so the vectors an export reads belong to the records it reads, even while this tool imports
   * into the project. When an import holds the lock longer, the records are still read
   * consistently (without waiting for the import), but {@link ReadSnapshot#vectors} refuses. The snapshot leaves no
   * {@code -wal} or {@code -shm} file beside the vector store that was not there before.
   */
  @Override
  public ReadSnapshot openSnapshot() {
    Path vfile = config.vectorDatabasePath();
    boolean hasVectors = vfile != null && Files.exists(vfile);
    Connection anchor = hasVectors ? tidyAnchor(vfile) : null;
    SqliteSnapshot inner;
    boolean consistent;
    try {
      // Other snapshots hold the lock for a moment; an import holds it for its whole length, and
      // a records-only export must not wait for that: a short wait, then only vectors() refuses.
      ProjectLock lock = hasVectors ? ProjectLock.tryExisting(doclaDir(),
          Math.min(options.busyTimeoutMs(), SNAPSHOT_LOCK_WAIT_MS)) : null;
      consistent = !hasVectors || lock != ProjectLock.BUSY;
      try {
        inner = records.openSnapshot(hasVectors ? vfile : null);
      } finally {
        if (lock != null && lock != ProjectLock.BUSY) {
          lock.release();
        }
      }
    } catch (RuntimeException e) {
      Connections.closeQuietly(anchor, e);
      throw e;
    }
    boolean vectorsConsistent = consistent;
    return new ReadSnapshot() {
      @Override
      public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
        return inner.read(kind);
      }

      @Override
      public RecordCursor<? extends TransferRecord> read(RecordKind kind,
          Selection selection) {
        return inner.read(kind, selection);
      }

      @Override
      public Optional<Utf8RecordCursor<? extends TransferRecord>> readUtf8(RecordKind kind,
          Selection selection) {
        return inner.readUtf8(kind, selection);
      }

      @Override
      public Optional<ai.doclea.transfer.spi.JsonRowCursor<? extends TransferRecord>>
          readJsonRows(RecordKind kind, List<String> fields) {
        return inner.readJsonRows(kind, fields);
      }

      @Override
      public OptionalLong count(RecordKind kind) {
        return inner.count(kind);
      }

      /** The records database's sibling: it reads records only, never the vector store. */
      @Override
      public Optional<ReadSnapshot> sibling() {
        return inner.sibling();
      }

      @Override
      public List<String> notes() {
        return inner.notes();
      }

      @Override
      public Optional<StoredVector> vector(String memoryId) {
        return readVector(memoryId);
      }

      @Override
      public RecordCursor<StoredVector> vectors(Selection selection) {
        if (!vectorsConsistent) {
          throw new BackendException("Another doclea-transfer process was importing into the"
              + " project " + config.projectDir() + " when this export began, so its vectors"
              + " may not belong to the records read; export again when it has finished");
        }
        return inner.vectors(selection, config.embeddingProvider(), config.embeddingModel());
      }

      @Override
      public void close() {
        try {
          inner.close();
        } finally {
          if (anchor != null) {
            try {
              anchor.close();
            } catch (SQLException e) {
              LOG.debug("closing the tidy-up connection of {} failed: {}", vfile, e.toString());
            }
          }
        }
      }
    };
  }

  /**
   * A read-only connection to the vector store for {@code status}, {@code search} and single
   * vector reads, with {@link #tidyAnchor} beside it, so that reading leaves no {@code -wal} or
   * {@code -shm} file that was not there before.
   */
  private VectorRead readVectors(Path vfile) throws SQLException {
    Connection anchor = tidyAnchor(vfile);
    try {
      return new VectorRead(LibSqlVectors.open(vfile, false, true, options.busyTimeoutMs()),
          anchor);
    } catch (SQLException | RuntimeException e) {
      Connections.closeQuietly(anchor, e);
      throw e;
    }
  }

  /** A reading connection and the tidy-up connection that must close after it. */
  private record VectorRead(Connection connection, Connection anchor) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      try {
        connection.close();
      } finally {
        if (anchor != null) {
          anchor.close();
        }
      }
    }
  }

  /**
   * A read-write connection to the vector store, held while a snapshot reads it, when no other
   * process has it open (no {@code -wal}, {@code -shm} or {@code -journal} beside it): its close,
   * the last, removes the {@code -wal} and {@code -shm} files that reading creates. Never writes.
   * Null when the files exist or the directory cannot be written.
   */
  private Connection tidyAnchor(Path vfile) {
    for (String suffix : List.of("-wal", "-shm", "-journal")) {
      if (Files.exists(Path.of(vfile + suffix))) {
        return null;
      }
    }
    if (!Files.isWritable(vfile) || !Files.isWritable(vfile.getParent())) {
      return null;
    }
    Connection c = null;
    try {
      c = Connections.open(vfile, Connections.Mode.READ_WRITE, options.busyTimeoutMs());
      Connections.exec(c, "PRAGMA schema_version");
      return c;
    } catch (SQLException e) {
      Connections.closeQuietly(c, e);
      LOG.debug("could not open {} read-write to tidy up its WAL files: {}", vfile,
          e.toString());
      return null;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>True when the project keeps its vectors in libSQL ({@code vector.provider = libsql}, the
   * default); false for Qdrant, which this tool does not write.
   */
  @Override
  public boolean storesVectors() {
    return config.vectorDatabasePath() != null;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The project's {@code vector.vectorSize}.
   */
  @Override
  public java.util.OptionalInt vectorDimensions() {
    return java.util.OptionalInt.of(config.vectorSize());
  }

  private Optional<StoredVector> readVector(String memoryId) {
    Path file = config.vectorDatabasePath();
    if (file == null || !Files.exists(file)) {
      return Optional.empty();
    }
    try (VectorRead read = readVectors(file)) {
      Connection c = read.connection();
      if (!LibSqlVectors.hasTable(c, LibSqlVectors.TABLE)) {
        return Optional.empty();
      }
      try (PreparedStatement s = c.prepareStatement("SELECT embedding FROM "
          + LibSqlVectors.TABLE + " WHERE memory_id = ? LIMIT 1")) {
        s.setString(1, memoryId);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next() || rs.getBytes(1) == null) {
            return Optional.empty();
          }
          return Optional.of(new StoredVector(memoryId, config.embeddingProvider(),
              config.embeddingModel(), Vectors.decode(rs.getBytes(1))));
        }
      }
    } catch (SQLException e) {
      throw Failures.wrap(file, "read the vector of memory '" + memoryId + "' from",
          options.busyTimeoutMs(), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Holds the project's lock file ({@code .doclea/doclea-transfer.lock}) and a {@code BEGIN
   * IMMEDIATE} transaction on the records database until it ends; vector changes go to the
   * journal and reach {@code vectors.db} on commit.
   */
  @Override
  public WriteTransaction beginTransaction() {
    if (options.readOnly()) {
      throw new BackendException("Cannot write to the project " + config.projectDir()
          + ": the backend was opened with readOnly=true.");
    }
    ProjectLock lock = ProjectLock.acquire(doclaDir());
    try {
      recover(true);
      SqliteWriteTransaction tx = (SqliteWriteTransaction) records.beginTransaction();
      return new ProjectTransaction(this, tx, lock);
    } catch (RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every file of the project: {@code .doclea/config.json} (whether or not it exists), the
   * records database and the vector database with their {@code -wal}, {@code -shm} and {@code
   * -journal} files, and this adapter's redo journal (with the same side files) and lock file.
   */
  @Override
  public List<Path> files() {
    List<Path> files = new ArrayList<>(records.files());
    files.add(doclaDir().resolve("config.json"));
    Path v = config.vectorDatabasePath();
    if (v != null) {
      for (String suffix : SIDE_FILES) {
        files.add(Path.of(v + suffix));
      }
    }
    for (String suffix : SIDE_FILES) {
      files.add(Path.of(journalFile() + suffix));
    }
    files.add(doclaDir().resolve(LOCK_FILE));
    return List.copyOf(files);
  }

  @Override
  public void close() {
    records.close();
  }

  @Override
  public String toString() {
    return "doclea:" + config.projectDir();
  }

  // ------------------------------------------------------------------ recovery

  /** Finishes or discards the journal an interrupted import left. */
  private void recover(boolean lockHeld) {
    Path journal = journalFile();
    if (!Files.exists(journal) && !Files.exists(Path.of(journal + "-journal"))) {
      return;
    }
    if (options.readOnly() && !Files.isWritable(doclaDir())) {
      throw new BackendException("The project " + config.projectDir() + " has an unfinished"
          + " import (" + journal + ") and its .doclea directory is not writable: run"
          + " doclea-transfer status as a user who can write it, to finish that import");
    }
    ProjectLock lock = lockHeld ? null : ProjectLock.tryAcquire(doclaDir());
    if (lock == null && !lockHeld) {
      LOG.debug("Another process holds {}; leaving its journal alone", LOCK_FILE);
      return;
    }
    try {
      String note = recoverLocked(journal);
      if (note != null) {
        notes.add(note);
        LOG.warn("{}", note);
      }
    } finally {
      if (lock != null) {
        lock.release();
      }
    }
  }

  private String recoverLocked(Path journal) {
    int busy = options.busyTimeoutMs();
    String importId;
    long written = -1;
    try (Connection j = Connections.open(journal, Connections.Mode.READ_WRITE, busy)) {
      importId = ProjectJournal.sealedImportId(j);
      if (importId != null && importId.equals(readMarker())) {
        written = applyJournal(j);
        removeMarker(importId);
      }
    } catch (SQLException e) {
      throw Failures.wrap(journal, "recover the interrupted import recorded in", busy, e);
    }
    ProjectJournal.deleteFiles(journal, null);
    String where = config.projectDir() + " (journal " + journal.getFileName() + ")";
    if (written >= 0) {
      return "Finished an interrupted import into " + where + ": its records had been"
          + " committed to " + config.databasePath().getFileName() + ", and its " + written
          + " vector row(s) are now written to " + config.vectorDatabasePath().getFileName()
          + ". Restart Doclea's server so that it rebuilds its vector index.";
    }
    if (importId == null) {
      return "Discarded the journal of an interrupted import into " + where + ": the import"
          + " had not reached its commit, so nothing had been changed.";
    }
    return "Removed the journal of an interrupted import into " + where + ": that import had"
        + " either not committed its records (nothing had changed) or had completed in both"
        + " files; " + config.databasePath().getFileName() + " and the vector store are"
        + " consistent.";
  }

  /** Applies a sealed journal to the vector store, in one transaction. */
  long applyJournal(Connection journal) throws SQLException {
    Path file = config.vectorDatabasePath();
    int busy = options.busyTimeoutMs();
    try (Connection v = LibSqlVectors.open(file, true, false, busy)) {
      Connections.exec(v, "BEGIN IMMEDIATE");
      try {
        LibSqlVectors.ensureTable(v, file, config.vectorSize());
        LibSqlVectors.dropLibSqlIndex(v);
        long written = ProjectJournal.apply(journal, v);
        TestHooks.halt("vectors-applied");
        Connections.exec(v, "COMMIT");
        return written;
      } catch (SQLException | RuntimeException e) {
        try {
          Connections.exec(v, "ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }

  String readMarker() throws SQLException {
    try (Connection c = Connections.open(config.databasePath(), Connections.Mode.READ_ONLY,
            options.busyTimeoutMs());
        PreparedStatement s = c.prepareStatement(
            "SELECT value FROM _doclea_meta WHERE key = ?")) {
      s.setString(1, ProjectJournal.MARKER_KEY);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  void removeMarker(String importId) throws SQLException {
    try (Connection c = Connections.open(config.databasePath(), Connections.Mode.READ_WRITE,
            options.busyTimeoutMs());
        PreparedStatement s = c.prepareStatement(
            "DELETE FROM _doclea_meta WHERE key = ? AND value = ?")) {
      s.setString(1, ProjectJournal.MARKER_KEY);
      s.setString(2, importId);
      s.executeUpdate();
    }
  }

  // ------------------------------------------------------------------ status and search

  /**
   * What the project holds, for {@code status}: counts of memories and vectors, memories without a
   * vector and vectors without a memory, the dimensions recorded, and whether libSQL's vector
   * index is present (when not, Doclea rebuilds it at its next start).
   *
   * @return the status
   * @throws BackendException when a database cannot be read
   */
  public ProjectStatus status() {
    Path vfile = config.vectorDatabasePath();
    int busy = options.busyTimeoutMs();
    long memories;
    long memoriesWithoutVector = 0;
    long vectors = 0;
    long vectorsWithoutMemory = 0;
    int declared = -1;
    boolean index = false;
    boolean vectorStore = vfile != null && Files.exists(vfile);
    // Held until the end, so that ATTACHing the vector store leaves no -wal/-shm beside it.
    Connection anchor = vectorStore ? tidyAnchor(vfile) : null;
    try (Connection tidy = anchor; Connection c = Connections.open(config.databasePath(),
        Connections.Mode.READ_ONLY, busy)) {
      memories = count(c, "SELECT count(*) FROM memories");
      if (vectorStore) {
        Connections.exec(c, "ATTACH DATABASE '" + vfile.toString().replace("'", "''")
            + "' AS v");
        if (count(c, "SELECT count(*) FROM v.sqlite_master WHERE type = 'table' AND name = '"
            + LibSqlVectors.TABLE + "'") > 0) {
          vectors = count(c, "SELECT count(*) FROM v." + LibSqlVectors.TABLE);
          memoriesWithoutVector = count(c, "SELECT count(*) FROM memories m WHERE NOT EXISTS"
              + " (SELECT 1 FROM v." + LibSqlVectors.TABLE + " x WHERE x.memory_id = m.id)");
          vectorsWithoutMemory = count(c, "SELECT count(*) FROM v." + LibSqlVectors.TABLE
              + " x WHERE NOT EXISTS (SELECT 1 FROM memories m WHERE m.id = x.memory_id)");
          index = count(c, "SELECT count(*) FROM v.sqlite_master WHERE type = 'index' AND name"
              + " = '" + LibSqlVectors.INDEX + "'") > 0;
        } else {
          memoriesWithoutVector = memories;
        }
      } else {
        memoriesWithoutVector = memories;
      }
      if (vectorStore) {
        declared = declaredSize(vfile);
      }
    } catch (SQLException e) {
      throw Failures.wrap(config.databasePath(), "read the status of", busy, e);
    }
    return new ProjectStatus(config, memories, vectors, memoriesWithoutVector,
        vectorsWithoutMemory, declared, index, vectorStore, recoveryNotes());
  }

  /** The vector store's declared size; the caller ({@link #status}) holds the tidy-up anchor. */
  private int declaredSize(Path vfile) {
    try (Connection c = LibSqlVectors.open(vfile, false, true, options.busyTimeoutMs())) {
      return LibSqlVectors.declaredSize(c, vfile);
    } catch (SQLException e) {
      throw Failures.wrap(vfile, "read", options.busyTimeoutMs(), e);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * Ranks the project's memories by cosine similarity between {@code query} and their vectors in
   * {@code vector_memories}, reading every row once (plain SQLite; libSQL's index is not needed).
   *
   * @param query the query vector, of the project's dimensions
   * @param limit how many hits to return, at least 1
   * @return the best hits, best first
   * @throws BackendException when the vector store cannot be read or holds another size
   */
  public List<SearchHit> search(float[] query, int limit) {
    if (limit < 1) {
      throw new ConfigurationException("search limit must be at least 1, got " + limit);
    }
    Path file = config.vectorDatabasePath();
    if (file == null || !Files.exists(file)) {
      return List.of();
    }
    double qn = norm(query);
    PriorityQueue<SearchHit> best = new PriorityQueue<>(
        (a, b) -> Double.compare(a.score(), b.score()));
    try (VectorRead read = readVectors(file)) {
      Connection c = read.connection();
      if (!LibSqlVectors.hasTable(c, LibSqlVectors.TABLE)) {
        return List.of();
      }
      try (PreparedStatement s = c.prepareStatement("SELECT memory_id, title, embedding FROM "
          + LibSqlVectors.TABLE); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          byte[] blob = rs.getBytes(3);
          if (blob == null) {
            continue;
          }
          float[] v = Vectors.decode(blob);
          if (v.length != query.length) {
            throw new BackendException(file + ": the vector of memory '" + rs.getString(1)
                + "' has " + v.length + " dimensions, the query " + query.length);
          }
          double dot = 0;
          for (int i = 0; i < v.length; i++) {
            dot += (double) v[i] * query[i];
          }
          double n = norm(v) * qn;
          SearchHit hit = new SearchHit(rs.getString(1), rs.getString(2), n == 0 ? 0 : dot / n);
          best.add(hit);
          if (best.size() > limit) {
            best.poll();
          }
        }
      }
    } catch (SQLException e) {
      throw Failures.wrap(file, "search", options.busyTimeoutMs(), e);
    }
    List<SearchHit> out = new ArrayList<>(best);
    out.sort(Collections.reverseOrder((a, b) -> Double.compare(a.score(), b.score())));
    return out;
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float f : v) {
      s += (double) f * f;
    }
    return Math.sqrt(s);
  }

  /**
   * One search result.
   *
   * @param memoryId the memory
   * @param title its title as the vector row holds it
   * @param score cosine similarity, -1..1
   */
  public record SearchHit(String memoryId, String title, double score) {}

  /** The project lock: one writer (or one recovery) per project at a time, across processes. */
  static final class ProjectLock {
    /** Returned by {@link #tryExisting} when another process holds the lock. */
    static final ProjectLock BUSY = new ProjectLock(null, null);

    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    static ProjectLock acquire(Path dotDoclea) {
      ProjectLock lock = tryAcquire(dotDoclea);
      if (lock == null) {
        throw new BackendException("Another doclea-transfer process is writing to this project"
            + " (it holds " + dotDoclea.resolve(LOCK_FILE) + "); wait for it to finish");
      }
      return lock;
    }

    /**
     * Takes the lock for a moment without creating the lock file: null when there is no lock
     * file (this tool never wrote to the project, so no import of it can be running) or it cannot
     * be opened for writing (a read-only project, which nobody can be importing into); {@link
     * #BUSY} when another process (or thread) holds it for longer than {@code waitMs}.
     */
    static ProjectLock tryExisting(Path dotDoclea, int waitMs) {
      Path file = dotDoclea.resolve(LOCK_FILE);
      long deadline = System.nanoTime() + waitMs * 1_000_000L;
      while (true) {
        FileChannel channel = null;
        try {
          channel = FileChannel.open(file, StandardOpenOption.WRITE);
          FileLock lock = channel.tryLock();
          if (lock != null) {
            return new ProjectLock(channel, lock);
          }
          channel.close();
        } catch (OverlappingFileLockException e) {
          closeQuietly(channel);
        } catch (IOException e) {
          closeQuietly(channel);
          return null;
        }
        if (System.nanoTime() > deadline) {
          return BUSY;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ai.doclea.transfer.api.TransferCancelledException("interrupted while"
              + " waiting for the project lock " + file);
        }
      }
    }

    static ProjectLock tryAcquire(Path dotDoclea) {
      FileChannel channel = null;
      try {
        Files.createDirectories(dotDoclea);
        channel = FileChannel.open(dotDoclea.resolve(LOCK_FILE), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
          channel.close();
          return null;
        }
        return new ProjectLock(channel, lock);
      } catch (OverlappingFileLockException e) {
        closeQuietly(channel);
        return null;
      } catch (IOException e) {
        closeQuietly(channel);
        throw new BackendException("Cannot lock " + dotDoclea.resolve(LOCK_FILE) + ": "
            + e.getMessage(), e);
      }
    }

    private static void closeQuietly(FileChannel channel) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          LOG.debug("closing {} failed: {}", LOCK_FILE, e.toString());
        }
      }
    }

    void release() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        throw new BackendException("Cannot release the project lock: " + e.getMessage(), e);
      }
    }
  }
}
