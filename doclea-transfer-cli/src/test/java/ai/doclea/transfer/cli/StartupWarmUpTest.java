package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up runs for commands that will use what it prepares, never for help, version
 * or completion, and it is invisible: a daemon thread that prints nothing.
 */
class StartupWarmUpTest {

  @Test
  void noWarmUpForHelpVersionCompletionOrNoCommand() {
    for (String[] args : new String[][] {{}, {"--version"}, {"-V"}, {"--help"},
        {"export", "--help"}, {"-q", "import", "-h"}, {"help", "export"},
        {"generate-completion"}, {"nonsense"}, {"--unknown", "export"}}) {
      assertNull(StartupWarmUp.start(args), String.join(" ", args));
    }
  }

  @Test
  void aCommandGetsADaemonThreadThatEndsAndPrintsNothing() throws Exception {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setErr(capture);
    System.setOut(capture);
    try {
      for (String[] args : new String[][] {{"export", "--db", "x.db", "-o", "x.json"},
          {"--progress", "lines", "verify", "x.json"}, {"-q", "import", "-i", "x.json"}}) {
        Thread warmUp = StartupWarmUp.start(args);
        assertNotNull(warmUp, String.join(" ", args));
        assertTrue(warmUp.isDaemon(), "a daemon: it never keeps the JVM alive");
        warmUp.join(60_000);
        assertFalse(warmUp.isAlive(), "the warm-up ends");
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    assertEquals("", printed.toString(StandardCharsets.UTF_8));
  }
}
