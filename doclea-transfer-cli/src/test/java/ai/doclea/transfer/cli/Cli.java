package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** Runs the tool's entry point in-process with captured standard output and standard error. */
final class Cli {
  private Cli() {}

  /** One run: exit status and both streams. */
  record Run(List<String> args, int exit, String out, String err) {

    /**
     * Standard output parsed as the one JSON object it must be.
     *
     * @return the object
     */
    JsonObject json() {
      String text = out.strip();
      assertFalse(text.isEmpty(), () -> "standard output is empty; stderr:\n" + err);
      assertEquals(1, text.lines().count(),
          () -> "standard output must be one line of JSON, was:\n" + out);
      JsonElement e = JsonParser.parseString(text);
      assertTrue(e.isJsonObject(), () -> "standard output is not a JSON object: " + out);
      return e.getAsJsonObject();
    }

    /** Asserts the exit status, showing both streams when it differs. */
    Run exits(int expected) {
      assertEquals(expected, exit, () -> "exit status of " + args + "\nstdout: " + out
          + "\nstderr: " + err);
      return this;
    }

    /** Asserts that standard error holds no stack trace. */
    Run noStackTrace() {
      assertFalse(err.contains("\tat ") || err.contains("Exception in thread")
              || err.matches("(?s).*\\n\\s+at [\\w.$]+\\(.*"),
          () -> "stderr shows a stack trace:\n" + err);
      return this;
    }

    /** The lines of standard error. */
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DocleaTransferCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(Arrays.asList(args), exit, out.toString(), err.toString());
  }
}
