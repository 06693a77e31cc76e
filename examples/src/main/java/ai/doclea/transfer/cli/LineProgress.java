package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.RecordKind;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress as plain lines, for standard error that is a file or a pipe: a line every few seconds
 * while a section runs, and one line per finished section with its record count and rate.
 */
final class LineProgress implements Session.Progress {
  private static final long INTERVAL_NANOS = 2_000_000_000L;

  private final String operation;
  private final PrintWriter err;
  private long sectionStart;
  private long lastLine;
  private long expected = -1;
  private long embedStart = -1;
  private long embedLastLine;

  LineProgress(String operation, PrintWriter err) {
    this.operation = operation;
    this.err = err;
  }

  @Override
  public void sectionStarted(RecordKind kind, long expected) {
    this.expected = expected;
    sectionStart = System.nanoTime();
    lastLine = sectionStart;
  }

  @Override
  public void progress(RecordKind kind, long done) {
    long now = System.nanoTime();
    if (now - lastLine >= INTERVAL_NANOS) {
      lastLine = now;
      line(operation + " " + kind.sectionName() + ": " + count(done)
          + (expected >= 0 ? " of " + count(expected) : "") + " records ("
          + rate(done, now - sectionStart) + ")");
    }
  }

  @Override
  public void sectionFinished(RecordKind kind, long total) {
    long elapsed = System.nanoTime() - sectionStart;
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
    if (finished || now - embedLastLine >= INTERVAL_NANOS) {
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
