package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.RecordKind;
import java.io.PrintWriter;
import java.util.Locale;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a bar redrawn in place on a terminal (the {@code progressbar} library): one bar per
 * section with records done, the rate per second and the time left. When a section's total is
 * unknown and the import reports how much of its file it has read, the bar shows that instead
 * (megabytes of the file, with the records so far beside it), so the time left is the file's.
 */
final class BarProgress implements Session.Progress {
  private static final int WIDTH_OFF_TERMINAL = 100;

  private final String operation;
  private final boolean realTerminal;
  private final PrintWriter err;
  private ProgressBar bar;
  private ProgressBar embedBar;
  private RecordKind section;
  private long expected = -1;
  private long done;
  /** Progress reports of the current section with no bar yet: it waits for a byte count. */
  private int waiting;
  private boolean byBytes;

  /**
   * @param operation the verb shown before each section's name
   * @param realTerminal whether {@code err} is the process's standard error; then the bar is
   *     drawn on {@link System#err} at the terminal's width
   * @param err the standard error of the command
   */
  BarProgress(String operation, boolean realTerminal, PrintWriter err) {
    this.operation = operation;
    this.realTerminal = realTerminal;
    this.err = err;
  }

  @Override
  public void sectionStarted(RecordKind kind, long expected) {
    closeBar();
    section = kind;
    this.expected = expected;
    done = 0;
    waiting = 0;
    byBytes = false;
    if (expected >= 0) {
      bar = recordBar();
    }
  }

  @Override
  public void progress(RecordKind kind, long done) {
    this.done = done;
    if (bar == null && ++waiting > 1) {
      // No byte count came with the first report: count records without a total.
      bar = recordBar();
    }
    if (bar != null && !byBytes) {
      bar.stepTo(done);
    } else if (bar != null) {
      bar.setExtraMessage(String.format(Locale.ROOT, " %,d records", done));
    }
  }

  @Override
  public void inputRead(long bytes, long totalBytes) {
    if (expected >= 0 || totalBytes <= 0) {
      return;
    }
    if (bar == null) {
      byBytes = true;
      boolean large = totalBytes >= 10_000_000L;
      bar = builder(taskName(), totalBytes, "")
          .setUnit(large ? " MB" : " kB", large ? 1_000_000 : 1_000).build();
      bar.setExtraMessage(String.format(Locale.ROOT, " %,d records", done));
    }
    if (byBytes) {
      bar.stepTo(Math.min(bytes, totalBytes));
    }
  }

  @Override
  public void sectionFinished(RecordKind kind, long total) {
    if (bar != null && !byBytes) {
      bar.maxHint(total);
      bar.stepTo(total);
    } else if (bar != null) {
      bar.setExtraMessage(String.format(Locale.ROOT, " %,d records", total));
    }
    closeBar();
  }

  private ProgressBar recordBar() {
    return builder(taskName(), expected, "records").build();
  }

  private String taskName() {
    return String.format("%-6s %-19s", operation, section.sectionName());
  }

  @Override
  public void embedded(long done, long total) {
    if (embedBar == null) {
      closeBar();
      embedBar = builder(String.format("%-6s %-19s", operation, "re-embedding"), total,
          "memories").build();
    }
    embedBar.stepTo(done);
    if (total >= 0 && done >= total) {
      embedBar.close();
      embedBar = null;
    }
  }

  @Override
  public void warning(String message) {
    if (bar != null) {
      bar.pause();
    }
    err.println();
    err.println("warning: " + Session.printable(message, true));
    err.flush();
    if (bar != null) {
      bar.resume();
    }
  }

  @Override
  public void close() {
    closeBar();
    if (embedBar != null) {
      embedBar.close();
      embedBar = null;
    }
    err.flush();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  private ProgressBarBuilder builder(String task, long max, String unit) {
    err.flush();
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.UNICODE_BLOCK)
        .setUpdateIntervalMillis(200)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setUnit(" " + unit, 1)
        .setConsumer(consumer());
  }

  private ProgressBarConsumer consumer() {
    if (realTerminal) {
      return new ConsoleProgressBarConsumer(System.err);
    }
    return new ProgressBarConsumer() {
      @Override
      public int getMaxRenderedLength() {
        return WIDTH_OFF_TERMINAL;
      }

      @Override
      public void accept(String rendered) {
        err.print('\r');
        err.print(rendered.length() > WIDTH_OFF_TERMINAL
            ? rendered.substring(0, WIDTH_OFF_TERMINAL) : rendered);
        err.flush();
      }

      @Override
      public void close() {
        err.println();
        err.flush();
      }
    };
  }
}
