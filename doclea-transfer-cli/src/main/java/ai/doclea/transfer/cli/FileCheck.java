package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.LimitExceededException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.internal.Results;
import ai.doclea.transfer.internal.Spools;
import ai.doclea.transfer.spi.IoFailures;
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
   * Checks a file, or standard input when the path is {@code -}: standard input, a named pipe or
   * a device is copied to a private temporary file first (a verify may read its input twice), at
   * most {@code maxBytes} of it, and the result names it "standard input" or by its path.
   *
   * @param file the path, or {@code -}
   * @param check what to run on the file
   * @param maxBytes the most bytes standard input may hold
   * @return the result
   */
  static VerifyResult check(Path file, java.util.function.Function<Path, VerifyResult> check,
      long maxBytes) {
    boolean stdin = file.toString().equals("-");
    if (!stdin) {
      String problem = problem(file);
      if (problem != null) {
        return unreadable(file, problem, "unchecked");
      }
      if (Files.isRegularFile(file)) {
        return check.apply(file);
      }
    }
    // Standard input, or a pipe or a device (a named pipe, <(zcat backup.json.gz)): copied once
    // to a private temporary file, which the check may read twice.
    String source = stdin ? "standard input" : file.toString();
    Path spool = null;
    try (java.io.InputStream input = stdin ? System.in : Files.newInputStream(file)) {
      spool = Spools.copy(input, source, "stdin", maxBytes);
      VerifyResult r = check.apply(spool);
      String name = spool.toString();
      java.util.function.UnaryOperator<String> rename = t -> t == null ? null
          : t.replace(name, source);
      return Results.renamed(r, source, r.errors().stream().map(rename).toList(),
          r.warnings().stream().map(rename).toList());
    } catch (LimitExceededException e) {
      return unreadable(file, source + " is larger than the limit of " + maxBytes
          + " bytes; if it is genuine, raise the limit with --max-size", "unchecked");
    } catch (TransferCancelledException e) {
      return unreadable(file, "cancelled while reading " + source, "unchecked");
    } catch (TransferException e) {
      return unreadable(file, e.getMessage(), "unchecked");
    } catch (IOException e) {
      return unreadable(file, "cannot read " + source + ": " + IoFailures.describe(e), "unchecked");
    } finally {
      Spools.delete(spool);
    }
  }

  /**
   * The problem with a path given as an export file, before any reading.
   *
   * @param file the path
   * @return the message, or null when the path can be read (a file, a pipe or a device)
   */
  static String problem(Path file) {
    if (!Files.exists(file)) {
      return "File not found: " + file;
    }
    if (Files.isDirectory(file)) {
      return "A directory, not an export file: " + file;
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
    return Results.verified(file.toString(), false, null, null, null, null, null, null, null,
        null, size, false, digest, List.of(message), List.of(), 0, null);
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
    if (r.vectors() > 0 || r.dimensions() != null) {
      s.append(String.format(Locale.ROOT, "  %-22s %,d%s%n", "vectors", r.vectors(),
          r.dimensions() == null ? "" : " (" + r.dimensions() + " dimensions, "
              + orDash(r.embeddingProvider()) + " / " + orDash(r.embeddingModel()) + ")"));
    }
    return s.toString().stripTrailing();
  }

  private static String orDash(String v) {
    return v == null ? "-" : v;
  }
}
