package ai.doclea.transfer.sqlite;

import static ai.doclea.transfer.sqlite.ProjectFixtures.DIMS;
import static ai.doclea.transfer.sqlite.ProjectFixtures.exportFile;
import static ai.doclea.transfer.sqlite.ProjectFixtures.memory;
import static ai.doclea.transfer.sqlite.ProjectFixtures.qdrantIds;
import static ai.doclea.transfer.sqlite.ProjectFixtures.vectorRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.spi.StorageBackend;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's backup with its vectors ({@code export --vectors}) and the restore that takes them
 * instead of running a model: rows as Doclea writes them, identical to the source project's.
 */
class ProjectVectorsTest {
  @TempDir Path dir;

  private static final ExportOptions WITH_VECTORS = ExportOptions.builder().includeVectors(true)
      .clock(java.time.Clock.fixed(java.time.Instant.ofEpochSecond(1_700_000_000L),
          java.time.ZoneOffset.UTC)).build();

  private static StorageBackend open(Path project) {
    return Providers.openBackend("doclea:" + project, Map.of("create", "true"));
  }

  /** A project whose memories were embedded as Doclea would, with one leaked old vector row. */
  private Path sourceProject() throws Exception {
    Path p = ProjectFixtures.project(dir, "p");
    List<Memory> memories = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      memories.add(memory("mem_" + i, i % 3 == 0 ? null : "vec_given" + i)
          .toBuilder().accessedAt(1_700_000_000L + i).build());
    }
    memories.add(memory("mem_none", "vec_none").toBuilder().accessedAt(1L).build());
    try (StorageBackend b = open(p)) {
      assertTrue(Transfer.importFrom(b, exportFile(dir, "seed.json", memories),
          ImportOptions.builder().reembed(new ProjectFixtures.FakeEmbedder()).build()).success());
    }
    try (Connection c = ProjectFixtures.connect(p.resolve(".doclea/vectors.db"));
        PreparedStatement s = c.prepareStatement("INSERT INTO vector_memories VALUES"
            + " ('vec_leaked', 'mem_1', ?, 'decision', 'old title', '[]', '[]', 0.5, '{}')");
        PreparedStatement d = c.prepareStatement(
            "DELETE FROM vector_memories WHERE memory_id = 'mem_none'")) {
      // Doclea leaves a memory's old row behind when it re-embeds it under a new id.
      s.setBytes(1, ProjectFixtures.le(new float[] {9, 9, 9, 9}));
      s.executeUpdate();
      d.executeUpdate();
    }
    return p;
  }

  private static Path export(Path project, Path file, ExportOptions options) {
    try (StorageBackend b = Providers.openBackend("doclea:" + project,
        Map.of("readOnly", "true"))) {
      Transfer.export(b, file, options).orThrow();
    }
    return file;
  }

  private static JsonArray vectors(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
        .getAsJsonObject().getAsJsonObject("data").getAsJsonArray("vectors");
  }

  @Test
  void aRestoreFromAFileWithVectorsGivesTheSourcesRowsWithoutRunningAModel() throws Exception {
    Path p = sourceProject();
    Path file = export(p, dir.resolve("backup.json"), WITH_VECTORS);
    JsonArray vs = vectors(file);
    assertEquals(12, vs.size(), "one per memory with a vector: " + vs);
    for (JsonElement e : vs) {
      JsonObject v = e.getAsJsonObject();
      if (v.get("memoryId").getAsString().equals("mem_1")) {
        assertEquals("vec_given1", v.get("id").getAsString(), "the qdrant_id row, not the leak");
      }
    }
    JsonObject metadata = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
        .getAsJsonObject().getAsJsonObject("metadata");
    assertEquals(DIMS, metadata.get("dimensions").getAsInt());
    assertEquals(ProjectFixtures.MODEL, metadata.get("embeddingModel").getAsString());

    Path q = ProjectFixtures.project(dir, "q");
    ImportResult r;
    try (StorageBackend b = open(q)) {
      r = Transfer.importFrom(b, file, ImportOptions.defaults());
    }
    assertTrue(r.success(), r.toJson());
    assertEquals(12, r.restoredVectors());
    assertEquals(0, r.reembedded());
    assertFalse(r.reembeddingRequired());

    Map<String, Map<String, Object>> expected = vectorRows(p);
    expected.remove("vec_leaked");
    Map<String, Map<String, Object>> restored = vectorRows(q);
    assertEquals(expected.keySet(), restored.keySet());
    for (String id : expected.keySet()) {
      Map<String, Object> a = expected.get(id);
      Map<String, Object> b = restored.get(id);
      for (String column : a.keySet()) {
        if (a.get(column) instanceof byte[]) {
          assertArrayEquals((byte[]) a.get(column), (byte[]) b.get(column), id + "." + column);
        } else {
          assertEquals(a.get(column), b.get(column), id + "." + column);
        }
      }
    }
    assertEquals(qdrantIds(p), qdrantIds(q));
    // And the restored project exports the same vectors again.
    assertEquals(vs, vectors(export(q, dir.resolve("again.json"), WITH_VECTORS)));
  }

  @Test
  void aSelectiveExportCarriesOnlyTheSelectedMemoriesVectors() throws Exception {
    Path p = sourceProject();
    Path file = export(p, dir.resolve("slice.json"), ExportOptions.builder()
        .includeVectors(true).selection(Selection.builder().ids(List.of("mem_1", "mem_2",
            "mem_none")).build()).build());
    List<String> ids = new ArrayList<>();
    for (JsonElement e : vectors(file)) {
      ids.add(e.getAsJsonObject().get("memoryId").getAsString());
    }
    assertEquals(List.of("mem_1", "mem_2"), ids);
    assertTrue(Transfer.verify(file).valid());
  }

  @Test
  void anotherVectorSizeIsRefusedNamingBothAndChangesNeitherFile() throws Exception {
    Path file = export(sourceProject(), dir.resolve("backup.json"), WITH_VECTORS);
    Path q = dir.resolve("q8");
    Files.createDirectories(q.resolve(".doclea"));
    Files.writeString(q.resolve(".doclea/config.json"), "{\"embedding\":{\"provider\":"
        + "\"transformers\",\"model\":\"" + ProjectFixtures.MODEL + "\",\"dimensions\":8},"
        + "\"vector\":{\"provider\":\"libsql\",\"vectorSize\":8}}", StandardCharsets.UTF_8);
    ImportResult r;
    try (StorageBackend b = open(q)) {
      r = Transfer.importFrom(b, file, ImportOptions.defaults());
    }
    assertFalse(r.success());
    String message = r.failure().orElseThrow().getMessage();
    assertTrue(message.contains("(4 dimensions)") && message.contains("(8 dimensions)")
        && message.contains("--reembed"), message);
    assertTrue(vectorRows(q).isEmpty());
    assertFalse(Files.exists(q.resolve(".doclea/vectors.db")));
  }

  @Test
  void aBareDatabaseTakesTheRecordsAndSaysTheVectorsWereNotRestored() throws Exception {
    Path file = export(sourceProject(), dir.resolve("backup.json"), WITH_VECTORS);
    ImportResult r;
    try (StorageBackend b = Providers.openBackend("sqlite:" + dir.resolve("bare.db"),
        Map.of("create", "true"))) {
      r = Transfer.importFrom(b, file, ImportOptions.defaults());
    }
    assertTrue(r.success(), r.toJson());
    assertEquals(0, r.restoredVectors());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("12 vectors")
        && w.contains("keeps no vectors") && w.contains("--project")), r.warnings().toString());
  }

  @Test
  void anExportWithVectorsLeavesNoWalFilesBesideTheVectorStore() throws Exception {
    Path p = sourceProject();
    Path v = p.resolve(".doclea/vectors.db");
    assertFalse(Files.exists(Path.of(v + "-wal")) || Files.exists(Path.of(v + "-shm")),
        "precondition: nobody has the vector store open");
    export(p, dir.resolve("backup.json"), WITH_VECTORS);
    assertFalse(Files.exists(Path.of(v + "-wal")), "no -wal left");
    assertFalse(Files.exists(Path.of(v + "-shm")), "no -shm left");
  }

  @Test
  void statusSearchAndVectorReadsLeaveNoWalFilesBesideTheVectorStore() throws Exception {
    Path p = sourceProject();
    Path v = p.resolve(".doclea/vectors.db");
    String id = (String) vectorRows(p).values().iterator().next().get("memory_id");
    assertFalse(Files.exists(Path.of(v + "-wal")) || Files.exists(Path.of(v + "-shm")),
        "precondition: nobody has the vector store open");
    try (DocleaProjectBackend b = DocleaProjectBackend.open(p, Map.of("readOnly", "true"))) {
      assertTrue(b.status().vectors() > 0, "the status counts the vectors");
      assertFalse(b.search(new float[] {1, 0, 0, 0}, 3).isEmpty(), "search finds memories");
      try (ai.doclea.transfer.spi.ReadSnapshot s = b.openSnapshot()) {
        assertTrue(s.vector(id).isPresent(), "the vector of " + id);
      }
    }
    assertFalse(Files.exists(Path.of(v + "-wal")), "no -wal left");
    assertFalse(Files.exists(Path.of(v + "-shm")), "no -shm left");
  }

  @Test
  void anExportWithVectorsDuringAnImportRefusesRatherThanMixTwoStates() throws Exception {
    Path p = sourceProject();
    try (StorageBackend writer = open(p);
        ai.doclea.transfer.spi.WriteTransaction tx = writer.beginTransaction()) {
      // The import holds the project lock; an export waits 250 ms for it, then refuses
      // the vectors (the records alone are still one consistent snapshot).
      try (StorageBackend reader = Providers.openBackend("doclea:" + p,
          Map.of("readOnly", "true"))) {
        ai.doclea.transfer.api.ExportResult refused = Transfer.export(reader,
            dir.resolve("during.json"), WITH_VECTORS);
        assertFalse(refused.success());
        assertTrue(refused.failure().orElseThrow().getMessage()
            .contains("was importing into the project"), refused.toJson());
        assertFalse(Files.exists(dir.resolve("during.json")));
        assertTrue(Transfer.export(reader, dir.resolve("records.json"), ExportOptions.builder()
            .build()).success());
      }
      tx.rollback();
    }
    assertTrue(Transfer.verify(export(p, dir.resolve("after.json"), WITH_VECTORS)).valid());
  }
}
