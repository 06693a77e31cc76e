package ai.doclea.transfer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's {@code --doclea-export} command line reaches the shell with each placeholder
 * replaced by its path, whatever characters the path holds.
 */
class BenchDocleaCommandTest {
  /** The words {@code /bin/sh} hands to a command line built from {@code command}. */
  private static List<String> wordsOf(String command, Path db, Path output)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/bin/sh", "-c",
        "exec " + Bench.docleaCommandLine(command, db, output)).redirectErrorStream(true).start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), printed);
    return List.of(printed.split("\0", -1));
  }

  @Test
  void pathsWithQuotesSpacesAndPlaceholdersReachTheCommandAsTheyAre() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh here");
    Path db = Path.of("/tmp/it's a \"db\" $HOME `x` {output}.db");
    Path output = Path.of("/tmp/out\\put {db}; rm -rf x.json");

    List<String> words = wordsOf("printf '%s\\0%s\\0%s' {output} {db} {db}", db, output);

    assertEquals(List.of(output.toString(), db.toString(), db.toString()), words);
  }

  @Property(tries = 200)
  void anyPrintablePathIsPassedAsOneWord(@ForAll @StringLength(min = 1, max = 30)
      @CharRange(from = ' ', to = '~') String name) throws Exception {
    Assume.that(Files.isExecutable(Path.of("/bin/sh")));
    Path db = Path.of("/tmp", name.replace('/', '_'));
    Path output = Path.of("/tmp", "x" + name.replace('/', '_'));

    assertEquals(List.of(db.toString(), output.toString()),
        wordsOf("printf '%s\\0%s' {db} {output}", db, output));
  }

  private static String file(String exportedAt, String data, String metadata) {
    return "{\n  \"version\": \"1.0.0\",\n  \"exportedAt\": " + exportedAt
        + ",\n  \"data\": " + data + ",\n  \"metadata\": " + metadata + "\n}";
  }

  @Test
  void theDataSectionsAreComparedWithoutHeaderAndMetadata(@TempDir Path dir) throws Exception {
    String data = "{\n    \"memories\": [\n      {\"id\": \"a\"}\n    ]\n  }";
    Path doclea = Files.writeString(dir.resolve("doclea.json"), file("1", data,
        "{\"totalMemories\": 1}"));
    Path ours = Files.writeString(dir.resolve("ours.json"), file("22", data,
        "{\"totalMemories\": 1, \"counts\": {}, \"sha256\": \"ab\"}"));
    Path changed = Files.writeString(dir.resolve("changed.json"), file("1",
        data.replace("\"a\"", "\"b\""), "{\"totalMemories\": 1}"));
    Path shorter = Files.writeString(dir.resolve("shorter.json"), file("1",
        data.replace("\"a\"", "\"\""), "{\"totalMemories\": 1}"));
    Path noData = Files.writeString(dir.resolve("none.json"), "{}");

    assertTrue(Bench.sameDataSection(doclea, ours));
    assertFalse(Bench.sameDataSection(doclea, changed));
    assertFalse(Bench.sameDataSection(doclea, shorter));
    assertFalse(Bench.sameDataSection(doclea, noData));
  }

  @Test
  void largeDataSectionsAreComparedToTheirLastByte(@TempDir Path dir) throws Exception {
    String big = "\"" + "x".repeat(300_000) + "\"";
    Path a = Files.writeString(dir.resolve("a.json"), file("1", big, "{}"));
    Path b = Files.writeString(dir.resolve("b.json"), file("2", big, "{\"n\": 1}"));
    Path c = Files.writeString(dir.resolve("c.json"), file("1",
        big.substring(0, big.length() - 2) + "y\"", "{}"));

    assertTrue(Bench.sameDataSection(a, b));
    assertFalse(Bench.sameDataSection(a, c));
  }
}
