package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.ConflictException;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.IncompleteCommitException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.SectionStats;
import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferListener;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.IoFailures;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an import in one transaction of the target backend. Records stream from the file in
 * batches: per batch, one look-up of referenced ids, one look-up of conflicting ids, then inserts
 * and replacements. Sections are applied in dependency order whatever their order in the file:
 * a section whose dependency comes later in the file is applied in a second pass over the file.
 * A dry run does all of it and rolls back, so its counts are exactly those of a real import.
 *
 * <p>Memory: besides the current batch, only a fingerprint set of the ids of the current section
 * is kept (about 16 bytes per record, to detect an id that appears twice in the file); it is
 * released when the section ends. Whether a referenced memory or document exists is asked of the
 * backend.
 */
public final class Importer {
  private static final Logger LOG = LoggerFactory.getLogger(Importer.class);
  private static final int MAX_LISTED = 1000;

  private Importer() {}

  /** Imports a file. */
  public static ImportResult fromPath(StorageBackend backend, Path input, ImportOptions options) {
    String file = input.toString();
    if (!Files.isRegularFile(input)) {
      return failed(options, new TransferException(Files.exists(input)
          ? "cannot import " + file + ": it is not a regular file"
          : "cannot import " + file + ": the file does not exist"), List.of());
    }
    return fromFile(backend, input, file, options);
  }

  /**
   * Imports from a file opened once: every pass reads the same open file from its start, so that
   * a file renamed over the path between two passes cannot slip records past the checks of the
   * first.
   */
  private static ImportResult fromFile(StorageBackend backend, Path input, String file,
      ImportOptions options) {
    FileChannel channel;
    try {
      channel = FileChannel.open(input, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return failed(options, new TransferException("cannot import " + file
          + ": the file does not exist", e), List.of());
    } catch (IOException e) {
      return failed(options, new TransferException("cannot read " + file + ": "
          + IoFailures.describe(e), e), List.of());
    }
    try {
      return run(backend, new FileSource(channel, input), file, options);
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        // The import's outcome is already decided; a read-only close cannot lose data.
        LOG.warn("closing {} after the import failed: {}", file, e.toString());
      }
    }
  }

  /**
   * Imports a stream: spools it to a temporary file first ({@link Spools#copy}), since a second
   * pass may be needed. An interrupt while it is copied cancels the import at once, as in the
   * other phases; the spool is deleted in every case.
   */
  public static ImportResult fromStream(StorageBackend backend, InputStream input,
      String description, ImportOptions options) {
    Path spool = null;
    try {
      spool = Spools.copy(input, description, "import", options.limits().maxDecompressedBytes());
      return fromFile(backend, spool, description, options);
    } catch (TransferCancelledException e) {
      TransferCancelledException c = new TransferCancelledException("the import of "
          + description + " was cancelled; nothing was changed");
      c.initCause(e);
      return failed(options, c, List.of());
    } catch (TransferException e) {
      return failed(options, e, List.of());
    } finally {
      Spools.delete(spool);
    }
  }

  /**
   * Imports a stream read once, with no temporary copy: for a stream that this library's export
   * writes (its sections in dependency order, so that one pass takes them all), such as the pipe
   * of a copy between two stores. A stream whose sections would need a second pass fails and
   * changes nothing; so does re-embedding, which reads the input in a pass of its own. The
   * stream is not closed; the caller reads what may follow the export's last byte.
   *
   * @param backend the target store
   * @param input the export's bytes, plain JSON or gzip
   * @param description names the input in messages
   * @param options the import's options
   * @return the result
   */
  public static ImportResult fromSinglePassStream(StorageBackend backend, InputStream input,
      String description, ImportOptions options) {
    if (options.reembed()) {
      return failed(options, new TransferException("cannot re-embed while importing "
          + description + " in one pass: re-embedding reads the input twice; nothing was"
          + " changed"), List.of());
    }
    return run(backend, new OnePassSource(input, description), description, options);
  }

  /** A stream that gives one pass; a second one fails, naming the cause. */
  private static final class OnePassSource implements Source {
    private final InputStream input;
    private final String description;
    private boolean opened;

    OnePassSource(InputStream input, String description) {
      this.input = input;
      this.description = description;
    }

