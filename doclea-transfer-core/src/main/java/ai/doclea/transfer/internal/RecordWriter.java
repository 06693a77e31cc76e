package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes records with the keys, key order and value formatting of Doclea's server. In the
 * camelCase records null values are omitted; the two relation kinds are raw table rows in
 * Doclea's file, so their nullable columns ({@code metadata}, {@code created_at}) are written as
 * {@code null}. The twin of {@link RecordReader}.
 */
final class RecordWriter {
  private RecordWriter() {}

  /**
   * The text fields of each kind that a {@link ai.doclea.transfer.spi.Utf8RecordCursor} may hand
   * over as UTF-8 bytes, by their keys in the file (the keys {@link #write} passes to {@link
   * Texts#get}).
   */
  static final Map<RecordKind, List<String>> TEXT_FIELDS = textFields();

  private static Map<RecordKind, List<String>> textFields() {
    Map<RecordKind, List<String>> m = new EnumMap<>(RecordKind.class);
    m.put(RecordKind.MEMORY, List.of("id", "type", "title", "content", "summary", "gitCommit",
        "sourcePr", "qdrantId", "decayFunction"));
    m.put(RecordKind.DOCUMENT, List.of("id", "title", "content", "contentHash"));
    m.put(RecordKind.CHUNK, List.of("id", "documentId", "content", "qdrantId"));
    m.put(RecordKind.MEMORY_RELATION, List.of("id", "source_id", "target_id", "type",
        "metadata"));
    m.put(RecordKind.CROSS_LAYER_RELATION, List.of("id", "memory_id", "code_node_id",
        "relation_type", "direction", "metadata"));
    m.put(RecordKind.PENDING_MEMORY, List.of("id", "source", "reason"));
    return m;
  }

  /**
   * Text fields of one record given as UTF-8 bytes (from a {@link
   * ai.doclea.transfer.spi.Utf8RecordCursor}), written in place of the record's placeholders.
   */
  static final class Texts {
    private final List<String> fields;
    private byte[][] values;

    /** Texts of a kind, with its {@link #TEXT_FIELDS}. */
    Texts(List<String> fields) {
      this.fields = fields;
    }

    /** Points at one record's bytes: one entry per field, null where the record holds it. */
    Texts of(byte[][] recordValues) {
      this.values = recordValues;
      return this;
    }

    byte[] get(String field) {
      for (int i = 0; i < values.length; i++) {
        if (fields.get(i).equals(field)) {
          return values[i];
        }
      }
      return null;
    }
  }

  /**
   * Writes a batch of one section's records, all of {@code kind}'s record type; {@code bytes},
   * when not null, holds each record's texts for {@code texts}. One loop per kind, each in a
   * method of its own: the JIT then compiles each section's loop once, for that section's types,
   * instead of recompiling one shared loop (with everything inlined into it) at every section,
   * which cost more compiler time than the writing itself (issue 14's profile).
   */
  static void writeAll(JsonBytesWriter w, RecordKind kind, List<TransferRecord> records,
      List<byte[][]> bytes, Texts texts) throws IOException {
    switch (kind) {
      case MEMORY: memories(w, records, bytes, texts); break;
      case DOCUMENT: documents(w, records, bytes, texts); break;
      case CHUNK: chunks(w, records, bytes, texts); break;
      case MEMORY_RELATION: memoryRelations(w, records, bytes, texts); break;
      case CROSS_LAYER_RELATION: crossLayers(w, records, bytes, texts); break;
      default: pendings(w, records, bytes, texts); break;
    }
  }

  /**
   * Writes one record of {@code kind}'s record type (the rows a store could not render, see {@link
   * JsonRows}); {@code t}, when not null, holds its texts.
   */
  static void writeOne(JsonBytesWriter w, RecordKind kind, TransferRecord record, Texts t)
      throws IOException {
    switch (kind) {
      case MEMORY: memory(w, (Memory) record, t); break;
      case DOCUMENT: document(w, (Document) record, t); break;
      case CHUNK: chunk(w, (Chunk) record, t); break;
      case MEMORY_RELATION: memoryRelation(w, (MemoryRelation) record, t); break;
      case CROSS_LAYER_RELATION: crossLayer(w, (CrossLayerRelation) record, t); break;
      default: pending(w, (PendingMemory) record, t); break;
    }
  }

