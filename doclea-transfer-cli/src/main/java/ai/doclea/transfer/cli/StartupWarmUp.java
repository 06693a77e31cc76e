package ai.doclea.transfer.cli;

import ai.doclea.transfer.Providers;
import java.security.MessageDigest;

/**
 * Start-up work of a short command done on a second thread while the main thread builds picocli's
 * model of the command line: what the command will need a few tens of milliseconds later, and
 * which costs the same wherever it runs. sqlite-jdbc's native library and its connection
 * settings (whose date format loads the JRE's locale and time-zone data), the service loader's
 * first pass over the installation's jars, and the JCA's SHA-256 (the export's and the check's
 * digest). A 100-memory export with the launcher: 40 alternating runs, 0.460 to 0.445 s (issue
 * 14). Then, with nothing waiting for it, it removes the private directories that runs killed
 * with {@code kill -9} left in the temporary directory ({@link
 * NativeLibraries#removeStaleDirectories()}).
 *
 * <p>The work has no effect the command can see but time and those directories: the driver's
 * library is the one the command loads anyway (its location set before this starts), the
 * providers found are thrown away, nothing is opened. A failure here is only logged (at debug
 * level): the command meets the same failure when it does the same thing, and reports it there.
 */
final class StartupWarmUp {
  /** Commands that read an export file and never a store: no SQLite for them. */
  private static final java.util.Set<String> FILE_ONLY = java.util.Set.of("verify", "inspect");

  private StartupWarmUp() {}

  /**
   * Starts the warm-up for the command {@code args} name, as a daemon thread; none for a command
   * that needs none of it ({@code --version}, {@code --help}, completion).
   *
   * @param args the command line
   * @return the thread, or null when none was started
   */
  static Thread start(String[] args) {
    String command = DocleaTransferCommand.subcommandName(args);
    if (command == null || command.equals("generate-completion") || asksForHelp(args)) {
      return null;
    }
    boolean store = !FILE_ONLY.contains(command);
    Thread thread = new Thread(() -> run(store), "doclea-warm-up");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static boolean asksForHelp(String[] args) {
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
        return true;
      }
    }
    return false;
  }

  private static void run(boolean store) {
    try {
      if (store) {
        org.sqlite.SQLiteJDBCLoader.initialize();
        new org.sqlite.SQLiteConfig();
        Providers.storageProviders(StartupWarmUp.class.getClassLoader());
      }
      MessageDigest.getInstance("SHA-256");
      // Last: nothing the command waits for.
      NativeLibraries.removeStaleDirectories();
    } catch (Exception | LinkageError e) {
      System.getLogger(StartupWarmUp.class.getName()).log(System.Logger.Level.DEBUG,
          "start-up warm-up failed (the command will meet it again): " + e);
    }
  }
}
