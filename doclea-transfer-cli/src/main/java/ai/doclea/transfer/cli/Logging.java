package ai.doclea.transfer.cli;

/**
 * Configures the SLF4J simple binding shipped in the jar before the first logger is created. Its
 * defaults live in {@code simplelogger.properties}: level {@code warn}, to standard error.
 */
final class Logging {
  private Logging() {}

  /**
   * Raises doclea-transfer's own loggers and sqlite-jdbc's (off otherwise) to {@code debug} when
   * asked, or silences warnings with {@code --quiet} (errors still show). Must run before any
   * logger is created; has no effect afterwards.
   *
   * @param debug whether {@code --debug} was given
   * @param quiet whether {@code --quiet} was given
   */
  static void configure(boolean debug, boolean quiet) {
    if (debug) {
      System.setProperty("org.slf4j.simpleLogger.log.ai.doclea", "debug");
      System.setProperty("org.slf4j.simpleLogger.log.org.sqlite", "debug");
    } else if (quiet) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
  }
}
