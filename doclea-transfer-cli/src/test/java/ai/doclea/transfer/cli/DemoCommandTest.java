package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  private static final Path MODEL_CACHE = Path.of("target", "model-cache").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void demoBacksUpVerifiesAndRestoresASampleDatabase() throws Exception {
    Path demo = dir.resolve("demo");

    Cli.Run run = Cli.run("demo", "--dir", demo.toString(), "--memories", "60",
        "--model-cache", MODEL_CACHE.toString()).exits(0)
        .noStackTrace();

    JsonObject json = run.json();
    assertTrue(json.get("success").getAsBoolean());
    assertTrue(json.get("identical").getAsBoolean());
    assertEquals(60, json.getAsJsonObject("generated").get("memories").getAsLong());
    assertEquals(json.getAsJsonObject("generated"), json.getAsJsonObject("restored"));
    assertEquals(60, json.getAsJsonObject("export").getAsJsonObject("stats").get("memories")
        .getAsLong());
    assertTrue(json.getAsJsonObject("verify").get("valid").getAsBoolean());
    assertEquals(60, json.getAsJsonObject("import").getAsJsonObject("stats")
        .get("memoriesImported").getAsLong());
    assertTrue(Files.exists(demo.resolve("source.db")));
    assertTrue(Files.exists(demo.resolve("backup.json")));
    assertTrue(Files.exists(demo.resolve("restored.db")));
    assertTrue(run.err().contains("Every restored record equals its original"), run.err());
    assertEquals(60, json.getAsJsonObject("projectImport").get("reembedded").getAsLong());
    // Step 5 is announced before its slow part, so that the progress lines come under it.
    int announced = run.err().indexOf("5/5 Restoring it into the Doclea project");
    int done = run.err().indexOf("    60 vectors in vectors.db, write lock held ");
    assertTrue(announced >= 0 && done > announced, run.err());
    JsonObject search = json.getAsJsonObject("search");
    assertTrue(search.get("found").getAsBoolean(), search.toString());
    assertEquals(search.get("memoryId"), search.get("first"));
    assertTrue(Files.exists(demo.resolve("project/.doclea/vectors.db")));
    try (java.util.stream.Stream<Path> left = Files.list(demo.resolve("project/.doclea"))) {
      List<String> sideFiles = left.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-wal") || n.endsWith("-shm") || n.endsWith("-journal"))
          .sorted().toList();
      assertEquals(List.of(), sideFiles, "the demo leaves the project as Doclea would find it");
    }
  }

  @Test
  void demoWithoutDirCreatesItsOwnTemporaryDirectory() throws Exception {
    // The default size (a few hundred memories, each embedded by the model in step 5) is
    // checked on the help text; the run itself stays small to keep the suite fast.
    Cli.Run run = Cli.run("demo", "--memories", "20", "--model-cache", MODEL_CACHE.toString())
        .exits(0);

    JsonObject json = run.json();
    Path created = Path.of(json.get("directory").getAsString());
    try {
      assertTrue(created.getFileName().toString().startsWith("doclea-transfer-demo-"),
          created.toString());
      assertTrue(run.err().contains(created.toString()), "says where: " + run.err());
      assertTrue(json.getAsJsonObject("search").get("found").getAsBoolean());
    } finally {
      BackendTarget.deleteTree(created);
    }
    assertTrue(Cli.run("demo", "--help").exits(0).out().contains("(default 300;"),
        "the default size is a few hundred memories");
  }

  @Test
  void demoNeverOverwritesAnEarlierDemo() {
    Path demo = dir.resolve("demo");
    Cli.run("demo", "--dir", demo.toString(), "--memories", "10", "--quiet",
        "--model-cache", MODEL_CACHE.toString()).exits(0);

    Cli.Run again = Cli.run("demo", "--dir", demo.toString(), "--memories", "10").exits(1)
        .noStackTrace();

    assertFalse(again.json().get("success").getAsBoolean());
    assertTrue(again.err().contains("already exists"), again.err());
  }
}
