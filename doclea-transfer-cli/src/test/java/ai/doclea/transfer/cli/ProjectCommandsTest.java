package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --project}, the current directory as the project, {@code status}, and the refusals. */
class ProjectCommandsTest {
  @TempDir Path dir;
  private SampleKnowledgeBase.Contents contents;
  private Path backup;

  @BeforeEach
  void exportSample() throws Exception {
    contents = Fixtures.small();
    backup = Fixtures.exportFile(dir, contents);
  }

  private Path project(String name, String config) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve(".doclea"));
    if (config != null) {
      Files.writeString(p.resolve(".doclea/config.json"), config, StandardCharsets.UTF_8);
    }
    return p;
  }

  private static String config(String embedding, String vector, String mode) {
    return "{\"embedding\":" + embedding + ",\"vector\":" + vector + ",\"storage\":{\"backend\":"
        + "\"sqlite\",\"dbPath\":\".doclea/local.db\",\"mode\":\"" + mode + "\"}}";
  }

  @Test
  void exportFromAProjectWritesItsConfiguredStorageMode() throws Exception {
    Path p = project("p", config("{\"provider\":\"transformers\"}",
        "{\"provider\":\"libsql\"}", "suggested"));
    Cli.run("import", "--input", backup.toString(), "--project", p.toString()).exits(0);
    assertTrue(Files.exists(p.resolve(".doclea/local.db")));
    Path out = dir.resolve("out.json");
    Cli.run("export", "--project", p.toString(), "--output", out.toString()).exits(0);
    JsonObject file = Fixtures.readExport(out);
    assertEquals("suggested", file.get("storageMode").getAsString());
    assertEquals("mxbai-embed-xsmall-v1",
        file.getAsJsonObject("metadata").get("embeddingModel").getAsString());
  }

  @Test
  void withoutATargetTheCurrentDirectoryIsTheProject() throws Exception {
    Path p = project("p", null);
    String saved = System.getProperty("user.dir");
    try {
      System.setProperty("user.dir", p.toString());
      Cli.run("import", "--input", backup.toString()).exits(0);
      Path out = dir.resolve("cwd.json");
      Cli.run("export", "--output", out.toString()).exits(0);
      assertEquals(contents.memories().size(),
          Fixtures.readExport(out).getAsJsonObject("data").getAsJsonArray("memories").size());
      System.setProperty("user.dir", dir.toString());
      Cli.Run refused = Cli.run("export", "--output", out.toString()).exits(2);
      assertTrue(refused.err().contains("holds no .doclea/"), refused.err());
    } finally {
      System.setProperty("user.dir", saved);
    }
  }

  @Test
  void anHttpEmbeddingProviderIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path p = project("p", config("{\"provider\":\"ollama\"}", "{\"provider\":\"libsql\"}",
        "automatic"));
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--project", p.toString(),
        "--reembed").exits(1).noStackTrace();
    assertTrue(run.err().contains("\"ollama\" (model nomic-embed-text), an HTTP service that"
        + " doclea-transfer does not support yet"), run.err());
    assertTrue(run.err().contains("Import without --reembed"), run.err());
    assertFalse(Files.exists(p.resolve(".doclea/local.db")), "nothing was written");
  }

  @Test
  void qdrantIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path p = project("p", config("{\"provider\":\"transformers\"}",
        "{\"provider\":\"qdrant\",\"url\":\"http://localhost:6333\"}", "automatic"));
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--project", p.toString(),
        "--reembed").exits(1).noStackTrace();
    assertTrue(run.err().contains("Qdrant (vector.provider \"qdrant\"), which doclea-transfer"
        + " does not support yet"), run.err());
    assertFalse(Files.exists(p.resolve(".doclea/local.db")), "nothing was written");
  }

  @Test
  void aModelWhoseDimensionsDifferFromTheVectorSizeIsRefusedBeforeAnythingIsWritten()
      throws Exception {
    Path p = project("p", config("{\"provider\":\"transformers\"}",
        "{\"provider\":\"libsql\",\"vectorSize\":768}", "automatic"));
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--project", p.toString(),
        "--reembed").exits(1).noStackTrace();
    assertTrue(run.err().contains("mxbai-embed-xsmall-v1 makes vectors of 384 dimensions, but"
        + " its vector.vectorSize is 768"), run.err());
    assertFalse(Files.exists(p.resolve(".doclea/local.db")), "nothing was written");
  }

  @Test
  void aModelMissingFromTheCacheIsRefusedNamingWhereItLookedBeforeAnythingIsWritten()
      throws Exception {
    Path cache = Files.createDirectories(dir.resolve("empty-cache"));
    Path p = project("p", config("{\"provider\":\"transformers\",\"model\":"
        + "\"all-MiniLM-L6-v2\",\"cacheDir\":\"" + cache + "\"}", "{\"provider\":\"libsql\"}",
        "automatic"));
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--project", p.toString(),
        "--reembed").exits(1).noStackTrace();
    assertTrue(run.err().contains(cache.toString()), run.err());
    assertTrue(run.err().contains("--model-cache DIR"), run.err());
    assertFalse(Files.exists(p.resolve(".doclea/local.db")), "nothing was written");
  }

  @Test
  void aFileOfAnotherModelWithoutReembedSaysSoExactlyOnce() throws Exception {
    Path p = project("p", null);
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--project", p.toString())
        .exits(0);
    assertTrue(run.json().get("reembeddingRequired").getAsBoolean());
    int count = run.err().split("re-embedding is required", -1).length - 1;
    assertEquals(1, count, run.err());
  }

  @Test
  void aBackupWithoutVectorsOverTheSameModelSaysTheMemoriesNeedReembedding() throws Exception {
    Path p = project("p", config("{\"provider\":\"transformers\"}",
        "{\"provider\":\"libsql\"}", "automatic"));
    Cli.run("import", "--input", backup.toString(), "--project", p.toString()).exits(0);
    Path out = dir.resolve("same-model.json");
    Cli.run("export", "--project", p.toString(), "--output", out.toString()).exits(0);

    // Same project, same model: the file names the target's model but carries no vectors, and
    // overwriting a memory deletes its vector.
    Cli.Run run = Cli.run("import", "--input", out.toString(), "--project", p.toString(),
        "--conflict", "overwrite").exits(0);

    JsonObject json = run.json();
    assertEquals(contents.memories().size(), json.getAsJsonObject("sections")
        .getAsJsonObject("memories").get("overwritten").getAsInt());
    assertTrue(json.get("reembeddingRequired").getAsBoolean(), json.toString());
    assertTrue(json.get("warnings").toString().contains("the file carries no vectors"),
        json.toString());
  }

  @Test
  void aDryRunIntoAProjectWithoutADatabaseCreatesNothing() throws Exception {
    Path p = project("p", null);
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--project", p.toString(),
        "--dry-run").exits(1).noStackTrace();
    assertTrue(run.err().contains("has no database yet"), run.err());
    assertFalse(Files.exists(p.resolve(".doclea/local.db")));
  }

  @Test
  void statusCountsMemoriesAndVectors() throws Exception {
    Path p = project("p", null);
    Cli.run("import", "--input", backup.toString(), "--project", p.toString()).exits(0);
    Cli.Run run = Cli.run("status", "--project", p.toString()).exits(0);
    JsonObject s = run.json();
    int n = contents.memories().size();
    assertEquals(n, s.get("memories").getAsLong());
    assertEquals(0, s.get("vectors").getAsLong());
    assertEquals(n, s.get("memoriesWithoutVector").getAsLong());
    assertEquals(0, s.get("vectorsWithoutMemory").getAsLong());
    assertEquals("mxbai-embed-xsmall-v1", s.get("embeddingModel").getAsString());
    assertEquals("none", s.get("vectorIndex").getAsString());
    assertEquals("automatic", s.getAsJsonObject("config").get("storage.mode").getAsString());
    assertTrue(run.err().contains(n + " memories have no vector"), run.err());
  }
}
