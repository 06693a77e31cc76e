package ai.doclea.transfer.cli;

import java.io.IOException;
import java.util.Locale;
import org.jline.nativ.CLibrary;
import org.jline.nativ.Kernel32;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Tells whether standard error is an interactive terminal, with JLine (a dependency of the progress
 * bar library): its native library asks the operating system ({@code isatty(2)} on Linux, macOS
 * and the BSDs; the console mode of the standard error handle on Windows); where that library
 * cannot load, JLine's exec provider runs {@code test -t 2}.
 */
final class Terminals {
  private Terminals() {}

  /**
   * Whether standard error is a terminal that can redraw a progress bar in place.
   *
   * @return true on a terminal; false when standard error is a file or a pipe, or {@code TERM} is
   *     {@code dumb}, or it cannot be told
   */
  static boolean stderrIsTerminal() {
    String term = System.getenv("TERM");
    if (term != null && term.toLowerCase(Locale.ROOT).equals("dumb")) {
      return false;
    }
    try {
      if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
        long handle = Kernel32.GetStdHandle(Kernel32.STD_ERROR_HANDLE);
        return Kernel32.GetConsoleMode(handle, new int[1]) != 0;
      }
      return CLibrary.isatty(2) == 1;
    } catch (LinkageError | RuntimeException nativeLibraryUnavailable) {
      try {
        return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
      } catch (IOException | LinkageError | RuntimeException e) {
        return false;
      }
    }
  }
}
