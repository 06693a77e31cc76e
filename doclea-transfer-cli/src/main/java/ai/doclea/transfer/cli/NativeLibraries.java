package ai.doclea.transfer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives sqlite-jdbc a private directory to extract its native library into. By default every JVM
 * extracts it into the shared {@code java.io.tmpdir} and deletes the copies other JVMs left there;
 * when two start at once, one deletes a copy the other is about to, and the driver prints a long
 * stack trace ("Failed to delete old native lib") to standard error. A directory of this process's
 * own avoids the race; it is removed when the JVM exits.
 */
final class NativeLibraries {
  /** sqlite-jdbc's system property for the extraction directory. */
  static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";

  /** JLine's (terminal detection, {@link Terminals}), which cleans up the same way. */
  static final String JLINE_TMPDIR = "jline.tmpdir";

  private NativeLibraries() {}

  /**
   * Sets {@value #SQLITE_TMPDIR} and {@value #JLINE_TMPDIR} to a new private directory, each
   * unless the user has set it.
   */
  static void usePrivateSqliteDirectory() {
    if (System.getProperty(SQLITE_TMPDIR) != null && System.getProperty(JLINE_TMPDIR) != null) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("doclea-transfer-native-");
      // Registered before the libraries register their files, so deleted after them.
      dir.toFile().deleteOnExit();
      for (String property : new String[] {SQLITE_TMPDIR, JLINE_TMPDIR}) {
        if (System.getProperty(property) == null) {
          System.setProperty(property, dir.toString());
        }
      }
    } catch (IOException | SecurityException e) {
      // Keep the driver's default; the race above is then possible but harmless.
    }
  }
}
