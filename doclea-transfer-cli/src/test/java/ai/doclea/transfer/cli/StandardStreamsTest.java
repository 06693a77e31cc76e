package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -} as a file name: an export to standard output that verify, inspect and import read. */
class StandardStreamsTest {
  @TempDir Path dir;

  /** Runs the tool as a program with standard input and output redirected to files. */
  static int run(Path dir, Path stdin, Path stdout, Path stderr, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), DocleaTransferCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Process p = pb.start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    return p.exitValue();
  }

  static JsonObject lastJsonLine(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("{\"success\"")) {
        return JsonParser.parseString(lines.get(i)).getAsJsonObject();
      }
    }
    throw new AssertionError("no result JSON in " + lines);
  }

  @Test
  void anExportToStandardOutputIsVerifiedInspectedAndImportedFromStandardInput()
      throws Exception {
    SampleKnowledgeBase.Contents contents = Fixtures.small();
    Path db = Fixtures.docleaDb(dir, "local.db", contents);
    Path file = dir.resolve("stdout.bin");
    Path err = dir.resolve("err.txt");
    assertEquals(0, run(dir, null, file, err, "export", "--db", db.toString(), "--output", "-",
        "--gzip"));
    JsonObject exported = lastJsonLine(err);
    assertTrue(exported.get("success").getAsBoolean(), exported.toString());
    assertEquals(Files.size(file), exported.get("bytes").getAsLong(),
        "standard output carries exactly the export, the result goes to standard error");

    Path out = dir.resolve("out.json");
    assertEquals(0, run(dir, file, out, err, "verify", "-"));
    JsonObject verified = lastJsonLine(out);
    assertTrue(verified.get("valid").getAsBoolean(), verified.toString());
    assertEquals("standard input", verified.get("file").getAsString());
    assertEquals("verified", verified.get("digest").getAsString());

    assertEquals(0, run(dir, file, out, err, "inspect", "-"));
    assertEquals(contents.memories().size(),
        lastJsonLine(out).getAsJsonObject("counts").get("memories").getAsLong());

    Path restored = dir.resolve("restored.db");
    assertEquals(0, run(dir, file, out, err, "import", "--input", "-", "--db",
        restored.toString()));
    assertTrue(lastJsonLine(out).get("success").getAsBoolean());
    assertEquals(contents.memories().size(), DocleaDatabase.count(restored, "memories"));
  }
  @Test
  void anExportToAFullDiskFailsAndSaysSoInsteadOfReportingSuccess() throws Exception {
    Path full = Path.of("/dev/full");
    Assumptions.assumeTrue(Files.exists(full), "needs /dev/full (Linux)");
    Path db = Fixtures.docleaDb(dir, "local.db", Fixtures.small());
    Path err = dir.resolve("err.txt");
    assertEquals(1, run(dir, null, full, err, "export", "--db", db.toString(), "--output", "-"),
        "a backup that never reached the disk is a failure");
    JsonObject result = lastJsonLine(err);
    assertFalse(result.get("success").getAsBoolean(), result.toString());
    assertTrue(result.get("error").getAsString().contains("no space left on device"),
        result.toString());
  }

  @Test
  void aResultThatCannotBeWrittenToStandardOutputIsAFailure() throws Exception {
    Path full = Path.of("/dev/full");
    Assumptions.assumeTrue(Files.exists(full), "needs /dev/full (Linux)");
    Path file = Fixtures.exportFile(dir, Fixtures.small());
    Path err = dir.resolve("err.txt");
    assertEquals(1, run(dir, null, full, err, "verify", file.toString()));
    assertTrue(Files.readString(err).contains("could not write to standard output"),
        Files.readString(err));
  }

  @Test
  void anExportIntoAPipeClosedEarlyFailsInsteadOfReportingSuccess() throws Exception {
    // Far more than a pipe's buffer (64 KiB on Linux), so the export is still writing when the
    // reader goes away.
    Path db = Fixtures.docleaDb(dir, "local.db", SampleKnowledgeBase.generate(2_000, 7L,
        1_700_000_000L));
    Path err = dir.resolve("err.txt");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), DocleaTransferCommand.class.getName(),
        "export", "--db", db.toString(), "--output", "-"));
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(err.toFile()).start();
    byte[] head = p.getInputStream().readNBytes(100);
    p.getInputStream().close();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals('{', head[0]);
    assertEquals(1, p.exitValue(), "the reader took 100 bytes of a much longer export");
    JsonObject result = lastJsonLine(err);
    assertFalse(result.get("success").getAsBoolean(), result.toString());
  }
  @Test
  void aNamedPipeIsVerifiedAndImportedLikeStandardInput() throws Exception {
    Path fifo = dir.resolve("backup pipe");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("needs mkfifo: " + e.getMessage());
      return;
    }
    Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
    SampleKnowledgeBase.Contents contents = Fixtures.small();
    Path file = Fixtures.exportFile(dir, contents);

    feed(fifo, file);
    Cli.Run verified = Cli.run("verify", fifo.toString()).exits(0);
    assertTrue(verified.json().get("valid").getAsBoolean(), verified.out());
    assertEquals(fifo.toString(), verified.json().get("file").getAsString());

    feed(fifo, file);
    Path restored = dir.resolve("restored.db");
    Cli.run("import", "--input", fifo.toString(), "--db", restored.toString()).exits(0);
    assertEquals(contents.memories().size(), DocleaDatabase.count(restored, "memories"));
  }

  /** Writes {@code file} into the pipe from another thread (opening a pipe blocks until read). */
  private static void feed(Path fifo, Path file) {
    Thread writer = new Thread(() -> {
      try {
        Files.write(fifo, Files.readAllBytes(file));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    writer.setDaemon(true);
    writer.start();
  }
}
