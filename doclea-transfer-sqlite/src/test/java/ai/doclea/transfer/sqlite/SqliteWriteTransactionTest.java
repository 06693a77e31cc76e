package ai.doclea.transfer.sqlite;

import static ai.doclea.transfer.sqlite.DocleaDatabaseExportTest.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writing through the SPI: batching, lookups, replace, rollback, constraints, vectors. */
class SqliteWriteTransactionTest {
  @TempDir Path dir;

  private Path doclea(String version, boolean wal) throws Exception {
    Path db = dir.resolve("local-" + version + (wal ? "-wal" : "") + ".db");
    DocleaFixtures.createDatabase(db, version, wal);
    DocleaFixtures.fill(db, version);
    return db;
  }

  private Path fresh() {
    Path db = dir.resolve("new-" + System.nanoTime() + ".db");
    SqliteBackend.open(db, Map.of("create", "true")).close();
    return db;
  }

  static Memory memory(String id) {
    return Memory.builder(id, "note", "title " + id, "content of " + id)
        .tags(List.of("t")).createdAt(1L).accessedAt(2L).build();
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part),
          "message should mention '" + part + "': " + e.getMessage());
    }
  }

  private static Map<String, List<String>> otherTables(Path db) throws Exception {
    Map<String, List<String>> dump = new TreeMap<>(DocleaFixtures.dump(db));
    dump.keySet().removeAll(Set.of("memories", "documents", "chunks", "memory_relations",
        "cross_layer_relations", "pending_memories"));
    return dump;
  }

  @Test
  void aTransactionSeesItsOwnWritesAndOthersSeeThemOnlyAfterCommit() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(memory("m1"));
        assertEquals(Set.of("m1"), tx.existingIds(RecordKind.MEMORY, List.of("m1", "m2")));
        assertEquals(Map.of("m1", memory("m1")), tx.find(RecordKind.MEMORY, List.of("m1", "x")));
        try (ReadSnapshot other = backend.openSnapshot()) {
          assertEquals(List.of(), readAll(other, RecordKind.MEMORY));
        }
        tx.commit();
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(List.of(memory("m1")), readAll(snapshot, RecordKind.MEMORY));
      }
    }
  }

  @Test
  void manyRecordsAreBatchedAndLookupsAcrossBatchesSeeThemAll() throws Exception {
    Path db = fresh();
    int n = 1234;
    List<Memory> memories = IntStream.range(0, n)
        .mapToObj(i -> memory(String.format("m%05d", i))).collect(Collectors.toList());
    List<String> asked = new ArrayList<>(memories.stream().map(Memory::id).toList());
    for (int i = 0; i < 66; i++) {
      asked.add("unknown" + i);
    }
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insertAll(memories.subList(0, 700));
        assertEquals(700, tx.existingIds(RecordKind.MEMORY, asked).size());
        tx.insertAll(memories.subList(700, n));
        Set<String> found = tx.existingIds(RecordKind.MEMORY, asked);
        assertEquals(memories.stream().map(Memory::id).collect(Collectors.toSet()), found);
        assertEquals(n, tx.find(RecordKind.MEMORY, asked).size());
        tx.commit();
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(n, snapshot.count(RecordKind.MEMORY).orElseThrow());
        List<TransferRecord> read = readAll(snapshot, RecordKind.MEMORY);
        // equal accessed_at: Doclea's order falls back to id
        assertEquals(memories, read);
      }
    }
  }

  @ParameterizedTest(name = "wal={0}")
  @ValueSource(booleans = {false, true})
  void rollbackLeavesTheFileExactlyAsBefore(boolean wal) throws Exception {
    Path db = doclea("012", wal);
    try (var c = DocleaFixtures.connect(db); var s = c.createStatement()) {
      if (wal) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
    byte[] before = Files.readAllBytes(db);
    Map<String, List<String>> dumpBefore = DocleaFixtures.dump(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      for (boolean explicit : new boolean[] {true, false}) {
        try (WriteTransaction tx = backend.beginTransaction()) {
          for (int i = 0; i < 1200; i++) {
            tx.insert(memory("bulk" + i));
          }
          tx.replace(memory("mem_auth"));
          tx.insert(new Document("d9", "t", "c", null, 1L, 1L));
          assertEquals(Set.of("bulk7"), tx.existingIds(RecordKind.MEMORY, List.of("bulk7")));
          if (explicit) {
            tx.rollback();
          } // else: close without commit rolls back
        }
      }
    }
    assertEquals(dumpBefore, DocleaFixtures.dump(db));
    assertArrayEquals(before, Files.readAllBytes(db), "the main database file changed");
  }

  @Test
  void replacingAMemoryUpdatesItInPlaceAndKeepsItsRelations() throws Exception {
    Path db = doclea("012", true);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      Memory changed = Memory.builder("mem_auth", "decision", "New title", "New content")
          .accessCount(9).needsReview(true).decayRate(0.25).decayFunction("step").build();
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.replace(changed);
        tx.commit();
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(changed, tx(snapshot).get("mem_auth"));
        assertEquals(2, readAll(snapshot, RecordKind.MEMORY_RELATION).size());
        assertEquals(1, readAll(snapshot, RecordKind.CROSS_LAYER_RELATION).size());
      }
    }
  }

  private static Map<String, TransferRecord> tx(ReadSnapshot snapshot) {
    return readAll(snapshot, RecordKind.MEMORY).stream()
        .collect(Collectors.toMap(TransferRecord::id, r -> r));
  }

  @Test
  void everyKindCanBeReplaced() throws Exception {
    Path db = doclea("012", true);
    List<TransferRecord> replacements = List.of(
        new Document("doc_readme", "README v2", "new", "h2", 5L, 6L),
        new Chunk("chk_1", "doc_guide", "moved", "vec_new", 1L, 2L),
        new MemoryRelation("rel_2", "mem_note", "mem_pattern", "related_to", 0.1, "{}", 7L),
        new CrossLayerRelation("xl_1", "mem_note", "node_other", "addresses",
            "code_to_memory", 0.3, null, 8L),
        new PendingMemory("pnd_abc", "{\"title\":\"x\",\"qdrantId\":\"vec_changed\"}", 9L,
            "import", "because"));
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        for (TransferRecord r : replacements) {
          tx.replace(r);
        }
        for (TransferRecord r : replacements) {
          assertEquals(r, tx.find(r.kind(), List.of(r.id())).get(r.id()));
        }
        tx.commit();
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (TransferRecord r : replacements) {
          assertTrue(readAll(snapshot, r.kind()).contains(r), r.toString());
        }
      }
    }
    assertEquals(List.of("qdrant_id=vec_changed"),
        DocleaFixtures.query(db, "SELECT qdrant_id FROM pending_memories"));
  }

  @Test
  void replacingAnIdThatDoesNotExistFailsNamingIt() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        WriteTransaction tx = backend.beginTransaction()) {
      tx.replace(memory("ghost"));
      var e = assertThrows(BackendException.class, tx::commit);
      assertMentions(e, "ghost", "no memory with that id");
    }
  }

  @Test
  void insertingAnExistingIdFailsNamingIt() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        WriteTransaction tx = backend.beginTransaction()) {
      tx.insert(memory("a"));
      tx.insert(memory("b"));
      tx.insert(memory("a"));
      var e = assertThrows(BackendException.class,
          () -> tx.existingIds(RecordKind.MEMORY, List.of("a")));
      assertMentions(e, "memory 'a'", "already exists", db.toString());
    }
  }

  @Test
  void aMemoryRelationRepeatingSourceTargetAndTypeFailsNamingBothRelations() throws Exception {
    Path db = doclea("012", true);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(new MemoryRelation("rel_dup", "mem_pattern", "mem_auth", "implements", 0.5,
            null, 1L));
        var e = assertThrows(BackendException.class, tx::commit);
        assertMentions(e, "rel_dup", "V1StGXR8_Z5jdHi6B-myT", "(source_id, target_id, type)",
            db.toString());
      }
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(new CrossLayerRelation("xl_dup", "mem_auth", "node_auth_ts", "documents",
            "code_to_memory", 0.1, null, 1L));
        var e = assertThrows(BackendException.class,
            () -> tx.existingIds(RecordKind.CROSS_LAYER_RELATION, List.of("xl_dup")));
        assertMentions(e, "xl_dup", "xl_1", "(memory_id, code_node_id, relation_type)");
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(2, readAll(snapshot, RecordKind.MEMORY_RELATION).size());
        assertEquals(1, readAll(snapshot, RecordKind.CROSS_LAYER_RELATION).size());
      }
    }
  }

  @Test
  void insertAllReturnsTheRelationsThatRepeatANaturalKeyAndInsertsTheRest() throws Exception {
    Path db = doclea("012", true);
    MemoryRelation repeatsStored = new MemoryRelation("rel_dup", "mem_pattern", "mem_auth",
        "implements", 0.5, null, 1L);
    MemoryRelation fresh = new MemoryRelation("rel_new", "mem_auth", "mem_note", "implements",
        0.5, null, 2L);
    MemoryRelation repeatsFresh = new MemoryRelation("rel_new2", "mem_auth", "mem_note",
        "implements", 0.7, null, 3L);
    CrossLayerRelation crossRepeats = new CrossLayerRelation("xl_dup", "mem_auth",
        "node_auth_ts", "documents", "code_to_memory", 0.1, null, 1L);
    CrossLayerRelation crossFresh = new CrossLayerRelation("xl_new", "mem_note", "node_auth_ts",
        "documents", "code_to_memory", 0.1, null, 1L);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        List<TransferRecord> refused = tx.insertAll(List.of(repeatsStored, fresh, repeatsFresh));
        assertEquals(2, refused.size());
        assertTrue(refused.get(0) == repeatsStored && refused.get(1) == repeatsFresh,
            "the refused records are the very instances passed in: " + refused);
        List<TransferRecord> refusedCross = tx.insertAll(List.of(crossFresh, crossRepeats));
        assertEquals(1, refusedCross.size());
        assertTrue(refusedCross.get(0) == crossRepeats);
        assertEquals(List.of(), tx.insertAll(List.of(memory("m1"), memory("m2"))));
        assertEquals(Set.of("rel_new"), tx.existingIds(RecordKind.MEMORY_RELATION,
            List.of("rel_dup", "rel_new", "rel_new2")));
        var duplicateId = assertThrows(BackendException.class, () -> tx.insertAll(List.of(
            new MemoryRelation("rel_2", "mem_auth", "mem_pattern", "extends", 1, null, 1L))));
        assertMentions(duplicateId, "rel_2", "already exists");
      }
    }
  }

  /**
   * The SPI asks for records of one kind; given a mix anyway, a table without a natural key still
   * puts each record in its own table (as inserting them one by one does), and a relation table
   * refuses the stranger naming it, before writing anything of the call.
   */
  @Test
  void insertAllOfMixedKindsStoresEachInItsTableOrRefusesNamingTheStranger() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        Document d = new Document("doc_x", "t", "c", null, 1L, 1L);
        assertEquals(List.of(), tx.insertAll(List.of(memory("m1"), d, memory("m2"))));
        assertEquals(Set.of("m1", "m2"),
            tx.existingIds(RecordKind.MEMORY, List.of("m1", "m2", "doc_x")));
        assertEquals(Set.of("doc_x"), tx.existingIds(RecordKind.DOCUMENT, List.of("doc_x")));
        var stranger = assertThrows(BackendException.class, () -> tx.insertAll(List.of(
            new MemoryRelation("rel_1", "m1", "m2", "extends", 1, null, 1L), memory("m3"))));
        assertMentions(stranger, "memory ('m3')", "among memory relation records");
        assertEquals(Set.of(), tx.existingIds(RecordKind.MEMORY_RELATION, List.of("rel_1")));
        assertEquals(Set.of(), tx.existingIds(RecordKind.MEMORY, List.of("m3")));
        tx.commit();
      }
    }
  }

  /** isEmpty answers from the table, this transaction's queued inserts included. */
  @Test
  void isEmptyAnswersForTheTableWithThisTransactionsOwnWrites() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        for (RecordKind kind : RecordKind.values()) {
          assertTrue(tx.isEmpty(kind), kind.toString());
        }
        tx.insert(memory("m1")); // queued, not yet run
        assertFalse(tx.isEmpty(RecordKind.MEMORY));
        assertTrue(tx.isEmpty(RecordKind.DOCUMENT));
        tx.commit();
      }
      try (WriteTransaction tx = backend.beginTransaction()) {
        assertFalse(tx.isEmpty(RecordKind.MEMORY), "committed by an earlier transaction");
      }
    }
    Path old = dir.resolve("v002-empty.db"); // schema 002: no relation table yet
    DocleaFixtures.createDatabase(old, "002", true);
    try (SqliteBackend backend = SqliteBackend.open(old, Map.of());
        WriteTransaction tx = backend.beginTransaction()) {
      assertTrue(tx.isEmpty(RecordKind.MEMORY_RELATION), "a table the schema lacks holds nothing");
    }
    try (SqliteBackend backend = SqliteBackend.open(doclea("012", true), Map.of());
        WriteTransaction tx = backend.beginTransaction()) {
      assertFalse(tx.isEmpty(RecordKind.MEMORY), "Doclea's fixture holds memories");
    }
  }

  @Test
  void anImportTouchesNoOtherTable() throws Exception {
    Path db = doclea("012", true);
    Map<String, List<String>> before = otherTables(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        WriteTransaction tx = backend.beginTransaction()) {
      tx.replace(memory("mem_auth"));
      tx.replace(new Document("doc_readme", "t", "c", null, null, null));
      tx.insert(memory("mem_new"));
      tx.insert(new MemoryRelation("r9", "mem_new", "mem_auth", "extends", 1, null, 3L));
      tx.insert(new CrossLayerRelation("x9", "mem_new", "node_missing", "documents",
          "memory_to_code", 1, null, 3L));
      tx.insert(new PendingMemory("p9", "{}", 3L, "import", "r"));
      tx.commit();
    }
    assertEquals(before, otherTables(db));
  }

  @Test
  void anOldSchemaTakesRecordsWithDefaultsButRefusesValuesItCannotHold() throws Exception {
    Path db = doclea("006", true);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(memory("plain"));
        tx.replace(memory("mem_auth"));
        tx.commit();
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(memory("plain"), tx(snapshot).get("plain"));
        assertEquals(memory("mem_auth"), tx(snapshot).get("mem_auth"));
      }
      try (WriteTransaction tx = backend.beginTransaction()) {
        var e = assertThrows(BackendException.class,
            () -> tx.insert(memory("counted").toBuilder().accessCount(2).build()));
        assertMentions(e, "counted", "access_count", "007", "006", db.toString());
        var review = assertThrows(BackendException.class,
            () -> tx.replace(memory("mem_auth").toBuilder().needsReview(true).build()));
        assertMentions(review, "needs_review", "010");
        var decay = assertThrows(BackendException.class,
            () -> tx.insert(memory("d").toBuilder().decayFunction("none").build()));
        assertMentions(decay, "decay_function", "011");
      }
    }
    assertEquals(List.of(), DocleaFixtures.query(db,
        "SELECT name FROM pragma_table_info('memories') WHERE name = 'access_count'"),
        "the adapter must not migrate the database");
  }

  @Test
  void aSchemaWithoutTheRelationTableRefusesRelationsAndFindsNone() throws Exception {
    Path db = dir.resolve("v002.db");
    DocleaFixtures.createDatabase(db, "002", true);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        WriteTransaction tx = backend.beginTransaction()) {
      assertEquals(Set.of(), tx.existingIds(RecordKind.MEMORY_RELATION, List.of("r")));
      var e = assertThrows(BackendException.class, () -> tx.insert(
          new MemoryRelation("r", "a", "b", "t", 1, null, 1L)));
      assertMentions(e, "memory_relations", "003", "002");
      var pending = assertThrows(BackendException.class, () -> tx.insert(
          new PendingMemory("p", "{}", 1L, "s", "r")));
      assertMentions(pending, "pending_memories", "006");
    }
  }

  @Test
  void aPendingMemoryKeepsItsMemoryDataTextAndFillsQdrantIdFromIt() throws Exception {
    Path db = fresh();
    String withId = "{\"title\":\"T\",\"qdrantId\":\"vec_9\",\"extra\":[1,{\"a\":null}]}";
    String without = "{\"title\":\"U\"}";
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(new PendingMemory("p1", withId, 10L, "user_store", "r1"));
        tx.insert(new PendingMemory("p2", without, 20L, "import", "r2"));
        var bad = assertThrows(BackendException.class,
            () -> tx.insert(new PendingMemory("p3", "{not json}", 1L, "s", "r")));
        assertMentions(bad, "p3", "memoryData");
        tx.commit();
      }
    }
    assertEquals(List.of("id=p1;memory_data=" + withId + ";qdrant_id=vec_9",
            "id=p2;memory_data=" + without + ";qdrant_id="),
        DocleaFixtures.query(db,
            "SELECT id, memory_data, qdrant_id FROM pending_memories ORDER BY id"));
  }

  @Test
  void aVectorIsRefusedWithDirectionsToTheProjectBackend() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      assertNull(backend.info().embeddingProvider(), "the database holds no vectors");
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(memory("m"));
        var e = assertThrows(BackendException.class,
            () -> tx.storeVector(new StoredVector("m", "transformers", "x", new float[] {1})));
        assertMentions(e, "'m'", db.toString(), ".doclea/vectors.db", "--project DIR",
            "doclea:DIR");
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertTrue(snapshot.vector("m").isEmpty());
      }
    }
    assertEquals(List.of(), DocleaFixtures.query(db,
        "SELECT name FROM sqlite_master WHERE name LIKE '%vector%'"), "no vector table");
  }

  @Test
  void rollingBackWithoutClosingReleasesTheDatabase() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("busyTimeoutMs", "0"))) {
      WriteTransaction tx = backend.beginTransaction();
      tx.insert(memory("m"));
      tx.rollback();
      try (WriteTransaction next = backend.beginTransaction()) {
        next.insert(memory("n"));
        next.commit();
      }
      tx.close();
    }
    assertEquals(List.of("id=n"), DocleaFixtures.query(db, "SELECT id FROM memories"));
  }

  @Test
  void anUnpairedSurrogateIsRefusedInTextColumnsAndKeptInJsonArrays() throws Exception {
    Path db = fresh();
    Memory lone = memory("m").toBuilder().tags(List.of("a\ud800b", "\udc00")).build();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(lone);
        var e = assertThrows(BackendException.class,
            () -> tx.insert(memory("x").toBuilder().content("ok \ud83d\ude00 bad \udfff").build()));
        assertMentions(e, "memory 'x'", "content", "U+DFFF", "index 10", "surrogate");
        tx.commit();
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(List.of(lone), readAll(snapshot, RecordKind.MEMORY));
      }
    }
    assertEquals(List.of("tags=[\"a\\ud800b\",\"\\udc00\"]"),
        DocleaFixtures.query(db, "SELECT tags FROM memories"));
  }

  @Test
  void crossLayerRelationsKeepTheirCodeNodeLinkAndOnlyThoseFailTheForeignKeyCheck()
      throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        WriteTransaction tx = backend.beginTransaction()) {
      tx.insert(memory("m"));
      tx.insert(new CrossLayerRelation("x", "m", "node_not_scanned_yet", "documents",
          "memory_to_code", 0.5, null, 1L));
      tx.commit();
    }
    assertEquals(List.of("code_node_id=node_not_scanned_yet"),
        DocleaFixtures.query(db, "SELECT code_node_id FROM cross_layer_relations"));
    assertEquals(List.of("table=cross_layer_relations;parent=code_nodes"),
        DocleaFixtures.query(db, "SELECT DISTINCT \"table\", parent FROM"
            + " pragma_foreign_key_check"));
    assertEquals(List.of("integrity_check=ok"),
        DocleaFixtures.query(db, "PRAGMA integrity_check"));
  }

  @Test
  void aSecondTransactionWaitsForTheFirstThenFails() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("busyTimeoutMs", "100"));
        WriteTransaction first = backend.beginTransaction()) {
      var e = assertThrows(BackendException.class, backend::beginTransaction);
      assertMentions(e, "locked", db.toString());
      first.insert(memory("m"));
      first.commit();
    }
  }

  @Test
  void anEndedTransactionRefusesWritesAndRollbackAfterCommitChangesNothing() throws Exception {
    Path db = fresh();
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      WriteTransaction tx = backend.beginTransaction();
      tx.insert(memory("m"));
      tx.commit();
      tx.rollback();
      var e = assertThrows(BackendException.class, () -> tx.insert(memory("n")));
      assertMentions(e, "committed");
      tx.close();
      tx.close();
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(List.of(memory("m")), readAll(snapshot, RecordKind.MEMORY));
      }
    }
    assertFalse(Files.exists(Path.of(db + "-journal")));
  }
}
