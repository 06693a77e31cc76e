package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What {@code verify} and {@code inspect} share: checking the argument and describing a file. */
final class FileCheck {
  private FileCheck() {}

  /**
   * The problem with a path given as an export file, before any reading.
   *
   * @param file the path
   * @return the message, or null when the path is a readable regular file
   */
  static String problem(Path file) {
    if (!Files.exists(file)) {
      return "File not found: " + file;
    }
    if (!Files.isRegularFile(file)) {
      return "Not a regular file: " + file;
    }
    if (!Files.isReadable(file)) {
      return "File is not readable: " + file;
    }
    return null;
  }

  /**
   * The result for a file that could not be opened at all.
   *
   * @param file the path
   * @param message why
   * @param digest {@code "unchecked"}
   * @return an invalid result carrying the message as its one error
   */
  static VerifyResult unreadable(Path file, String message, String digest) {
    long size = 0;
    try {
      size = Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      message = message + " (size unknown: " + e.getMessage() + ")";
    }
    return new VerifyResult(file.toString(), false, null, null, null, null, null, null, null,
        null, size, false, digest, List.of(message), List.of());
  }

  /**
   * The header facts of a file for people, several lines.
   *
   * @param r the facts
   * @return the description
   */
  static String describe(VerifyResult r) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "  format         %s%n", orDash(r.version())));
    s.append(String.format(Locale.ROOT, "  exported at    %s%n", r.exportedAt() == null ? "-"
        : Instant.ofEpochSecond(r.exportedAt()) + " (" + r.exportedAt() + ")"));
    s.append(String.format(Locale.ROOT, "  backend        %s, schema %s, storage mode %s%n",
        orDash(r.backendType()), orDash(r.schemaVersion()), orDash(r.storageMode())));
    s.append(String.format(Locale.ROOT, "  embeddings     %s%n",
        r.embeddingProvider() == null && r.embeddingModel() == null ? "not recorded"
            : orDash(r.embeddingProvider()) + " / " + orDash(r.embeddingModel())));
    s.append(String.format(Locale.ROOT, "  size           %s%s%n", Summaries.bytes(r.sizeBytes()),
        r.gzip() ? ", gzip" : ""));
    for (RecordKind k : RecordKind.values()) {
      s.append(String.format(Locale.ROOT, "  %-22s %,d%n", k.sectionName(), r.counts().get(k)));
    }
    return s.toString().stripTrailing();
  }

  private static String orDash(String v) {
    return v == null ? "-" : v;
  }
}
