package ai.doclea.transfer.api;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an export. {@link #toJson()} gives Doclea's documented shape {@code {success,
 * outputPath, stats{memories, documents, chunks, memoryRelations, crossLayerRelations,
 * pendingMemories}, error?}} followed by our additions ({@code bytes}, {@code sha256}, {@code
 * gzip}, {@code warnings}).
 *
 * <p>Results are made by the core and immutable. Do not implement this interface: methods may be
 * added in any 1.x release.
 *
 * @since 0.1.0
 */
public interface ExportResult {

  /** @return whether the export completed and the file is in place */
  boolean success();

  /** @return the target path, or the description of the target stream */
  String outputPath();

  /**
   * Records written in a section.
   *
   * @param kind the section
   * @return the count (0 on failure or for an excluded section)
   */
  long count(RecordKind kind);

  /** @return bytes written to the target (after compression) */
  long bytes();

  /** @return the SHA-256 digest of the data section as hex, or null on failure */
  String sha256();

  /**
   * Whether the file is gzip-compressed.
   *
   * @return whether the export was compressed
   * @since 1.0.0
   */
  boolean gzip();

  /** @return warnings, possibly empty */
  List<String> warnings();

  /** @return the failure, empty on success */
  Optional<TransferException> failure();

  /** @return the failure message, or null on success */
  default String error() {
    return failure().map(Throwable::getMessage).orElse(null);
  }

  /**
   * Throws the failure, if any.
   *
   * @return this result when it succeeded
   * @throws TransferException the failure
   */
  default ExportResult orThrow() {
    if (failure().isPresent()) {
      throw failure().get();
    }
    return this;
  }

  /** @return the result as one JSON object on one line */
  String toJson();
}
