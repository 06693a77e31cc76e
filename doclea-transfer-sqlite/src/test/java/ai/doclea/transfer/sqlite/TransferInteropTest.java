package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.ReadSnapshot;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQLite adapter under the real entry point, with files and the memory backend. */
class TransferInteropTest {
  @TempDir Path dir;

  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_765_000_000L), ZoneOffset.UTC);
  static final ExportOptions EXPORT = ExportOptions.builder().clock(CLOCK).build();

  private Path doclea(Path base, String version) throws Exception {
    Path db = base.resolve("local-" + version + ".db");
    DocleaFixtures.createDatabase(db, version, true);
    DocleaFixtures.fill(db, version);
    return db;
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Replaces the value of a top-level header string, the first occurrence of the key. */
  private static String withHeader(String file, String key, String value) {
    String prefix = "\n  \"" + key + "\": \"";
    int start = file.indexOf(prefix);
    int end = file.indexOf('"', start + prefix.length());
    return file.substring(0, start + prefix.length()) + value + file.substring(end);
  }

  // ----------------------------------------------------------- Doclea's databases via Transfer

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"006", "012"})
  void aDocleaDatabaseExportsAndRestoresThroughTransfer(String version) throws Exception {
    Path source = doclea(dir, version);
    try (var c = DocleaFixtures.connect(source); var s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    byte[] sourceBytes = Files.readAllBytes(source);
    Path first = dir.resolve("first.json");
    try (SqliteBackend backend = SqliteBackend.open(source, Map.of("readOnly", "true"))) {
      ExportResult result = Transfer.export(backend, first, EXPORT).orThrow();
      assertEquals(3, result.count(RecordKind.MEMORY));
      assertEquals(2, result.count(RecordKind.MEMORY_RELATION));
      assertEquals(1, result.count(RecordKind.PENDING_MEMORY));
    }
    assertArrayEquals(sourceBytes, Files.readAllBytes(source), "the export changed the database");

    JsonObject file = JsonParser.parseString(read(first)).getAsJsonObject();
    assertEquals("sqlite", file.get("backendType").getAsString());
    assertEquals(version, file.get("schemaVersion").getAsString());
    assertEquals("automatic", file.get("storageMode").getAsString());
    JsonObject data = file.getAsJsonObject("data");
    JsonObject relation = data.getAsJsonArray("memoryRelations").get(1).getAsJsonObject();
    assertEquals(1700000000123L, relation.get("created_at").getAsLong());
    assertEquals("V1StGXR8_Z5jdHi6B-myT", relation.get("id").getAsString());
    assertEquals("node_auth_ts", data.getAsJsonArray("crossLayerRelations").get(0)
        .getAsJsonObject().get("code_node_id").getAsString());
    JsonObject pending = data.getAsJsonArray("pendingMemories").get(0).getAsJsonObject();
    assertEquals(JsonParser.parseString(DocleaFixtures.PENDING_DATA),
        pending.get("memoryData"));
    JsonObject auth = data.getAsJsonArray("memories").get(1).getAsJsonObject();
    assertEquals("mem_auth", auth.get("id").getAsString());
    assertEquals(version.equals("012") ? 3 : 0, auth.get("accessCount").getAsInt());
    assertEquals(version.equals("012"), auth.has("decayRate"));

    Path restored = dir.resolve("restored.db");
    try (SqliteBackend target = SqliteBackend.open(restored, Map.of("create", "true"))) {
      ImportResult imported = Transfer.importFrom(target, first, ImportOptions.defaults());
      assertTrue(imported.success(), imported.toString());
      assertEquals(3, imported.section(RecordKind.MEMORY).imported());
      assertEquals(3, imported.section(RecordKind.CHUNK).imported());
      assertEquals(2, imported.section(RecordKind.MEMORY_RELATION).imported());
      assertEquals(1, imported.section(RecordKind.CROSS_LAYER_RELATION).imported());
      assertEquals(1, imported.section(RecordKind.PENDING_MEMORY).imported());
      assertEquals(List.of(), imported.errors());
      Path second = dir.resolve("second.json");
      Transfer.export(target, second, EXPORT).orThrow();
      // The restored database is at "012"; otherwise the files are the same byte for byte.
      assertEquals(withHeader(read(first), "schemaVersion", "012"), read(second));
    }
    RestoreRoundTripTest.assertSound(restored);
  }

  @Test
  void theErrorStrategyChangesNothingAndOverwriteKeepsRelationsAndOtherTables()
      throws Exception {
    Path source = doclea(dir, "012");
    Path file = dir.resolve("export.json");
    try (SqliteBackend backend = SqliteBackend.open(source, Map.of())) {
      Transfer.export(backend, file, EXPORT).orThrow();
    }
    Path target = Files.createDirectories(dir.resolve("target"));
    Path db = doclea(target, "012");
    try (var c = DocleaFixtures.connect(db)) {
      DocleaFixtures.exec(c, "UPDATE memories SET title = 'local edit' WHERE id = 'mem_auth'");
      DocleaFixtures.exec(c, "DELETE FROM documents WHERE id = 'doc_guide'");
    }
    Map<String, List<String>> before = DocleaFixtures.dump(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      ImportResult failed = Transfer.importFrom(backend, file,
          ImportOptions.builder().conflictStrategy("error").build());
      assertFalse(failed.success());
      assertEquals(before, DocleaFixtures.dump(db), "a failed import changed the database");

      ImportResult overwritten = Transfer.importFrom(backend, file,
          ImportOptions.builder().conflictStrategy("overwrite").build());
      assertTrue(overwritten.success(), overwritten.toString());
      assertEquals(3, overwritten.section(RecordKind.MEMORY).overwritten());
      assertEquals(1, overwritten.section(RecordKind.DOCUMENT).imported());
    }
    Map<String, List<String>> after = DocleaFixtures.dump(db);
    // Overwritten rows are the source's rows, with the access_count Doclea left NULL as 0.
    try (var c = DocleaFixtures.connect(source)) {
      DocleaFixtures.exec(c, "UPDATE memories SET access_count = 0 WHERE access_count IS NULL");
    }
    assertEquals(DocleaFixtures.dump(source).get("memories"), after.get("memories"));
    for (String table : List.of("code_nodes", "embedding_cache", "relation_suggestions",
        "_doclea_meta", "_doclea_migrations", "memory_relations", "cross_layer_relations")) {
      assertEquals(before.get(table), after.get(table), table);
    }
  }

  @Test
  void aRelationRepeatingAStoredRelationsNaturalKeyIsSkippedAndReported() throws Exception {
    Path source = doclea(dir, "012");
    Path file = dir.resolve("export.json");
    try (SqliteBackend backend = SqliteBackend.open(source, Map.of())) {
      Transfer.export(backend, file, EXPORT).orThrow();
    }
    Path target = Files.createDirectories(dir.resolve("target"));
    Path db = doclea(target, "012");
    try (var c = DocleaFixtures.connect(db)) {
      // Doclea recreated the same link under another id (createRelation uses a fresh nanoid).
      DocleaFixtures.exec(c, "UPDATE memory_relations SET id = 'local_id'"
          + " WHERE id = 'V1StGXR8_Z5jdHi6B-myT'");
    }
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      ImportResult result = Transfer.importFrom(backend, file, ImportOptions.defaults());
      assertTrue(result.success(), result.toString());
      // rel_2: same id (a conflict, skipped); V1St…: new id but the same natural key
      assertEquals(ai.doclea.transfer.api.SectionStats.of(0, 0, 2, 1, 1),
          result.section(RecordKind.MEMORY_RELATION));
      assertTrue(result.errors().stream().anyMatch(e -> e.contains("V1StGXR8_Z5jdHi6B-myT")
          && e.contains("natural key")), result.errors().toString());
    }
    assertEquals(List.of("id=local_id", "id=rel_2"),
        DocleaFixtures.query(db, "SELECT id FROM memory_relations ORDER BY id"));
  }

  @Test
  void reembeddingIntoABareDatabaseIsRefusedAndChangesNothing() throws Exception {
    Path source = doclea(dir, "012");
    Path file = dir.resolve("export.json");
    try (SqliteBackend backend = SqliteBackend.open(source, Map.of())) {
      Transfer.export(backend, file, EXPORT).orThrow();
    }
    Path db = dir.resolve("embedded.db");
    EmbeddingProvider fake = new EmbeddingProvider() {
      @Override public String providerName() { return "fake"; }
      @Override public String modelName() { return "length-2"; }
      @Override public int dimensions() { return 2; }
      @Override public List<float[]> embed(List<String> texts) {
        return texts.stream().map(t -> new float[] {t.length(), t.hashCode()})
            .collect(Collectors.toList());
      }
    };
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("create", "true"))) {
      ImportResult result = Transfer.importFrom(backend, file,
          ImportOptions.builder().reembed(fake).build());
      assertFalse(result.success(), result.toString());
      assertTrue(result.errors().get(0).contains("doclea:DIR"), result.errors().toString());
    }
    assertEquals(List.of("n=0"), DocleaFixtures.query(db, "SELECT count(*) AS n FROM memories"));
  }

  // ----------------------------------------- memory -> file -> sqlite -> file -> memory

  @Provide
  Arbitrary<List<TransferRecord>> stores() {
    return GeneratedStores.stores().map(TransferInteropTest::inDocleaOrderById);
  }

  @Property(tries = 15)
  void memoryToFileToSqliteToFileToMemoryIsByteIdentical(
      @ForAll("stores") List<TransferRecord> records) throws Exception {
    Path scratch = Files.createTempDirectory("sqlite-interop");
    Path db = scratch.resolve("local.db");
    try {
      InMemoryBackend memory = InMemoryBackend.builder().schemaVersion("012").build();
      memory.load(records);
      Path file1 = scratch.resolve("1.json");
      Transfer.export(memory, file1, EXPORT).orThrow();
      try (SqliteBackend sqlite = SqliteBackend.open(db, Map.of("create", "true"))) {
        ImportResult in = Transfer.importFrom(sqlite, file1, ImportOptions.defaults());
        assertTrue(in.success() && in.errors().isEmpty(), in.toString());
        Path file2 = scratch.resolve("2.json");
        Transfer.export(sqlite, file2, EXPORT).orThrow();
        assertEquals(withHeader(read(file1), "backendType", "sqlite"), read(file2));
        InMemoryBackend back = InMemoryBackend.builder().schemaVersion("012").build();
        assertTrue(Transfer.importFrom(back, file2, ImportOptions.defaults()).success());
        Path file3 = scratch.resolve("3.json");
        Transfer.export(back, file3, EXPORT).orThrow();
        assertEquals(read(file1), read(file3));
        assertEquals(memory.contents(), back.contents());
      }
    } finally {
      try (var files = Files.walk(scratch)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Sets each record's ordering timestamp from its id's rank, so that Doclea's order (the SQLite
   * adapter's) and id order (the memory backend's) agree and the two files can match byte for
   * byte.
   */
  static List<TransferRecord> inDocleaOrderById(List<TransferRecord> records) {
    Map<RecordKind, List<TransferRecord>> byKind = new HashMap<>();
    for (TransferRecord r : records) {
      byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
    }
    List<TransferRecord> out = new ArrayList<>();
    for (List<TransferRecord> section : byKind.values()) {
      section.sort(Comparator.comparing(TransferRecord::id));
      for (int rank = 0; rank < section.size(); rank++) {
        long desc = 1_000_000L - rank;
        TransferRecord r = section.get(rank);
        out.add(switch (r.kind()) {
          case MEMORY -> ((Memory) r).toBuilder().accessedAt(desc).build();
          case DOCUMENT -> {
            Document d = (Document) r;
            yield new Document(d.id(), d.title(), d.content(), d.contentHash(), desc,
                d.updatedAt());
          }
          case CHUNK -> {
            Chunk c = (Chunk) r;
            yield new Chunk(c.id(), c.documentId(), c.content(), c.qdrantId(), (long) rank,
                c.endOffset());
          }
          case MEMORY_RELATION -> {
            MemoryRelation m = (MemoryRelation) r;
            yield new MemoryRelation(m.id(), m.sourceId(), m.targetId(), m.type(), m.weight(),
                m.metadata(), desc);
          }
          case CROSS_LAYER_RELATION -> {
            CrossLayerRelation x = (CrossLayerRelation) r;
            yield new CrossLayerRelation(x.id(), x.memoryId(), x.codeNodeId(),
                x.relationType(), x.direction(), x.confidence(), x.metadata(), desc);
          }
          case PENDING_MEMORY -> {
            PendingMemory p = (PendingMemory) r;
            yield new PendingMemory(p.id(), p.memoryData(), desc, p.source(), p.reason());
          }
        });
      }
    }
    return out;
  }
}
