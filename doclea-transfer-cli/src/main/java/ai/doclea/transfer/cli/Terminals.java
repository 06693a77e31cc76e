package ai.doclea.transfer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Tells whether standard error is an interactive terminal, without native code. */
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
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    // Elsewhere (macOS, Windows) the JDK only knows whether stdin and stdout are a console.
    return System.console() != null;
  }
}
