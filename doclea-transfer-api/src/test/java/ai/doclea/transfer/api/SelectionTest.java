package ai.doclea.transfer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {
  private static Memory memory(String type, List<String> tags, List<String> files,
      double importance, Long createdAt) {
    return Memory.builder("mem_1", type, "t", "c").tags(tags).relatedFiles(files)
        .importance(importance).createdAt(createdAt).accessedAt(100L).build();
  }

  private static boolean filesMatch(String glob, String file) {
    return Selection.builder().files(List.of(glob)).build()
        .matches(memory("note", List.of(), List.of(file), 0.5, 1L));
  }

  @Test
  void starStaysInOnePathSegmentAndDoubleStarCrossesSegments() {
    assertTrue(filesMatch("src/auth/*.ts", "src/auth/login.ts"));
    assertFalse(filesMatch("src/auth/*.ts", "src/auth/jwt/verify.ts"));
    assertTrue(filesMatch("src/auth/**", "src/auth/jwt/verify.ts"));
    assertTrue(filesMatch("**.ts", "a/b/c.ts"));
    assertTrue(filesMatch("src/?.ts", "src/a.ts"));
    assertFalse(filesMatch("src/?.ts", "src/ab.ts"));
    assertTrue(filesMatch("a+b(c).[x]", "a+b(c).[x]"), "other characters stand for themselves");
    assertFalse(filesMatch("a.b", "aXb"), "a dot is not a wildcard");
  }

  @Test
  void filtersOfDifferentKindsAreAndValuesOfOneKindAreOr() {
    Selection s = Selection.builder().types(List.of("decision", "pattern"))
        .tags(List.of("auth", "security")).build();
    assertTrue(s.matches(memory("decision", List.of("x", "security"), List.of(), 0.5, 1L)));
    assertTrue(s.matches(memory("pattern", List.of("auth"), List.of(), 0.5, 1L)));
    assertFalse(s.matches(memory("note", List.of("auth"), List.of(), 0.5, 1L)));
    assertFalse(s.matches(memory("decision", List.of("x"), List.of(), 0.5, 1L)));
  }

  @Test
  void timeRangeIncludesSinceExcludesUntilAndNeedsTheTimestamp() {
    Selection s = Selection.builder().since(10L).until(20L).build();
    assertTrue(s.matches(memory("note", List.of(), List.of(), 0.5, 10L)));
    assertTrue(s.matches(memory("note", List.of(), List.of(), 0.5, 19L)));
    assertFalse(s.matches(memory("note", List.of(), List.of(), 0.5, 20L)));
    assertFalse(s.matches(memory("note", List.of(), List.of(), 0.5, null)));
    Selection accessed = Selection.builder().since(100L).timeField(Selection.TimeField.ACCESSED)
        .build();
    assertTrue(accessed.matches(memory("note", List.of(), List.of(), 0.5, 1L)));
  }

  @Test
  void pendingMemoriesGoOnlyWithTheFlagAndWhenTheirMemoryDataMatches() {
    String data = "{\"id\":\"mem_9\",\"type\":\"decision\",\"tags\":[\"auth\"]}";
    Selection without = Selection.builder().tags(List.of("auth")).build();
    assertFalse(without.matchesPending(data));
    Selection with = Selection.builder().tags(List.of("auth")).includePendingMatching(true)
        .build();
    assertTrue(with.matchesPending(data));
    assertFalse(with.matchesPending("{\"tags\":[\"ops\"]}"));
    assertTrue(Selection.ALL.matchesPending(data), "without memory filters every pending goes");
  }

  @Test
  void documentsGoUnlessLeftOutOrSelectedByIdOrTitle() {
    assertTrue(Selection.ALL.matchesDocument("d1", "README"));
    assertFalse(Selection.builder().includeDocuments(false).build().matchesDocument("d1", "x"));
    Selection some = Selection.builder().documentIds(List.of("d2"))
        .documentTitles(List.of("Auth *")).build();
    assertTrue(some.matchesDocument("d2", "x"));
    assertTrue(some.matchesDocument("d1", "Auth guide"));
    assertFalse(some.matchesDocument("d1", "Payments"));
  }

  @Test
  void recordedSelectionListsOnlyTheFiltersSetInSortedOrder() {
    Selection s = Selection.builder().tags(List.of("b", "a")).minImportance(0.7).since(5L)
        .build();
    assertEquals("{\"tags\":[\"a\",\"b\"],\"since\":5,\"by\":\"created\",\"minImportance\":0.7,"
        + "\"includePendingMatching\":false}", s.toJson());
    assertEquals("{}", Selection.ALL.toJson());
    assertTrue(Selection.ALL.isAll());
  }

  @Test
  void badFilterValuesAreRefusedWithTheReason() {
    assertEquals("a tag filter value is empty", assertThrows(IllegalArgumentException.class,
        () -> Selection.builder().tags(List.of(" "))).getMessage());
    assertEquals("minimum importance 1.5 is not within 0..1", assertThrows(
        IllegalArgumentException.class, () -> Selection.builder().minImportance(1.5))
        .getMessage());
    assertEquals("the time range is empty: since 5 is not before until 5", assertThrows(
        IllegalArgumentException.class, () -> Selection.builder().since(5L).until(5L).build())
        .getMessage());
  }
}
