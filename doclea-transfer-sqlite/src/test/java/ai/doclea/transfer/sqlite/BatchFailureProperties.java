package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A write that fails part of the way through a batch names the record that failed, whichever of
 * the adapter's two ways ran the batch: as one JDBC batch, the failing row told by the
 * connection's change count (a plain INSERT into one of Doclea's tables), or one row at a time (a
 * table with a trigger, whose rows the count would include; relations, whose rows repeating a
 * natural key change no row). Afterwards the transaction takes nothing but a rollback, and the
 * rollback leaves the file as it was.
 */
class BatchFailureProperties {

  /** The memories table as Doclea makes it, or with a trigger that writes another table. */
  enum Table {
    DOCLEAS,
    /** The trigger's rows count among the connection's changes: one row at a time. */
    WITH_TRIGGER
  }

  @Property(tries = 40)
  void theFailingRecordIsNamedAndOnlyARollbackFollows(
      @ForAll @IntRange(min = 1, max = 1_200) int n, @ForAll @IntRange(min = 0, max = 1_199) int at,
      @ForAll Table table, @ForAll boolean insertAll) throws Exception {
    int k = at % n;
    Path dir = Files.createTempDirectory("batch-failure");
    try {
      Path db = dir.resolve("local.db");
      SqliteBackend.open(db, Map.of("create", "true")).close();
      if (table == Table.WITH_TRIGGER) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
            Statement s = c.createStatement()) {
          s.execute("CREATE TABLE insert_log (id TEXT)");
          s.execute("CREATE TRIGGER log_inserts AFTER INSERT ON memories BEGIN"
              + " INSERT INTO insert_log VALUES (new.id); END");
        }
      }
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(SqliteWriteTransactionTest.memory("taken"));
        tx.commit();
      }
      byte[] before = Files.readAllBytes(db);

      List<Memory> memories = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        memories.add(SqliteWriteTransactionTest.memory(i == k ? "taken" : "m" + i));
      }
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        BackendException e = assertThrows(BackendException.class, () -> {
          if (insertAll) {
            tx.insertAll(memories);
          } else {
            for (Memory m : memories) {
              tx.insert(m);
            }
          }
          tx.commit();
        });
        assertTrue(e.getMessage().contains("memory 'taken'"), e.getMessage());
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertFalse(e.getMessage().matches("(?s).*memory 'm\\d+'.*"), e.getMessage());
        BackendException after = assertThrows(BackendException.class, tx::commit);
        assertTrue(after.getMessage().contains("can only be rolled back"), after.getMessage());
        assertThrows(BackendException.class,
            () -> tx.insert(SqliteWriteTransactionTest.memory("late")));
        tx.rollback();
      }
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        assertEquals(java.util.Set.of("taken"), tx.existingIds(RecordKind.MEMORY,
            List.of("taken", "m0", "late", "m" + (n - 1))));
        tx.rollback();
      }
      assertArrayEquals(before, Files.readAllBytes(db));
    } finally {
      delete(dir);
    }
  }

  /**
   * Relations repeating the natural key of one before them in the batch are skipped, which
   * changes no row; a relation whose id is taken fails, and the failure names it.
   */
  @Property(tries = 30)
  void theFailingRelationIsNamedAmongSkippedOnes(
      @ForAll @IntRange(min = 1, max = 1_200) int n, @ForAll @IntRange(min = 0, max = 1_199) int at,
      @ForAll @IntRange(min = 2, max = 7) int repeatEvery) throws Exception {
    int k = at % n;
    Path dir = Files.createTempDirectory("batch-failure");
    try {
      Path db = dir.resolve("local.db");
      SqliteBackend.open(db, Map.of("create", "true")).close();
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(new MemoryRelation("taken", "a", "b", "stored", 1, null, 1L));
        tx.commit();
      }
      byte[] before = Files.readAllBytes(db);

      List<MemoryRelation> relations = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // Every repeatEvery-th relation repeats the (source, target, type) of the one before it.
        int key = i % repeatEvery == repeatEvery - 1 ? i - 1 : i;
        relations.add(new MemoryRelation(i == k ? "taken" : "r" + i, "s" + key, "t" + key,
            "related_to", 1, null, 2L));
      }
      boolean failingRowRepeatsAKey = k % repeatEvery == repeatEvery - 1;
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        if (failingRowRepeatsAKey) {
          // Its natural key is taken: skipped, as the others repeating one, before its id counts.
          assertEquals(n / repeatEvery, tx.insertAll(relations).size());
          tx.rollback();
        } else {
          BackendException e = assertThrows(BackendException.class, () -> {
            tx.insertAll(relations);
            tx.commit();
          });
          assertTrue(e.getMessage().contains("memory relation 'taken'"), e.getMessage());
          assertTrue(e.getMessage().contains("already exists"), e.getMessage());
          assertFalse(e.getMessage().matches("(?s).*relation 'r\\d+'.*"), e.getMessage());
          BackendException after = assertThrows(BackendException.class, tx::commit);
          assertTrue(after.getMessage().contains("can only be rolled back"), after.getMessage());
          tx.rollback();
        }
      }
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        assertEquals(java.util.Set.of("taken"), tx.existingIds(RecordKind.MEMORY_RELATION,
            List.of("taken", "r0", "r" + (n - 1))));
        tx.rollback();
      }
      assertArrayEquals(before, Files.readAllBytes(db));
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
