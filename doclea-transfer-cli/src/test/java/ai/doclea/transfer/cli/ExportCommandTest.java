package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.RecordKind;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir Path dir;

  @Test
  void exportOfDocleaDatabasePrintsDocumentedResultAndWritesTheFile() throws Exception {
    SampleKnowledgeBase.Contents contents = Fixtures.small();
    Path db = Fixtures.docleaDb(dir, "local.db", contents);
    Path out = dir.resolve("backup.json");

    Cli.Run run = Cli.run("export", "--db", db.toString(), "--output", out.toString())
        .exits(0).noStackTrace();

    JsonObject json = run.json();
    assertTrue(json.get("success").getAsBoolean());
    assertEquals(out.toString(), json.get("outputPath").getAsString());
    JsonObject stats = json.getAsJsonObject("stats");
    for (RecordKind k : RecordKind.values()) {
      assertEquals(contents.records(k).size(), stats.get(k.sectionName()).getAsLong(),
          () -> "stats." + k.sectionName());
    }
    assertEquals(Files.size(out), json.get("bytes").getAsLong());
    JsonObject file = Fixtures.readExport(out);
    assertEquals("1.0.0", file.get("version").getAsString());
    assertEquals("sqlite", file.get("backendType").getAsString());
    assertEquals("012", file.get("schemaVersion").getAsString());
    JsonObject data = file.getAsJsonObject("data");
    assertEquals(contents.memories().size(), data.getAsJsonArray("memories").size());
    JsonObject relation = data.getAsJsonArray("memoryRelations").get(0).getAsJsonObject();
    assertTrue(relation.has("source_id") && relation.has("target_id"),
        "memory relations are written as snake_case rows: " + relation);
    assertTrue(run.err().contains("Exported"), run.err());
  }

  @Test
  void exportLeavesOutRelationsAndPendingMemoriesWhenAsked() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());
    Path out = dir.resolve("backup.json");

    JsonObject stats = Cli.run("export", "--db", db.toString(), "--output", out.toString(),
        "--no-relations", "--no-pending").exits(0).json().getAsJsonObject("stats");

    assertEquals(0, stats.get("memoryRelations").getAsLong());
    assertEquals(0, stats.get("crossLayerRelations").getAsLong());
    assertEquals(0, stats.get("pendingMemories").getAsLong());
    JsonObject data = Fixtures.readExport(out).getAsJsonObject("data");
    assertEquals(0, data.getAsJsonArray("memoryRelations").size());
    assertEquals(0, data.getAsJsonArray("pendingMemories").size());
    assertEquals(40, data.getAsJsonArray("memories").size());
  }

  @Test
  void gzipExportIsCompressedAndSaysSo() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());
    Path out = dir.resolve("backup.json.gz");

    JsonObject json = Cli.run("export", "--db", db.toString(), "--output", out.toString(),
        "--gzip").exits(0).json();

    assertTrue(json.get("gzip").getAsBoolean());
    assertTrue(Fixtures.isGzip(out), "file starts with the gzip magic bytes");
    assertEquals(40, Fixtures.readExport(out).getAsJsonObject("metadata")
        .get("totalMemories").getAsLong());
  }

  @Test
  void storageModeOptionIsWrittenToTheHeader() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());
    Path out = dir.resolve("backup.json");

    Cli.run("export", "--db", db.toString(), "--output", out.toString(), "--storage-mode",
        "manual").exits(0);

    assertEquals("manual", Fixtures.readExport(out).get("storageMode").getAsString());
  }

  @Test
  void exportOfMissingDatabaseFailsWithOneClearLine() {
    Path missing = dir.resolve("nope/local.db");
    Path out = dir.resolve("backup.json");

    Cli.Run run = Cli.run("export", "--db", missing.toString(), "--output", out.toString())
        .exits(1).noStackTrace();

    JsonObject json = run.json();
    assertFalse(json.get("success").getAsBoolean());
    assertTrue(json.get("error").getAsString().contains(missing.toString()), json.toString());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("Database not found: " + missing), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void exportIntoMissingDirectoryFailsWithOneClearLine() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());
    Path out = dir.resolve("no/such/dir/backup.json");

    Cli.Run run = Cli.run("export", "--db", db.toString(), "--output", out.toString())
        .exits(1).noStackTrace();

    assertFalse(run.json().get("success").getAsBoolean());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("Output directory does not exist"), run.err());
  }

  @Test
  void exportOfAFileThatIsNotADatabaseFailsWithoutStackTrace() throws Exception {
    Path notDb = dir.resolve("notes.db");
    Files.writeString(notDb, "these are my notes, not a database\n".repeat(100));

    Cli.Run run = Cli.run("export", "--db", notDb.toString(), "--output",
        dir.resolve("b.json").toString()).exits(1).noStackTrace();

    assertFalse(run.json().get("success").getAsBoolean());
    assertEquals(1, run.errLines().size(), run.err());
  }

  @Test
  void debugShowsTheStackTraceOfAFailure() {
    Cli.Run run = Cli.run("--debug", "export", "--db", dir.resolve("missing.db").toString(),
        "--output", dir.resolve("b.json").toString()).exits(1);

    assertTrue(run.err().contains("\tat "), "--debug prints the stack:\n" + run.err());
    assertFalse(run.json().get("success").getAsBoolean());
  }

  @Test
  void quietPrintsNothingOnStandardErrorWhenItWorks() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());

    Cli.Run run = Cli.run("export", "--quiet", "--db", db.toString(), "--output",
        dir.resolve("b.json").toString()).exits(0);

    assertEquals("", run.err());
    assertTrue(run.json().get("success").getAsBoolean());
  }

  @Test
  void quickSectionsPrintNoProgressLinesOffTheTerminal() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());

    Cli.Run run = Cli.run("export", "--progress", "lines", "--db", db.toString(), "--output",
        dir.resolve("b.json").toString()).exits(0);

    assertEquals(1, run.errLines().size(), "only the summary: " + run.err());
    assertTrue(run.err().startsWith("Exported 40 memories"), run.err());
  }

  @Test
  void progressBarIsDrawnInPlaceWhenAsked() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());

    Cli.Run run = Cli.run("export", "--progress", "bar", "--db", db.toString(), "--output",
        dir.resolve("b.json").toString()).exits(0);

    assertTrue(run.err().contains("\r"), "a bar redraws with carriage returns");
    assertTrue(run.err().contains("memories") && run.err().contains("40/40"), run.err());
    assertTrue(run.json().get("success").getAsBoolean());
  }

  @Test
  void missingOutputIsAUsageError() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());

    Cli.Run run = Cli.run("export", "--db", db.toString()).exits(2).noStackTrace();

    assertTrue(run.json().get("usageError").getAsBoolean());
    assertTrue(run.err().contains("--output"), run.err());
  }

  @Test
  void dbAndBackendTogetherAreAUsageError() {
    Cli.run("export", "--db", "a.db", "--backend", "memory:", "--output", "b.json")
        .exits(2).noStackTrace();
  }

  @Test
  void unknownBackendSchemeIsAUsageErrorThatListsTheKnownOnes() {
    Cli.Run run = Cli.run("export", "--backend", "postgres://x", "--output",
        dir.resolve("b.json").toString()).exits(2).noStackTrace();

    assertTrue(run.err().contains("postgres"), run.err());
    assertTrue(run.err().contains("sqlite:") && run.err().contains("memory:"), run.err());
  }

  @Test
  void badStorageModeIsAUsageError() {
    Cli.run("export", "--backend", "memory:", "--output", dir.resolve("b.json").toString(),
        "--storage-mode", "sometimes").exits(2);
  }
}
