package ai.doclea.transfer.sqlite;

import static ai.doclea.transfer.sqlite.SqliteWriteTransactionTest.memory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The {@code mmap=true} option: a read snapshot reads the database through SQLite's memory-mapped
 * I/O, writes the same file as without it, and stays whole while another connection empties,
 * vacuums and checkpoints the database under it (SQLite never shrinks the file under an open read
 * transaction, which is what makes mapping safe against SQLite's own writers).
 */
class MmapOptionTest {
  private static final ExportOptions OPTIONS = ExportOptions.builder()
      .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC))
      .replaceAnyFile(true).build();

  private static Path dir;

  @BeforeContainer
  static void makeDirectory() throws Exception {
    dir = Files.createTempDirectory("mmap-option");
  }

  @AfterContainer
  static void removeDirectory() throws Exception {
    TempFiles.deleteTree(dir);
  }

  @Example
  void onlyASnapshotOfABackendOpenedWithTheOptionIsMapped() throws Exception {
    Path db = dir.resolve("pragma.db");
    DocleaFixtures.createDatabase(db, "012", true);
    assertEquals(0, mapSize(db, Map.of("readOnly", "true")));
    assertEquals(0, mapSize(db, Map.of("readOnly", "true", "mmap", "false")));
    assertEquals(SqliteOptions.MMAP_BYTES, mapSize(db, Map.of("readOnly", "true", "mmap", "true")));
    assertEquals(SqliteOptions.MMAP_BYTES, mapSize(db, Map.of("mmap", "true")));
  }

  /** The snapshot connection's {@code PRAGMA mmap_size}, read inside the snapshot. */
  private static long mapSize(Path db, Map<String, String> options) throws Exception {
    try (SqliteBackend backend = SqliteBackend.open(db, options);
        SqliteSnapshot snapshot = backend.openSnapshot(null)) {
      try (Statement s = snapshot.connection().createStatement();
          ResultSet rs = s.executeQuery("PRAGMA mmap_size")) {
        assertTrue(rs.next());
        return rs.getLong(1);
      }
    }
  }

  @Provide
  Arbitrary<List<TransferRecord>> stores() {
    return GeneratedStores.stores();
  }

  /** Mapped or read with system calls, the export is the same, byte for byte. */
  @Property(tries = 25)
  void aMappedSnapshotExportsTheSameFile(@ForAll("stores") List<TransferRecord> records)
      throws Exception {
    Map<RecordKind, List<TransferRecord>> store = RestoreRoundTripTest.byKind(records);
    Path scratch = Files.createTempDirectory(dir, "store");
    Path db = scratch.resolve("local.db");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("create", "true"))) {
      RestoreRoundTripTest.writeStore(backend, store);
    }
    byte[] read = export(db, "false", scratch.resolve("read.json"));
    byte[] mapped = export(db, "true", scratch.resolve("mapped.json"));
    assertArrayEquals(read, mapped);
    TempFiles.deleteTree(scratch);
  }

  private static byte[] export(Path db, String mmap, Path out) throws Exception {
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true", "mmap",
        mmap))) {
      Transfer.export(backend, out, OPTIONS).orThrow();
    }
    return Files.readAllBytes(out);
  }

  /**
   * The case that would end the process if SQLite let it happen: the mapped file shrinks under
   * the reader. Another connection deletes most rows, vacuums and checkpoints with TRUNCATE while
   * a mapped snapshot is half-way through a cursor; the snapshot still reads every row as it
   * was, and the file shrinks only once the snapshot is closed.
   */
  @Example
  void aMappedSnapshotStaysWholeWhileTheDatabaseIsEmptiedAndVacuumed() throws Exception {
    Path db = Files.createTempDirectory(dir, "shrink").resolve("local.db");
    String text = "x".repeat(2000);
    List<Memory> initial = IntStream.range(0, 2000)
        .mapToObj(i -> memory(String.format("m%04d", i)).toBuilder().content(text + i).build())
        .collect(Collectors.toList());
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("create", "true"))) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insertAll(initial);
        tx.commit();
      }
    }
    long before = Files.size(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true", "mmap",
            "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      List<String> seen = new ArrayList<>();
      try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.MEMORY)) {
        for (int i = 0; i < 10; i++) {
          seen.add(((Memory) cursor.next()).content());
        }
        try (Connection writer = DocleaFixtures.connect(db)) {
          DocleaFixtures.exec(writer, "DELETE FROM memories WHERE id > 'm0010'");
          DocleaFixtures.exec(writer, "VACUUM");
          checkpoint(writer);
        }
        assertEquals(before, Files.size(db), "the file shrank under an open snapshot");
        cursor.forEachRemaining(r -> seen.add(((Memory) r).content()));
      }
      assertEquals(initial.stream().map(Memory::content).sorted().collect(Collectors.toList()),
          seen.stream().sorted().collect(Collectors.toList()));
    }
    try (Connection writer = DocleaFixtures.connect(db)) {
      checkpoint(writer);
    }
    assertTrue(Files.size(db) < before / 10,
        "the vacuum shrinks the file once the snapshot is closed: " + Files.size(db));
  }

  private static void checkpoint(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }
}
