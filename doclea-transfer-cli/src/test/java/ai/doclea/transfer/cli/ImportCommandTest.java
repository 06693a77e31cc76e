package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
  private static final String TITLE = "SELECT title FROM memories WHERE id = ?";

  @TempDir Path dir;
  private SampleKnowledgeBase.Contents contents;
  private Path backup;
  private Memory first;

  @BeforeEach
  void exportSample() throws Exception {
    contents = Fixtures.small();
    backup = Fixtures.exportFile(dir, contents);
    first = contents.memories().get(0);
  }

  /** A copy of the source database whose first memory has another title. */
  private Path changedTarget(String name) throws Exception {
    Path db = Fixtures.docleaDb(dir, name, contents);
    DocleaDatabase.update(db, "UPDATE memories SET title = 'changed locally' WHERE id = ?",
        first.id());
    return db;
  }

  @Test
  void importIntoAMissingDatabaseCreatesItWithDocleasLayout() throws Exception {
    Path db = dir.resolve("new/local.db");

    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--db", db.toString())
        .exits(0).noStackTrace();

    JsonObject json = run.json();
    assertTrue(json.get("success").getAsBoolean());
    JsonObject stats = json.getAsJsonObject("stats");
    assertEquals(contents.memories().size(), stats.get("memoriesImported").getAsLong());
    assertEquals(contents.documents().size(), stats.get("documentsImported").getAsLong());
    assertEquals(contents.chunks().size(), stats.get("chunksImported").getAsLong());
    assertEquals(contents.memoryRelations().size(),
        stats.get("memoryRelationsImported").getAsLong());
    assertEquals(contents.crossLayerRelations().size(),
        stats.get("crossLayerRelationsImported").getAsLong());
    assertEquals(contents.pendingMemories().size(), stats.get("pendingImported").getAsLong());
    assertEquals(contents.memories().size(), DocleaDatabase.count(db, "memories"));
    assertNotNull(DocleaDatabase.query(db,
        "SELECT value FROM _doclea_meta WHERE key = ?", "schema_version"));
    assertTrue(run.err().contains("Creating a new Doclea database"), run.err());
  }

  @Test
  void skipKeepsTheExistingRecords() throws Exception {
    Path db = changedTarget("target.db");

    JsonObject json = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--conflict", "skip").exits(0).json();

    assertEquals(contents.memories().size(),
        json.getAsJsonObject("stats").get("memoriesSkipped").getAsLong());
    assertEquals(0, json.getAsJsonObject("stats").get("memoriesImported").getAsLong());
    assertEquals("changed locally", DocleaDatabase.query(db, TITLE, first.id()));
  }

  @Test
  void overwriteReplacesTheExistingRecords() throws Exception {
    Path db = changedTarget("target.db");

    JsonObject json = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--conflict", "overwrite").exits(0).json();

    assertEquals(contents.memories().size(), json.getAsJsonObject("sections")
        .getAsJsonObject("memories").get("overwritten").getAsLong());
    assertEquals(first.title(), DocleaDatabase.query(db, TITLE, first.id()));
  }

  @Test
  void errorStrategyFailsAndChangesNothing() throws Exception {
    Path db = changedTarget("target.db");
    long before = DocleaDatabase.count(db, "memories");

    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--conflict", "error").exits(1).noStackTrace();

    JsonObject json = run.json();
    assertFalse(json.get("success").getAsBoolean());
    assertFalse(json.getAsJsonArray("errors").isEmpty(), json.toString());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("nothing was changed"), run.err());
    assertEquals("changed locally", DocleaDatabase.query(db, TITLE, first.id()));
    assertEquals(before, DocleaDatabase.count(db, "memories"));
  }

  @Test
  void dryRunCountsWhatWouldHappenAndWritesNothing() throws Exception {
    Path db = changedTarget("target.db");

    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--conflict", "overwrite", "--dry-run").exits(0);

    JsonObject json = run.json();
    assertTrue(json.get("dryRun").getAsBoolean());
    assertEquals(contents.memories().size(), json.getAsJsonObject("sections")
        .getAsJsonObject("memories").get("overwritten").getAsLong());
    assertEquals("changed locally", DocleaDatabase.query(db, TITLE, first.id()));
    assertTrue(run.err().contains("nothing was written"), run.err());
  }

  @Test
  void dryRunIntoAMissingDatabaseCreatesNoFile() {
    Path db = dir.resolve("later.db");

    JsonObject json = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--dry-run").exits(0).json();

    assertEquals(contents.memories().size(),
        json.getAsJsonObject("stats").get("memoriesImported").getAsLong());
    assertFalse(Files.exists(db), "a dry run creates no database");
  }

  @Test
  void noRelationsAndNoPendingLeaveThoseSectionsOut() {
    Path db = dir.resolve("partial.db");

    JsonObject stats = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--no-relations", "--no-pending").exits(0).json().getAsJsonObject("stats");

    assertEquals(0, stats.get("memoryRelationsImported").getAsLong());
    assertEquals(0, stats.get("crossLayerRelationsImported").getAsLong());
    assertEquals(0, stats.get("pendingImported").getAsLong());
    assertEquals(contents.memories().size(), stats.get("memoriesImported").getAsLong());
  }

  @Test
  void corruptFileFailsWithOneLineAndLeavesNoNewDatabase() throws Exception {
    String text = Files.readString(backup);
    Path corrupt = dir.resolve("corrupt.json");
    Files.writeString(corrupt, text.substring(0, text.length() / 2));
    Path db = dir.resolve("fresh.db");

    Cli.Run run = Cli.run("import", "--input", corrupt.toString(), "--db", db.toString())
        .exits(1).noStackTrace();

    assertFalse(run.json().get("success").getAsBoolean());
    assertEquals(1, run.errLines().stream().filter(l -> !l.startsWith("Creating")).count(),
        run.err());
    assertFalse(Files.exists(db), "the database created for a failed import is removed");
  }

  @Test
  void missingInputFileFailsWithOneClearLine() {
    Path missing = dir.resolve("nope.json");

    Cli.Run run = Cli.run("import", "--input", missing.toString(), "--db",
        dir.resolve("x.db").toString()).exits(1).noStackTrace();

    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("Input file not found: " + missing), run.err());
    assertFalse(run.json().get("success").getAsBoolean());
    assertFalse(Files.exists(dir.resolve("x.db")));
  }

  @Test
  void unknownConflictStrategyIsAUsageErrorListingTheKnownOnes() {
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--db",
        dir.resolve("x.db").toString(), "--conflict", "merge").exits(2).noStackTrace();

    assertTrue(run.err().contains("skip") && run.err().contains("overwrite"), run.err());
    assertTrue(run.json().get("usageError").getAsBoolean());
  }

  @Test
  void embeddingProviderWithoutReembedIsAUsageError() {
    Cli.run("import", "--input", backup.toString(), "--db", dir.resolve("x.db").toString(),
        "--embedding-provider", "transformers").exits(2);
  }

  @Test
  void embeddingOptionWithoutReembedIsAUsageError() {
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--db",
        dir.resolve("x.db").toString(), "--embedding-option", "model=all-MiniLM-L6-v2").exits(2);

    assertTrue(run.err().contains("--embedding-option needs --reembed"), run.err());
    assertFalse(Files.exists(dir.resolve("x.db")));
  }

  @Test
  void modelMissingFromTheCacheIsRefusedNamingTheDirectoryAndNothingIsWritten() {
    Path cache = dir.resolve("empty-cache");
    // A store that keeps vectors (--db refuses --reembed: vectors belong in a project).
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--backend", "memory:",
        "--reembed", "--embedding-provider", "transformers",
        "--embedding-option", "cacheDir=" + cache).exits(1).noStackTrace();

    assertTrue(run.err().contains("Embedding model 'mxbai-embed-xsmall-v1'"), run.err());
    assertTrue(run.err().contains(cache.toAbsolutePath()
        .resolve("mixedbread-ai/mxbai-embed-xsmall-v1").toString()), run.err());
    assertTrue(run.err().contains("start Doclea once"), run.err());
    assertTrue(run.err().contains("--model-cache DIR"), run.err());
    assertTrue(run.json().getAsJsonObject("stats").get("memoriesImported").getAsLong() == 0,
        run.out());
  }

  @Test
  void unknownEmbeddingProviderIsAUsageError() {
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--backend",
        "memory:", "--reembed", "--embedding-provider", "no-such-model")
        .exits(2).noStackTrace();

    assertTrue(run.err().contains("no-such-model"), run.err());
  }

  @Test
  void reembedIntoABareDatabaseIsAUsageErrorPointingToTheProject() throws Exception {
    Path db = dir.resolve("p/.doclea/local.db");

    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--reembed").exits(2).noStackTrace();

    assertTrue(run.err().contains("--project " + dir.resolve("p")), run.err());
    assertFalse(Files.exists(db));
  }

  @Test
  void reembedWithANamedProviderGivesEveryImportedMemoryAVector() {
    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--backend", "memory:",
        "--reembed", "--embedding-provider", HashEmbeddingProviderFactory.NAME).exits(0);

    JsonObject json = run.json();
    assertEquals(contents.memories().size(), json.get("reembedded").getAsLong());
    assertFalse(json.get("reembeddingRequired").getAsBoolean());
  }

  @Test
  void reembedWithoutANameNeedsOneWhenSeveralProvidersAreOnTheClassPath() {
    List<String> names = Providers.embeddingProviderFactories(null).stream()
        .map(EmbeddingProviderFactory::name).toList();
    assumeTrue(names.size() > 1, "only " + names + " on the class path");

    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--backend",
        "memory:", "--reembed").exits(2);

    for (String name : names) {
      assertTrue(run.err().contains(name), run.err());
    }
    assertTrue(run.err().contains("--embedding-provider"), run.err());
  }

  @Test
  void relationsToMissingMemoriesAreSkippedAndReportedBriefly() throws Exception {
    Path db = Fixtures.docleaDb(dir, "dangling.db", contents);
    // Doclea never enables foreign keys: deleting memories leaves their relations dangling.
    DocleaDatabase.update(db, "DELETE FROM memories WHERE rowid % 2 = 0");
    Path file = dir.resolve("dangling.json");
    Cli.run("export", "--db", db.toString(), "--output", file.toString()).exits(0);

    Cli.Run run = Cli.run("import", "--input", file.toString(), "--db",
        dir.resolve("restored.db").toString()).exits(0);

    JsonObject json = run.json();
    int errors = json.getAsJsonArray("errors").size();
    assertTrue(errors > Summaries.SHOWN, json.toString());
    long skipped = json.getAsJsonObject("sections").getAsJsonObject("memoryRelations")
        .get("skipped").getAsLong()
        + json.getAsJsonObject("sections").getAsJsonObject("crossLayerRelations")
        .get("skipped").getAsLong();
    assertTrue(skipped > 0, json.toString());
    assertEquals(Summaries.SHOWN,
        run.errLines().stream().filter(l -> l.startsWith("warning: skipped: ")).count(),
        run.err());
    assertTrue(run.err().contains("and " + (errors - Summaries.SHOWN) + " more"), run.err());
  }

  @Test
  void importIntoAnotherBackendByUri() {
    JsonObject json = Cli.run("import", "--input", backup.toString(), "--backend", "memory:")
        .exits(0).json();

    assertEquals(contents.memories().size(),
        json.getAsJsonObject("stats").get("memoriesImported").getAsLong());
  }
}