    @Override
    public InputStream open() {
      if (opened) {
        throw new TransferException(description + " has a section before the section it refers"
            + " to (chunks before documents, relations or vectors before memories), which takes"
            + " a second pass, and it can be read only once; nothing was changed");
      }
      opened = true;
      return new FilterInputStream(input) {
        @Override
        public void close() {
          // The caller's stream: it reads the rest and closes it.
        }
      };
    }
  }

  /** Opens the input anew for each pass. */
  interface Source {
    InputStream open() throws IOException;

    /** @return the input's size in bytes, or -1 when unknown; for progress */
    default long size() {
      return -1;
    }

    /** @return the record counts the input declares, for progress; empty when unknown */
    default Map<RecordKind, Long> declaredCounts() {
      return Map.of();
    }
  }

  /**
   * A file opened once, read from its start on each pass. Its size and declared counts, only for
   * progress, are read through the path (a stat, and a channel of their own), so that an
   * interrupt of the calling thread (a cancel) cannot close the channel the passes read.
   */
  private static final class FileSource implements Source {
    private final FileChannel channel;
    private final long size;
    private final Map<RecordKind, Long> declared;

    FileSource(FileChannel channel, Path path) {
      this.channel = channel;
      long bytes;
      try {
        bytes = Files.size(path);
      } catch (IOException e) {
        bytes = -1;
      }
      this.size = bytes;
      this.declared = DeclaredCounts.read(path);
    }

    @Override
    public InputStream open() {
      return InputFiles.fromStart(channel);
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public Map<RecordKind, Long> declaredCounts() {
      return declared;
    }
  }

  private static ImportResult run(StorageBackend backend, Source source, String file,
      ImportOptions options) {
    try {
      return run(backend, source, file, options, true);
    } catch (EmbeddingStage.Miss miss) {
      LOG.debug("the store changed between embedding and writing ({}); embedding every memory",
          miss.getMessage());
      return run(backend, source, file, options, false);
    }
  }

  private static ImportResult run(StorageBackend backend, Source source, String file,
      ImportOptions options, boolean predict) {
    Warnings warnings = new Warnings(200);
    Session session = null;
    WriteTransaction tx = null;
    EmbeddingStage stage = null;
    long lockedAt = 0;
    try {
      if (options.reembed() && options.embeddingProvider() == null) {
        throw new TransferException("reembed is set but no embedding provider was given");
      }
      BackendInfo target = backendCall("read the target store's facts", backend::info);
      if (options.reembed() && !options.dryRun()) {
        // Embed before the write transaction: the store's write lock is never held while a
        // model runs.
        stage = EmbeddingStage.prepare(backend, source, file, options, predict);
      }
      tx = backendCall("begin a transaction on the target store", backend::beginTransaction);
      lockedAt = System.nanoTime();
      session = new Session(tx, options, file, stage, source);
      Feeder feeder = new Feeder(options);
      FileParser.Summary summary = pass(source, file, options, warnings, feeder, session);
      summary.checkIntegrity(file);
      if (feeder.order.needsSecondPass()) {
        feeder.order.startSecondPass();
        FileParser.Summary again =
            pass(source, file, options, new Warnings(1), feeder, session);
        again.checkIntegrity(file);
        again.checkSameAs(summary, file);
      }
      long restored = restoreVectors(backend, target, summary, session, options, file,
          warnings);
      long memoriesWritten = session.stats(RecordKind.MEMORY).imported
          + session.stats(RecordKind.MEMORY).overwritten;
      boolean sameModel = summary.embeddingProvider != null && summary.embeddingModel != null
          && summary.embeddingProvider.equals(target.embeddingProvider())
          && summary.embeddingModel.equals(target.embeddingModel());
      // A file without vectors leaves every memory written without one in a store that keeps
      // them (an overwritten memory loses its old one), whatever the models' names say. (A file
      // with vectors is restored as its source was: a memory it carries none for had none.)
      boolean required = memoriesWritten > 0 && !options.reembed() && (!sameModel
          || summary.vectors == 0 && backendCall("ask the target store whether it keeps vectors",
              backend::storesVectors));
      if (required) {
        String fileModel = summary.embeddingProvider == null || summary.embeddingModel == null
            ? null : summary.embeddingProvider + "/" + summary.embeddingModel;
        String targetModel = target.embeddingProvider() == null
            || target.embeddingModel() == null
            ? null : target.embeddingProvider() + "/" + target.embeddingModel();
        String why = sameModel
            ? "the file carries no vectors, so the " + memoriesWritten + " memories written"
                + " have none in the target store (export with vectors to carry them)"
            : fileModel == null
            ? "the file does not name the embedding provider and model of its memories"
            : targetModel == null
            ? "the target does not name its embedding provider and model (the file's: "
                + fileModel + ")"
            : "the file's embedding provider and model (" + fileModel + ") differ from the"
                + " target's (" + targetModel + ")";
        warnings.add("re-embedding is required: " + why + "; import again with reembed, or"
            + " re-embed later");
      }
      WriteTransaction done = tx;
      if (options.dryRun()) {
        backendCall("roll back the dry run", () -> {
          done.rollback();
          return null;
        });
      } else {
        try {
          backendCall("commit the import", () -> {
            done.commit();
            return null;
          });
        } catch (IncompleteCommitException e) {
          // Committed: the records written are counted, and the import fails all the same (the
          // store is not yet what the file describes), with no rollback to try.
          tx = null;
          closeQuietly(done);
          List<String> errors = new ArrayList<>(session.errors.list());
          errors.add(0, e.getMessage());
          return Results.imported(false, session.sectionStats(), errors, warnings.list(),
              required, session.embedded, e, (System.nanoTime() - lockedAt) / 1_000_000L,
              restored);
        }
      }
      tx = null;
      closeQuietly(done);
      long lockHeldMs = (System.nanoTime() - lockedAt) / 1_000_000L;
      return Results.imported(options.dryRun(), session.sectionStats(), session.errors.list(),
          warnings.list(), required, session.embedded, null, lockHeldMs, restored);
    } catch (EmbeddingStage.Miss miss) {
      if (!predict) {
        TransferException t = new TransferException("the import of " + file + " needed a vector"
            + " that was not embedded before the write phase (" + miss.getMessage() + ")");
        rollback(tx, t);
        return failed(options, t, warnings.list());
      }
      rollback(tx, new TransferException("retrying with every memory embedded"));
      throw miss;
    } catch (TransferCancelledException e) {
      TransferCancelledException c = new TransferCancelledException("the import of " + file
          + " was cancelled; nothing was changed");
      c.initCause(e);
      rollback(tx, c);
      return failed(options, c, warnings.list());
    } catch (TransferException e) {
      rollback(tx, e);
      return failed(options, e, warnings.list());
    } catch (RuntimeException e) {
      BackendException t = new BackendException("the import of " + file
          + " failed in the target store: " + e, e);
      rollback(tx, t);
      return failed(options, t, warnings.list());
    } finally {
      if (stage != null) {
        stage.close();
      }
      if (session != null) {
        session.closeSpool();
      }
    }
  }