  private static Texts texts(List<byte[][]> bytes, Texts texts, int i) {
    return bytes == null ? null : texts.of(bytes.get(i));
  }

  private static void memories(JsonBytesWriter w, List<TransferRecord> records,
      List<byte[][]> bytes, Texts texts) throws IOException {
    for (int i = 0; i < records.size(); i++) {
      memory(w, (Memory) records.get(i), texts(bytes, texts, i));
    }
  }

  private static void documents(JsonBytesWriter w, List<TransferRecord> records,
      List<byte[][]> bytes, Texts texts) throws IOException {
    for (int i = 0; i < records.size(); i++) {
      document(w, (Document) records.get(i), texts(bytes, texts, i));
    }
  }

  private static void chunks(JsonBytesWriter w, List<TransferRecord> records,
      List<byte[][]> bytes, Texts texts) throws IOException {
    for (int i = 0; i < records.size(); i++) {
      chunk(w, (Chunk) records.get(i), texts(bytes, texts, i));
    }
  }

  private static void memoryRelations(JsonBytesWriter w, List<TransferRecord> records,
      List<byte[][]> bytes, Texts texts) throws IOException {
    for (int i = 0; i < records.size(); i++) {
      memoryRelation(w, (MemoryRelation) records.get(i), texts(bytes, texts, i));
    }
  }

  private static void crossLayers(JsonBytesWriter w, List<TransferRecord> records,
      List<byte[][]> bytes, Texts texts) throws IOException {
    for (int i = 0; i < records.size(); i++) {
      crossLayer(w, (CrossLayerRelation) records.get(i), texts(bytes, texts, i));
    }
  }

  private static void pendings(JsonBytesWriter w, List<TransferRecord> records,
      List<byte[][]> bytes, Texts texts) throws IOException {
    for (int i = 0; i < records.size(); i++) {
      pending(w, (PendingMemory) records.get(i), texts(bytes, texts, i));
    }
  }

  private static void memory(JsonBytesWriter w, Memory m, Texts t) throws IOException {
    w.beginObject();
    str(w, "id", m.id(), t);
    str(w, "type", m.type(), t);
    str(w, "title", m.title(), t);
    str(w, "content", m.content(), t);
    str(w, "summary", m.summary(), t);
    num(w, "importance", m.importance());
    list(w, "tags", m.tags());
    list(w, "relatedFiles", m.relatedFiles());
    str(w, "gitCommit", m.gitCommit(), t);
    str(w, "sourcePr", m.sourcePr(), t);
    list(w, "experts", m.experts());
    str(w, "qdrantId", m.qdrantId(), t);
    lng(w, "createdAt", m.createdAt());
    lng(w, "accessedAt", m.accessedAt());
    w.name("accessCount").value(m.accessCount());
    w.name("needsReview").value(m.needsReview());
    num(w, "decayRate", m.decayRate());
    lng(w, "lastRefreshedAt", m.lastRefreshedAt());
    num(w, "confidenceFloor", m.confidenceFloor());
    str(w, "decayFunction", m.decayFunction(), t);
    w.endObject();
  }

  private static void document(JsonBytesWriter w, Document d, Texts t) throws IOException {
    w.beginObject();
    str(w, "id", d.id(), t);
    str(w, "title", d.title(), t);
    str(w, "content", d.content(), t);
    str(w, "contentHash", d.contentHash(), t);
    lng(w, "createdAt", d.createdAt());
    lng(w, "updatedAt", d.updatedAt());
    w.endObject();
  }

  private static void chunk(JsonBytesWriter w, Chunk c, Texts t) throws IOException {
    w.beginObject();
    str(w, "id", c.id(), t);
    str(w, "documentId", c.documentId(), t);
    str(w, "content", c.content(), t);
    str(w, "qdrantId", c.qdrantId(), t);
    lng(w, "startOffset", c.startOffset());
    lng(w, "endOffset", c.endOffset());
    w.endObject();
  }

  private static void memoryRelation(JsonBytesWriter w, MemoryRelation r, Texts t)
      throws IOException {
    w.beginObject();
    str(w, "id", r.id(), t);
    str(w, "source_id", r.sourceId(), t);
    str(w, "target_id", r.targetId(), t);
    str(w, "type", r.type(), t);
    num(w, "weight", r.weight());
    strOrNull(w, "metadata", r.metadata(), t);
    lngOrNull(w, "created_at", r.createdAt());
    w.endObject();
  }

