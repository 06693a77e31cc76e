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
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Writes a store as an export file, format 1.0.0, streaming one record at a time: the one place
 * that knows the file's layout on the writing side.
 */
final class ExportWriter {
  static final String FORMAT_VERSION = "1.0.0";
  private static final int PROGRESS_EVERY = 1024;
  private static final int BATCH = 256;

  /** What was written. */
  static final class Written {
    final Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    String sha256;
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
      for (RecordKind kind : RecordKind.values()) {
        w.name(kind.sectionName()).beginArray();
        long n = 0;
        if (included(kind, options)) {
          n = section(snapshot, kind, w, listener, options.selection());
        }
        w.endArray();
        written.counts.put(kind, n);
      }
      w.endObject();
      w.flush();
      written.sha256 = digesting.disarm();
      w.name("metadata").beginObject();
      w.name("totalMemories").value(written.counts.get(RecordKind.MEMORY));
      if (info.embeddingProvider() != null) {
        w.name("embeddingProvider").value(info.embeddingProvider());
      }
      if (info.embeddingModel() != null) {
        w.name("embeddingModel").value(info.embeddingModel());
      }
      w.name("counts").beginObject();
      for (RecordKind kind : RecordKind.values()) {
        w.name(kind.sectionName()).value(written.counts.get(kind));
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

    Batch(boolean utf8) {
      texts = utf8 ? new ArrayList<>(BATCH) : null;
    }
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

  private static long section(ReadSnapshot snapshot, RecordKind kind, JsonBytesWriter w,
      TransferListener listener, Selection selection) throws IOException {
    if (listener != TransferListener.NONE) {
      // Counting may cost a scan of the table; only pay for it when someone shows progress.
      // A slice has fewer records than the section; its size is not known in advance.
      OptionalLong expected = selection.isAll() ? snapshot.count(kind) : OptionalLong.empty();
      listener.sectionStarted(kind, expected.isPresent() ? expected.getAsLong() : -1);
    }
    long n = 0;
    RecordWriter.Texts texts = new RecordWriter.Texts(RecordWriter.TEXT_FIELDS.get(kind));
    // Two threads: reading (SQLite, JNI, records) overlaps encoding and writing. Measured
    // against one thread doing both (issue 14): the same CPU time, less wall time.
    try (Pipe<Batch> pipe = new Pipe<>("doclea-export-reader", 4,
        p -> readBatches(snapshot, kind, selection, p::put))) {
      for (Batch batch; (batch = pipe.take()) != null; ) {
        n = writeBatch(w, kind, batch, texts, n, listener);
      }
    }
    listener.sectionFinished(kind, n);
    return n;
  }

  /** Writes one batch; returns the section's count after it. */
  private static long writeBatch(JsonBytesWriter w, RecordKind kind, Batch batch,
      RecordWriter.Texts texts, long n, TransferListener listener) throws IOException {
    List<TransferRecord> records = batch.records;
    for (int i = 0; i < records.size(); i++) {
      TransferRecord record = records.get(i);
      if (record.kind() != kind) {
        throw new BackendException("the backend returned a " + record.kind().displayName()
            + " ('" + record.id() + "') while reading " + kind.sectionName());
      }
    }
    RecordWriter.writeAll(w, kind, records, batch.texts, texts);
    long after = n + records.size();
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
