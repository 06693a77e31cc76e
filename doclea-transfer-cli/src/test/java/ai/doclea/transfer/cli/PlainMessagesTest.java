package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.spi.IoFailures;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures say what is wrong in the user's terms: the path the user gave, the JSON path and record,
 * an option the command has; no Java class names, thread names or Gson advice.
 */
class PlainMessagesTest {
  /** A Java class name such as java.io.IOException or com.google.gson.stream.JsonReader. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:java|javax|com\\.google|sun)\\.[\\w.]*[A-Z]\\w*");

  @TempDir Path dir;
  private Path backup;
  private Path source;

  @BeforeEach
  void sample() throws Exception {
    SampleKnowledgeBase.Contents contents = Fixtures.small();
    backup = Fixtures.exportFile(dir, contents);
    source = dir.resolve("export-source.db");
  }

  private static void assertPlain(Cli.Run run) {
    String all = run.err() + run.out();
    assertFalse(CLASS_NAME.matcher(all).find(), "a Java class name in:\n" + all);
    assertFalse(all.contains("LENIENT") || all.contains("https://"), "Gson's advice in:\n" + all);
    assertFalse(all.contains("Try '"), "a usage hint for a failure that is not one:\n" + all);
  }

  @Test
  void everyCommandThatReadsAnExportFileTakesTheLimitItsErrorNames() throws Exception {
    Path other = dir.resolve("other.db");
    List<List<String>> commands = List.of(
        List.of("verify", backup.toString()),
        List.of("inspect", backup.toString()),
        List.of("diff", backup.toString(), backup.toString()),
        List.of("import", "--input", backup.toString(), "--db", other.toString()),
        List.of("copy", "--from", "sqlite:" + source, "--to", "sqlite:" + other));
    for (List<String> command : commands) {
      List<String> low = new java.util.ArrayList<>(command);
      low.addAll(List.of("--max-string-length", "8"));
      Cli.Run refused = Cli.run(low.toArray(String[]::new)).exits(1).noStackTrace();
      assertTrue(refused.err().contains("raise the limit with --max-string-length"),
          command.get(0) + ": " + refused.err());

      List<String> high = new java.util.ArrayList<>(command);
      high.addAll(List.of("--max-string-length", "100000000"));
      Cli.run(high.toArray(String[]::new)).exits(0).noStackTrace();
      Files.deleteIfExists(other);
    }
  }

  @Test
  void aCommandWithoutTheLimitOptionsNamesTheCommandsThatHaveThem() {
    String advice = LimitOptions.forUsers("too deep; raise the limit (Limits.maxDepth)",
        option -> false);
    assertEquals("too deep; raise the limit with --max-depth of verify, inspect, import, diff or"
        + " copy", advice);
  }

  @Test
  void aBrokenProjectConfigIsAFailureNamingTheFileNotAUsageError() throws Exception {
    Path q = dir.resolve("q");
    Path config = Files.createDirectories(q.resolve(".doclea")).resolve("config.json");
    Files.writeString(config, "{\"embedding\":{\"provider\":\"transformers\",\"model\":5},"
        + "\"vector\":{\"provider\":\"libsql\"}}");

    for (String command : List.of("export", "status")) {
      List<String> args = command.equals("export")
          ? List.of("export", "--project", q.toString(), "--output", dir + "/q.json")
          : List.of("status", "--project", q.toString());
      Cli.Run run = Cli.run(args.toArray(String[]::new)).exits(1).noStackTrace();
      assertPlain(run);
      assertTrue(run.err().contains(config + ": embedding.model must be a string"), run.err());
      assertFalse(run.err().contains("--backend-option"), run.err());
    }

    Files.writeString(config, "{\"embedding\": {provider: 1}");
    Cli.Run invalid = Cli.run("export", "--project", q.toString(), "--output", dir + "/q.json")
        .exits(1).noStackTrace();
    assertPlain(invalid);
    assertTrue(invalid.err().contains(config + ": not valid JSON: unexpected text"),
        invalid.err());
    assertTrue(invalid.err().contains("line 1 column 17 (JSON path $.embedding."),
        invalid.err());
  }

  @Test
  void aTagsColumnThatIsNotJsonNamesTheRowAndTheColumn() throws Exception {
    String id = DocleaDatabase.query(source, "SELECT id FROM memories WHERE id <> ? LIMIT 1", "");
    DocleaDatabase.update(source, "UPDATE memories SET tags = '[oops' WHERE id = ?", id);

    Cli.Run run = Cli.run("export", "--db", source.toString(), "--output", dir + "/t.json")
        .exits(1).noStackTrace();

    assertPlain(run);
    assertTrue(run.err().contains("Row '" + id + "' of table memories in " + source
        + ": column tags is not valid JSON: end of input at line 1 column 6"), run.err());
  }

  /** An export file whose one memory's title holds an unpaired surrogate, which SQLite refuses. */
  private Path surrogateTitleFile() throws IOException {
    return Files.writeString(dir.resolve("surrogate.json"), "{\"version\":\"1.0.0\",\"data\":"
        + "{\"memories\":[{\"id\":\"m1\",\"type\":\"note\",\"title\":\"a\\ud800b\","
        + "\"content\":\"c\"}]}}");
  }

