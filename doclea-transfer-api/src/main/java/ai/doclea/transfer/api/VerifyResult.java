package ai.doclea.transfer.api;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code Transfer.verify} or {@code Transfer.inspect}: the file's header facts,
 * per-section counts, size, and for a verification whether it is well-formed, whether its counts
 * and digest match, and whether its references between sections resolve.
 *
 * <p>Results are made by the core and immutable. Do not implement this interface: methods may be
 * added in any 1.x release (it replaces the record of 0.x, whose every new component broke its
 * constructor; the accessors kept their names).
 *
 * @since 0.1.0
 */
public interface VerifyResult {

  /** @return the file checked */
  String file();

  /** @return whether no problem was found */
  boolean valid();

  /** @return the format version, or null when not found */
  String version();

  /** @return the export time in milliseconds since the epoch, or null */
  Long exportedAt();

  /** @return the backend type, or null */
  String backendType();

  /** @return the storage mode, or null */
  String storageMode();

  /** @return the schema version, or null */
  String schemaVersion();

  /** @return the embedding provider, or null */
  String embeddingProvider();

  /** @return the embedding model, or null */
  String embeddingModel();

  /** @return records per section as found in the file, every section present (0 when absent) */
  Map<RecordKind, Long> counts();

  /** @return the file's size on disk */
  long sizeBytes();

  /** @return whether the file is gzip-compressed */
  boolean gzip();

  /**
   * The digest status.
   *
   * @return {@code "verified"}, {@code "absent"} (a file written by Doclea) or {@code "mismatch"}
   *     (an inspection computes it too, as it streams through the file); {@code "unchecked"} when
   *     the file could not be read to its end
   */
  String digest();

  /** @return problems that make the file unusable, possibly empty */
  List<String> errors();

  /** @return problems that do not (dangling references, unknown keys), possibly empty */
  List<String> warnings();

  /** @return entries in the file's {@code data.vectors} section (0 without one) */
  long vectors();

  /** @return {@code metadata.dimensions}, the length of every vector, or null */
  Integer dimensions();

  /** @return the result as one JSON object on one line */
  String toJson();
}
