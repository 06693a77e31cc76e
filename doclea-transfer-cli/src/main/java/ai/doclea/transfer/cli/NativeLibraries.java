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

  private NativeLibraries() {}

  /** Sets {@value #SQLITE_TMPDIR} to a new private directory, unless the user has set it. */
  static void usePrivateSqliteDirectory() {
    if (System.getProperty(SQLITE_TMPDIR) != null) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("doclea-transfer-sqlite-");
      // Registered before the driver registers its library file, so deleted after it.
      dir.toFile().deleteOnExit();
      System.setProperty(SQLITE_TMPDIR, dir.toString());
    } catch (IOException | SecurityException e) {
      // Keep the driver's default; the race above is then possible but harmless.
    }
  }
}
