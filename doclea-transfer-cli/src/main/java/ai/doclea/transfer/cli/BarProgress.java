package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.RecordKind;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a bar redrawn in place on a terminal (the {@code progressbar} library): one bar per
 * section with records done, the rate per second and the time left.
 */
final class BarProgress implements Session.Progress {
  private static final int WIDTH_OFF_TERMINAL = 100;

  private final String operation;
  private final boolean realTerminal;
  private final PrintWriter err;
  private ProgressBar bar;
  private ProgressBar embedBar;

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
    bar = builder(String.format("%-6s %-19s", operation, kind.sectionName()), expected, "records")
        .build();
  }

  @Override
  public void progress(RecordKind kind, long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void sectionFinished(RecordKind kind, long total) {
    if (bar != null) {
      bar.maxHint(total);
      bar.stepTo(total);
    }
    closeBar();
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
    err.println("warning: " + message);
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
