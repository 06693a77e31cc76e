package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first import into a database the backend creates runs in SQLite's rollback journal mode
 * (the file becomes WAL once it commits, {@code SqliteBackend.switchToWal}). Killed there (the
 * JVM halts, as with kill -9) before its commit, the import leaves a hot journal, and the next
 * writable open rolls it back: the laid-out, empty database, which a second import fills. Killed
 * after its commit and before the switch to WAL, every row is there and the file stays in the
 * rollback journal mode (Doclea switches it to WAL when it opens it).
 */
class SqliteKillPointTest {
  /** More than SQLite's page cache holds, so that pages reach the file before the commit. */
  private static final int MEMORIES = 2000;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"rows-written", "before-wal"})
  void aKillDuringTheFirstImportIntoACreatedDatabaseLosesNothingCommitted(String point)
      throws Exception {
    List<Memory> memories = new ArrayList<>();
    String filler = "x".repeat(2000);
    for (int i = 0; i < MEMORIES; i++) {
      memories.add(ProjectFixtures.memory("mem_" + i, null).toBuilder()
          .content(filler + i).build());
    }
    Path file = ProjectFixtures.exportFile(dir, "in.json", memories);
    Path db = dir.resolve("new.db");

    assertEquals(86, KillPoints.runChild(dir, point, SqliteKillMain.class, db.toString(),
        file.toString()), "the child halted at " + point);
    Path journal = Path.of(db + "-journal");
    if (point.equals("rows-written")) {
      assertTrue(Files.size(journal) > 0, "the killed import left a hot journal");
    } else {
      assertFalse(Files.exists(journal), "the commit deleted its journal");
    }

    // The next writable open rolls back what was not committed.
    try (SqliteBackend b = SqliteBackend.open(db, Map.of())) {
      assertEquals(List.of("integrity_check=ok"),
          DocleaFixtures.query(db, "PRAGMA integrity_check"));
      int expected = point.equals("rows-written") ? 0 : MEMORIES;
      assertEquals(List.of("count(*)=" + expected),
          DocleaFixtures.query(db, "SELECT count(*) FROM memories"));
      assertEquals(List.of("journal_mode=delete"),
          DocleaFixtures.query(db, "PRAGMA journal_mode"));
      // And the import can be run again: it adds what is missing, skips what is there.
      var result = Transfer.importFrom(b, file, ImportOptions.builder().build());
      assertTrue(result.success(), result.toJson());
      assertEquals(MEMORIES - expected, result.section(RecordKind.MEMORY).imported());
    }
    assertFalse(Files.exists(journal));
    assertEquals(List.of("count(*)=" + MEMORIES),
        DocleaFixtures.query(db, "SELECT count(*) FROM memories"));
  }
}
