package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferListener;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.internal.ReadAhead;
import ai.doclea.transfer.internal.Spools;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A snapshot's sibling ({@link ReadSnapshot#sibling}): a second connection that reads the same
 * state, through which an export reads its later sections while it writes the first. The file,
 * its warnings and its progress events are the same with it as without it; a commit that lands
 * between the two read transactions means no sibling; the spool is gone after every export.
 */
class SiblingSnapshotTest {
  private static final ExportOptions OPTIONS = ExportOptions.builder()
      .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC))
      .replaceAnyFile(true).build();

  private static Path dir;

  @BeforeContainer
  static void makeDirectory() throws Exception {
    dir = Files.createTempDirectory("sibling-snapshot");
  }

  @AfterContainer
  static void removeDirectory() throws Exception {
    SqliteBackend.siblingLeastBytes = SqliteBackend.SIBLING_LEAST_BYTES;
    TestHooks.ACTIONS.clear();
    TempFiles.deleteTree(dir);
  }

  @Provide
  Arbitrary<List<TransferRecord>> stores() {
    return GeneratedStores.stores();
  }

  /** With a sibling or without, the export is the same: bytes, warnings and progress events. */
  @Property(tries = 25)
  void aSiblingExportsTheSameFile(@ForAll("stores") List<TransferRecord> records)
      throws Exception {
    Path scratch = Files.createTempDirectory(dir, "store");
    Path db = scratch.resolve("local.db");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("create", "true"))) {
      RestoreRoundTripTest.writeStore(backend, RestoreRoundTripTest.byKind(records));
    }
    Export alone = export(db, Long.MAX_VALUE, scratch.resolve("alone.json"));
    long copied = ReadAhead.sectionsCopied();
    Export paired = export(db, 0, scratch.resolve("paired.json"));
    // Memories are read by the export's own snapshot; the five sections after them are spooled.
    assertEquals(5, ReadAhead.sectionsCopied() - copied, "sections read ahead");
    assertArrayEquals(alone.bytes, paired.bytes);
    assertEquals(alone.warnings, paired.warnings);
    assertEquals(alone.events, paired.events);
    assertEquals(List.of(), exportSpools(), "spools left behind");
    TempFiles.deleteTree(scratch);
  }

  /**
   * The rows of {@link JsonRowExportTest}, several of them written otherwise than stored in the
   * later sections (warnings from the sibling's reads) and read as records there.
   */
  @Example
  void theWarningsOfTheSectionsTheSiblingReadAreTheExportsWarnings() throws Exception {
    Path db = Files.createTempDirectory(dir, "irregular").resolve("local.db");
    JsonRowExportTest.fill(db);
    Export alone = export(db, Long.MAX_VALUE, db.resolveSibling("alone.json"));
    long copied = ReadAhead.sectionsCopied();
    Export paired = export(db, 0, db.resolveSibling("paired.json"));
    assertEquals(5, ReadAhead.sectionsCopied() - copied, "sections read ahead");
    assertFalse(alone.warnings.isEmpty());
    assertArrayEquals(alone.bytes, paired.bytes);
    assertEquals(alone.warnings, paired.warnings);
  }

  /**
   * The read-ahead fails part-way through a section whose rows it has begun to warn about: the
   * export reads that section again itself, and its warnings count each row once, as without a
   * sibling.
   */
  @Example
  void aReadAheadThatFailsPartWayWarnsOnceForEachRow() throws Exception {
    Path db = Files.createTempDirectory(dir, "fails").resolve("local.db");
    JsonRowExportTest.fill(db);
    try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
      for (int i = 4; i < 8; i++) {
        s.executeUpdate("INSERT INTO memory_relations (id, source_id, target_id, type, weight,"
            + " metadata, created_at) VALUES ('rel_" + i + "', 'mem_plain', 'mem_full', 't" + i
            + "', NULL, NULL, " + i + ")");
      }
    }
    Export alone = export(db, Long.MAX_VALUE, db.resolveSibling("alone.json"));
    java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
    TestHooks.ACTIONS.put("value-changed:memory_relations", () -> {
      if (failed.compareAndSet(false, true)) {
        throw new ai.doclea.transfer.api.BackendException("injected after one warning");
      }
    });
    long copied = ReadAhead.sectionsCopied();
    Export paired;
    try {
      paired = export(db, 0, db.resolveSibling("paired.json"));
    } finally {
      TestHooks.ACTIONS.clear();
    }
    assertTrue(failed.get(), "the read-ahead met the failure");
    assertEquals(2, ReadAhead.sectionsCopied() - copied, "documents and chunks read ahead");
    assertTrue(alone.warnings.stream().anyMatch(w -> w.startsWith("memory_relations.weight")),
        () -> alone.warnings.toString());
    assertArrayEquals(alone.bytes, paired.bytes);
    assertEquals(alone.warnings, paired.warnings);
  }

  /** A Doclea project's export reads the later sections of its records database ahead too. */
  @Example
  void aProjectExportReadsAheadAndWritesTheSameFile() throws Exception {
    Path project = ProjectFixtures.project(Files.createTempDirectory(dir, "project"), "p");
    JsonRowExportTest.fill(project.resolve(".doclea/local.db"));
    byte[][] files = new byte[2][];
    long[] siblings = {Long.MAX_VALUE, 0};
    for (int i = 0; i < 2; i++) {
      SqliteBackend.siblingLeastBytes = siblings[i];
      long copied = ReadAhead.sectionsCopied();
      Path out = project.resolve("export-" + i + ".json");
      try (DocleaProjectBackend backend = DocleaProjectBackend.open(project, Map.of())) {
        Transfer.export(backend, out, OPTIONS).orThrow();
      } finally {
        SqliteBackend.siblingLeastBytes = SqliteBackend.SIBLING_LEAST_BYTES;
      }
      assertEquals(i == 0 ? 0 : 5, ReadAhead.sectionsCopied() - copied, "sections read ahead");
      files[i] = Files.readAllBytes(out);
    }
    assertArrayEquals(files[0], files[1]);
  }

  /**
   * A snapshot that cannot be opened leaves no second connection open: the backend's close, the
   * last of the process's connections to the file, then removes the {@code -wal} and {@code -shm}
   * files as it does after every read-only use (they would stay while another connection is open).
   */
  @Example
  void aSnapshotThatFailsToOpenClosesItsSecondConnection() throws Exception {
    Path db = Files.createTempDirectory(dir, "fails-open").resolve("local.db");
    DocleaFixtures.createDatabase(db, "012", true);
    SqliteBackend.siblingLeastBytes = 0;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
        s.executeUpdate("DROP TABLE chunks");
      }
      ai.doclea.transfer.api.BackendException e = org.junit.jupiter.api.Assertions.assertThrows(
          ai.doclea.transfer.api.BackendException.class, backend::openSnapshot);
      assertTrue(e.getMessage().contains("chunks"), e.getMessage());
      assertTrue(Files.exists(Path.of(db + "-wal")));
    } finally {
      SqliteBackend.siblingLeastBytes = SqliteBackend.SIBLING_LEAST_BYTES;
    }
    assertFalse(Files.exists(Path.of(db + "-wal")), "-wal left: a connection is still open");
    assertFalse(Files.exists(Path.of(db + "-shm")), "-shm left: a connection is still open");
  }

  @Example
  void aSmallDatabaseHasNoSibling() throws Exception {
    SqliteBackend.siblingLeastBytes = SqliteBackend.SIBLING_LEAST_BYTES;
    Path db = Files.createTempDirectory(dir, "small").resolve("local.db");
    DocleaFixtures.createDatabase(db, "012", true);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      assertTrue(snapshot.sibling().isEmpty());
    }
  }

  /**
   * The sibling reads what the snapshot reads, and is given once; a commit by another connection
   * between the snapshot's read transaction and the sibling's means no sibling, and the snapshot
   * still reads the state it began with.
   */
  @Example
  void aCommitBetweenTheTwoReadTransactionsMeansNoSibling() throws Exception {
    Path db = Files.createTempDirectory(dir, "commit").resolve("local.db");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("create", "true"))) {
      RestoreRoundTripTest.writeStore(backend, Map.of(RecordKind.MEMORY,
          List.of(SqliteWriteTransactionTest.memory("mem_1"))));
    }
    SqliteBackend.siblingLeastBytes = 0;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      ReadSnapshot sibling = snapshot.sibling().orElseThrow();
      assertEquals(List.of("mem_1"), ids(sibling));
      assertEquals(ids(snapshot), ids(sibling));
      assertTrue(snapshot.sibling().isEmpty(), "given once");
    }
    TestHooks.ACTIONS.put("sibling-begin", () -> insert(db, "mem_2"));
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      assertTrue(snapshot.sibling().isEmpty());
      assertEquals(List.of("mem_1"), ids(snapshot));
    } finally {
      TestHooks.ACTIONS.clear();
    }
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      assertEquals(List.of("mem_1", "mem_2"), ids(snapshot.sibling().orElseThrow()));
    }
  }

  private static void insert(Path db, String id) {
    try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO memories (id, type, title, content, importance, tags,"
          + " related_files, experts, created_at, accessed_at, access_count, needs_review)"
          + " VALUES ('" + id + "', 'note', 'T', 'C', 0.5, '[]', '[]', '[]', 1, 2, 0, 0)");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> ids(ReadSnapshot snapshot) {
    List<String> ids = new ArrayList<>();
    try (RecordCursor<? extends TransferRecord> c = snapshot.read(RecordKind.MEMORY)) {
      while (c.hasNext()) {
        ids.add(c.next().id());
      }
    }
    ids.sort(null);
    return ids;
  }

  /** An export's bytes, warnings and listener events. */
  private record Export(byte[] bytes, List<String> warnings, List<String> events) {}

  private static Export export(Path db, long siblingLeastBytes, Path out) throws Exception {
    SqliteBackend.siblingLeastBytes = siblingLeastBytes;
    List<String> events = new ArrayList<>();
    TransferListener listener = new TransferListener() {
      @Override
      public void sectionStarted(RecordKind kind, long expected) {
        events.add("started " + kind + " " + expected);
      }

      @Override
      public void sectionFinished(RecordKind kind, long count) {
        events.add("finished " + kind + " " + count);
      }
    };
    ExportResult result;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      result = Transfer.export(backend, out,
          ExportOptions.builder().clock(OPTIONS.clock()).replaceAnyFile(true).listener(listener)
              .build()).orThrow();
    } finally {
      SqliteBackend.siblingLeastBytes = SqliteBackend.SIBLING_LEAST_BYTES;
    }
    return new Export(Files.readAllBytes(out), result.warnings(), events);
  }

  /** This process's export spools. */
  private static List<Path> exportSpools() throws Exception {
    String prefix = "doclea-export-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(Spools.directory())) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
  }
}