  private static void crossLayer(JsonBytesWriter w, CrossLayerRelation r, Texts t)
      throws IOException {
    w.beginObject();
    str(w, "id", r.id(), t);
    str(w, "memory_id", r.memoryId(), t);
    str(w, "code_node_id", r.codeNodeId(), t);
    str(w, "relation_type", r.relationType(), t);
    str(w, "direction", r.direction(), t);
    num(w, "confidence", r.confidence());
    strOrNull(w, "metadata", r.metadata(), t);
    lngOrNull(w, "created_at", r.createdAt());
    w.endObject();
  }

  private static void pending(JsonBytesWriter w, PendingMemory p, Texts t) throws IOException {
    w.beginObject();
    str(w, "id", p.id(), t);
    w.name("memoryData").rawValue(memoryData(p));
    w.name("suggestedAt").value(p.suggestedAt());
    str(w, "source", p.source(), t);
    str(w, "reason", p.reason(), t);
    w.endObject();
  }

  /**
   * A pending memory's memoryData laid out for the file, read as strictly as an import reads it
   * back (RFC 8259, no key twice in one object), so that an export never writes a file that its
   * own import or verify refuses, and never turns text that is not JSON into JSON in silence.
   *
   * @throws BackendException naming the record, the problem and its place in memoryData
   */
  private static String memoryData(PendingMemory p) {
    JsonReader r = new JsonReader(new StringReader(p.memoryData()));
    r.setStrictness(Strictness.STRICT);
    try {
      String text = JsonCopy.toText(r, 4, true);
      if (!atEnd(r)) {
        // Not dropped in silence: a second value would be lost from the file.
        throw new MalformedJsonException("more text follows the object");
      }
      return text;
    } catch (IOException | IllegalStateException | RecordReader.WrongType e) {
      String problem = e instanceof RecordReader.WrongType
          ? "cannot be written: " + e.getMessage().replace(
              "; a file with duplicate keys is ambiguous and is not read",
              " (an import of the file would refuse it as ambiguous)")
          : "is not valid JSON: " + ParseFailure.plain(e.getMessage());
      throw new BackendException("pending memory '" + p.id() + "' cannot be exported: its"
          + " memoryData " + problem + " at " + shortPath(r.getPath()) + " of memoryData", e);
    }
  }

  /** Whether nothing but white space follows (a strict reader throws at a second value). */
  private static boolean atEnd(JsonReader r) throws IOException {
    try {
      return r.peek() == JsonToken.END_DOCUMENT;
    } catch (MalformedJsonException e) {
      return false;
    }
  }

  /** A JSON path shortened to its ends when it is long (deep nesting repeats one step). */
  private static String shortPath(String path) {
    return path.length() <= 120 ? path
        : path.substring(0, 60) + "..." + path.substring(path.length() - 40);
  }

  private static void str(JsonBytesWriter w, String name, String value, Texts t)
      throws IOException {
    if (value != null) {
      w.name(name);
      text(w, name, value, t);
    }
  }

  /** A present text value: the cursor's bytes when it handed this field over, else the string. */
  private static void text(JsonBytesWriter w, String name, String value, Texts t)
      throws IOException {
    byte[] utf8 = t == null ? null : t.get(name);
    if (utf8 != null) {
      w.utf8Value(utf8);
    } else {
      w.value(value);
    }
  }

  /** Raw-row columns: Doclea serialises the table row, so SQL NULL is written as {@code null}. */
  private static void strOrNull(JsonBytesWriter w, String name, String value, Texts t)
      throws IOException {
    w.name(name);
    if (value == null) {
      w.nullValue();
    } else {
      text(w, name, value, t);
    }
  }

  private static void lngOrNull(JsonBytesWriter w, String name, Long value) throws IOException {
    w.name(name);
    if (value == null) {
      w.nullValue();
    } else {
      w.value((long) value);
    }
  }

  private static void num(JsonBytesWriter w, String name, Double value) throws IOException {
    if (value != null) {
      w.name(name).number(value);
    }
  }

  private static void lng(JsonBytesWriter w, String name, Long value) throws IOException {
    if (value != null) {
      w.name(name).value((long) value);
    }
  }

  private static void list(JsonBytesWriter w, String name, List<String> values) throws IOException {
    w.name(name).beginArray();
    for (String v : values) {
      w.value(v);
    }
    w.endArray();
  }
}
