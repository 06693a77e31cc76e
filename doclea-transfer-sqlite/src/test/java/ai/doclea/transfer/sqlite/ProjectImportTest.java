package ai.doclea.transfer.sqlite;

import static ai.doclea.transfer.sqlite.ProjectFixtures.DIMS;
import static ai.doclea.transfer.sqlite.ProjectFixtures.exportFile;
import static ai.doclea.transfer.sqlite.ProjectFixtures.memory;
import static ai.doclea.transfer.sqlite.ProjectFixtures.qdrantIds;
import static ai.doclea.transfer.sqlite.ProjectFixtures.vectorOf;
import static ai.doclea.transfer.sqlite.ProjectFixtures.vectorRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.spi.StorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectImportTest {
  @TempDir Path dir;

  private ImportResult importInto(Path project, Path file, ImportOptions options) {
    try (StorageBackend b = Providers.openBackend("doclea:" + project, Map.of("create",
        "true"))) {
      return Transfer.importFrom(b, file, options);
    }
  }

  private static ImportOptions reembed(ProjectFixtures.FakeEmbedder e, String strategy) {
    return ImportOptions.builder().reembed(e).conflictStrategy(strategy).build();
  }

  @Test
  void reembeddedMemoriesGetRowsExactlyAsDocleaWritesThem() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    Memory kept = memory("mem_a", "vec_fromTheFile00");
    Memory fresh = memory("mem_b", null);
    Path file = exportFile(dir, "b.json", List.of(kept, fresh));

    ImportResult r = importInto(p, file, reembed(new ProjectFixtures.FakeEmbedder(), "skip"));

    assertTrue(r.success(), r.toJson());
    assertEquals(2, r.reembedded());
    assertTrue(r.lockHeldMs() >= 0, "lockHeldMs is reported");
    assertTrue(r.toJson().contains("\"lockHeldMs\":"), r.toJson());
    Map<String, String> qdrant = qdrantIds(p);
    assertEquals("vec_fromTheFile00", qdrant.get("mem_a"), "a memory keeps its qdrantId");
    String newId = qdrant.get("mem_b");
    assertTrue(newId.matches("vec_[" + java.util.regex.Pattern.quote(
        LibSqlVectors.NANOID_ALPHABET) + "]{16}"), newId);
    Map<String, Map<String, Object>> rows = vectorRows(p);
    assertEquals(java.util.Set.of("vec_fromTheFile00", newId), rows.keySet());
    Map<String, Object> a = rows.get("vec_fromTheFile00");
    assertEquals("mem_a", a.get("memory_id"));
    assertEquals("decision", a.get("type"));
    assertEquals("Title of mem_a", a.get("title"));
    assertEquals("[\"db\",\"q\\\"uote\"]", a.get("tags"));
    assertEquals("[\"src/a.ts\"]", a.get("related_files"));
    assertEquals(0.7, ((Number) a.get("importance")).doubleValue());
    assertEquals("{\"memoryId\":\"mem_a\",\"type\":\"decision\",\"title\":\"Title of mem_a\","
        + "\"tags\":[\"db\",\"q\\\"uote\"],\"relatedFiles\":[\"src/a.ts\"],\"importance\":0.7}",
        a.get("payload"));
    float[] expected = vectorOf(kept.title() + "\n\n" + kept.content(), DIMS);
    assertArrayEquals(ProjectFixtures.le(expected), (byte[]) a.get("embedding"));
    assertEquals(4 * DIMS, ((byte[]) rows.get(newId).get("embedding")).length);
  }

  @Test
  void aNewVectorStoreHasDocleasTableAndIndexesButNotTheLibSqlIndex() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    Path file = exportFile(dir, "b.json", List.of(memory("mem_a", null)));
    assertTrue(importInto(p, file, reembed(new ProjectFixtures.FakeEmbedder(), "skip"))
        .success());
    try (Connection c = ProjectFixtures.connect(p.resolve(".doclea/vectors.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY name")) {
      StringBuilder all = new StringBuilder();
      while (rs.next()) {
        all.append(rs.getString(2)).append('|');
        if (rs.getString(2).equals("vector_memories")) {
          assertEquals(LibSqlVectors.createTable(DIMS).trim().replace(" IF NOT EXISTS", ""),
              rs.getString(3));
        }
      }
      assertEquals("idx_vector_memories_importance|idx_vector_memories_memory_id|"
          + "idx_vector_memories_type|sqlite_autoindex_vector_memories_1|vector_memories|",
          all.toString());
    }
    assertFalse(Files.exists(p.resolve(".doclea/" + ProjectJournal.FILE_NAME)),
        "the journal is gone after a commit");
  }

  @Test
  void overwriteReplacesTheOldVectorAndLeavesOtherVectorsAlone() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    Path first = exportFile(dir, "1.json", List.of(memory("mem_a", "vec_old0000000000a")));
    assertTrue(importInto(p, first, reembed(new ProjectFixtures.FakeEmbedder(), "skip"))
        .success());
    // Another memory's vector, written by "Doclea" with libSQL's leftovers in the file.
    try (Connection c = ProjectFixtures.connect(p.resolve(".doclea/vectors.db"));
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO vector_memories VALUES ('vec_other', 'mem_other', x'0000803F"
          + "000000400000404000008040', 'note', 't', '[]', '[]', 0.5, '{}')");
      s.execute("CREATE TABLE libsql_vector_meta_shadow (name TEXT PRIMARY KEY, metadata BLOB)");
      s.execute("INSERT INTO libsql_vector_meta_shadow VALUES ('vector_memories_vec_idx', x'01')");
      s.execute("CREATE TABLE vector_memories_vec_idx_shadow (index_key INTEGER, data BLOB)");
    }
    Memory changed = memory("mem_a", "vec_new0000000000a").toBuilder().title("New title").build();
    Path second = exportFile(dir, "2.json", List.of(changed));

    ImportResult r = importInto(p, second, reembed(new ProjectFixtures.FakeEmbedder(),
        "overwrite"));

    assertTrue(r.success(), r.toJson());
    Map<String, Map<String, Object>> rows = vectorRows(p);
    assertEquals(java.util.Set.of("vec_new0000000000a", "vec_other"), rows.keySet(),
        "the replaced memory's old row is gone, the other memory's row stays");
    assertEquals("New title", rows.get("vec_new0000000000a").get("title"));
    assertEquals("mem_other", rows.get("vec_other").get("memory_id"));
    try (Connection c = ProjectFixtures.connect(p.resolve(".doclea/vectors.db"));
        Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name ="
          + " 'vector_memories_vec_idx_shadow'");
      rs.next();
      assertEquals(0, rs.getInt(1), "libSQL's shadow table is dropped");
      rs = s.executeQuery("SELECT count(*) FROM libsql_vector_meta_shadow");
      rs.next();
      assertEquals(0, rs.getInt(1), "libSQL's meta row is deleted");
    }
  }

  @Test
  void overwriteWithoutReembedStillRemovesTheReplacedMemorysVector() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    assertTrue(importInto(p, exportFile(dir, "1.json", List.of(memory("mem_a", "vec_a"))),
        reembed(new ProjectFixtures.FakeEmbedder(), "skip")).success());
    ImportResult r = importInto(p, exportFile(dir, "2.json", List.of(memory("mem_a", "vec_a")
        .toBuilder().content("changed").build())),
        ImportOptions.builder().conflictStrategy("overwrite").build());
    assertTrue(r.success(), r.toJson());
    assertTrue(vectorRows(p).isEmpty(), "the stale vector is gone: " + vectorRows(p).keySet());
  }

  @Test
  void skippedMemoriesAreNotEmbeddedAndKeepTheirVectors() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    assertTrue(importInto(p, exportFile(dir, "1.json", List.of(memory("mem_a", "vec_a"))),
        reembed(new ProjectFixtures.FakeEmbedder(), "skip")).success());
    Map<String, Map<String, Object>> before = vectorRows(p);
    ProjectFixtures.FakeEmbedder counting = new ProjectFixtures.FakeEmbedder();
    ImportResult r = importInto(p, exportFile(dir, "2.json", List.of(memory("mem_a", "vec_a")
        .toBuilder().title("other").build(), memory("mem_b", null))), reembed(counting, "skip"));
    assertTrue(r.success(), r.toJson());
    assertEquals(1, r.reembedded());
    assertEquals(1, counting.calls, "one batch, holding only the new memory");
    assertEquals(before.get("vec_a").get("payload"), vectorRows(p).get("vec_a").get("payload"));
    assertEquals(2, vectorRows(p).size());
  }

  @Test
  void aFailingEmbedderChangesNeitherFile() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    assertTrue(importInto(p, exportFile(dir, "1.json", List.of(memory("mem_a", "vec_a"))),
        reembed(new ProjectFixtures.FakeEmbedder(), "skip")).success());
    Map<String, Map<String, Object>> vectors = vectorRows(p);
    Map<String, String> memories = qdrantIds(p);
    ProjectFixtures.FakeEmbedder broken = new ProjectFixtures.FakeEmbedder();
    broken.failOn = new IllegalStateException("model exploded");
    ImportResult r = importInto(p, exportFile(dir, "2.json", List.of(memory("mem_b", null))),
        reembed(broken, "skip"));
    assertFalse(r.success());
    assertTrue(r.errors().get(0).contains("model exploded"), r.errors().toString());
    assertEquals(memories, qdrantIds(p));
    assertEquals(vectors.keySet(), vectorRows(p).keySet());
  }

  @Test
  void vectorsOfAnotherSizeAreRefusedBeforeAnythingIsWritten() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    ImportResult r = importInto(p, exportFile(dir, "1.json", List.of(memory("mem_a", null))),
        reembed(new ProjectFixtures.FakeEmbedder(ProjectFixtures.MODEL, 8), "skip"));
    assertFalse(r.success());
    assertTrue(r.errors().get(0).contains("8 dimensions") && r.errors().get(0).contains(
        "vector.vectorSize is 4"), r.errors().get(0));
    assertTrue(qdrantIds(p).isEmpty());
    assertTrue(vectorRows(p).isEmpty());
  }

  @Test
  void vectorsOfAnotherModelAreRefused() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    ImportResult r = importInto(p, exportFile(dir, "1.json", List.of(memory("mem_a", null))),
        reembed(new ProjectFixtures.FakeEmbedder("other-model", DIMS), "skip"));
    assertFalse(r.success());
    assertTrue(r.errors().get(0).contains("transformers/other-model")
        && r.errors().get(0).contains("transformers/fake-model"), r.errors().get(0));
    assertTrue(qdrantIds(p).isEmpty());
  }

  @Test
  void theExportHeaderCarriesTheConfiguredStorageModeAndModel() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    assertTrue(importInto(p, exportFile(dir, "1.json", List.of(memory("mem_a", null))),
        ImportOptions.builder().build()).success());
    Path out = dir.resolve("out.json");
    try (StorageBackend b = Providers.openBackend("doclea:" + p, Map.of("readOnly", "true"))) {
      Transfer.export(b, out, ai.doclea.transfer.api.ExportOptions.builder().build()).orThrow();
    }
    String text = Files.readString(out);
    assertTrue(text.contains("\"storageMode\": \"manual\""), text);
    assertTrue(text.contains("\"embeddingModel\": \"fake-model\""), text);
  }

  @Test
  void searchRanksAMemorysOwnVectorFirst() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    List<Memory> ms = List.of(memory("mem_a", null), memory("mem_b", null), memory("mem_c", null));
    assertTrue(importInto(p, exportFile(dir, "1.json", ms),
        reembed(new ProjectFixtures.FakeEmbedder(), "skip")).success());
    try (DocleaProjectBackend b = DocleaProjectBackend.open(p, Map.of())) {
      for (Memory m : ms) {
        var hits = b.search(vectorOf(m.title() + "\n\n" + m.content(), DIMS), 2);
        assertEquals(m.id(), hits.get(0).memoryId());
        assertEquals(1.0, hits.get(0).score(), 1e-6);
        assertNotEquals(m.id(), hits.get(1).memoryId());
      }
      ProjectStatus s = b.status();
      assertEquals(3, s.memories());
      assertEquals(3, s.vectors());
      assertEquals(0, s.memoriesWithoutVector());
      assertEquals(DIMS, s.dimensions());
      assertTrue(s.indexRebuildPending());
    }
  }
}
