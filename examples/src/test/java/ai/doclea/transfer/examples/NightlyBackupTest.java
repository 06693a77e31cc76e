package ai.doclea.transfer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Providers;
import ai.doclea.transfer.Store;
import ai.doclea.transfer.Stores;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.StorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyBackupTest {
  @TempDir Path dir;
  private Path store;

  @BeforeEach
  void createStore() {
    store = dir.resolve("kb");
    try (StorageBackend backend = Providers.openBackend("jsonl:" + store,
        Map.of("create", "true"))) {
      ai.doclea.transfer.cli.SampleKnowledgeBase.writeTo(backend,
          ai.doclea.transfer.cli.SampleKnowledgeBase.generate(25, 1, 1_760_000_000L));
    }
  }

  private NightlyBackup backupAt(Instant when, int keep) {
    return new NightlyBackup(new NightlyBackup.Settings("jsonl:" + store,
        Map.of("readOnly", "true", "storageMode", "manual"), dir.resolve("backups"), keep,
        Clock.fixed(when, ZoneOffset.UTC)));
  }

  @Test
  void writesAVerifiedGzipBackupNamedByTheClock() throws Exception {
    Path file = backupAt(Instant.parse("2026-03-01T02:00:00Z"), 3).run();

    assertEquals("doclea-20260301-020000.json.gz", file.getFileName().toString());
    var check = Transfer.verify(file, Limits.DEFAULTS);
    assertTrue(check.valid(), check.errors().toString());
    assertTrue(check.gzip());
    assertEquals("manual", check.storageMode(), "the host's adapter options are used");
    assertEquals(25, check.counts().get(RecordKind.MEMORY));
  }

  @Test
  void keepsOnlyTheNewestBackups() {
    Instant start = Instant.parse("2026-03-01T02:00:00Z");
    for (int day = 0; day < 5; day++) {
      backupAt(start.plus(Duration.ofDays(day)), 3).run();
    }

    List<Path> left = backupAt(start, 3).backups();

    assertEquals(List.of("doclea-20260303-020000.json.gz", "doclea-20260304-020000.json.gz",
        "doclea-20260305-020000.json.gz"),
        left.stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void restoresTheNewestBackupIntoAnotherStore() {
    NightlyBackup job = backupAt(Instant.parse("2026-03-01T02:00:00Z"), 3);
    job.run();

    try (Store target = Stores.open("jsonl:" + dir.resolve("restored"),
        Map.of("create", "true"))) {
      ImportResult result = job.restoreLatest(target).orThrow();

      assertEquals(25, result.section(RecordKind.MEMORY).imported());
      DiffResult diff = Transfer.diff(target, "the restored store", job.backups().get(0),
          DiffOptions.defaults());
      assertTrue(diff.identical(), diff::toJson);
    }
  }

  @Test
  void aStoreThatDoesNotExistFailsAndWritesNoBackup() throws Exception {
    NightlyBackup job = new NightlyBackup(new NightlyBackup.Settings(
        "jsonl:" + dir.resolve("missing"), Map.of(), dir.resolve("backups"), 3,
        Clock.systemUTC()));

    assertThrows(BackendException.class, job::run);
    assertTrue(job.backups().isEmpty());
    assertFalse(Files.exists(dir.resolve("backups").resolve("x")));
  }

  @Test
  void restoreWithoutBackupSaysSo() {
    TransferException e = assertThrows(TransferException.class,
        () -> backupAt(Instant.EPOCH, 1).restoreLatest(Stores.open("memory:")));

    assertTrue(e.getMessage().contains("No backup"), e.getMessage());
  }
}
