package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two imports started at once into the same missing database, each through a backend of its own
 * that creates it: one lays the file out (the other uses its tables), the first import into it
 * runs in the rollback journal mode while the other waits for the write lock, and the switch to
 * WAL after the first commit is given up while the other holds a lock (best effort). Whatever the
 * interleaving, both imports succeed, every record of both files is there once, the file passes
 * SQLite's integrity check, and no journal, WAL or shared-memory file is left once both closed.
 */
class NewDatabaseRaceTest {
  private static final int PER_FILE = 600;

  @TempDir Path dir;

  @RepeatedTest(3)
  void twoImportsIntoTheSameNewDatabaseBothLand() throws Exception {
    Path a = file("a");
    Path b = file("b");
    Path db = dir.resolve("new.db");
    CyclicBarrier start = new CyclicBarrier(2);
    CompletableFuture<ImportResult> first = CompletableFuture.supplyAsync(() -> run(db, a, start));
    CompletableFuture<ImportResult> second = CompletableFuture.supplyAsync(() -> run(db, b, start));
    for (ImportResult r : List.of(first.get(60, TimeUnit.SECONDS),
        second.get(60, TimeUnit.SECONDS))) {
      assertTrue(r.success(), r.toJson());
      assertEquals(PER_FILE, r.section(RecordKind.MEMORY).imported(), r.toJson());
    }
    assertEquals(List.of("integrity_check=ok"),
        DocleaFixtures.query(db, "PRAGMA integrity_check"));
    assertEquals(List.of("n=" + 2 * PER_FILE, "d=" + 2 * PER_FILE),
        List.of(DocleaFixtures.query(db, "SELECT count(*) AS n FROM memories").get(0),
            DocleaFixtures.query(db, "SELECT count(DISTINCT id) AS d FROM memories").get(0)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("new.db"), files.map(f -> f.getFileName().toString())
          .filter(f -> f.startsWith("new.db")).sorted().toList(), "files beside the database");
    }
  }

  private ImportResult run(Path db, Path file, CyclicBarrier start) {
    try {
      start.await(30, TimeUnit.SECONDS);
      try (SqliteBackend backend = SqliteBackend.open(db,
          Map.of("create", "true", "busyTimeoutMs", "30000"))) {
        return Transfer.importFrom(backend, file, ImportOptions.builder().build());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Path file(String prefix) {
    List<Memory> memories = new ArrayList<>();
    String filler = "y".repeat(3000);
    for (int i = 0; i < PER_FILE; i++) {
      memories.add(ProjectFixtures.memory(prefix + "_" + i, null).toBuilder()
          .content(filler + i).build());
    }
    return ProjectFixtures.exportFile(dir, prefix + "-" + System.nanoTime() + ".json", memories);
  }
}
