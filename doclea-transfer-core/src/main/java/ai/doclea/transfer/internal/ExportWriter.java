package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferListener;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.JsonRowCursor;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes a store as an export file, format 1.0.0, streaming one record at a time: the one place
 * that knows the file's layout on the writing side.
 */
final class ExportWriter {
  static final String FORMAT_VERSION = "1.0.0";
  /** The name of the optional vectors section, and of its key in {@code metadata.counts}. */
  static final String VECTORS = "vectors";
  private static final int PROGRESS_EVERY = 1024;
  private static final int BATCH = 256;
  /** A section's array is three levels deep: the file's object, {@code data}, the array. */
  static final int SECTION_DEPTH = 3;
  /**
   * Bytes of rendered records handed over at a time: less than {@link Utf8Writer}'s buffer, which
   * a batch is rendered into. Each hand-over wakes the writer thread, which waits for the reader
   * nearly all the time, and a wake-up costs tens of microseconds on a virtual machine: 100,000
   * memories took 8,500 of them with 32 KB batches, 0.35 s of the reader's time (issue 14).
   */
  static final int RENDERED_BATCH_BYTES = 192 * 1024;

  /** What was written. */
  static final class Written {
    final Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    String sha256;
    /** What the vectors section held, or null when it was not written. */
    VectorSection vectors;
    /** What the store holds that the file cannot carry ({@link ReadSnapshot#notes}). */
    final List<String> notes = new ArrayList<>();
  }

  /** The facts of a written {@code data.vectors} section. */
  static final class VectorSection {
    long count;
    int dimensions = -1;
    String provider;
    String model;
  }

  private ExportWriter() {}

