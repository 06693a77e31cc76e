package ai.doclea.transfer.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of an export. {@link #toJson()} gives Doclea's documented shape {@code {success,
 * outputPath, stats{memories, documents, chunks, memoryRelations, crossLayerRelations,
 * pendingMemories}, error?}} followed by our additions ({@code bytes}, {@code sha256}, {@code
 * gzip}, {@code warnings}).
 *
 * @since 0.1.0
 */
public final class ExportResult {
  private final boolean success;
  private final String outputPath;
  private final Map<RecordKind, Long> counts;
  private final long bytes;
  private final String sha256;
  private final boolean gzip;
  private final List<String> warnings;
  private final TransferException failure;

  /**
   * Creates a result; used by the core.
   *
   * @param outputPath the target file, or a description of the stream
   * @param counts records written per section
   * @param bytes bytes written (after compression)
   * @param sha256 the digest written into the file's metadata, or null on failure
   * @param gzip whether the file is compressed
   * @param warnings warnings
   * @param failure the failure, or null on success
   */
  public ExportResult(String outputPath, Map<RecordKind, Long> counts, long bytes, String sha256,
      boolean gzip, List<String> warnings, TransferException failure) {
    this.success = failure == null;
    this.outputPath = outputPath;
    EnumMap<RecordKind, Long> copy = new EnumMap<>(RecordKind.class);
    for (RecordKind k : RecordKind.values()) {
      copy.put(k, counts == null ? 0L : counts.getOrDefault(k, 0L));
    }
    this.counts = copy;
    this.bytes = bytes;
    this.sha256 = sha256;
    this.gzip = gzip;
    this.warnings = List.copyOf(warnings);
    this.failure = failure;
  }

  /** @return whether the export completed and the file is in place */
  public boolean success() {
    return success;
  }

  /** @return the target path */
  public String outputPath() {
    return outputPath;
  }

  /**
   * Records written in a section.
   *
   * @param kind the section
   * @return the count (0 on failure or for an excluded section)
   */
  public long count(RecordKind kind) {
    return counts.get(kind);
  }

  /** @return bytes written to the target */
  public long bytes() {
    return bytes;
  }

  /** @return the SHA-256 digest of the data section as hex, or null on failure */
  public String sha256() {
    return sha256;
  }

  /** @return warnings, possibly empty */
  public List<String> warnings() {
    return warnings;
  }

  /** @return the failure, empty on success */
  public Optional<TransferException> failure() {
    return Optional.ofNullable(failure);
  }

  /** @return the failure message, or null on success */
  public String error() {
    return failure == null ? null : failure.getMessage();
  }

  /**
   * Throws the failure, if any.
   *
   * @return this result when it succeeded
   * @throws TransferException the failure
   */
  public ExportResult orThrow() {
    if (failure != null) {
      throw failure;
    }
    return this;
  }

  /** @return the result as one JSON object on one line */
  public String toJson() {
    return JsonOut.object(w -> {
      w.name("success").value(success);
      w.name("outputPath").value(outputPath);
      w.name("stats").beginObject();
      for (RecordKind k : RecordKind.values()) {
        w.name(k.sectionName()).value(counts.get(k));
      }
      w.endObject();
      if (failure != null) {
        w.name("error").value(failure.getMessage());
      }
      w.name("bytes").value(bytes);
      if (sha256 != null) {
        w.name("sha256").value(sha256);
      }
      w.name("gzip").value(gzip);
      JsonOut.strings(w, "warnings", warnings);
    });
  }

  @Override
  public String toString() {
    return toJson();
  }
}
