package ai.doclea.transfer.examples.jsonl;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One record per line: the record's components as a JSON object (Gson maps Java records by their
 * component names; null components are left out). Decoding goes through the record's canonical
 * constructor, so a line that breaks a record's rules fails like any invalid record.
 */
final class Codec {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private Codec() {}

  static String write(TransferRecord record) {
    return GSON.toJson(record);
  }

  static TransferRecord read(RecordKind kind, String line) {
    TransferRecord record = GSON.fromJson(line, kind.recordType());
    if (record == null) {
      throw new IllegalArgumentException("empty line");
    }
    return record;
  }

  static String id(String line) {
    return member(line, "id");
  }

  static String writeVector(StoredVector vector) {
    return GSON.toJson(vector);
  }

  static StoredVector readVector(String line) {
    return GSON.fromJson(line, StoredVector.class);
  }

  static String vectorMemoryId(String line) {
    return member(line, "memoryId");
  }

  private static String member(String line, String key) {
    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
    JsonElement v = o.get(key);
    if (v == null || !v.isJsonPrimitive()) {
      throw new IllegalArgumentException("no string '" + key + "'");
    }
    return v.getAsString();
  }
}
