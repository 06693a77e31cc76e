package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command never writes a store over itself: {@code copy} refuses two names of one store, an
 * export refuses every file of a project as its output, and an import through a symbolic link
 * creates the database where the link leads.
 */
class OwnFilesAndSameStoreTest {
  @TempDir Path dir;
  private SampleKnowledgeBase.Contents contents;
  private Path backup;
  private Path project;

  @BeforeEach
  void projectWithRecordsAndVectors() throws Exception {
    contents = Fixtures.small();
    backup = Fixtures.exportFile(dir, contents);
    project = dir.resolve("p");
    Files.createDirectories(project.resolve(".doclea"));
    Cli.run("import", "--input", backup.toString(), "--project", project.toString()).exits(0);
  }

  @Test
  void copyRefusesTwoSpellingsOfOneStoreAndChangesNothing() throws Exception {
    Path db = project.resolve(".doclea/local.db");
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), db);
    Path hard = Files.createLink(dir.resolve("hard.db"), db);
    byte[] before = Files.readAllBytes(db);
    List<String[]> pairs = List.of(
        new String[] {"doclea:" + project, "doclea:" + project + "/."},
        new String[] {"doclea:" + project, "doclea:" + project + "/"},
        new String[] {"doclea:" + project, "sqlite:" + db},
        new String[] {"sqlite:" + db, "sqlite:" + dir + "/p/../p/.doclea/local.db"},
        new String[] {"sqlite:" + db, "sqlite:" + link},
        new String[] {"sqlite:" + hard, "sqlite:" + db});

    for (String[] pair : pairs) {
      Cli.Run run = Cli.run("copy", "--from", pair[0], "--to", pair[1], "--conflict",
          "overwrite").exits(2).noStackTrace();
      assertTrue(run.err().contains("--from " + pair[0] + " and --to " + pair[1]
          + " are the same store"), run.err());
    }
    assertArrayEquals(before, Files.readAllBytes(db), "the store after the refused copies");
  }

  @Test
  void exportRefusesEveryFileOfTheProjectEvenWithForce() throws Exception {
    Path doclea = project.resolve(".doclea");
    Files.writeString(doclea.resolve("config.json"), "{\"embedding\":{\"provider\":"
        + "\"transformers\"},\"vector\":{\"provider\":\"libsql\"}}");
    for (String name : List.of("config.json", "local.db", "local.db-wal", "vectors.db",
        "vectors.db-shm", "vectors.db-journal", "doclea-transfer.lock",
        "doclea-transfer-journal.db", "doclea-transfer-journal.db-journal")) {
      Path own = doclea.resolve(name);
      byte[] before = Files.exists(own) ? Files.readAllBytes(own) : null;

      Cli.Run run = Cli.run("export", "--project", project.toString(), "--output",
          own.toString(), "--force").exits(1).noStackTrace();

      assertTrue(run.err().contains("a file of the store being exported"), name + ": "
          + run.err());
      if (before != null) {
        assertArrayEquals(before, Files.readAllBytes(own), name + " after the refused export");
      } else {
        assertFalse(Files.exists(own), name + " was created");
      }
    }
    Cli.run("status", "--project", project.toString()).exits(0);
  }

  @Test
  void importIntoADanglingLinkCreatesTheDatabaseWhereItLeads() throws Exception {
    Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), Path.of("real/local.db"));

    Cli.Run run = Cli.run("import", "--input", backup.toString(), "--db", link.toString())
        .exits(0).noStackTrace();

    assertTrue(Files.isSymbolicLink(link), "the link stays a link");
    Path real = dir.resolve("real/local.db");
    assertTrue(Files.isRegularFile(real), run.err());
    assertEquals(String.valueOf(contents.memories().size()),
        DocleaDatabase.query(real, "SELECT count(*) FROM memories WHERE id <> ?", ""));
    try (var left = Files.list(dir.resolve("real"))) {
      assertEquals(List.of(real), left.toList(), "no private files left beside it");
    }
    // Again, now through a link to an existing database: an ordinary import into it.
    Cli.run("import", "--input", backup.toString(), "--db", link.toString(), "--conflict",
        "overwrite").exits(0).noStackTrace();
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void importIntoALinkToAnEmptyFileFillsThatFile() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));
    Path link = Files.createSymbolicLink(dir.resolve("to-empty.db"), empty);

    Cli.run("import", "--input", backup.toString(), "--db", link.toString()).exits(0)
        .noStackTrace();

    assertTrue(Files.isSymbolicLink(link), "the link stays a link");
    assertEquals(String.valueOf(contents.memories().size()),
        DocleaDatabase.query(empty, "SELECT count(*) FROM memories WHERE id <> ?", ""));
  }
}
