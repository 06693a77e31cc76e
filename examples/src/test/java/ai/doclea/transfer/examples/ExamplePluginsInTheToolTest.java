package ai.doclea.transfer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.cli.DocleaTransferCommand;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StoreContent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plug-ins are not part of the command-line tool, but a user who puts them on its
 * class path (as with any third-party adapter or strategy) reaches them by name.
 */
class ExamplePluginsInTheToolTest {
  @TempDir Path dir;

  private static final Memory NEWER_IN_FILE =
      Memory.builder("mem_a", "note", "from file", "x").accessedAt(200L).build();
  private static final Memory OLDER_IN_FILE =
      Memory.builder("mem_b", "note", "from file", "y").accessedAt(100L).build();

  private Path jsonlStore(String name, Memory... memories) {
    Path store = dir.resolve(name);
    try (StorageBackend backend = Providers.openBackend("jsonl:" + store,
        Map.of("create", "true"))) {
      StoreContent.of(memories).loadInto(backend);
    }
    return store;
  }

  private static JsonObject run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DocleaTransferCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    assertEquals(expectedExit, exit, () -> "stdout: " + out + "\nstderr: " + err);
    return JsonParser.parseString(out.toString().strip()).getAsJsonObject();
  }

  @Test
  void theToolExportsFromTheJsonLinesAdapter() {
    Path store = jsonlStore("kb", NEWER_IN_FILE, OLDER_IN_FILE);
    Path file = dir.resolve("b.json");

    JsonObject json = run(0, "export", "--backend", "jsonl:" + store, "--output",
        file.toString());

    assertEquals(2, json.getAsJsonObject("stats").get("memories").getAsLong());
    JsonObject inspect = run(0, "inspect", file.toString());
    assertTrue(inspect.toString().contains("\"jsonl\""), "the file names its backend type: "
        + inspect);
  }

  @Test
  void theToolImportsWithTheNewestWinsStrategy() {
    Path source = jsonlStore("source", NEWER_IN_FILE, OLDER_IN_FILE);
    Path target = jsonlStore("target",
        NEWER_IN_FILE.toBuilder().title("in store").accessedAt(150L).build(),
        OLDER_IN_FILE.toBuilder().title("in store").accessedAt(150L).build());
    Path file = dir.resolve("b.json");
    run(0, "export", "--backend", "jsonl:" + source, "--output", file.toString());

    JsonObject json = run(0, "import", "--input", file.toString(), "--backend",
        "jsonl:" + target, "--conflict", "newest-wins");

    JsonObject memories = json.getAsJsonObject("sections").getAsJsonObject("memories");
    assertEquals(1, memories.get("overwritten").getAsLong());
    assertEquals(1, memories.get("skipped").getAsLong());
    try (StorageBackend backend = Providers.openBackend("jsonl:" + target)) {
      StoreContent content = StoreContent.read(backend);
      assertEquals("from file", title(content, "mem_a"));
      assertEquals("in store", title(content, "mem_b"));
    }
  }

  private static String title(StoreContent content, String id) {
    return ((Memory) content.record(RecordKind.MEMORY, id).orElseThrow()).title();
  }
}
