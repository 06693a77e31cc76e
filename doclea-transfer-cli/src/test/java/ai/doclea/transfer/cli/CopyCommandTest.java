package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.postgresql.TestPostgres;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy --from URI --to URI} between Doclea's SQLite database and a real PostgreSQL server
 * (started by the test suite): the round trip gives back every record, the target changes all or
 * nothing, and failures print one clear line and the import's failure JSON.
 */
class CopyCommandTest {
  @TempDir Path dir;
  private SampleKnowledgeBase.Contents contents;
  private Path source;

  @BeforeEach
  void sourceDatabase() throws Exception {
    contents = Fixtures.small();
    source = Fixtures.docleaDb(dir, "local.db", contents);
  }

  @Test
  void sqliteToPostgresAndBackGivesTheSameExport() throws Exception {
    String pg = TestPostgres.shared().uri(TestPostgres.freshSchema("cli"), false);
    Path back = dir.resolve("back.db");

    JsonObject there = Cli.run("copy", "--from", "sqlite:" + source, "--to", pg)
        .exits(0).noStackTrace().json();
    assertTrue(there.get("success").getAsBoolean());
    assertEquals(contents.memories().size(),
        there.getAsJsonObject("stats").get("memoriesImported").getAsLong());
    Cli.run("copy", "--from", pg, "--to", "sqlite:" + back).exits(0).noStackTrace();

    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Cli.run("export", "--db", source.toString(), "--output", a.toString()).exits(0);
    Cli.run("export", "--db", back.toString(), "--output", b.toString()).exits(0);
    JsonObject first = Fixtures.readExport(a);
    JsonObject second = Fixtures.readExport(b);
    assertEquals(first.get("data"), second.get("data"), "the data after SQLite -> PG -> SQLite");
    assertEquals(first.getAsJsonObject("metadata").get("sha256"),
        second.getAsJsonObject("metadata").get("sha256"), "the digest of the data");
  }

  @Test
  void conflictErrorChangesNothingInTheTarget() throws Exception {
    String pg = TestPostgres.shared().uri(TestPostgres.freshSchema("cli"), false);
    Cli.run("copy", "--from", "sqlite:" + source, "--to", pg).exits(0);
    Memory first = contents.memories().get(0);
    DocleaDatabase.update(source, "UPDATE memories SET title = 'changed' WHERE id = ?",
        first.id());
    Path extra = dir.resolve("extra.db");
    Cli.run("copy", "--from", "sqlite:" + source, "--to", "sqlite:" + extra).exits(0);

    Cli.Run run = Cli.run("copy", "--from", "sqlite:" + source, "--to", pg, "--conflict",
        "error").exits(1).noStackTrace();

    assertFalse(run.json().get("success").getAsBoolean());
    assertTrue(run.err().contains("nothing was changed"), run.err());
    Path after = dir.resolve("after.db");
    Cli.run("copy", "--from", pg, "--to", "sqlite:" + after).exits(0);
    assertEquals(first.title(), DocleaDatabase.query(after,
        "SELECT title FROM memories WHERE id = ?", first.id()));
  }

  @Test
  void wrongPasswordFailsWithOneClearLineAndNoPasswordInIt() throws Exception {
    String pg = "postgresql://127.0.0.1:" + TestPostgres.shared().port()
        + "/postgres?user=postgres&password=wrong-secret&schema=cli_auth";

    Cli.Run run = Cli.run("copy", "--from", "sqlite:" + source, "--to", pg).exits(1)
        .noStackTrace();

    assertTrue(run.err().contains("refused the login of user 'postgres'"), run.err());
    assertFalse(run.err().contains("wrong-secret"), run.err());
    assertFalse(run.json().get("success").getAsBoolean());
  }

  @Test
  void aFailedCopyLeavesNoNewSqliteFile() throws Exception {
    Path target = dir.resolve("new.db");
    String missing = TestPostgres.shared().uri(TestPostgres.freshSchema("cli"), false)
        + "&create=false";

    Cli.Run run = Cli.run("copy", "--from", missing, "--to", "sqlite:" + target).exits(1)
        .noStackTrace();

    assertTrue(run.err().contains("set create=true"), run.err());
    assertFalse(Files.exists(target), "the copy created " + target);
  }

  @Test
  void aColumnTheFormatCannotCarryIsNamedInTheCopysWarnings() throws Exception {
    DocleaDatabase.update(source, "ALTER TABLE memories ADD COLUMN mood TEXT");
    JsonObject copied = Cli.run("copy", "--from", "sqlite:" + source, "--to",
        "sqlite:" + dir.resolve("copy.db")).exits(0).noStackTrace().json();
    assertEquals("table memories of " + source + " has a column that the export format has no"
        + " field for (mood): its values are not in the export",
        copied.getAsJsonArray("warnings").get(0).getAsString(), copied.toString());
  }
}
