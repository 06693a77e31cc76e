package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the tool refuses to destroy, and what a failed run leaves behind: nothing. */
class CliSafetyTest {
  @TempDir Path dir;
  private SampleKnowledgeBase.Contents contents;
  private Path backup;

  @BeforeEach
  void exportSample() throws Exception {
    contents = Fixtures.small();
    backup = Fixtures.exportFile(dir, contents);
  }

  List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void exportOntoItsOwnDatabaseIsRefusedAndTheDatabaseKept() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", contents);
    byte[] before = Files.readAllBytes(db);
    for (String out : List.of(db.toString(), db + "-wal", db + "-shm", db + "-journal")) {
      Cli.Run r = Cli.run("export", "--db", db.toString(), "--output", out, "--force")
          .exits(1).noStackTrace();
      assertTrue(r.json().get("error").getAsString().contains("a file of the store"), r.out());
    }
    assertArrayEquals(before, Files.readAllBytes(db));
  }

  @Test
  void anExistingFileThatIsNotAnExportNeedsForce() throws Exception {
    Path db = Fixtures.docleaDb(dir, "local.db", contents);
    Path notes = Files.writeString(dir.resolve("notes.md"), "# my notes");
    Cli.Run refused = Cli.run("export", "--db", db.toString(), "--output", notes.toString())
        .exits(1).noStackTrace();
    assertTrue(refused.err().contains("not a Doclea export"), refused.err());
    assertTrue(refused.err().contains("--force"), refused.err());
    assertEquals("# my notes", Files.readString(notes));
    Cli.run("-q", "export", "--db", db.toString(), "--output", notes.toString(), "--force")
        .exits(0);
    assertTrue(Files.readString(notes).startsWith("{"));
  }

  @Test
  void anEmptyDatabaseFileStaysEmptyWhenTheImportFails() throws Exception {
    Path db = Files.createFile(dir.resolve("empty.db"));
    Path bad = Files.writeString(dir.resolve("bad.json"),
        "{\"version\":\"1.0.0\",\"data\":{\"memories\":[{\"id\":1}]}}");
    Cli.run("import", "--input", bad.toString(), "--db", db.toString()).exits(1).noStackTrace();
    assertEquals(0, Files.size(db));
    assertFalse(names(dir).stream().anyMatch(n -> n.contains("doclea-import")), names(dir)
        ::toString);
    Cli.run("-q", "import", "--input", backup.toString(), "--db", db.toString()).exits(0);
    assertEquals(contents.memories().size(), DocleaDatabase.count(db, "memories"));
  }

  @Test
  void aFailedImportIntoANewPathRemovesTheDirectoriesItMade() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"),
        "{\"version\":\"1.0.0\",\"data\":{\"memories\":[{\"id\":1}]}}");
    Cli.run("import", "--input", bad.toString(), "--db", dir.resolve("a/b/new.db").toString())
        .exits(1).noStackTrace();
    assertFalse(Files.exists(dir.resolve("a")), "the directories made for it are gone");
  }

  @Test
  void aNewDatabaseIsOwnerOnly() throws Exception {
    Path db = dir.resolve("new.db");
    Cli.run("-q", "import", "--input", backup.toString(), "--db", db.toString()).exits(0);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(db)));
  }

  @Test
  void anUnknownBackendOptionIsAUsageErrorAndCreatesNothing() throws Exception {
    Path db = dir.resolve("new.db");
    Cli.Run r = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--backend-option", "colour=blue").exits(2).noStackTrace();
    assertTrue(r.err().contains("colour"), r.err());
    assertFalse(r.err().contains("Creating"), r.err());
    assertFalse(Files.exists(db));
    assertTrue(names(dir).stream().noneMatch(n -> n.contains("new.db")), names(dir)::toString);
  }

  @Test
  void aLimitErrorNamesTheOptionThatRaisesIt() throws Exception {
    Cli.Run r = Cli.run("verify", "--max-string-length", "3", backup.toString()).exits(1)
        .noStackTrace();
    JsonObject json = r.json();
    assertTrue(json.toString().contains("--max-string-length"), json.toString());
    assertFalse(json.toString().contains("Limits."), json.toString());
    Cli.Run i = Cli.run("import", "--max-records", "2", "--input", backup.toString(), "--db",
        dir.resolve("x.db").toString());
    i.exits(1).noStackTrace();
    assertTrue(i.err().contains("with --max-records"), i.err());
  }

  @Test
  void inspectOfAFileWithAWrongDigestFails() throws Exception {
    String text = Files.readString(backup);
    String first = contents.memories().get(0).title();
    Files.writeString(backup, text.replace(first, first + "!"));
    Cli.Run r = Cli.run("inspect", backup.toString()).exits(1);
    assertFalse(r.json().get("valid").getAsBoolean());
    assertEquals("mismatch", r.json().get("digest").getAsString());
  }
}
