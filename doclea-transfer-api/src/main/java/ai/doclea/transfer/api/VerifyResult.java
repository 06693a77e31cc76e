package ai.doclea.transfer.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code Transfer.verify} or {@code Transfer.inspect}: the file's header facts,
 * per-section counts, size, and for a verification whether it is well-formed, whether its counts
 * and digest match, and whether its references between sections resolve.
 *
 * @param file the file checked
 * @param valid whether no problem was found
 * @param version the format version, or null when not found
 * @param exportedAt the export time, or null
 * @param backendType the backend type, or null
 * @param storageMode the storage mode, or null
 * @param schemaVersion the schema version, or null
 * @param embeddingProvider the embedding provider, or null
 * @param embeddingModel the embedding model, or null
 * @param counts records per section, as found in the file
 * @param sizeBytes the file's size on disk
 * @param gzip whether the file is gzip-compressed
 * @param digest {@code "verified"}, {@code "absent"} (a file written by Doclea) or {@code
 *     "mismatch"} (an inspection computes it too, as it streams through the file); {@code
 *     "unchecked"} when the file could not be read to its end
 * @param errors problems that make the file unusable
 * @param warnings problems that do not (dangling references, unknown keys)
 * @param vectors entries in the file's {@code data.vectors} section (0 without one)
 * @param dimensions {@code metadata.dimensions}, the length of every vector, or null
 * @since 0.1.0
 */
public record VerifyResult(String file, boolean valid, String version, Long exportedAt,
    String backendType, String storageMode, String schemaVersion, String embeddingProvider,
    String embeddingModel, Map<RecordKind, Long> counts, long sizeBytes, boolean gzip,
    String digest, List<String> errors, List<String> warnings, long vectors, Integer dimensions) {

  /**
   * A result for a file without vectors.
   *
   * @param file the file checked
   * @param valid whether no problem was found
   * @param version the format version, or null
   * @param exportedAt the export time, or null
   * @param backendType the backend type, or null
   * @param storageMode the storage mode, or null
   * @param schemaVersion the schema version, or null
   * @param embeddingProvider the embedding provider, or null
   * @param embeddingModel the embedding model, or null
   * @param counts records per section
   * @param sizeBytes the file's size
   * @param gzip whether the file is gzip-compressed
   * @param digest the digest status
   * @param errors problems that make the file unusable
   * @param warnings problems that do not
   */
  public VerifyResult(String file, boolean valid, String version, Long exportedAt,
      String backendType, String storageMode, String schemaVersion, String embeddingProvider,
      String embeddingModel, Map<RecordKind, Long> counts, long sizeBytes, boolean gzip,
      String digest, List<String> errors, List<String> warnings) {
    this(file, valid, version, exportedAt, backendType, storageMode, schemaVersion,
        embeddingProvider, embeddingModel, counts, sizeBytes, gzip, digest, errors, warnings, 0,
        null);
  }

  /** Copies the collections. */
  public VerifyResult {
    EnumMap<RecordKind, Long> copy = new EnumMap<>(RecordKind.class);
    for (RecordKind k : RecordKind.values()) {
      copy.put(k, counts == null ? 0L : counts.getOrDefault(k, 0L));
    }
    counts = copy;
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** @return the result as one JSON object on one line */
  public String toJson() {
    return JsonOut.object(w -> {
      w.name("success").value(valid);
      w.name("file").value(file);
      w.name("valid").value(valid);
      w.name("version").value(version);
      w.name("exportedAt").value(exportedAt);
      w.name("backendType").value(backendType);
      w.name("storageMode").value(storageMode);
      w.name("schemaVersion").value(schemaVersion);
      w.name("embeddingProvider").value(embeddingProvider);
      w.name("embeddingModel").value(embeddingModel);
      w.name("counts").beginObject();
      for (RecordKind k : RecordKind.values()) {
        w.name(k.sectionName()).value(counts.get(k));
      }
      w.endObject();
      w.name("vectors").value(vectors);
      if (dimensions != null) {
        w.name("dimensions").value(dimensions);
      }
      w.name("sizeBytes").value(sizeBytes);
      w.name("gzip").value(gzip);
      w.name("digest").value(digest);
      JsonOut.strings(w, "errors", errors);
      JsonOut.strings(w, "warnings", warnings);
    });
  }
}
