package ai.doclea.transfer.api;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an import. {@link #toJson()} gives Doclea's documented shape {@code {success,
 * stats{memoriesImported, memoriesSkipped, documentsImported, chunksImported,
 * memoryRelationsImported, crossLayerRelationsImported, pendingImported}, errors?}} followed by
 * our additions: {@code dryRun}, {@code reembeddingRequired}, {@code reembedded}, per-section
 * {@code sections{imported, overwritten, skipped, conflicts, errors}} and {@code warnings}.
 *
 * <p>When {@link #success()} is false nothing was changed: the import was rolled back, and {@link
 * #errors()} says what and where.
 *
 * <p>Results are made by the core and immutable. Do not implement this interface: methods may be
 * added in any 1.x release.
 *
 * @since 0.1.0
 */
public interface ImportResult {

  /** @return whether the import completed (and, unless a dry run, was committed) */
  boolean success();

  /** @return whether this was a dry run that wrote nothing */
  boolean dryRun();

  /**
   * What happened to one section.
   *
   * @param kind the section
   * @return its counts, never null ({@link SectionStats#EMPTY} on failure)
   */
  SectionStats section(RecordKind kind);

  /** @return record-level problems and, on failure, the failure; possibly empty */
  List<String> errors();

  /** @return warnings (unknown keys, newer minor version, …), possibly empty */
  List<String> warnings();

  /**
   * Whether the imported memories have no matching vectors in the target: memories were imported
   * without {@code reembed} and the export's embedding provider or model differ from the
   * target's, or either is unknown.
   *
   * @return whether re-embedding is required
   */
  boolean reembeddingRequired();

  /** @return memories that got a new vector from the embedding provider */
  long reembedded();

  /**
   * How long the target's write transaction (and so its write lock) was held, from its start to
   * its commit or rollback. Re-embedding runs before it, so a running Doclea server waits at most
   * this long for its own database.
   *
   * @return milliseconds, or -1 when unknown (a failed import)
   */
  long lockHeldMs();

  /**
   * How many memories got their vector from the file ({@code data.vectors}) instead of from an
   * embedding provider; in a dry run, how many would have.
   *
   * @return the count, 0 when the file carries no vectors or they were not restored
   * @since 0.3.0
   */
  long restoredVectors();

  /** @return the failure, empty on success */
  Optional<TransferException> failure();

  /**
   * Throws the failure, if any.
   *
   * @return this result when it succeeded
   * @throws TransferException the failure
   */
  default ImportResult orThrow() {
    if (failure().isPresent()) {
      throw failure().get();
    }
    return this;
  }

  /** @return the result as one JSON object on one line */
  String toJson();
}