  /**
   * Writes the whole file. Does not close {@code out}; flushes it.
   *
   * @throws IOException when the stream fails
   * @throws TransferException when the backend fails
   */
  static Written write(StorageBackend backend, OutputStream out, ExportOptions options)
      throws IOException {
    Written written = new Written();
    TransferListener listener = options.listener();
    BackendInfo info = backend.info();
    DigestingOutputStream digesting = new DigestingOutputStream(out);
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(digesting));
    try (ReadSnapshot snapshot = backend.openSnapshot()) {
      written.notes.addAll(snapshot.notes());
      w.beginObject();
      w.name("version").value(FORMAT_VERSION);
      w.name("exportedAt").value(options.clock().instant().getEpochSecond());
      w.name("backendType").value(info.backendType());
      w.name("storageMode").value(options.storageMode() != null ? options.storageMode()
          : info.storageMode());
      w.name("schemaVersion").value(info.schemaVersion());
      w.name("data");
      w.flush();
      digesting.arm();
      w.beginObject();
      try (ReadAhead ahead = options.selection().isAll()
          ? ReadAhead.start(snapshot, readAhead(options)) : null) {
        for (RecordKind kind : RecordKind.values()) {
          w.name(kind.sectionName()).beginArray();
          long n = 0;
          if (included(kind, options)) {
            n = ahead != null && ahead.covers(kind)
                ? aheadSection(ahead, snapshot, kind, w, listener)
                : section(snapshot, kind, w, listener, options.selection());
          }
          w.endArray();
          written.counts.put(kind, n);
        }
      }
      if (options.includeVectors()) {
        written.vectors = vectors(backend, info, snapshot, w, options.selection());
      }
      w.endObject();
      w.flush();
      written.sha256 = digesting.disarm();
      // Asked again: notes about the values read come once they have been read.
      for (String note : snapshot.notes()) {
        if (!written.notes.contains(note)) {
          written.notes.add(note);
        }
      }
      w.name("metadata").beginObject();
      w.name("totalMemories").value(written.counts.get(RecordKind.MEMORY));
      VectorSection vs = written.vectors;
      String provider = vs != null && vs.provider != null ? vs.provider : info.embeddingProvider();
      String model = vs != null && vs.model != null ? vs.model : info.embeddingModel();
      if (provider != null) {
        w.name("embeddingProvider").value(provider);
      }
      if (model != null) {
        w.name("embeddingModel").value(model);
      }
      if (vs != null && vs.dimensions > 0) {
        w.name("dimensions").value(vs.dimensions);
      }
      w.name("counts").beginObject();
      for (RecordKind kind : RecordKind.values()) {
        w.name(kind.sectionName()).value(written.counts.get(kind));
      }
      if (vs != null) {
        w.name(VECTORS).value(vs.count);
      }
      w.endObject();
      w.name("sha256").value(written.sha256);
      if (!options.selection().isAll()) {
        w.name("selection").rawValue(options.selection().toJson());
      }
      w.endObject();
      w.endObject();
      w.flush();
    }
    return written;
  }

  /**
   * Records handed from the reader thread to the writer, with the UTF-8 bytes of their text
   * fields when the backend offers them ({@link ReadSnapshot#readUtf8}).
   */
  private static final class Batch {
    final List<TransferRecord> records = new ArrayList<>(BATCH);
    final List<byte[][]> texts;
    /** Or: records already written as the section's array elements ({@link #renderBatches}). */
    byte[] rendered;
    int renderedLength;
    int renderedRecords;
    /** Where the writer gives {@link #rendered} back once written, for the reader to reuse. */
    java.util.Queue<byte[]> spent;

    Batch(boolean utf8) {
      texts = utf8 ? new ArrayList<>(BATCH) : null;
    }

    static Batch rendered(ByteSink sink, int records) {
      Batch batch = new Batch(false);
      batch.rendered = sink.bytes();
      batch.renderedLength = sink.length();
      batch.renderedRecords = records;
      batch.spent = sink.spent;
      sink.reset();
      return batch;
    }
  }

  /**
   * The bytes a batch of records is rendered into, handed over whole. The arrays go round: the
   * writer gives each back when it has written it (a fresh 64 KB array per batch cost a C1-only
   * export a tenth of its time), so a section allocates no more of them than are in flight.
   */
  private static final class ByteSink extends OutputStream {
    /** Arrays the writer has finished with; more than the pipe holds are never in flight. */
    final java.util.Queue<byte[]> spent = new java.util.concurrent.ArrayBlockingQueue<>(8);
    /** Null until a batch's first bytes come: the last batch of a section may be small. */
    private byte[] bytes;
    private int length;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (bytes == null) {
        bytes = fresh(len);
      } else if (length + len > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + len));
      }
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    /**
     * An array for a batch whose first write is {@code len} bytes: one the writer gave back, or
     * a new one, of the size the writer gives back when the batch is a whole one, else of the
     * batch's size (a short section's only batch, or a section's last one).
     */
    private byte[] fresh(int len) {
      byte[] reused = spent.poll();
      if (reused != null && reused.length >= len) {
        return reused;
      }
      return new byte[len < RENDERED_BATCH_BYTES ? len : Math.max(len, 2 * RENDERED_BATCH_BYTES)];
    }

    byte[] bytes() {
      return bytes;
    }

    int length() {
      return length;
    }

    /** Starts the next batch (its array comes with its first bytes; the old went to the writer). */
    void reset() {
      bytes = null;
      length = 0;
    }
  }

  /**
   * Runs on the reader thread when the backend renders the section's rows as JSON ({@link
   * ReadSnapshot#readJsonRows}; only for a whole store): writes each row as the section's array
   * element into batches of bytes, rows the store did not render or {@link JsonRows} did not
   * accept as records. Returns false, having read nothing, when the backend does not offer it.
   */
  private static boolean renderBatches(ReadSnapshot snapshot, RecordKind kind,
      BatchSink pipe) throws IOException {
    List<JsonRows.Field> fields = JsonRows.fieldsOf(kind);
    if (fields == null) {
      return false;
    }
    Optional<JsonRowCursor<? extends TransferRecord>> opened =
        snapshot.readJsonRows(kind, JsonRows.keysOf(kind));
    if (opened.isEmpty()) {
      return false;
    }
    ByteSink sink = new ByteSink();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(sink), SECTION_DEPTH);
    try (JsonRowCursor<? extends TransferRecord> cursor = opened.get()) {
      RowLoop rows = new RowLoop(cursor, kind, w, new JsonRows.Renderer(fields));
      while (!rows.ended) {
        int records = rows.fill();
        w.flush();
        if (records > 0) {
          pipe.put(Batch.rendered(sink, records));
        }
      }
    }
    return true;
  }

  /**
   * Renders a section's rows, a batch's worth of bytes per {@link #fill} call. The row loop is a
   * method called once per batch, so that the compiler compiles it once as a method, rather than
   * on the stack of a loop that runs the whole section and then again as a method.
   */
  private static final class RowLoop {
    private final JsonRowCursor<? extends TransferRecord> cursor;
    private final RecordKind kind;
    private final JsonBytesWriter w;
    private final JsonRows.Renderer renderer;
    private final JsonRows.Apart apart;
    private final List<String> textFields;
    private final RecordWriter.Texts texts;
    /** Whether the cursor has no more rows. */
    boolean ended;

    RowLoop(JsonRowCursor<? extends TransferRecord> cursor, RecordKind kind, JsonBytesWriter w,
        JsonRows.Renderer renderer) {
      this.cursor = cursor;
      this.kind = kind;
      this.w = w;
      this.renderer = renderer;
      renderer.prepare(w.depth());
      this.apart = new CursorValues(cursor);
      this.textFields = RecordWriter.TEXT_FIELDS.get(kind);
      this.texts = new RecordWriter.Texts(textFields);
    }

    /** Renders rows until a batch's worth of bytes is buffered or the rows end; how many. */
    int fill() throws IOException {
      int records = 0;
      while (w.buffered() < RENDERED_BATCH_BYTES) {
        if (!cursor.advance()) {
          ended = true;
          break;
        }
        byte[] json = cursor.json();
        if (json == null || !renderer.render(w, json, cursor.jsonLength(), apart)) {
          writeAsRecord(cursor, kind, w, textFields, texts);
        }
        records++;
      }
      return records;
    }
  }

  /** The values a cursor's rows hold apart. */
  private static final class CursorValues implements JsonRows.Apart {
    private final JsonRowCursor<?> cursor;

    CursorValues(JsonRowCursor<?> cursor) {
      this.cursor = cursor;
    }

    @Override
    public double real(int field) {
      return cursor.real(field);
    }

    @Override
    public byte[] jsonText(int field) {
      return cursor.jsonText(field);
    }
  }

  /** A row the store did not render, or the renderer did not accept, written as its record. */
  private static void writeAsRecord(JsonRowCursor<? extends TransferRecord> cursor,
      RecordKind kind, JsonBytesWriter w, List<String> textFields, RecordWriter.Texts texts)
      throws IOException {
    TransferRecord record = cursor.record();
    if (record.kind() != kind) {
      throw new BackendException("the backend returned a " + record.kind().displayName()
          + " ('" + record.id() + "') while reading " + kind.sectionName());
    }
    byte[][] bytes = new byte[textFields.size()][];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = cursor.utf8(textFields.get(i));
    }
    RecordWriter.writeOne(w, kind, record, texts.of(bytes));
  }

  /** Takes the batches of a section. */
  private interface BatchSink {
    void put(Batch batch) throws IOException;
  }

  /** Runs on the reader thread: the cursor is opened, read and closed there. */
  private static void readBatches(ReadSnapshot snapshot, RecordKind kind, Selection selection,
      BatchSink pipe) throws IOException {
    Utf8RecordCursor<? extends TransferRecord> utf8 =
        snapshot.readUtf8(kind, selection).orElse(null);
    List<String> fields = RecordWriter.TEXT_FIELDS.get(kind);
    try (RecordCursor<? extends TransferRecord> cursor = utf8 != null ? utf8
        : selection.isAll() ? snapshot.read(kind) : snapshot.read(kind, selection)) {
      Batch batch = new Batch(utf8 != null);
      while (cursor.hasNext()) {
        batch.records.add(cursor.next());
        if (utf8 != null) {
          byte[][] texts = new byte[fields.size()][];
          for (int i = 0; i < texts.length; i++) {
            texts[i] = utf8.utf8(fields.get(i));
          }
          batch.texts.add(texts);
        }
        if (batch.records.size() == BATCH) {
          pipe.put(batch);
          batch = new Batch(utf8 != null);
        }
      }
      if (!batch.records.isEmpty()) {
        pipe.put(batch);
      }
    }
  }

  /**
   * Writes {@code data.vectors}: one entry per selected memory that has a vector, {@code
   * memoryId}, {@code id} (when the store names its vectors) and {@code vector}, the base64 of
   * the little-endian float32 bytes. Every vector must be of one provider, model and length.
   */
  private static VectorSection vectors(StorageBackend backend, BackendInfo info,
      ReadSnapshot snapshot, JsonBytesWriter w, Selection selection) throws IOException {
    VectorSection vs = new VectorSection();
    vs.dimensions = backend.vectorDimensions().orElse(-1);
    vs.provider = info.embeddingProvider();
    vs.model = info.embeddingModel();
    w.name(VECTORS).beginArray();
    java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
    String previous = null;
    try (RecordCursor<StoredVector> cursor = snapshot.vectors(selection)) {
      while (cursor.hasNext()) {
        StoredVector v = cursor.next();
        String memoryId = v.memoryId();
        float[] components = v.vector();
        if (memoryId == null || components == null) {
          throw new BackendException("the backend returned a vector without a memory id or"
              + " components while reading the vectors (after memory '" + previous + "')");
        }
        if (memoryId.equals(previous)) {
          throw new BackendException("the backend returned two vectors for memory '" + memoryId
              + "'; an export carries one vector per memory");
        }
        if (vs.dimensions < 0) {
          vs.dimensions = components.length;
        }
        if (components.length != vs.dimensions || components.length == 0) {
          throw new BackendException("the vector of memory '" + memoryId + "' has "
              + components.length + " dimensions, but the store's vectors have "
              + vs.dimensions + "; an export with vectors needs vectors of one length (export"
              + " without vectors, or re-embed the store)");
        }
        vs.provider = same("embedding provider", vs.provider, v.provider(), memoryId);
        vs.model = same("embedding model", vs.model, v.model(), memoryId);
        for (float f : components) {
          if (!Float.isFinite(f)) {
            throw new BackendException("the vector of memory '" + memoryId + "' has a"
                + " non-finite component (" + f + "); export without vectors, or re-embed it");
          }
        }
        w.beginObject();
        w.name("memoryId").value(memoryId);
        if (v.vectorId() != null && !v.vectorId().isEmpty()) {
          w.name("id").value(v.vectorId());
        }
        w.name("vector").rawValue('"' + base64.encodeToString(Float32.encode(components)) + '"');
        w.endObject();
        vs.count++;
        previous = memoryId;
        if ((vs.count & 1023) == 0 && Thread.currentThread().isInterrupted()) {
          throw new TransferCancelledException("export cancelled while writing the vectors"
              + " after " + vs.count);
        }
      }
    }
    w.endArray();
    if (vs.count > 0 && (vs.provider == null || vs.model == null)) {
      throw new BackendException("the store's vectors do not say which embedding provider and"
          + " model made them; an export with vectors must record that");
    }
    return vs;
  }

  private static String same(String what, String known, String found, String memoryId) {
    if (found == null || found.equals(known)) {
      return known == null ? found : known;
    }
    if (known == null) {
      return found;
    }
    throw new BackendException("the vector of memory '" + memoryId + "' was made with the "
        + what + " '" + found + "', but the store's vectors are of '" + known + "'; an export"
        + " with vectors needs vectors of one model (export without vectors, or re-embed)");
  }

  static boolean included(RecordKind kind, ExportOptions options) {
    if (kind.isRelation()) {
      return options.includeRelations();
    }
    if (kind == RecordKind.PENDING_MEMORY) {
      return options.includePending();
    }
    return options.selection().includeDocuments() || (kind != RecordKind.DOCUMENT
        && kind != RecordKind.CHUNK);
  }

  /**
   * The sections an export of a whole store reads ahead ({@link ReadAhead}): the included ones
   * after the first, which the writer reads itself meanwhile.
   */
  static List<RecordKind> readAhead(ExportOptions options) {
    List<RecordKind> kinds = new ArrayList<>();
    for (RecordKind kind : RecordKind.values()) {
      if (included(kind, options)) {
        kinds.add(kind);
      }
    }
    return kinds.isEmpty() ? kinds : kinds.subList(1, kinds.size());
  }

  /** A section read ahead: copied from the spool, or read here when it was not spooled. */
  private static long aheadSection(ReadAhead ahead, ReadSnapshot snapshot, RecordKind kind,
      JsonBytesWriter w, TransferListener listener) throws IOException {
    started(snapshot, kind, listener, Selection.ALL);
    long n = ahead.copy(kind, w);
    if (n < 0) {
      n = records(snapshot, kind, w, listener, Selection.ALL);
    } else if (n > 0) {
      listener.progress(kind, n);
    }
    listener.sectionFinished(kind, n);
    return n;
  }

  /**
   * Writes a section's records into the current array of {@code w} from a snapshot of a whole
   * store, without a listener ({@link ReadAhead}).
   *
   * @return how many
   */
  static long sectionRecords(ReadSnapshot snapshot, RecordKind kind, JsonBytesWriter w)
      throws IOException {
    return records(snapshot, kind, w, TransferListener.NONE, Selection.ALL);
  }

  private static void started(ReadSnapshot snapshot, RecordKind kind, TransferListener listener,
      Selection selection) {
    if (listener != TransferListener.NONE) {
      // Counting may cost a scan of the table; only pay for it when someone shows progress.
      // A slice has fewer records than the section; its size is not known in advance.
      OptionalLong expected = selection.isAll() ? snapshot.count(kind) : OptionalLong.empty();
      listener.sectionStarted(kind, expected.isPresent() ? expected.getAsLong() : -1);
    }
  }

  private static long section(ReadSnapshot snapshot, RecordKind kind, JsonBytesWriter w,
      TransferListener listener, Selection selection) throws IOException {
    started(snapshot, kind, listener, selection);
    long n = records(snapshot, kind, w, listener, selection);
    listener.sectionFinished(kind, n);
    return n;
  }

  private static long records(ReadSnapshot snapshot, RecordKind kind, JsonBytesWriter w,
      TransferListener listener, Selection selection) throws IOException {
    long n = 0;
    RecordWriter.Texts texts = new RecordWriter.Texts(RecordWriter.TEXT_FIELDS.get(kind));
    // Two threads: reading (SQLite, JNI, records) overlaps encoding and writing. Measured
    // against one thread doing both (issue 14): the same CPU time, less wall time.
    try (Pipe<Batch> pipe = new Pipe<>("doclea-export-reader", "reading the store", 4, p -> {
      if (!selection.isAll() || !renderBatches(snapshot, kind, p::put)) {
        readBatches(snapshot, kind, selection, p::put);
      }
    })) {
      for (Batch batch; (batch = pipe.take()) != null; ) {
        n = writeBatch(w, kind, batch, texts, n, listener);
      }
    }
    return n;
  }

  /** Writes one batch; returns the section's count after it. */
  private static long writeBatch(JsonBytesWriter w, RecordKind kind, Batch batch,
      RecordWriter.Texts texts, long n, TransferListener listener) throws IOException {
    long after;
    if (batch.rendered != null) {
      w.rawElements(batch.rendered, 0, batch.renderedLength);
      after = n + batch.renderedRecords;
      // Written through (rawElements copies or writes it before it returns): the reader may
      // render into it again. An array grown for a huge record is let go.
      if (batch.rendered.length == 2 * RENDERED_BATCH_BYTES) {
        batch.spent.offer(batch.rendered);
      }
      batch.rendered = null;
    } else {
      List<TransferRecord> records = batch.records;
      for (int i = 0; i < records.size(); i++) {
        TransferRecord record = records.get(i);
        if (record.kind() != kind) {
          throw new BackendException("the backend returned a " + record.kind().displayName()
              + " ('" + record.id() + "') while reading " + kind.sectionName());
        }
      }
      RecordWriter.writeAll(w, kind, records, batch.texts, texts);
      after = n + records.size();
    }
    if (after / PROGRESS_EVERY != n / PROGRESS_EVERY) {
      listener.progress(kind, after);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new TransferCancelledException("export cancelled while writing "
          + kind.sectionName() + " after " + after + " records");
    }
    return after;
  }
}
