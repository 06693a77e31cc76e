package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.TransferListener;
import java.io.PrintWriter;

/**
 * What one command run needs from the global options: its two streams, how chatty to be, and how
 * to show progress. Standard output receives exactly one JSON object through {@link #result}.
 */
final class Session {
  private final String command;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final boolean debug;
  private final ProgressMode progress;
  private final boolean realTerminal;
  private final java.io.OutputStream rawOut;
  private boolean resultOnErr;
  /** The running command's option names, so that advice names only options it has. */
  private final java.util.Set<String> options;
  /** Paths to show as another name in failures and results (see {@link #showAs}). */
  private final java.util.Map<String, String> shownAs = new java.util.LinkedHashMap<>();

  Session(String command, PrintWriter out, PrintWriter err, boolean quiet, boolean debug,
      ProgressMode progress, boolean realTerminal, java.io.OutputStream rawOut,
      java.util.Set<String> options) {
    this.options = java.util.Set.copyOf(options);
    this.command = command;
    this.out = out;
    this.err = err;
    this.quiet = quiet;
    this.debug = debug;
    this.progress = progress;
    this.realTerminal = realTerminal;
    this.rawOut = rawOut;
  }

  /**
   * The process's standard output as bytes, for {@code --output -}.
   *
   * @return the stream; never closed by the caller
   * @throws ai.doclea.transfer.api.ConfigurationException when the tool runs in-process without
   *     a real standard output
   */
  java.io.OutputStream rawStandardOutput() {
    if (rawOut == null) {
      throw new ai.doclea.transfer.api.ConfigurationException("'-' (standard output) is only"
          + " available when the tool runs as a program, not in-process");
    }
    return new java.io.FilterOutputStream(rawOut) {
      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws java.io.IOException {
        out.flush();
      }
    };
  }

  /** Sends the result JSON to standard error, because standard output carries data. */
  void resultToStandardError() {
    resultOnErr = true;
  }

  /**
   * Makes failures and results name a file as the user named it: a private file the command works
   * on (an import's new database under its staging name) is shown as the path the user gave.
   *
   * @param internal the path the library and the adapters name in messages
   * @param shown the path to show instead
   */
  void showAs(String internal, String shown) {
    shownAs.put(internal, shown);
  }

  /** A message or JSON text for the user: limit advice in options, private paths renamed. */
  private String forUsers(String text, boolean json) {
    String out = LimitOptions.forUsers(text, options::contains);
    if (out == null) {
      return null;
    }
    for (java.util.Map.Entry<String, String> e : shownAs.entrySet()) {
      out = json ? out.replace(jsonText(e.getKey()), jsonText(e.getValue()))
          : out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  /** A path as it appears inside a JSON string the tool writes ({@link Json#write}). */
  private static String jsonText(String s) {
    String quoted = Json.write(new com.google.gson.JsonPrimitive(s));
    return quoted.substring(1, quoted.length() - 1);
  }

  /** @return the subcommand's name, for messages */
  String command() {
    return command;
  }

  /** @return whether {@code --quiet} was given */
  boolean quiet() {
    return quiet;
  }

  /** @return whether {@code --debug} was given */
  boolean debug() {
    return debug;
  }

  /**
   * Prints the command's result on standard output; a failure's result gets the shared error
   * shape ({@link Json#withErrorShape}).
   *
   * @param json one JSON object on one line
   */
  void result(String json) {
    PrintWriter to = resultOnErr ? err : out;
    to.println(forUsers(Json.withErrorShape(json), true));
    to.flush();
  }

  /**
   * Prints a line for people on standard error, unless {@code --quiet}.
   *
   * @param line the text
   */
  void say(String line) {
    if (!quiet) {
      err.println(printable(line, false));
      err.flush();
    }
  }

  /**
   * Text for a terminal: control characters (C0 but line breaks and tabs between lines of a
   * multi-line text, DEL, C1) written as {@code \u001b}-style escapes. Messages quote ids, titles
   * and paths from files and databases, and raw, an export file's id could move the cursor,
   * recolour or retitle the terminal, or start a line that looks like the tool's own.
   *
   * @param text the text
   * @param oneLine whether line breaks and tabs are escaped too
   * @return the text, itself when it has nothing to escape
   */
  static String printable(String text, boolean oneLine) {
    int n = text.length();
    int i = 0;
    while (i < n && !escaped(text.charAt(i), oneLine)) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (escaped(c, oneLine)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean escaped(char c, boolean oneLine) {
    if (c == '\n' || c == '\t') {
      return oneLine;
    }
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /**
   * Prints a warning on standard error, unless {@code --quiet}.
   *
   * @param message the warning
   */
  void warn(String message) {
    say("warning: " + printable(message, true));
  }

  /**
   * Prints the one line that says why a command failed, always, and with {@code --debug} the
   * stack trace of the cause.
   *
   * @param message the reason
   * @param cause the failure, may be null
   */
  void fail(String message, Throwable cause) {
    err.println("doclea-transfer " + command + ": " + printable(forUsers(message, false), true));
    if (debug && cause != null) {
      cause.printStackTrace(err);
    }
    err.flush();
  }

  /**
   * A progress listener that shows the transfer on standard error according to the options.
   *
   * @param operation a verb for the lines, for example {@code "export"}
   * @return a listener to pass in the transfer options; close it when the transfer ends
   */
  Progress progress(String operation) {
    if (quiet) {
      return Progress.silent();
    }
    boolean bar = switch (progress) {
      case bar -> true;
      case lines -> false;
      case auto -> realTerminal && Terminals.stderrIsTerminal();
    };
    return bar
        ? new BarProgress(operation, realTerminal, err)
        : new LineProgress(operation, err, LineProgress.INTERVAL_NANOS);
  }

  /**
   * The listener type the commands use: a {@link TransferListener} that must be closed to finish
   * its last line.
   */
  interface Progress extends TransferListener, AutoCloseable {
    /** Finishes any open bar or line. */
    @Override
    void close();

    /** @return a listener that shows nothing */
    static Progress silent() {
      return () -> {};
    }
  }
}
