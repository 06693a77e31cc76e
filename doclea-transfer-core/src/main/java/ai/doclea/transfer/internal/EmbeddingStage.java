package ai.doclea.transfer.internal;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BuiltInConflictStrategy;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.IoFailures;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-embedding before the write phase, so that the target's write lock is never held while a
 * model runs. A pass over the file's memories section embeds {@code title + "\n\n" + content} of
 * every memory the import may write (the first copy of each id; with {@code skip} or {@code
 * error}, only ids the store does not hold yet, from one scan of a read snapshot) and spools the
 * vectors, in file order, to a temporary file (0600). The write phase then takes them in the same
 * order. A memory the write phase writes but the pass did not predict (the store changed
 * meanwhile) makes the import roll back and start again with every memory embedded.
 */
final class EmbeddingStage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingStage.class);

  private final Path spool;
  private final long staged;
  private DataInputStream in;
  private int nextOrdinal = -1;
  private String nextId;
  private float[] nextVector;
  private boolean exhausted;

  /** Thrown by {@link #vector} when the write phase needs a vector the pass did not make. */
  static final class Miss extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Miss(String id) {
      super("no staged vector for memory '" + id + "'", null, false, false);
    }
  }

  private EmbeddingStage(Path spool, long staged) {
    this.spool = spool;
    this.staged = staged;
  }

  long staged() {
    return staged;
  }

  /**
   * Embeds the memories an import may write.
   *
   * @param filterExisting whether to leave out memories the store holds (skip and error only)
   */
  static EmbeddingStage prepare(StorageBackend backend, Importer.Source source, String file,
      ImportOptions options, boolean filterExisting) {
    EmbeddingProvider embedder = options.embeddingProvider();
    IdFingerprints existing = null;
    String strategy = options.conflictStrategy().name();
    if (filterExisting && options.conflictStrategy() instanceof BuiltInConflictStrategy
        && (strategy.equals("skip") || strategy.equals("error"))) {
      existing = existingMemoryIds(backend);
    }
    Path spool = createSpool();
    boolean ok = false;
    try (DataOutputStream out = new DataOutputStream(
        new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16))) {
      Collector collector = new Collector(options, embedder, existing, out, file);
      try (InputStream raw = new BufferedInputStream(source.open(), 1 << 16)) {
        new FileParser(file, options.limits(), new Warnings(1), true).parse(raw, collector);
      }
      collector.flush();
      ok = true;
      LOG.debug("staged {} vectors for {} before the write phase", collector.staged, file);
      return new EmbeddingStage(spool, collector.staged);
    } catch (IOException e) {
      throw new TransferException("cannot stage the vectors of " + file + " in " + spool + ": "
          + IoFailures.describe(e) + "; " + Spools.roomAdvice(), e);
    } finally {
      if (!ok) {
        delete(spool);
      }
    }
  }

  private static IdFingerprints existingMemoryIds(StorageBackend backend) {
    IdFingerprints ids = new IdFingerprints();
    try (ReadSnapshot snapshot = backend.openSnapshot();
        RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.MEMORY)) {
      while (cursor.hasNext()) {
        ids.add(cursor.next().id());
      }
    }
    return ids;
  }

  static Path createSpool() {
    try {
      return Spools.create("vectors");
    } catch (IOException e) {
      throw new TransferException("cannot create a temporary file for the vectors in "
          + Spools.directory() + ": " + IoFailures.describe(e) + "; " + Spools.roomAdvice(), e);
    }
  }

  /** Runs on the parsing thread: batches memories, embeds them, writes the spool. */
  private static final class Collector implements FileParser.Handler {
    private final ImportOptions options;
    private final EmbeddingProvider embedder;
    private final IdFingerprints existing;
    private final IdFingerprints seen = new IdFingerprints();
    private final DataOutputStream out;
    private final String file;
    private final List<Memory> batch = new ArrayList<>();
    private final List<Integer> ordinals = new ArrayList<>();
    private int ordinal;
    long staged;

    Collector(ImportOptions options, EmbeddingProvider embedder, IdFingerprints existing,
        DataOutputStream out, String file) {
      this.options = options;
      this.embedder = embedder;
      this.existing = existing;
      this.out = out;
      this.file = file;
    }

    @Override
    public boolean wantSection(RecordKind kind) {
      return kind == RecordKind.MEMORY;
    }

    @Override
    public void record(TransferRecord record, String path) {
      int at = ordinal++;
      if (!seen.add(record.id()) || existing != null && existing.contains(record.id())) {
        return;
      }
      batch.add((Memory) record);
      ordinals.add(at);
      if (batch.size() >= options.embeddingBatchSize()) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new TransferCancelledException("import of " + file + " cancelled while"
            + " embedding; nothing was changed");
      }
      List<String> texts = new ArrayList<>(batch.size());
      for (Memory m : batch) {
        texts.add(m.title() + "\n\n" + m.content());
      }
      List<float[]> vectors;
      try {
        vectors = embedder.embed(texts);
      } catch (TransferException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TransferException("the embedding provider '" + embedder.providerName()
            + "' failed on memory '" + batch.get(0).id() + "' and the next " + (batch.size() - 1)
            + ": " + e + "; nothing was imported", e);
      }
      if (vectors == null || vectors.size() != batch.size()) {
        throw new TransferException("the embedding provider '" + embedder.providerName()
            + "' returned " + (vectors == null ? "null" : vectors.size() + " vectors")
            + " for " + batch.size() + " texts; nothing was imported");
      }
      try {
        for (int i = 0; i < batch.size(); i++) {
          float[] v = vectors.get(i);
          if (v == null || v.length != embedder.dimensions()) {
            throw new TransferException("the embedding provider '" + embedder.providerName()
                + "' returned a vector of " + (v == null ? "null" : v.length + " dimensions")
                + " for memory '" + batch.get(i).id() + "', expected " + embedder.dimensions()
                + "; nothing was imported");
          }
          byte[] id = batch.get(i).id().getBytes(StandardCharsets.UTF_8);
          out.writeInt(ordinals.get(i));
          out.writeInt(id.length);
          out.write(id);
          out.writeInt(v.length);
          for (float f : v) {
            out.writeFloat(f);
          }
        }
      } catch (IOException e) {
        throw new TransferException("cannot write the staged vectors to a temporary file in "
            + Spools.directory() + ": " + IoFailures.describe(e) + "; " + Spools.roomAdvice(), e);
      }
      staged += batch.size();
      options.listener().embedded(staged, -1);
      batch.clear();
      ordinals.clear();
    }
  }

  /**
   * The staged vector of the memory at {@code ordinal} in the memories section; calls come in
   * increasing ordinal order.
   *
   * @throws Miss when the pass did not embed that memory
   */
  float[] vector(int ordinal, String id) {
    try {
      if (in == null) {
        in = new DataInputStream(new BufferedInputStream(Files.newInputStream(spool), 1 << 16));
      }
      while (!exhausted && (nextOrdinal < ordinal)) {
        advance();
      }
    } catch (IOException e) {
      throw new TransferException("cannot read the staged vectors in " + spool + ": "
          + IoFailures.describe(e), e);
    }
    if (!exhausted && nextOrdinal == ordinal && nextId.equals(id)) {
      return nextVector;
    }
    throw new Miss(id);
  }

  private void advance() throws IOException {
    try {
      nextOrdinal = in.readInt();
    } catch (EOFException e) {
      exhausted = true;
      return;
    }
    byte[] id = new byte[in.readInt()];
    in.readFully(id);
    nextId = new String(id, StandardCharsets.UTF_8);
    float[] v = new float[in.readInt()];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readFloat();
    }
    nextVector = v;
  }

  @Override
  public void close() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        LOG.warn("closing the staged vectors failed: {}", e.toString());
      }
    }
    delete(spool);
  }

  private static void delete(Path spool) {
    try {
      Files.deleteIfExists(spool);
    } catch (IOException e) {
      LOG.warn("could not delete the staged vectors {}: {}", spool, e.toString());
    }
  }
}
