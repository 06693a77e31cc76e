package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * Writes records with the keys, key order and value formatting of Doclea's server. In the
 * camelCase records null values are omitted; the two relation kinds are raw table rows in
 * Doclea's file, so their nullable columns ({@code metadata}, {@code created_at}) are written as
 * {@code null}. The twin of {@link RecordReader}.
 */
final class RecordWriter {
  private RecordWriter() {}

  static void write(JsonBytesWriter w, TransferRecord record) throws IOException {
    if (record instanceof Memory) {
      memory(w, (Memory) record);
    } else if (record instanceof Document) {
      document(w, (Document) record);
    } else if (record instanceof Chunk) {
      chunk(w, (Chunk) record);
    } else if (record instanceof MemoryRelation) {
      memoryRelation(w, (MemoryRelation) record);
    } else if (record instanceof CrossLayerRelation) {
      crossLayer(w, (CrossLayerRelation) record);
    } else {
      pending(w, (PendingMemory) record);
    }
  }

  private static void memory(JsonBytesWriter w, Memory m) throws IOException {
    w.beginObject();
    str(w, "id", m.id());
    str(w, "type", m.type());
    str(w, "title", m.title());
    str(w, "content", m.content());
    str(w, "summary", m.summary());
    num(w, "importance", m.importance());
    list(w, "tags", m.tags());
    list(w, "relatedFiles", m.relatedFiles());
    str(w, "gitCommit", m.gitCommit());
    str(w, "sourcePr", m.sourcePr());
    list(w, "experts", m.experts());
    str(w, "qdrantId", m.qdrantId());
    lng(w, "createdAt", m.createdAt());
    lng(w, "accessedAt", m.accessedAt());
    w.name("accessCount").value(m.accessCount());
    w.name("needsReview").value(m.needsReview());
    num(w, "decayRate", m.decayRate());
    lng(w, "lastRefreshedAt", m.lastRefreshedAt());
    num(w, "confidenceFloor", m.confidenceFloor());
    str(w, "decayFunction", m.decayFunction());
    w.endObject();
  }

  private static void document(JsonBytesWriter w, Document d) throws IOException {
    w.beginObject();
    str(w, "id", d.id());
    str(w, "title", d.title());
    str(w, "content", d.content());
    str(w, "contentHash", d.contentHash());
    lng(w, "createdAt", d.createdAt());
    lng(w, "updatedAt", d.updatedAt());
    w.endObject();
  }

  private static void chunk(JsonBytesWriter w, Chunk c) throws IOException {
    w.beginObject();
    str(w, "id", c.id());
    str(w, "documentId", c.documentId());
    str(w, "content", c.content());
    str(w, "qdrantId", c.qdrantId());
    lng(w, "startOffset", c.startOffset());
    lng(w, "endOffset", c.endOffset());
    w.endObject();
  }

  private static void memoryRelation(JsonBytesWriter w, MemoryRelation r) throws IOException {
    w.beginObject();
    str(w, "id", r.id());
    str(w, "source_id", r.sourceId());
    str(w, "target_id", r.targetId());
    str(w, "type", r.type());
    num(w, "weight", r.weight());
    strOrNull(w, "metadata", r.metadata());
    lngOrNull(w, "created_at", r.createdAt());
    w.endObject();
  }

  private static void crossLayer(JsonBytesWriter w, CrossLayerRelation r) throws IOException {
    w.beginObject();
    str(w, "id", r.id());
    str(w, "memory_id", r.memoryId());
    str(w, "code_node_id", r.codeNodeId());
    str(w, "relation_type", r.relationType());
    str(w, "direction", r.direction());
    num(w, "confidence", r.confidence());
    strOrNull(w, "metadata", r.metadata());
    lngOrNull(w, "created_at", r.createdAt());
    w.endObject();
  }

  private static void pending(JsonBytesWriter w, PendingMemory p) throws IOException {
    w.beginObject();
    str(w, "id", p.id());
    try (JsonReader r = new JsonReader(new StringReader(p.memoryData()))) {
      w.name("memoryData").rawValue(JsonCopy.toText(r, 4));
    } catch (IOException e) {
      throw new IllegalArgumentException("pending memory '" + p.id()
          + "': memoryData is not valid JSON: " + e.getMessage(), e);
    }
    w.name("suggestedAt").value(p.suggestedAt());
    str(w, "source", p.source());
    str(w, "reason", p.reason());
    w.endObject();
  }

  private static void str(JsonBytesWriter w, String name, String value) throws IOException {
    if (value != null) {
      w.name(name).value(value);
    }
  }

  /** Raw-row columns: Doclea serialises the table row, so SQL NULL is written as {@code null}. */
  private static void strOrNull(JsonBytesWriter w, String name, String value) throws IOException {
    w.name(name);
    if (value == null) {
      w.nullValue();
    } else {
      w.value(value);
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
      w.name(name).rawValue(JsonText.number(value));
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