  /**
   * After the passes, when the file's metadata is known: restores the file's vectors of the
   * memories this import wrote, when the file's provider, model and dimensions are the target's;
   * refuses the import (nothing is written) when they are not and re-embedding was not asked for.
   *
   * @return how many vectors were restored
   */
  private static long restoreVectors(StorageBackend backend, BackendInfo target,
      FileParser.Summary summary, Session session, ImportOptions options, String file,
      Warnings warnings) {
    if (summary.vectors == 0) {
      return 0;
    }
    String made = summary.embeddingProvider + "/" + summary.embeddingModel + " ("
        + summary.dimensions + " dimensions)";
    if (options.reembed()) {
      EmbeddingProvider e = options.embeddingProvider();
      warnings.add("the file carries " + summary.vectors + " vectors made with " + made
          + "; they were not used: the memories were re-embedded with " + e.providerName() + "/"
          + e.modelName() + " as asked (reembed)");
      return 0;
    }
    if (!backendCall("ask the target store whether it keeps vectors", backend::storesVectors)) {
      warnings.add("the file carries " + summary.vectors + " vectors made with " + made
          + ", but the target store keeps no vectors; they were not restored (a Doclea"
          + " database's vectors live in its project's vector store: import into the project,"
          + " --project DIR or the backend doclea:DIR, to restore them)");
      return 0;
    }
    java.util.OptionalInt dims = backendCall("read the target store's vector size",
        backend::vectorDimensions);
    boolean providerDiffers = target.embeddingProvider() != null
        && !target.embeddingProvider().equals(summary.embeddingProvider);
    boolean modelDiffers = target.embeddingModel() != null
        && !target.embeddingModel().equals(summary.embeddingModel);
    boolean sizeDiffers = dims.isPresent() && dims.getAsInt() != summary.dimensions;
    if (providerDiffers || modelDiffers || sizeDiffers) {
      throw new TransferException(file + " carries vectors made with " + made + ", but the"
          + " target store embeds with " + target.embeddingProvider() + "/"
          + target.embeddingModel() + (dims.isPresent() ? " (" + dims.getAsInt()
              + " dimensions)" : "") + ": the file's vectors would not match the target's"
          + " queries, so nothing was imported. Import with --reembed (ImportOptions.reembed)"
          + " to embed the memories with " + target.embeddingModel() + " instead; the file's"
          + " vectors are then ignored.");
    }
    if (session.skippedVectors > 0) {
      warnings.add(session.skippedVectors + " of the file's vectors were not restored because"
          + " their memories were not written (skipped or refused)");
    }
    return session.restoreSpooled(summary.embeddingProvider, summary.embeddingModel);
  }

