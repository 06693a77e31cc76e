package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.RecordKind;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress as plain lines, for standard error that is a file or a pipe: a line every few seconds
 * while a section runs and, for a section that took that long, one line when it finishes with its
 * record count and rate. Quick sections print nothing: the command's summary covers them. A line
 * shows the section's total and the time left when the total is known, and else, for an import
 * that reports how much of its file it has read, the share read and the time left for the file.
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
  private long bytes = -1;
  private long totalBytes = -1;
  private long readStart = -1;
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
      long elapsed = now - sectionStart;
      String left;
      String share = "";
      if (expected >= 0) {
        left = timeLeft(done, expected, elapsed);
      } else if (totalBytes > 0 && bytes >= 0) {
        share = String.format(Locale.ROOT, ", %d%% of the file read",
            Math.min(100, bytes * 100 / totalBytes));
        left = timeLeft(bytes, totalBytes, now - readStart);
      } else {
        left = "";
      }
      line(operation + " " + kind.sectionName() + ": " + count(done)
          + (expected >= 0 ? " of " + count(expected) : "") + " records" + share + " ("
          + rate(done, elapsed) + left + ")");
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
  public void inputRead(long bytesRead, long size) {
    if (readStart < 0 || bytesRead < bytes) {
      // the first report, or a second pass over the file
      readStart = sectionStart;
    }
    bytes = bytesRead;
    totalBytes = size;
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
    line("warning: " + Session.printable(message, true));
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

  /**
   * The time left at the current rate.
   *
   * @param done units done
   * @param total units in all
   * @param nanos time taken for {@code done}
   * @return {@code ", about 12 s left"} (minutes from 90 s, hours from 90 min), or empty when
   *     nothing is done yet
   */
  static String timeLeft(long done, long total, long nanos) {
    if (done <= 0 || nanos < 1_000_000L || total < done) {
      return "";
    }
    double seconds = (total - done) * (nanos / 1e9) / done;
    if (seconds < 90) {
      return String.format(Locale.ROOT, ", about %.0f s left", seconds);
    }
    if (seconds < 90 * 60) {
      return String.format(Locale.ROOT, ", about %.0f min left", seconds / 60);
    }
    return String.format(Locale.ROOT, ", about %.1f h left", seconds / 3600);
  }

  static String rate(long records, long nanos) {
    if (nanos < 1_000_000L) {
      return "- /s";
    }
    return String.format(Locale.ROOT, "%,.0f/s", records / (nanos / 1e9));
  }
}
