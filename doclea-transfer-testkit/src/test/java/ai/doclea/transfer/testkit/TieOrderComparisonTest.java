package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.doclea.transfer.api.MemoryRelation;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
