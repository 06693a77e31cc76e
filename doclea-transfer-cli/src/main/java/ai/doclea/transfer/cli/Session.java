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

  Session(String command, PrintWriter out, PrintWriter err, boolean quiet, boolean debug,
      ProgressMode progress, boolean realTerminal, java.io.OutputStream rawOut) {
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
    to.println(LimitOptions.forUsers(Json.withErrorShape(json)));
    to.flush();
  }

  /**
   * Prints a line for people on standard error, unless {@code --quiet}.
   *
   * @param line the text
   */
  void say(String line) {
    if (!quiet) {
      err.println(line);
      err.flush();
    }
  }

  /**
   * Prints a warning on standard error, unless {@code --quiet}.
   *
   * @param message the warning
   */
  void warn(String message) {
    say("warning: " + message);
  }

  /**
   * Prints the one line that says why a command failed, always, and with {@code --debug} the
   * stack trace of the cause.
   *
   * @param message the reason
   * @param cause the failure, may be null
   */
  void fail(String message, Throwable cause) {
    err.println("doclea-transfer " + command + ": " + LimitOptions.forUsers(message));
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
