package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --progress auto} draws a bar exactly when standard error is a terminal, as JLine tells
 * it: the tool runs in a new JVM, once in a pseudo-terminal made by util-linux's {@code script},
 * once with standard error sent to a file.
 */
class TerminalDetectionTest {
  @TempDir Path dir;

  private List<String> tool(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), DocleaTransferCommand.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static String quoted(List<String> words) {
    StringBuilder s = new StringBuilder();
    for (String w : words) {
      s.append(" '").append(w.replace("'", "'\\''")).append('\'');
    }
    return s.toString();
  }

  @Test
  void theTestJvmsStandardErrorIsNotATerminal() {
    assertFalse(Terminals.stderrIsTerminal(), "surefire pipes standard error");
  }

  @Test
  void aBarIsDrawnOnATerminalAndNotIntoAFile() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is missing");
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Path onTerminal = dir.resolve("terminal.txt");
    List<String> export = tool("export", "--db", db.toString(), "--output",
        dir.resolve("a.json").toString());

    Process p = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c", quoted(export),
        "/dev/null").directory(dir.toFile()).redirectOutput(onTerminal.toFile())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), Files.readString(onTerminal, StandardCharsets.UTF_8));
    String terminal = Files.readString(onTerminal, StandardCharsets.UTF_8);
    assertTrue(terminal.contains("40/40") && terminal.contains("\r"),
        "a bar redrawn in place: " + terminal);

    Path err = dir.resolve("err.txt");
    Process q = new ProcessBuilder(tool("export", "--db", db.toString(), "--output",
        dir.resolve("b.json").toString())).directory(dir.toFile())
        .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(q.waitFor(2, TimeUnit.MINUTES));
    assertEquals(0, q.exitValue());
    String file = Files.readString(err, StandardCharsets.UTF_8);
    assertFalse(file.contains("\r") || file.contains("40/40"), "no bar in a file: " + file);
    assertTrue(file.startsWith("Exported 40 memories"), file);
  }
}