  @Test
  void aRecordTheNewDatabaseRefusesIsNamedWithTheDbPathTheFileAndTheJsonPath()
      throws Exception {
    Path file = surrogateTitleFile();
    Path db = dir.resolve("new.db");

    Cli.Run run = Cli.run("import", "--input", file.toString(), "--db", db.toString()).exits(1)
        .noStackTrace();

    assertPlain(run);
    assertTrue(run.err().contains("Cannot store memory 'm1' in " + db + ": its title holds an"
        + " unpaired UTF-16 surrogate"), run.err());
    assertTrue(run.err().contains("(the record at $.data.memories[0] in " + file + ")"),
        run.err());
    assertFalse(run.err().contains(".doclea-import-") || run.out().contains(".doclea-import-"),
        "the private staging name: " + run.err());
    assertFalse(Files.exists(db));
  }

  @Test
  void aDbNameThatJsonEscapesIsShownAsGivenInTheResultToo() throws Exception {
    Path file = surrogateTitleFile();
    Path db = dir.resolve("new \"quoted\"\tand tabbed.db");

    Cli.Run run = Cli.run("import", "--input", file.toString(), "--db", db.toString()).exits(1)
        .noStackTrace();

    String error = run.json().get("error").getAsString();
    assertTrue(error.contains("Cannot store memory 'm1' in " + db + ":"), error);
    assertFalse(run.out().contains(".doclea-import-"), "the private staging name: " + run.out());
  }

  @Test
  void aFullDeviceIsSaidInWords() {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");

    Cli.Run run = Cli.run("export", "--db", source.toString(), "--output", full.toString())
        .exits(1).noStackTrace();

    assertPlain(run);
    assertTrue(run.err().contains("cannot write /dev/full: no space left on device"), run.err());
  }

  @Test
  void ioFailuresAreDescribedWithoutClassNames() {
    assertEquals("permission denied", IoFailures.describe(new AccessDeniedException("/x/y")));
    assertEquals("no space left on device",
        IoFailures.describe(new IOException("No space left on device")));
    assertEquals("broken pipe (the reader closed it before the end)",
        IoFailures.describe(new IOException("Broken pipe")));
    assertEquals("input/output error", IoFailures.describe(new IOException()));
  }

  /**
   * Ids from a file are quoted in warnings and failures on standard error with their control
   * characters escaped: raw, an escape sequence would recolour or retitle the terminal, and a
   * line break would start a line that looks like the tool's own.
   */
  @Test
  void controlCharactersFromAFileReachTheTerminalEscaped() throws Exception {
    String id = "m\\u001b[31mRED\\u001b]0;title\\u0007\\r\\nwarning: FAKE\\u009b";
    String memory = "{\"id\":\"" + id + "\",\"type\":\"note\",\"title\":\"t\",\"content\":\"c\"}";
    Path file = Files.writeString(dir.resolve("hostile.json"), "{\"version\":\"1.0.0\","
        + "\"exportedAt\":1,\"data\":{\"memories\":[" + memory + "," + memory + "]}}");
    Path db = dir.resolve("target.db");
    Cli.Run warned = Cli.run("import", "--input", file.toString(), "--db", db.toString())
        .exits(0).noStackTrace();
    Cli.Run failed = Cli.run("import", "--input", file.toString(), "--db", db.toString(),
        "--conflict", "error").exits(1).noStackTrace();
    for (Cli.Run run : List.of(warned, failed)) {
      String err = run.err();
      for (char c : err.toCharArray()) {
        assertTrue(c == '\n' || c >= 0x20 && (c < 0x7f || c > 0x9f),
            String.format("a raw U+%04X on standard error:%n%s", (int) c, err));
      }
      assertTrue(err.contains("'m\\u001b[31mRED\\u001b]0;title\\u0007\\u000d\\u000awarning: FAKE"
          + "\\u009b'"), err);
      assertFalse(err.lines().anyMatch(l -> l.startsWith("warning: FAKE")), err);
    }
  }
}
