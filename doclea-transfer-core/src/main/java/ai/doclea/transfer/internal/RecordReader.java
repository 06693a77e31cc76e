package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.InvalidRecordException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one record of each kind from a {@link JsonReader} positioned at the record's object.
 * Accepts keys in any order, both spellings of relation fields, null for any optional value, and
 * ignores unknown keys (reported as warnings). The one place that knows the record layout of the
 * file on the reading side; {@link RecordWriter} is its twin.
 */
final class RecordReader {
  /** A value of the wrong JSON type, with the field's name for the message. */
  static final class WrongType extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongType(String message) {
      super(message);
    }
  }

  private final Warnings warnings;
  private final Keys keys = new Keys();
  /**
   * The spelling read of each field of the current record that has more than one (snake_case and
   * camelCase, {@code relationType} for {@code type}), by the field's index (a bitmask and an
   * array, not a map: a few of these are noted for every record of an import).
   */
  private final String[] spellings = new String[8];

  /** Which of {@link #spellings} the current record has given (a bit per field). */
  private int spelled;
  /** The id of the record being decoded, once read; for messages; null between records. */
  String currentId;

  RecordReader(Warnings warnings) {
    this.warnings = warnings;
  }

  TransferRecord read(RecordKind kind, JsonReader r) throws IOException {
    currentId = null;
    if (r.peek() != JsonToken.BEGIN_OBJECT) {
      throw new WrongType("expected a " + kind.displayName() + " object but found "
          + describe(r.peek()));
    }
    switch (kind) {
      case MEMORY:
        return memory(r);
      case DOCUMENT:
        return document(r);
      case CHUNK:
        return chunk(r);
      case MEMORY_RELATION:
        return memoryRelation(r);
      case CROSS_LAYER_RELATION:
        return crossLayerRelation(r);
      case PENDING_MEMORY:
        return pending(r);
      default:
        throw new AssertionError(kind);
    }
  }

  private Memory memory(JsonReader r) throws IOException {
    String id = null, type = null, title = null, content = null, summary = null;
    String gitCommit = null, sourcePr = null, qdrantId = null, decayFunction = null;
    Double importance = null, decayRate = null, confidenceFloor = null;
    List<String> tags = null, relatedFiles = null, experts = null;
    Long createdAt = null, accessedAt = null, accessCount = null, lastRefreshedAt = null;
    Boolean needsReview = null;
    r.beginObject();
    keys.clear();
    spelled = 0;
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "id": id = currentId = str(r); break;
        case "type": type = str(r); break;
        case "title": title = str(r); break;
        case "content": content = str(r); break;
        case "summary": summary = str(r); break;
        case "importance": importance = dbl(r); break;
        case "tags": tags = strings(r); break;
        case "relatedFiles": relatedFiles = strings(r); break;
        case "gitCommit": gitCommit = str(r); break;
        case "sourcePr": sourcePr = str(r); break;
        case "experts": experts = strings(r); break;
        case "qdrantId": qdrantId = str(r); break;
        case "createdAt": createdAt = lng(r); break;
        case "accessedAt": accessedAt = lng(r); break;
        case "accessCount": accessCount = lng(r); break;
        case "needsReview": needsReview = bool(r); break;
        case "decayRate": decayRate = dbl(r); break;
        case "lastRefreshedAt": lastRefreshedAt = lng(r); break;
        case "confidenceFloor": confidenceFloor = dbl(r); break;
        case "decayFunction": decayFunction = str(r); break;
        default: unknown(r, RecordKind.MEMORY, name);
      }
    }
    r.endObject();
    return new Memory(id, type, title, content, summary,
        importance == null ? Memory.DEFAULT_IMPORTANCE : importance, tags, relatedFiles, gitCommit,
        sourcePr, experts, qdrantId, createdAt, accessedAt, accessCount == null ? 0 : accessCount,
        needsReview != null && needsReview, decayRate, lastRefreshedAt, confidenceFloor,
        decayFunction);
  }

  private Document document(JsonReader r) throws IOException {
    String id = null, title = null, content = null, contentHash = null;
    Long createdAt = null, updatedAt = null;
    r.beginObject();
    keys.clear();
    spelled = 0;
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "id": id = currentId = str(r); break;
        case "title": title = str(r); break;
        case "content": content = str(r); break;
        case "contentHash": case "content_hash":
          once(0, "contentHash", name); contentHash = str(r); break;
        case "createdAt": case "created_at": once(1, "createdAt", name); createdAt = lng(r); break;
        case "updatedAt": case "updated_at": once(2, "updatedAt", name); updatedAt = lng(r); break;
        default: unknown(r, RecordKind.DOCUMENT, name);
      }
    }
    r.endObject();
    return new Document(id, title, content, contentHash, createdAt, updatedAt);
  }

  private Chunk chunk(JsonReader r) throws IOException {
    String id = null, documentId = null, content = null, qdrantId = null;
    Long start = null, end = null;
    r.beginObject();
    keys.clear();
    spelled = 0;
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "id": id = currentId = str(r); break;
        case "documentId": case "document_id":
          once(0, "documentId", name); documentId = str(r); break;
        case "content": content = str(r); break;
        case "qdrantId": case "qdrant_id": once(1, "qdrantId", name); qdrantId = str(r); break;
        case "startOffset": case "start_offset":
          once(2, "startOffset", name); start = lng(r); break;
        case "endOffset": case "end_offset": once(3, "endOffset", name); end = lng(r); break;
        default: unknown(r, RecordKind.CHUNK, name);
      }
    }
    r.endObject();
    return new Chunk(id, documentId, content, qdrantId, start, end);
  }

  private MemoryRelation memoryRelation(JsonReader r) throws IOException {
    String id = null, source = null, target = null, type = null, metadata = null;
    Double weight = null;
    Long createdAt = null;
    r.beginObject();
    keys.clear();
    spelled = 0;
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "id": id = currentId = str(r); break;
        case "source_id": case "sourceId": once(0, "source_id", name); source = str(r); break;
        case "target_id": case "targetId": once(1, "target_id", name); target = str(r); break;
        case "type": case "relationType": case "relation_type":
          once(2, "type", name); type = str(r); break;
        case "weight": case "confidence": once(3, "weight", name); weight = dbl(r); break;
        case "metadata": metadata = jsonText(r); break;
        case "created_at": case "createdAt": once(4, "created_at", name); createdAt = lng(r); break;
        default: unknown(r, RecordKind.MEMORY_RELATION, name);
      }
    }
    r.endObject();
    return new MemoryRelation(id, source, target, type,
        weight == null ? MemoryRelation.DEFAULT_WEIGHT : weight, metadata, createdAt);
  }

  private CrossLayerRelation crossLayerRelation(JsonReader r) throws IOException {
    String id = null, memoryId = null, codeNodeId = null, relationType = null, direction = null;
    String metadata = null;
    Double confidence = null;
    Long createdAt = null;
    r.beginObject();
    keys.clear();
    spelled = 0;
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "id": id = currentId = str(r); break;
        case "memory_id": case "memoryId": once(0, "memory_id", name); memoryId = str(r); break;
        case "code_node_id": case "codeNodeId":
          once(1, "code_node_id", name); codeNodeId = str(r); break;
        case "relation_type": case "relationType":
          once(2, "relation_type", name); relationType = str(r); break;
        case "direction": direction = str(r); break;
        case "confidence": confidence = dbl(r); break;
        case "metadata": metadata = jsonText(r); break;
        case "created_at": case "createdAt": once(3, "created_at", name); createdAt = lng(r); break;
        default: unknown(r, RecordKind.CROSS_LAYER_RELATION, name);
      }
    }
    r.endObject();
    if (confidence == null) {
      throw new InvalidRecordException("cross-layer relation", id, "confidence", "is missing");
    }
    return new CrossLayerRelation(id, memoryId, codeNodeId, relationType, direction, confidence,
        metadata, createdAt);
  }

  private PendingMemory pending(JsonReader r) throws IOException {
    String id = null, memoryData = null, source = null, reason = null;
    Long suggestedAt = null;
    r.beginObject();
    keys.clear();
    spelled = 0;
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "id": id = currentId = str(r); break;
        case "memoryData": case "memory_data":
          once(0, "memoryData", name); memoryData = objectText(r); break;
        case "suggestedAt": case "suggested_at":
          once(1, "suggestedAt", name); suggestedAt = lng(r); break;
        case "source": source = str(r); break;
        case "reason": reason = str(r); break;
        default: unknown(r, RecordKind.PENDING_MEMORY, name);
      }
    }
    r.endObject();
    if (suggestedAt == null) {
      throw new InvalidRecordException("pending memory", id, "suggestedAt", "is missing");
    }
    return new PendingMemory(id, memoryData, suggestedAt, source, reason);
  }

  /**
   * Notes that the field {@code canonical} is given, spelled {@code name}. Two spellings of one
   * field in one record are refused like a key given twice: the one read last would win in
   * silence (a second {@code sourceId} would re-link a relation).
   *
   * @param field the field's index among those of its record kind that have more than one
   *     spelling
   * @throws WrongType when the record already gave the field under another spelling
   */
  private void once(int field, String canonical, String name) {
    if ((spelled & (1 << field)) != 0) {
      throw new WrongType("the field '" + canonical + "' is given twice in one record, as '"
          + spellings[field] + "' and as '" + name + "'; such a record is ambiguous and is not"
          + " read");
    }
    spelled |= 1 << field;
    spellings[field] = name;
  }

  private void unknown(JsonReader r, RecordKind kind, String name) throws IOException {
    warnings.add("unknown key '" + name + "' in data." + kind.sectionName() + "[] ignored");
    r.skipValue();
  }

  // ---- typed values -------------------------------------------------------------------------

  static String describe(JsonToken t) {
    switch (t) {
      case BEGIN_ARRAY: return "an array";
      case BEGIN_OBJECT: return "an object";
      case STRING: return "a string";
      case NUMBER: return "a number";
      case BOOLEAN: return "a boolean";
      case NULL: return "null";
      case END_DOCUMENT: return "the end of the file";
      default: return t.toString();
    }
  }

  private static String str(JsonReader r) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.STRING) {
      return r.nextString();
    }
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    throw new WrongType("expected a string but found " + describe(t));
  }

  private static Double dbl(JsonReader r) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.NUMBER) {
      double d;
      try {
        d = r.nextDouble();
      } catch (com.google.gson.stream.MalformedJsonException e) {
        // The strict reader refuses a literal that reads as an infinity ("JSON forbids NaN and
        // infinities"), though JSON allows it: say what is wrong with the value.
        throw new WrongType("the number is too large for a double-precision value (beyond about"
            + " 1.8e308, it would read as infinity)");
      }
      if (!Double.isFinite(d)) {
        throw new WrongType("number out of range");
      }
      return d;
    }
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    throw new WrongType("expected a number but found " + describe(t));
  }

  static Long lng(JsonReader r) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.NUMBER) {
      return exactInteger(r.nextString());
    }
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    throw new WrongType("expected an integer but found " + describe(t));
  }

  /**
   * The exact 64-bit value of a JSON number literal that denotes an integer: {@code 12}, {@code
   * 12.0} and {@code 1.2e1} are 12; a fraction, or a value outside the range of a long, is an
   * error rather than a rounded or clamped value.
   */
  static long exactInteger(String literal) {
    int n = literal.length();
    boolean digits = n > 0 && n <= 20;
    for (int i = 0; i < n && digits; i++) {
      char c = literal.charAt(i);
      digits = c >= '0' && c <= '9' || c == '-' && i == 0 && n > 1;
    }
    if (digits) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException e) {
        throw new WrongType("the integer " + literal + " is outside the 64-bit range ("
            + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
      }
    }
    String shown = n > 40 ? literal.substring(0, 40) + "… (" + n + " characters)" : literal;
    if (n > 400) {
      throw new WrongType("expected an integer but found the number " + shown);
    }
    java.math.BigDecimal d;
    try {
      d = new java.math.BigDecimal(literal);
    } catch (NumberFormatException e) {
      throw new WrongType("expected an integer but found " + shown);
    }
    if (d.signum() == 0) {
      return 0;
    }
    if (d.precision() - d.scale() > 19) {
      throw new WrongType("the integer " + shown + " is outside the 64-bit range ("
          + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
    }
    if (d.stripTrailingZeros().scale() > 0) {
      throw new WrongType("expected an integer but found " + shown
          + ", which has a fractional part");
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw new WrongType("the integer " + shown + " is outside the 64-bit range ("
          + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
    }
  }

  private static Boolean bool(JsonReader r) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.BOOLEAN) {
      return r.nextBoolean();
    }
    if (t == JsonToken.NUMBER) {
      String n = r.nextString();
      if (n.equals("0") || n.equals("1")) {
        return n.equals("1");
      }
      throw new WrongType("expected a boolean but found " + n);
    }
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    throw new WrongType("expected a boolean but found " + describe(t));
  }

  private static List<String> strings(JsonReader r) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new WrongType("expected an array of strings but found " + describe(t));
    }
    List<String> out = new ArrayList<>();
    r.beginArray();
    while (r.hasNext()) {
      JsonToken e = r.peek();
      if (e != JsonToken.STRING) {
        throw new WrongType("expected a string in the array but found " + describe(e));
      }
      out.add(r.nextString());
    }
    r.endArray();
    return out;
  }

  /** A JSON string (kept as is) or any JSON value (kept as compact JSON text). */
  private static String jsonText(JsonReader r) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.STRING) {
      return r.nextString();
    }
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    return copyToText(r);
  }

  /** A JSON object, kept as compact JSON text with every key, value and number literal. */
  private static String objectText(JsonReader r) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.BEGIN_OBJECT) {
      return copyToText(r);
    }
    if (t == JsonToken.STRING) {
      String text = r.nextString();
      JsonReader inner = new JsonReader(new StringReader(text));
      // As strict as the file itself: object text must not be repaired into JSON in silence.
      inner.setStrictness(Strictness.STRICT);
      try (inner) {
        if (inner.peek() != JsonToken.BEGIN_OBJECT) {
          throw new WrongType("expected an object (or object text) but found a string");
        }
        String copy = copyToText(inner);
        if (inner.peek() != JsonToken.END_DOCUMENT) {
          throw new WrongType("expected an object (or object text) but found a string");
        }
        return copy;
      } catch (IOException e) {
        throw new WrongType("expected an object (or object text) but found a string that is not"
            + " JSON: " + ParseFailure.plain(e.getMessage()) + " at " + inner.getPath()
            + " of the string");
      }
    }
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    throw new WrongType("expected an object but found " + describe(t));
  }

  static String copyToText(JsonReader r) throws IOException {
    return JsonCopy.toText(r, -1, true);
  }
}
