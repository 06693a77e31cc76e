package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool as separate processes: two imports racing for one new database, and Ctrl-C (SIGINT)
 * and SIGTERM in the middle of an import or an export. Each run must leave the disk as it found
 * it or with one complete database, and print its result JSON.
 */
class SignalsAndRacesTest {
  static final int MEMORIES = 20_000;
  @TempDir static Path shared;
  static Path file;

  @TempDir Path dir;

  /**
   * JVM options that keep an export busy long enough for a signal to arrive mid-way: interpreted,
   * the export of this file takes 15 s instead of 0.45 s after its temporary file appears.
   */
  static final List<String> SLOW_EXPORT = List.of("-Xint");

  /**
   * The same for an import, whose reading pass comes before its temporary database (interpreted,
   * the whole import would take 20 s): only the SQLite adapter and driver run interpreted, which
   * makes the time from the temporary database to the end 2.1 s instead of 1.1 s.
   */
  static final List<String> SLOW_IMPORT = List.of("-XX:CompileCommand=quiet",
      "-XX:CompileCommand=exclude,ai/doclea/transfer/sqlite/*.*",
      "-XX:CompileCommand=exclude,org/sqlite/*.*");

  @BeforeAll
  static void writeFile() throws IOException {
    file = shared.resolve("big.json");
    String content = "c".repeat(1000);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{\"memories\":[");
      for (int i = 0; i < MEMORIES; i++) {
        w.write((i == 0 ? "" : ",") + "{\"id\":\"m" + i + "\",\"type\":\"note\",\"title\":\"t"
            + i + "\",\"content\":\"" + content + "\",\"createdAt\":" + i + ",\"accessedAt\":"
            + i + "}");
      }
      w.write("]}}");
    }
  }

  static Process start(Path dir, String... args) throws IOException {
    return start(dir, List.of(), args);
  }

  /**
   * Starts the tool with extra JVM options. The signal tests slow it down ({@link #SLOW_EXPORT},
   * {@link #SLOW_IMPORT}): at full speed an export of this file once ended between its temporary
   * file appearing and the signal arriving (exit 0, not 130) on a busy CI machine.
   */
  static Process start(Path dir, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        DocleaTransferCommand.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".json").toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }


  static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("out-")).sorted()
          .toList();
    }
  }

  static JsonObject result(Path dir, int index) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> outs = s.filter(f -> f.getFileName().toString().startsWith("out-")).sorted()
          .toList();
      String text = Files.readString(outs.get(index)).strip();
      assertFalse(text.isEmpty(), "the tool printed no result");
      return JsonParser.parseString(text).getAsJsonObject();
    }
  }

  /** Waits until a file whose name contains {@code part} appears in {@code dir}. */
  static void awaitFile(Path dir, String part, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      if (names(dir).stream().anyMatch(n -> n.contains(part))) {
        return;
      }
      assertTrue(p.isAlive(), "the tool ended before " + part + " appeared");
      Thread.sleep(5);
    }
    throw new AssertionError(part + " never appeared in " + dir);
  }

  static void signal(Process p, String name) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start()
        .waitFor());
  }

  @Test
  void twoImportsIntoOneNewDatabaseNeverLoseTheWinnersDatabase() throws Exception {
    for (int round = 0; round < 2; round++) {
      Path d = Files.createDirectory(dir.resolve("round" + round));
      Process a = start(d, "-q", "import", "--input", file.toString(), "--db", "new.db");
      Process b = start(d, "-q", "import", "--input", file.toString(), "--db", "new.db");
      assertTrue(a.waitFor(2, TimeUnit.MINUTES) && b.waitFor(2, TimeUnit.MINUTES));
      List<Integer> exits = List.of(a.exitValue(), b.exitValue());
      assertTrue(exits.contains(0), "one import succeeds: " + exits);
      assertEquals(List.of("new.db"), names(d), "no private files are left");
      assertEquals(MEMORIES, DocleaDatabase.count(d.resolve("new.db"), "memories"));
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(d.resolve("new.db"))));
      for (int i = 0; i < 2; i++) {
        JsonObject r = result(d, i);
        if (!r.get("success").getAsBoolean()) {
          assertTrue(r.toString().contains("Another process created"), r.toString());
        }
      }
    }
  }

  @Test
  void sigtermDuringAnImportIntoANewPathLeavesNothingAndPrintsTheResult() throws Exception {
    Process p = start(dir, SLOW_IMPORT, "import", "--input", file.toString(), "--db",
        "sub/dir/new.db");
    awaitFile(dir.resolve("sub/dir"), ".doclea-import-", p);
    signal(p, "TERM");
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    assertEquals(143, p.exitValue());
    JsonObject r = result(dir, 0);
    assertFalse(r.get("success").getAsBoolean());
    assertTrue(r.toString().contains("cancelled"), r.toString());
    assertEquals(List.of(), names(dir), "the directories and the private database are gone");
  }

  @Test
  void ctrlCDuringAnExportLeavesNoTemporaryFileAndPrintsTheResult() throws Exception {
    Path db = dir.resolve("local.db");
    Cli.run("-q", "import", "--input", file.toString(), "--db", db.toString()).exits(0);
    Files.writeString(dir.resolve("out.json"), "{\"version\":\"1.0.0\",\"data\":{}}");
    Process p = start(dir, SLOW_EXPORT, "export", "--db", "local.db", "--output", "out.json");
    awaitFile(dir, ".doclea-export-", p);
    signal(p, "INT");
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    assertEquals(130, p.exitValue());
    JsonObject r = result(dir, 0);
    assertFalse(r.get("success").getAsBoolean());
    assertTrue(r.get("error").getAsString().contains("cancelled"), r.toString());
    assertTrue(names(dir).stream().noneMatch(n -> n.contains(".doclea-export-")), names(dir)
        ::toString);
    assertEquals("{\"version\":\"1.0.0\",\"data\":{}}",
        Files.readString(dir.resolve("out.json")), "the earlier export is untouched");
  }

  @Test
  void sigtermWhileAnImportCopiesADeviceCancelsPromptlyAndDeletesItsFiles() throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Process p = start(dir, List.of("-Djava.io.tmpdir=" + tmp), "import", "--input", "/dev/zero",
        "--db", "z.db");
    awaitFile(tmp, "doclea-import-", p);
    awaitFile(dir, ".z.db.doclea-import-", p);
    long signalled = System.nanoTime();
    signal(p, "TERM");
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled);
    assertTrue(seconds < 10, "the copy went on for " + seconds + " s after SIGTERM");
    assertEquals(143, p.exitValue());
    JsonObject r = result(dir, 0);
    assertFalse(r.get("success").getAsBoolean());
    assertEquals("the import of /dev/zero was cancelled; nothing was changed",
        r.get("error").getAsString());
    assertTrue(names(tmp).stream().noneMatch(n -> n.startsWith("doclea-import-")),
        names(tmp)::toString);
    assertEquals(List.of("tmp"), names(dir), "no private database is left");
  }

  @Test
  void aKilledCopyIntoANewPathLeavesNothingAtTheTargetAndTheNextCopyCleansUp()
      throws Exception {
    Path db = dir.resolve("local.db");
    Cli.run("-q", "import", "--input", file.toString(), "--db", db.toString()).exits(0);
    Process p = start(dir, SLOW_IMPORT, "copy", "--from", "sqlite:local.db", "--to",
        "sqlite:new.db");
    awaitFile(dir, ".new.db.doclea-import-", p);
    signal(p, "KILL");
    assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    assertTrue(names(dir).stream().noneMatch(n -> n.startsWith("new.db")),
        "nothing at the target's name: " + names(dir));
    Cli.run("-q", "copy", "--from", "sqlite:" + db, "--to", "sqlite:" + dir.resolve("new.db"))
        .exits(0);
    // (The source's -wal and -shm, which SQLite keeps for a reader it killed, are not the copy's.)
    assertEquals(List.of("new.db"), names(dir).stream().filter(n -> !n.startsWith("local.db"))
        .toList(), "the killed copy's files are gone");
    assertEquals(MEMORIES, DocleaDatabase.count(dir.resolve("new.db"), "memories"));
  }
}
