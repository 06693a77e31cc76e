package ai.doclea.transfer.sqlite;

import static ai.doclea.transfer.sqlite.DocleaDatabaseExportTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Restoring what was exported into a new database gives the same records and a sound file. */
class RestoreRoundTripTest {
  @TempDir Path dir;

  /** Dependency order, as the importer writes. */
  static final List<RecordKind> WRITE_ORDER = List.of(RecordKind.DOCUMENT, RecordKind.CHUNK,
      RecordKind.MEMORY, RecordKind.PENDING_MEMORY, RecordKind.MEMORY_RELATION,
      RecordKind.CROSS_LAYER_RELATION);

  static Map<RecordKind, List<TransferRecord>> readStore(SqliteBackend backend) {
    Map<RecordKind, List<TransferRecord>> out = new EnumMap<>(RecordKind.class);
    try (ReadSnapshot snapshot = backend.openSnapshot()) {
      for (RecordKind kind : RecordKind.values()) {
        out.put(kind, readAll(snapshot, kind));
      }
    }
    return out;
  }

  /** The records by kind, every kind present (empty lists for the kinds with none). */
  static Map<RecordKind, List<TransferRecord>> byKind(List<TransferRecord> records) {
    Map<RecordKind, List<TransferRecord>> store = new EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      store.put(kind, new ArrayList<>());
    }
    records.forEach(r -> store.get(r.kind()).add(r));
    return store;
  }

  static void writeStore(SqliteBackend backend, Map<RecordKind, List<TransferRecord>> store) {
    try (WriteTransaction tx = backend.beginTransaction()) {
      for (RecordKind kind : WRITE_ORDER) {
        tx.insertAll(store.getOrDefault(kind, List.of()));
      }
      tx.commit();
    }
  }

  static void assertSound(Path db) throws Exception {
    assertEquals(List.of("integrity_check=ok"), DocleaFixtures.query(db, "PRAGMA integrity_check"));
    List<String> violations = DocleaFixtures.query(db,
        "SELECT \"table\", parent FROM pragma_foreign_key_check");
    violations.removeIf(v -> v.equals("table=cross_layer_relations;parent=code_nodes"));
    assertEquals(List.of(), violations,
        "only cross-layer links into the (not exported) code graph may dangle");
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"006", "012"})
  void aDocleaDatabaseRestoresIntoANewDatabaseThatReadsBackIdentically(String version)
      throws Exception {
    Path source = dir.resolve("source.db");
    DocleaFixtures.createDatabase(source, version, true);
    DocleaFixtures.fill(source, version);
    Path target = dir.resolve("restored").resolve("local.db");
    Map<RecordKind, List<TransferRecord>> exported;
    try (SqliteBackend backend = SqliteBackend.open(source, Map.of("readOnly", "true"))) {
      exported = readStore(backend);
    }
    assertEquals(3, exported.get(RecordKind.MEMORY).size());
    try (SqliteBackend backend = SqliteBackend.open(target, Map.of("create", "true"))) {
      writeStore(backend, exported);
      assertEquals(exported, readStore(backend));
      assertEquals("012", backend.info().schemaVersion());
    }
    assertSound(target);
    if (version.equals("012")) {
      // Row for row what Doclea wrote (JSON text, integer booleans, memory_data text), except
      // the access_count Doclea left NULL, which reads and restores as its default 0.
      try (var c = DocleaFixtures.connect(source)) {
        DocleaFixtures.exec(c, "UPDATE memories SET access_count = 0"
            + " WHERE access_count IS NULL");
      }
      Map<String, List<String>> expected = DocleaFixtures.dump(source);
      Map<String, List<String>> actual = DocleaFixtures.dump(target);
      for (String table : List.of("memories", "documents", "chunks", "memory_relations",
          "cross_layer_relations", "pending_memories")) {
        assertEquals(expected.get(table), actual.get(table), table);
      }
    }
  }

  @Provide
  Arbitrary<List<TransferRecord>> stores() {
    return GeneratedStores.stores();
  }

  @Property(tries = 40)
  void anyStoreReadsBackAsWrittenInDocleasOrder(@ForAll("stores") List<TransferRecord> records)
      throws Exception {
    Map<RecordKind, List<TransferRecord>> store = byKind(records);
    Path scratch = Files.createTempDirectory("sqlite-roundtrip");
    Path db = scratch.resolve("local.db");
    try {
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of("create", "true"))) {
        writeStore(backend, store);
        Map<RecordKind, List<TransferRecord>> back = readStore(backend);
        for (RecordKind kind : RecordKind.values()) {
          List<TransferRecord> got = back.get(kind);
          // Every record comes back, in Doclea's order; ties are in SQLite's order, as Doclea's.
          assertEquals(docleaOrder(kind, store.get(kind)), docleaOrder(kind, got),
              kind.sectionName());
          assertEquals(got.stream().sorted(keyOrder(kind)).collect(Collectors.toList()), got,
              kind.sectionName() + " in the order of Doclea's ORDER BY");
        }
      }
      assertSound(db);
    } finally {
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        Files.deleteIfExists(Path.of(db + suffix));
      }
      Files.delete(scratch);
    }
  }

  /** The order Doclea's export queries give, with id as the tie-breaker. */
  static List<TransferRecord> docleaOrder(RecordKind kind, List<TransferRecord> records) {
    Comparator<TransferRecord> byId = Comparator.comparing(TransferRecord::id);
    return records.stream().sorted(keyOrder(kind).thenComparing(byId))
        .collect(Collectors.toList());
  }

  /** The ORDER BY of Doclea's export query for a kind (ties left as they are). */
  static Comparator<TransferRecord> keyOrder(RecordKind kind) {
    return switch (kind) {
      case MEMORY -> descNullsLast(r -> ((Memory) r).accessedAt());
      case DOCUMENT -> descNullsLast(r -> ((Document) r).createdAt());
      case CHUNK -> Comparator.comparing((TransferRecord r) -> ((Chunk) r).documentId())
          .thenComparing(r -> ((Chunk) r).startOffset(),
              Comparator.nullsFirst(Comparator.naturalOrder()));
      case MEMORY_RELATION -> descNullsLast(r -> ((MemoryRelation) r).createdAt());
      case CROSS_LAYER_RELATION -> descNullsLast(r -> ((CrossLayerRelation) r).createdAt());
      case PENDING_MEMORY -> descNullsLast(r -> ((PendingMemory) r).suggestedAt());
    };
  }

  private static Comparator<TransferRecord> descNullsLast(Function<TransferRecord, Long> key) {
    // SQLite sorts NULL below every number, so DESC puts NULLs last.
    return Comparator.comparing(key, Comparator.nullsLast(Comparator.<Long>reverseOrder()));
  }
}
