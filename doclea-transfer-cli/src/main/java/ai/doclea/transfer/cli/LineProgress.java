package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.RecordKind;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress as plain lines, for standard error that is a file or a pipe: a line every few seconds
 * while a section runs and, for a section that took that long, one line when it finishes with its
 * record count and rate. Quick sections print nothing: the command's summary covers them.
 */
final class LineProgress implements Session.Progress {
  /** The default time between two lines. */
  static final long INTERVAL_NANOS = 2_000_000_000L;

  private final String operation;
  private final PrintWriter err;
  private final long interval;
  private boolean printedInSection;
  private long sectionStart;
  private long lastLine;
  private long expected = -1;
  private long embedStart = -1;
  private long embedLastLine;

  /**
   * @param operation the verb that starts every line
   * @param err where the lines go
   * @param intervalNanos the least time between two lines of one section
   */
  LineProgress(String operation, PrintWriter err, long intervalNanos) {
    this.operation = operation;
    this.err = err;
    this.interval = intervalNanos;
  }

  @Override
  public void sectionStarted(RecordKind kind, long expected) {
    this.expected = expected;
    sectionStart = System.nanoTime();
    lastLine = sectionStart;
    printedInSection = false;
  }

  @Override
  public void progress(RecordKind kind, long done) {
    long now = System.nanoTime();
    if (now - lastLine >= interval) {
      lastLine = now;
      printedInSection = true;
      line(operation + " " + kind.sectionName() + ": " + count(done)
          + (expected >= 0 ? " of " + count(expected) : "") + " records ("
          + rate(done, now - sectionStart) + ")");
    }
  }

  @Override
  public void sectionFinished(RecordKind kind, long total) {
    long elapsed = System.nanoTime() - sectionStart;
    if (!printedInSection && elapsed < interval) {
      return;
    }
    line(String.format(Locale.ROOT, "%s %s: %s records in %.1f s (%s)", operation,
        kind.sectionName(), count(total), elapsed / 1e9, rate(total, elapsed)));
    expected = -1;
  }

  @Override
  public void embedded(long done, long total) {
    long now = System.nanoTime();
    if (embedStart < 0) {
      embedStart = now;
      embedLastLine = now;
    }
    boolean finished = total >= 0 && done >= total;
    if (finished || now - embedLastLine >= interval) {
      embedLastLine = now;
      line(operation + " re-embedding: " + count(done)
          + (total >= 0 ? " of " + count(total) : "") + " memories ("
          + rate(done, now - embedStart) + ")");
    }
  }

  @Override
  public void warning(String message) {
    line("warning: " + message);
  }

  @Override
  public void close() {
    err.flush();
  }

  private void line(String text) {
    err.println(text);
    err.flush();
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String rate(long records, long nanos) {
    if (nanos < 1_000_000L) {
      return "- /s";
    }
    return String.format(Locale.ROOT, "%,.0f/s", records / (nanos / 1e9));
  }
}
