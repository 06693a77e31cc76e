package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.DiffResult.Change;
import ai.doclea.transfer.api.DiffResult.ChangeType;
import ai.doclea.transfer.api.DiffResult.SectionDiff;
import ai.doclea.transfer.api.RecordKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Diffs of hand-written files: what counts as a difference and what does not. */
class DiffTest {
  @TempDir Path dir;

  private Path write(String name, String json) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }

  private static final String OLD = "{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{"
      + "\"memories\":[{\"id\":\"m1\",\"type\":\"note\",\"title\":\"T\",\"content\":\"C\","
      + "\"summary\":null,\"importance\":1,\"tags\":[\"a\"],\"createdAt\":5}],"
      + "\"pendingMemories\":[{\"id\":\"p1\",\"memoryData\":{\"b\":1.50,\"a\":[1,2],\"z\":null},"
      + "\"suggestedAt\":1,\"source\":\"import\",\"reason\":\"r\"}],"
      + "\"memoryRelations\":[{\"id\":\"r1\",\"source_id\":\"m1\",\"target_id\":\"m1\","
      + "\"type\":\"x\",\"weight\":1,\"metadata\":\"{\\\"k\\\":1,\\\"j\\\":2}\"}]},"
      + "\"metadata\":{\"totalMemories\":1}}";

  // The same records: another exportedAt, keys in another order, nulls left out, 1.0 for 1,
  // memoryData and metadata with their keys reordered and 1.5 for 1.50, camelCase relation keys.
  private static final String SAME = "{\"metadata\":{\"totalMemories\":1},\"data\":{"
      + "\"memoryRelations\":[{\"sourceId\":\"m1\",\"id\":\"r1\",\"targetId\":\"m1\","
      + "\"type\":\"x\",\"weight\":1.0,\"metadata\":\"{\\\"j\\\":2.0,\\\"k\\\":1}\"}],"
      + "\"memories\":[{\"createdAt\":5,\"tags\":[\"a\"],\"importance\":1.0,\"content\":\"C\","
      + "\"title\":\"T\",\"type\":\"note\",\"id\":\"m1\"}],"
      + "\"pendingMemories\":[{\"reason\":\"r\",\"memoryData\":{\"a\":[1,2.0],\"b\":1.5},"
      + "\"id\":\"p1\",\"suggestedAt\":1,\"source\":\"import\"}]},"
      + "\"exportedAt\":999,\"version\":\"1.0.0\"}";

  @Test
  void spellingKeyOrderNullsAndExportTimeAreNotDifferences() throws Exception {
    DiffResult d = Transfer.diff(write("old.json", OLD), write("new.json", SAME),
        DiffOptions.defaults());
    assertTrue(d.success(), d.toJson());
    assertTrue(d.identical(), d.toJson());
    assertEquals(SectionDiff.of(0, 0, 0, 1), d.section(RecordKind.MEMORY));
    assertEquals(SectionDiff.of(0, 0, 0, 1), d.section(RecordKind.PENDING_MEMORY));
    assertEquals(SectionDiff.of(0, 0, 0, 1), d.section(RecordKind.MEMORY_RELATION));
  }

  @Test
  void changedFieldsAreNamedAsTheFileSpellsThem() throws Exception {
    String changed = OLD.replace("\"b\":1.50", "\"b\":1.51")
        .replace("\"target_id\":\"m1\"", "\"target_id\":\"m2\"")
        .replace("\"summary\":null", "\"summary\":\"S\"").replace("\"importance\":1,", "");
    DiffResult d = Transfer.diff(write("old.json", OLD), write("new.json", changed),
        DiffOptions.defaults());
    assertTrue(d.success(), d.toJson());
    assertEquals(List.of(
        Change.of(RecordKind.MEMORY, "m1", ChangeType.CHANGED, List.of("summary", "importance")),
        Change.of(RecordKind.MEMORY_RELATION, "r1", ChangeType.CHANGED, List.of("target_id")),
        Change.of(RecordKind.PENDING_MEMORY, "p1", ChangeType.CHANGED, List.of("memoryData"))),
        d.changes());
    assertFalse(d.identical());
  }

  @Test
  void aDamagedFileFailsNamingTheFileAndThePlace() throws Exception {
    Path bad = write("bad.json", OLD.replace("\"type\":\"note\",", ""));
    DiffResult d = Transfer.diff(write("old.json", OLD), bad, DiffOptions.defaults());
    assertFalse(d.success());
    assertTrue(d.error().contains("bad.json") && d.error().contains("$.data.memories[0]"),
        d.error());
    assertFalse(d.identical());
  }

  @Test
  void aDuplicateIdFailsTheDiff() throws Exception {
    Path dup = write("dup.json", OLD.replace("\"memories\":[{", "\"memories\":[{\"id\":\"m1\","
        + "\"type\":\"note\",\"title\":\"T\",\"content\":\"C\"},{")
        .replace("\"totalMemories\":1", "\"totalMemories\":2"));
    DiffResult d = Transfer.diff(dup, write("new.json", SAME), DiffOptions.defaults());
    assertFalse(d.success());
    assertTrue(d.error().contains("'m1' twice"), d.error());
  }

  @Test
  void changesAreListedInSectionThenIdOrderUpToTheLimit() throws Exception {
    StringBuilder many = new StringBuilder("{\"version\":\"1.0.0\",\"data\":{\"memories\":[");
    for (int i = 9; i >= 0; i--) {
      many.append("{\"id\":\"m").append(i).append("\",\"type\":\"note\",\"title\":\"T\","
          + "\"content\":\"C\"}").append(i > 0 ? "," : "");
    }
    many.append("],\"documents\":[{\"id\":\"d\",\"title\":\"t\",\"content\":\"c\"}]}}");
    Path empty = write("empty.json", "{\"version\":\"1.0.0\",\"data\":{}}");
    DiffResult d = Transfer.diff(empty, write("many.json", many.toString()),
        DiffOptions.builder().limit(3).build());
    assertEquals(List.of("m0", "m1", "m2"), d.changes().stream().map(Change::id).toList());
    assertEquals(11, d.changesTotal());
    assertEquals(SectionDiff.of(10, 0, 0, 0), d.section(RecordKind.MEMORY));
    DiffResult back = Transfer.diff(write("many2.json", many.toString()), empty,
        DiffOptions.builder().limit(100).build());
    assertEquals(SectionDiff.of(0, 1, 0, 0), back.section(RecordKind.DOCUMENT));
    assertEquals(ChangeType.REMOVED, back.changes().get(10).change());
    assertEquals("d", back.changes().get(10).id());
  }
}
