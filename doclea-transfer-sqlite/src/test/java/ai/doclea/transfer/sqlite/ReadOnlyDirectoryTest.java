package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.RecordKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL database on a read-only directory (a read-only bind mount: as root, file permissions
 * would not stop a write). Needs the right to mount; skipped with a message where it is missing.
 */
class ReadOnlyDirectoryTest {
  @TempDir Path dir;
  private Path mounted;

  static boolean run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  /** Mounts {@code source} read-only at a new directory, or skips the test. */
  Path readOnlyView(Path source) throws Exception {
    Path target = Files.createDirectory(dir.resolve("ro"));
    assumeTrue(run("mount", "--bind", source.toString(), target.toString()),
        "cannot bind-mount here (no mount privilege): read-only directory test skipped");
    mounted = target;
    assertTrue(run("mount", "-o", "remount,ro,bind", target.toString()), "remount read-only");
    assertFalse(Files.isWritable(target));
    return target;
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      assertTrue(run("umount", mounted.toString()), "unmount " + mounted);
    }
  }

  @Test
  void aWalDatabaseInAReadOnlyDirectoryExports() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    DocleaFixtures.createDatabase(source.resolve("local.db"), "012", true);
    DocleaFixtures.fill(source.resolve("local.db"), "012");
    assertEquals(List.of("local.db"), names(source), "closed cleanly: no -wal, no -shm");
    Path db = readOnlyView(source).resolve("local.db");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      ExportResult r = Transfer.export(backend, dir.resolve("out.json"), ExportOptions.defaults());
      assertTrue(r.success(), r::toJson);
      assertTrue(r.count(RecordKind.MEMORY) > 0);
    }
  }

  @Test
  void committedChangesInAWalThatCannotBeReadAreAClearError() throws Exception {
    Path source = Files.createDirectory(dir.resolve("src"));
    Path original = source.resolve("local.db");
    DocleaFixtures.createDatabase(original, "012", true);
    DocleaFixtures.fill(original, "012");
    Files.write(Path.of(original + "-wal"), new byte[] {1, 2, 3});
    Path db = readOnlyView(source).resolve("local.db");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      ExportResult r = Transfer.export(backend, dir.resolve("out.json"), ExportOptions.defaults());
      assertFalse(r.success());
      throw new AssertionError("expected the open to fail, export said: " + r.toJson());
    } catch (ai.doclea.transfer.api.BackendException e) {
      assertTrue(e.getMessage().contains("is read-only and"), e.getMessage());
      assertTrue(e.getMessage().contains("-wal holds committed changes"), e.getMessage());
    }
  }

  static List<String> names(Path d) throws IOException {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
