package ai.doclea.transfer.sqlite;

import static ai.doclea.transfer.sqlite.DocleaDatabaseExportTest.readAll;
import static ai.doclea.transfer.sqlite.SqliteWriteTransactionTest.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot reads one consistent state while other connections write (WAL mode). */
class SnapshotConsistencyTest {
  @TempDir Path dir;

  @Test
  void aSnapshotIgnoresWritesCommittedWhileItIsOpenEvenMidCursor() throws Exception {
    Path db = dir.resolve("local.db");
    List<Memory> initial = IntStream.range(0, 1000)
        .mapToObj(i -> memory(String.format("m%04d", i))).collect(Collectors.toList());
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("create", "true"))) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insertAll(initial);
        tx.commit();
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        List<TransferRecord> seen = new ArrayList<>();
        try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.MEMORY)) {
          for (int i = 0; i < 10; i++) {
            seen.add(cursor.next());
          }
          // Another backend instance (another connection, another thread) writes and commits.
          CompletableFuture.runAsync(() -> {
            try (SqliteBackend writer = SqliteBackend.open(db, Map.of());
                WriteTransaction tx = writer.beginTransaction()) {
              tx.insert(memory("zz_new"));
              tx.replace(memory("m0500").toBuilder().title("changed").build());
              tx.replace(memory("m0005").toBuilder().title("changed too").build());
              tx.commit();
            }
          }).get(30, TimeUnit.SECONDS);
          // A raw writer deletes rows too.
          try (Connection raw = DocleaFixtures.connect(db)) {
            DocleaFixtures.exec(raw, "DELETE FROM memories WHERE id = 'm0999'");
          }
          cursor.forEachRemaining(seen::add);
        }
        assertEquals(initial, seen, "the cursor saw writes committed after the snapshot began");
        assertEquals(1000, snapshot.count(RecordKind.MEMORY).orElseThrow());
        assertEquals(initial, readAll(snapshot, RecordKind.MEMORY));
      }
      try (ReadSnapshot later = backend.openSnapshot()) {
        List<TransferRecord> now = readAll(later, RecordKind.MEMORY);
        assertEquals(1000, now.size());
        assertTrue(now.contains(memory("zz_new")));
        assertTrue(now.stream().anyMatch(r -> ((Memory) r).title().equals("changed")));
      }
    }
  }

  @Test
  void snapshotsAndATransactionRunConcurrentlyWithoutBlocking() throws Exception {
    Path db = dir.resolve("concurrent.db");
    try (SqliteBackend backend =
        SqliteBackend.open(db, Map.of("create", "true", "busyTimeoutMs", "0"))) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(memory("a"));
        tx.commit();
      }
      try (WriteTransaction tx = backend.beginTransaction();
          ReadSnapshot before = backend.openSnapshot()) {
        tx.insert(memory("b"));
        tx.existingIds(RecordKind.MEMORY, List.of("b")); // flushes: b is in the WAL, uncommitted
        try (ReadSnapshot during = backend.openSnapshot()) {
          assertEquals(List.of(memory("a")), readAll(during, RecordKind.MEMORY));
        }
        tx.commit();
        assertEquals(List.of(memory("a")), readAll(before, RecordKind.MEMORY));
      }
    }
  }
}
