package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The round-trip comparison for stores that order ties themselves forgives only tie order. */
class TieOrderComparisonTest {
  private static byte[] file(String memories, String sha) {
    return ("{\"version\":\"1.0.0\",\"data\":{\"memories\":[" + memories + "],\"chunks\":[]},"
        + "\"metadata\":{\"totalMemories\":3,\"sha256\":\"" + sha + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static final String A = "{\"id\":\"a\",\"accessedAt\":5}";
  private static final String B = "{\"id\":\"b\",\"accessedAt\":5}";
  private static final String C = "{\"id\":\"c\",\"accessedAt\":4}";

  @Test
  void recordsWithEqualSortKeysMayComeInAnyOrderAndTheHashMayDiffer() {
    KitSupport.assertSameIgnoringTieOrder(file(A + "," + B + "," + C, "1"),
        file(B + "," + A + "," + C, "2"), "ties swapped");
  }

  @Test
  void recordsWithDifferentSortKeysMustKeepTheirOrder() {
    assertThrows(AssertionError.class, () -> KitSupport.assertSameIgnoringTieOrder(
        file(A + "," + B + "," + C, "1"), file(C + "," + A + "," + B, "1"), "reordered"));
  }

  @Test
  void aChangedRecordIsStillCaught() {
    assertThrows(AssertionError.class, () -> KitSupport.assertSameIgnoringTieOrder(
        file(A + "," + B + "," + C, "1"),
        file(A + "," + B.replace("\"b\"", "\"b2\"") + "," + C, "1"), "changed"));
  }

  @Test
  void gzipFilesAreCompared() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(file(B + "," + A + "," + C, "2"));
    }
    KitSupport.assertSameIgnoringTieOrder(file(A + "," + B + "," + C, "1"), out.toByteArray(),
        "gzip");
  }

  @Test
  void recordListsAreOrderedByIdOnlyWithinRunsOfEqualSortKeys() {
    MemoryRelation r5b = new MemoryRelation("b", "m", "n", "uses", 1.0, null, 5L);
    MemoryRelation r5a = new MemoryRelation("a", "m", "n", "fixes", 1.0, null, 5L);
    MemoryRelation r4 = new MemoryRelation("0", "m", "n", "cites", 1.0, null, 4L);
    MemoryRelation r5c = new MemoryRelation("c", "m", "n", "cites", 1.0, null, 5L);
    assertEquals(List.of("a", "b", "0", "c"), StorageBackendContractTest.idsOf(
        KitSupport.tiesById(List.of(r5b, r5a, r4, r5c))));
  }

  @Test
  void theSortKeysOfARecordAreTheSortKeysOfItsObjectInTheFile() {
    StoreContent content = StorageBackendContractTest.sample("k.");
    InMemoryBackend backend = InMemoryBackend.create();
    content.loadInto(backend);
    JsonObject data = JsonParser.parseString(new String(KitSupport.exportBytes(backend,
        ExportOptions.builder().clock(TransferContractTest.FIXED_CLOCK).build()),
        StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonObject("data");
    for (RecordKind kind : RecordKind.values()) {
      Map<String, JsonObject> byId = new HashMap<>();
      data.getAsJsonArray(kind.sectionName()).forEach(
          e -> byId.put(e.getAsJsonObject().get("id").getAsString(), e.getAsJsonObject()));
      List<TransferRecord> records = content.records(kind);
      assertFalse(records.isEmpty(), kind.sectionName() + " of the sample");
      for (TransferRecord r : records) {
        List<String> components = KitSupport.sortComponents(kind);
        List<Object> key = KitSupport.sortKey(r);
        assertEquals(components.size(), key.size(), r.id());
        for (int i = 0; i < key.size(); i++) {
          String field = StorageBackendContractTest.fileKey(kind, components.get(i));
          JsonElement inFile = byId.get(r.id()).get(field);
          assertEquals(asJson(key.get(i)), inFile == null ? JsonNull.INSTANCE : inFile,
              kind.sectionName() + " '" + r.id() + "' " + field);
        }
      }
    }
  }

  private static JsonElement asJson(Object value) {
    return value == null ? JsonNull.INSTANCE : value instanceof Number n
        ? new JsonPrimitive(n) : new JsonPrimitive(value.toString());
  }
}
