package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.Limits;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The limits against hostile files, as options of every command that parses an export file
 * (through {@link LimitsMixin}); the defaults are {@link Limits#DEFAULTS}. Errors that name a
 * limit name the option that raises it.
 */
final class LimitOptions {
  /** Each limit's name in {@link Limits} and the option that sets it. */
  private static final Map<String, String> OPTIONS = Map.of(
      "maxStringLength", "--max-string-length",
      "maxDepth", "--max-depth",
      "maxRecords", "--max-records",
      "maxDecompressedBytes", "--max-size");

  @Option(names = "--max-string-length", paramLabel = "CHARS",
      description = "Refuse a string longer than this (default: 16777216).")
  Long maxStringLength;

  @Option(names = "--max-depth", paramLabel = "LEVELS",
      description = "Refuse JSON nested deeper than this (default: 64).")
  Integer maxDepth;

  @Option(names = "--max-records", paramLabel = "N",
      description = "Refuse a file with more records than this (default: 200000000).")
  Long maxRecords;

  @Option(names = "--max-size", paramLabel = "BYTES",
      description = "Refuse a file larger than this after decompression (default: 68719476736,"
          + " 64 GiB).")
  Long maxSize;

  /**
   * The limits to use.
   *
   * @param command for usage errors
   * @return the limits
   */
  Limits limits(Subcommand command) {
    Limits l = Limits.DEFAULTS;
    try {
      if (maxStringLength != null) {
        l = l.withMaxStringLength(maxStringLength);
      }
      if (maxDepth != null) {
        l = l.withMaxDepth(maxDepth);
      }
      if (maxRecords != null) {
        l = l.withMaxRecords(maxRecords);
      }
      if (maxSize != null) {
        l = l.withMaxDecompressedBytes(maxSize);
      }
    } catch (IllegalArgumentException e) {
      throw command.usageError("Invalid limit: " + e.getMessage());
    }
    return l;
  }

  /** How the library names the setting for its temporary directory... */
  static final String TMPDIR_PROPERTY = "(the system property java.io.tmpdir)";

  /** ...and how the tool does: the launcher maps TMPDIR to it. */
  static final String TMPDIR_FOR_USERS =
      "(set TMPDIR=DIR, or JAVA_OPTS=-Djava.io.tmpdir=DIR, to a directory with room)";

  /**
   * Rewrites the library's advice on raising a limit ({@code Limits.maxStringLength}) into the
   * option that does it here, when the running command has it (a command without it names the
   * commands that have it), and on choosing the directory for temporary files into what does it
   * here.
   *
   * @param text a message or a JSON result
   * @param hasOption whether the running command has an option, by name
   * @return the text for a user of the command line
   */
  static String forUsers(String text, java.util.function.Predicate<String> hasOption) {
    if (text != null && text.contains(TMPDIR_PROPERTY)) {
      text = text.replace(TMPDIR_PROPERTY, TMPDIR_FOR_USERS);
    }
    if (text == null || !text.contains("Limits.")) {
      return text;
    }
    String out = text;
    for (Map.Entry<String, String> e : OPTIONS.entrySet()) {
      String option = e.getValue();
      out = out.replace("(Limits." + e.getKey() + ")", hasOption.test(option)
          ? "with " + option
          : "with " + option + " of verify, inspect, import, diff or copy");
    }
    return out;
  }
}
