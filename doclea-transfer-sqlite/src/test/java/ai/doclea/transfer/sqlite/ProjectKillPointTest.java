package ai.doclea.transfer.sqlite;

import static ai.doclea.transfer.sqlite.ProjectFixtures.exportFile;
import static ai.doclea.transfer.sqlite.ProjectFixtures.memory;
import static ai.doclea.transfer.sqlite.ProjectFixtures.qdrantIds;
import static ai.doclea.transfer.sqlite.ProjectFixtures.vectorRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-or-nothing guarantee across local.db and vectors.db: an import is killed (the JVM
 * halts, as with kill -9) at each point of the commit protocol; the next open of the project must
 * leave both files as before or both restored, never one without the other.
 */
class ProjectKillPointTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"journal-sealed", "records-committed", "vectors-applied",
      "vectors-committed", "marker-removed"})
  void aKillAtAnyPointLeavesBothFilesBeforeOrBothRestored(String point) throws Exception {
    killAndRecover(point, "reembed");
  }

  /** The same guarantee when the vectors come from the file ({@code export --vectors}). */
  @ParameterizedTest
  @ValueSource(strings = {"journal-sealed", "records-committed", "vectors-applied"})
  void aKillWhileRestoringVectorsFromAFileLeavesBothFilesConsistent(String point)
      throws Exception {
    killAndRecover(point, "vectors");
  }

  private void killAndRecover(String point, String mode) throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    try (DocleaProjectBackend b = DocleaProjectBackend.open(p, Map.of("create", "true"))) {
      assertTrue(Transfer.importFrom(b, exportFile(dir, "1.json", List.of(memory("mem_a",
          "vec_a"))), ImportOptions.builder().reembed(new ProjectFixtures.FakeEmbedder())
          .build()).success());
    }
    Memory changed = memory("mem_a", "vec_a").toBuilder().title("Changed").build();
    Path second = mode.equals("vectors")
        ? ProjectFixtures.exportWithVectors(dir, "2.json", List.of(changed, memory("mem_b", null)))
        : exportFile(dir, "2.json", List.of(changed, memory("mem_b", null)));

    int exit = KillPoints.runChild(dir, point, ProjectKillMain.class, p.toString(),
        second.toString(), mode);
    assertEquals(86, exit, "the child halted at " + point);
    assertTrue(Files.exists(p.resolve(".doclea/" + ProjectJournal.FILE_NAME)),
        "the killed import left its journal");

    List<String> notes;
    try (DocleaProjectBackend b = DocleaProjectBackend.open(p, Map.of("readOnly", "true"))) {
      notes = b.recoveryNotes();
    }
    assertEquals(1, notes.size(), notes.toString());
    assertFalse(Files.exists(p.resolve(".doclea/" + ProjectJournal.FILE_NAME)),
        "recovery removes the journal");
    Map<String, String> memories = qdrantIds(p);
    Map<String, Map<String, Object>> vectors = vectorRows(p);
    if (point.equals("journal-sealed")) {
      assertTrue(notes.get(0).startsWith("Removed the journal"), notes.get(0));
      assertEquals(Map.of("mem_a", "vec_a"), memories, "local.db as before");
      assertEquals(List.of("vec_a"), new ArrayList<>(vectors.keySet()));
      assertEquals("Title of mem_a", vectors.get("vec_a").get("title"), "vectors.db as before");
    } else {
      assertTrue(notes.get(0).startsWith(point.equals("marker-removed") ? "Removed the journal"
          : "Finished an interrupted import"), notes.get(0));
      assertEquals(2, memories.size(), "local.db restored: " + memories);
      String idB = memories.get("mem_b");
      assertTrue(idB != null && idB.startsWith("vec_"), memories.toString());
      assertEquals(java.util.Set.of("vec_a", idB), vectors.keySet(), "vectors.db restored");
      assertEquals("Changed", vectors.get("vec_a").get("title"));
      assertEquals("mem_b", vectors.get(idB).get("memory_id"));
      assertEquals(null, marker(p), "the commit marker is gone");
    }
  }

  private static String marker(Path p) throws Exception {
    try (Connection c = ProjectFixtures.connect(p.resolve(".doclea/local.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM _doclea_meta WHERE key = '"
            + ProjectJournal.MARKER_KEY + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