  /**
   * One pass over the file: the parser runs on a second thread and hands batches over a bounded
   * pipe to this thread, which writes them, so that parsing and writing overlap.
   */
  private static FileParser.Summary pass(Source source, String file, ImportOptions options,
      Warnings warnings, Feeder feeder, Session session) {
    FileParser.Summary[] summary = new FileParser.Summary[1];
    try (Pipe<Event> pipe = new Pipe<>("doclea-import-parser", "reading " + file, 4, p -> {
      feeder.pipe = p;
      try (InputStream in = open(source, file, session.bytesRead)) {
        summary[0] = new FileParser(file, options.limits(), warnings, true).parse(in, feeder);
      } catch (IOException e) {
        throw new TransferException("cannot read " + file + ": " + IoFailures.describe(e), e);
      }
    })) {
      for (Event e; (e = pipe.take()) != null; ) {
        session.apply(e);
      }
    }
    return summary[0];
  }

  private static InputStream open(Source source, String file, AtomicLong bytesRead)
      throws IOException {
    bytesRead.set(0);
    try {
      return new BufferedInputStream(new FilterInputStream(source.open()) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            bytesRead.addAndGet(n);
          }
          return n;
        }
      }, 65536);
    } catch (NoSuchFileException e) {
      throw new TransferException("cannot import " + file + ": the file does not exist", e);
    }
  }

  private interface BackendCall<T> {
    T call();
  }

  private static <T> T backendCall(String what, BackendCall<T> call) {
    try {
      return call.call();
    } catch (TransferException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BackendException("could not " + what + ": " + e, e);
    }
  }

  private static void rollback(WriteTransaction tx, TransferException cause) {
    if (tx == null) {
      return;
    }
    try {
      tx.rollback();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.warn("rollback failed after: {}", cause.getMessage(), e);
    } finally {
      closeQuietly(tx);
    }
  }

  private static void closeQuietly(WriteTransaction tx) {
    try {
      tx.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the transaction failed: {}", e.toString());
    }
  }

  private static ImportResult failed(ImportOptions options, TransferException e,
      List<String> warnings) {
    LOG.debug("import failed", e);
    return Results.importFailed(options.dryRun(), List.of(e.getMessage()), warnings, e);
  }

  /** Mutable counters of one section. */
  static final class Counter {
    long imported;
    long overwritten;
    long skipped;
    long conflicts;
    long errors;
  }

  /** What the parser thread hands to the writing thread. */
  private static final class Event {
    static final int START = 0;
    static final int BATCH = 1;
    static final int END = 2;
    static final int VECTORS = 3;
    final int type;
    final RecordKind kind;
    final List<TransferRecord> records;
    /**
     * The records' ids, taken on the parsing thread: the writing thread's loops then call no
     * method of the six record classes, whose turns (one section after another) would each make
     * the compiler's code for those loops wrong for the next class and recompile it.
     */
    final List<String> ids;
    final List<String> paths;
    final List<FileParser.VectorEntry> vectors;

    Event(int type, RecordKind kind) {
      this(type, kind, null, null, null, null);
    }

    Event(int type, RecordKind kind, List<TransferRecord> records, List<String> ids,
        List<String> paths, List<FileParser.VectorEntry> vectors) {
      this.type = type;
      this.kind = kind;
      this.records = records;
      this.ids = ids;
      this.paths = paths;
      this.vectors = vectors;
    }
  }

  /**
   * Runs on the parser thread: decides which sections to take in this pass (dependency order,
   * exclusions) and groups records into batches.
   */
  private static final class Feeder implements FileParser.Handler {
    private final ImportOptions options;
    final SectionOrder order = new SectionOrder();
    private List<FileParser.VectorEntry> vectorBatch;
    private List<String> vectorPaths;
    Pipe<Event> pipe;
    private List<TransferRecord> records;
    private List<String> ids;
    private List<String> paths;
    private RecordKind current;

    Feeder(ImportOptions options) {
      this.options = options;
    }

    @Override
    public boolean wantSection(RecordKind kind) {
      if (kind.isRelation() && !options.importRelations()
          || kind == RecordKind.PENDING_MEMORY && !options.importPending()) {
        return false;
      }
      if (order.inSecondPass()) {
        return order.isDeferred(kind);
      }
      return !order.deferIfEarly(kind);
    }

    @Override
    public void sectionStart(RecordKind kind) {
      current = kind;
      newBatch();
      pipe.put(new Event(Event.START, kind));
    }

    private void newBatch() {
      records = new ArrayList<>(options.batchSize());
      ids = new ArrayList<>(options.batchSize());
      paths = new ArrayList<>(options.batchSize());
    }

    @Override
    public void record(TransferRecord record, String path) {
      records.add(record);
      ids.add(record.id());
      paths.add(path);
      if (records.size() >= options.batchSize()) {
        pipe.put(new Event(Event.BATCH, current, records, ids, paths, null));
        newBatch();
      }
    }

    @Override
    public boolean wantVectors() {
      return !options.reembed() && order.takeVectors();
    }

    @Override
    public void vector(FileParser.VectorEntry vector, String path) {
      if (vectorBatch == null) {
        vectorBatch = new ArrayList<>(options.batchSize());
        vectorPaths = new ArrayList<>(options.batchSize());
      }
      vectorBatch.add(vector);
      vectorPaths.add(path);
      if (vectorBatch.size() >= options.batchSize()) {
        vectorsEnd();
      }
    }

    @Override
    public void vectorsEnd() {
      if (vectorBatch != null && !vectorBatch.isEmpty()) {
        pipe.put(new Event(Event.VECTORS, null, null, null, vectorPaths, vectorBatch));
      }
      vectorBatch = null;
      vectorPaths = null;
    }

    @Override
    public void sectionEnd(RecordKind kind) {
      if (!records.isEmpty()) {
        pipe.put(new Event(Event.BATCH, current, records, ids, paths, null));
        newBatch();
      }
      pipe.put(new Event(Event.END, kind));
      order.sectionEnded(kind);
    }
  }

  /** One import, on the writing thread: applies batches to the transaction. */
  private static final class Session {
    private final WriteTransaction tx;
    private final ImportOptions options;
    private final String file;
    private final ConflictStrategy strategy;
    private final TransferListener listener;
    private final EmbeddingProvider embedder;
    private final EmbeddingStage stage;
    private final Map<RecordKind, Counter> counters = new EnumMap<>(RecordKind.class);
    final Warnings errors = new Warnings(MAX_LISTED);
    long embedded;
    /** Vectors of the file whose memory this import did not write. */
    long skippedVectors;
    private RecordKind current;
    /**
     * Whether the store held no record of the current section when it started: then none of the
     * section's records can conflict with a stored one ({@link #seen} catches the file's repeated
     * ids), and the batches skip the look-up of their own ids.
     */
    private boolean sectionWasEmpty;
    private IdFingerprints seen;
    /** The ids of the file's memories (first copies), kept for the vectors section. */
    private IdFingerprints fileMemories;
    /** The ids of the memories this import inserted or replaced. */
    private final IdFingerprints writtenMemories = new IdFingerprints();
    private VectorSpool spool;
    /**
     * The current batch. An array, not the list it came in: reading an element then needs no
     * cast, which the compiler would specialise to one record class and undo at the next section.
     */
    private TransferRecord[] batch = new TransferRecord[0];
    /** The batch's ids, by position (see {@link Event#ids}). */
    private List<String> ids = List.of();
    private List<String> paths = List.of();
    private long processed;
    /** Bytes of the input the parser has read in this pass, for progress; set on its thread. */
    final AtomicLong bytesRead = new AtomicLong();
    private final long inputSize;
    private final Map<RecordKind, Long> declared;

    Session(WriteTransaction tx, ImportOptions options, String file, EmbeddingStage stage,
        Source source) {
      this.inputSize = source.size();
      this.declared = source.declaredCounts();
      this.tx = tx;
      this.stage = stage;
      this.options = options;
      this.file = file;
      this.strategy = options.conflictStrategy();
      this.listener = options.listener();
      this.embedder = options.reembed() ? options.embeddingProvider() : null;
      for (RecordKind k : RecordKind.values()) {
        counters.put(k, new Counter());
      }
    }

    Counter stats(RecordKind kind) {
      return counters.get(kind);
    }

    Map<RecordKind, SectionStats> sectionStats() {
      Map<RecordKind, SectionStats> out = new EnumMap<>(RecordKind.class);
      counters.forEach((k, c) -> out.put(k,
          SectionStats.of(c.imported, c.overwritten, c.skipped, c.conflicts, c.errors)));
      return out;
    }

    void apply(Event e) {
      switch (e.type) {
        case Event.START:
          current = e.kind;
          sectionWasEmpty = tx.isEmpty(e.kind);
          seen = new IdFingerprints();
          processed = 0;
          listener.sectionStarted(e.kind, declared.getOrDefault(e.kind, -1L));
          break;
        case Event.BATCH:
          batch = e.records.toArray(new TransferRecord[0]);
          ids = e.ids;
          paths = e.paths;
          flush();
          break;
        case Event.VECTORS:
          vectors(e.vectors, e.paths);
          break;
        default:
          if (e.kind == RecordKind.MEMORY) {
            fileMemories = seen;
          }
          seen = null;
          listener.sectionFinished(e.kind, processed);
      }
    }

    private void flush() {
      if (batch.length == 0) {
        return;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new TransferCancelledException("import of " + file + " cancelled at "
            + paths.get(0) + "; nothing was changed");
      }
      try {
        apply();
      } catch (BackendException e) {
        throw located(e);
      } catch (TransferException | EmbeddingStage.Miss e) {
        throw e;
      } catch (RuntimeException e) {
        throw new BackendException("the target store failed while importing "
            + current.sectionName() + " (batch starting at " + paths.get(0) + " of " + file
            + "): " + e, e);
      }
      processed += batch.length;
      listener.progress(current, processed);
      listener.inputRead(bytesRead.get(), inputSize);
    }

    /**
     * A store's refusal of one record of the batch ("Cannot store memory 'm1' in …"), with where
     * the record is in the input: its JSON path and the file. Any other failure is returned as it
     * is.
     */
    private BackendException located(BackendException e) {
      String message = e.getMessage();
      if (e.getClass() != BackendException.class || message == null) {
        return e;
      }
      for (int i = 0; i < batch.length; i++) {
        if (message.contains(current.displayName() + " '" + ids.get(i) + "'")) {
          String sentence = message.endsWith(".")
              ? message.substring(0, message.length() - 1) : message;
          return new BackendException(sentence + " (the record at " + paths.get(i) + " in "
              + file + ").", e);
        }
      }
      return e;
    }

    /**
     * Applies one batch in four named steps: {@link #classify} (duplicates within the file,
     * missing references), {@link #resolveConflicts} (which ids exist, what the strategy does
     * with each), {@link #write} (replacements, then inserts, with the store's refusals), and
     * {@link #embed} (the staged vectors of the memories written).
     */
    private void apply() {
      RecordKind kind = current;
      Counter c = counters.get(kind);
      boolean[] live = classify(kind, c);
      List<String> liveIds = new ArrayList<>(batch.length);
      for (int i = 0; i < batch.length; i++) {
        if (live[i]) {
          liveIds.add(ids.get(i));
        }
      }
      if (liveIds.isEmpty()) {
        return;
      }
      Plan plan = resolveConflicts(kind, c, live, liveIds);
      List<Integer> written = write(kind, c, plan);
      if (embedder != null && kind == RecordKind.MEMORY && !written.isEmpty()) {
        List<Memory> memories = new ArrayList<>(written.size());
        List<Integer> ordinals = new ArrayList<>(written.size());
        for (int i : written) {
          memories.add((Memory) batch[i]);
          ordinals.add((int) processed + i);
        }
        embed(memories, ordinals);
      }
    }

    /** What a batch writes: positions in the batch, in batch order. */
    private static final class Plan {
      final List<Integer> inserts = new ArrayList<>();
      final List<Integer> replacements = new ArrayList<>();
    }

    /**
     * Step 1, classify: which records of the batch go on. A record whose id came earlier in the
     * section, or whose referenced document or memory does not exist, is skipped and reported.
     *
     * @return per position in the batch, whether the record goes on
     */
    private boolean[] classify(RecordKind kind, Counter c) {
      int n = batch.length;
      boolean[] live = new boolean[n];
      for (int i = 0; i < n; i++) {
        String id = ids.get(i);
        live[i] = seen.add(id);
        if (!live[i]) {
          c.skipped++;
          c.errors++;
          errors.add(kind.displayName() + " '" + id + "' at " + paths.get(i)
              + " appears more than once in the file; the later copy was skipped");
        }
      }
      checkReferences(kind, live, c);
      return live;
    }

    /**
     * Step 2, resolve conflicts: one look-up of the ids that exist (and, for a strategy that
     * looks at them, of the existing records), then the strategy decides each conflict. Nothing
     * is written yet; a conflict the strategy refuses fails the import here.
     */
    private Plan resolveConflicts(RecordKind kind, Counter c, boolean[] live,
        List<String> liveIds) {
      Set<String> existing = sectionWasEmpty ? Set.of() : tx.existingIds(kind, liveIds);
      Map<String, TransferRecord> existingRecords = !existing.isEmpty()
          && strategy.needsExistingRecord() ? tx.find(kind, existing) : Map.of();
      Plan plan = new Plan();
      for (int i = 0; i < batch.length; i++) {
        if (!live[i]) {
          continue;
        }
        String id = ids.get(i);
        if (!existing.contains(id)) {
          plan.inserts.add(i);
          continue;
        }
        c.conflicts++;
        TransferRecord r = batch[i];
        ConflictStrategy.Resolution resolution = Objects.requireNonNull(
            strategy.resolve(existingRecords.get(id), r),
            () -> "conflict strategy '" + strategy.name() + "' returned null");
        switch (resolution) {
          case KEEP_EXISTING:
            c.skipped++;
            break;
          case REPLACE:
            plan.replacements.add(i);
            break;
          case FAIL:
          default:
            throw new ConflictException(kind, id, file + ": " + kind.displayName() + " '"
                + id + "' at " + paths.get(i) + " already exists in the target store and "
                + "the conflict strategy '" + strategy.name() + "' refuses conflicts; nothing "
                + "was imported");
        }
      }
      return plan;
    }

    /**
     * Step 3, write: the replacements, then the inserts in one call; records the store refuses
     * for a natural-key duplicate are skipped and reported.
     *
     * @return the positions of the memories written (replaced, then inserted), for step 4
     */
    private List<Integer> write(RecordKind kind, Counter c, Plan plan) {
      List<Integer> written = new ArrayList<>(plan.replacements.size() + plan.inserts.size());
      for (int i : plan.replacements) {
        tx.replace(batch[i]);
        c.overwritten++;
        written.add(i);
      }
      if (!plan.inserts.isEmpty()) {
        List<TransferRecord> inserts = new ArrayList<>(plan.inserts.size());
        for (int i : plan.inserts) {
          inserts.add(batch[i]);
        }
        List<TransferRecord> refused = tx.insertAll(inserts);
        Set<TransferRecord> refusedSet =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < refused.size(); i++) {
          refusedSet.add(refused.get(i));
        }
        for (int i : plan.inserts) {
          if (!refusedSet.isEmpty() && refusedSet.contains(batch[i])) {
            c.skipped++;
            c.errors++;
            errors.add(kind.displayName() + " '" + ids.get(i) + "' at " + paths.get(i)
                + " was skipped: the target store already has a " + kind.displayName()
                + " with the same natural key (" + naturalKey(batch[i]) + ")");
          } else {
            c.imported++;
            written.add(i);
          }
        }
      }
      if (kind == RecordKind.MEMORY) {
        for (int i : written) {
          writtenMemories.add(ids.get(i));
        }
      }
      return written;
    }

    /**
     * Checks a batch of the file's vectors against its memories and spools those of memories
     * this import wrote; they are stored once the file's metadata is known ({@link
     * #restoreSpooled}).
     */
    private void vectors(List<FileParser.VectorEntry> vectors, List<String> at) {
      if (Thread.currentThread().isInterrupted()) {
        throw new TransferCancelledException("import of " + file + " cancelled at "
            + at.get(0) + "; nothing was changed");
      }
      for (int i = 0; i < vectors.size(); i++) {
        FileParser.VectorEntry v = vectors.get(i);
        if (fileMemories == null || !fileMemories.contains(v.memoryId)) {
          throw new ai.doclea.transfer.api.InvalidFileException(file + ": the vector at "
              + at.get(i) + " belongs to memory '" + v.memoryId + "', which is not in the"
              + " file's data.memories; nothing was imported", file, at.get(i) + ".memoryId",
              v.memoryId, null);
        }
        if (!writtenMemories.contains(v.memoryId)) {
          skippedVectors++;
          continue;
        }
        if (spool == null) {
          spool = new VectorSpool();
        }
        spool.add(v);
      }
    }

    /** Stores the spooled vectors through the transaction; returns how many. */
    long restoreSpooled(String provider, String model) {
      if (spool == null) {
        return 0;
      }
      long[] n = new long[1];
      List<StoredVector> pending = new ArrayList<>(options.batchSize());
      spool.drain((memoryId, vectorId, vector) -> {
        pending.add(new StoredVector(memoryId, provider, model, vector, vectorId));
        if (pending.size() >= options.batchSize()) {
          storeVectors(pending);
          n[0] += pending.size();
          pending.clear();
        }
      });
      storeVectors(pending);
      return n[0] + pending.size();
    }

    private void storeVectors(List<StoredVector> batch) {
      if (batch.isEmpty()) {
        return;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new TransferCancelledException("import of " + file + " cancelled while"
            + " restoring vectors; nothing was changed");
      }
      tx.storeVectors(List.copyOf(batch));
    }

    void closeSpool() {
      if (spool != null) {
        spool.close();
        spool = null;
      }
    }

    private void checkReferences(RecordKind kind, boolean[] live, Counter c) {
      RecordKind target = SectionOrder.dependency(kind);
      if (target == null) {
        return;
      }
      Set<String> refs = new LinkedHashSet<>();
      for (int i = 0; i < batch.length; i++) {
        if (live[i]) {
          for (String ref : references(kind, batch[i])) {
            refs.add(ref);
          }
        }
      }
      if (refs.isEmpty()) {
        return;
      }
      Set<String> present = tx.existingIds(target, refs);
      for (int i = 0; i < batch.length; i++) {
        if (!live[i]) {
          continue;
        }
        for (String ref : references(kind, batch[i])) {
          if (!present.contains(ref)) {
            live[i] = false;
            c.skipped++;
            c.errors++;
            errors.add(kind.displayName() + " '" + ids.get(i) + "' at " + paths.get(i)
                + " was skipped: its " + target.displayName() + " '" + ref
                + "' does not exist");
            break;
          }
        }
      }
    }

    private static String naturalKey(TransferRecord r) {
      if (r instanceof MemoryRelation) {
        MemoryRelation m = (MemoryRelation) r;
        return "source '" + m.sourceId() + "', target '" + m.targetId() + "', type '" + m.type()
            + "'";
      }
      if (r instanceof CrossLayerRelation) {
        CrossLayerRelation x = (CrossLayerRelation) r;
        return "memory '" + x.memoryId() + "', code node '" + x.codeNodeId() + "', type '"
            + x.relationType() + "'";
      }
      return "id '" + r.id() + "'";
    }

    private static final String[] NO_REFERENCES = new String[0];

    /**
     * The ids a record refers to. By kind, so that each cast sees one record class; an array, so
     * that its callers' loops see one collection class.
     */
    private static String[] references(RecordKind kind, TransferRecord r) {
      switch (kind) {
        case CHUNK:
          return new String[] {((Chunk) r).documentId()};
        case MEMORY_RELATION:
          MemoryRelation m = (MemoryRelation) r;
          return m.sourceId().equals(m.targetId()) ? new String[] {m.sourceId()}
              : new String[] {m.sourceId(), m.targetId()};
        case CROSS_LAYER_RELATION:
          return new String[] {((CrossLayerRelation) r).memoryId()};
        default:
          return NO_REFERENCES;
      }
    }

    /**
     * Step 4, embed: stores the staged vectors of the memories just written. The stage is read in
     * file order, so the memories are taken by ordinal (replacements and inserts of a batch
     * interleave).
     */
    private void embed(List<Memory> memories, List<Integer> ordinals) {
      if (options.dryRun()) {
        embedded += memories.size();
        return;
      }
      Integer[] order = new Integer[memories.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, java.util.Comparator.comparingInt(ordinals::get));
      for (int i : order) {
        Memory m = memories.get(i);
        tx.storeVector(new StoredVector(m.id(), embedder.providerName(), embedder.modelName(),
            stage.vector(ordinals.get(i), m.id())));
      }
      embedded += memories.size();
    }
  }
}
