package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.Limits;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The limits against hostile files, as options of {@code verify} and {@code import}; the
 * defaults are {@link Limits#DEFAULTS}. Errors that name a limit name the option that raises it.
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

  /**
   * Rewrites the library's advice on raising a limit ({@code Limits.maxStringLength}) into the
   * option that does it here.
   *
   * @param text a message or a JSON result
   * @return the text for a user of the command line
   */
  static String forUsers(String text) {
    if (text == null || !text.contains("Limits.")) {
      return text;
    }
    String out = text;
    for (Map.Entry<String, String> e : OPTIONS.entrySet()) {
      out = out.replace("(Limits." + e.getKey() + ")", "with " + e.getValue());
    }
    return out;
  }
}
