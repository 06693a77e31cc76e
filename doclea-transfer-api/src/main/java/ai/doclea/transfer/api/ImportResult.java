package ai.doclea.transfer.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * @since 0.1.0
 */
public final class ImportResult {
  private final boolean dryRun;
  private final Map<RecordKind, SectionStats> sections;
  private final List<String> errors;
  private final List<String> warnings;
  private final boolean reembeddingRequired;
  private final long reembedded;
  private final TransferException failure;
  private final long lockHeldMs;
  private final long restoredVectors;

  /**
   * Creates a result; used by the core.
   *
   * @param dryRun whether this was a dry run
   * @param sections what happened per section (on failure: what a successful run would have
   *     counted up to the failure is discarded, pass empty stats)
   * @param errors record-level problems (skipped records) and, on failure, the failure message
   * @param warnings warnings
   * @param reembeddingRequired whether imported memories need new vectors
   * @param reembedded memories that got a new vector
   * @param failure the failure, or null on success
   */
  public ImportResult(boolean dryRun, Map<RecordKind, SectionStats> sections, List<String> errors,
      List<String> warnings, boolean reembeddingRequired, long reembedded,
      TransferException failure) {
    this(dryRun, sections, errors, warnings, reembeddingRequired, reembedded, failure, -1);
  }

  /**
   * Creates a result with the time the target's write lock was held; used by the core.
   *
   * @param dryRun whether this was a dry run
   * @param sections what happened per section
   * @param errors record-level problems and, on failure, the failure message
   * @param warnings warnings
   * @param reembeddingRequired whether imported memories need new vectors
   * @param reembedded memories that got a new vector
   * @param failure the failure, or null on success
   * @param lockHeldMs milliseconds from the start of the write transaction to its commit or
   *     rollback, or -1 when unknown
   * @since 0.1.0
   */
  public ImportResult(boolean dryRun, Map<RecordKind, SectionStats> sections, List<String> errors,
      List<String> warnings, boolean reembeddingRequired, long reembedded,
      TransferException failure, long lockHeldMs) {
    this(dryRun, sections, errors, warnings, reembeddingRequired, reembedded, failure, lockHeldMs,
        0);
  }

  /**
   * Creates a result with the number of vectors restored from the file; used by the core.
   *
   * @param dryRun whether this was a dry run
   * @param sections what happened per section
   * @param errors record-level problems and, on failure, the failure message
   * @param warnings warnings
   * @param reembeddingRequired whether imported memories need new vectors
   * @param reembedded memories that got a new vector from the embedding provider
   * @param failure the failure, or null on success
   * @param lockHeldMs milliseconds the target's write lock was held, or -1 when unknown
   * @param restoredVectors memories whose vector was taken from the file's {@code data.vectors}
   * @since 0.3.0
   */
  public ImportResult(boolean dryRun, Map<RecordKind, SectionStats> sections, List<String> errors,
      List<String> warnings, boolean reembeddingRequired, long reembedded,
      TransferException failure, long lockHeldMs, long restoredVectors) {
    this.lockHeldMs = lockHeldMs;
    this.restoredVectors = restoredVectors;
    this.dryRun = dryRun;
    EnumMap<RecordKind, SectionStats> copy = new EnumMap<>(RecordKind.class);
    for (RecordKind k : RecordKind.values()) {
      copy.put(k, sections == null ? SectionStats.EMPTY
          : sections.getOrDefault(k, SectionStats.EMPTY));
    }
    this.sections = copy;
    this.errors = List.copyOf(errors);
    this.warnings = List.copyOf(warnings);
    this.reembeddingRequired = reembeddingRequired;
    this.reembedded = reembedded;
    this.failure = failure;
  }

  /** @return whether the import completed (and, unless a dry run, was committed) */
  public boolean success() {
    return failure == null;
  }

  /** @return whether this was a dry run that wrote nothing */
  public boolean dryRun() {
    return dryRun;
  }

  /**
   * What happened to one section.
   *
   * @param kind the section
   * @return its counts, never null
   */
  public SectionStats section(RecordKind kind) {
    return sections.get(kind);
  }

  /** @return record-level problems and, on failure, the failure; possibly empty */
  public List<String> errors() {
    return errors;
  }

  /** @return warnings (unknown keys, newer minor version, …), possibly empty */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Whether the imported memories have no matching vectors in the target: memories were imported
   * without {@code reembed} and the export's embedding provider or model differ from the
   * target's, or either is unknown.
   *
   * @return whether re-embedding is required
   */
  public boolean reembeddingRequired() {
    return reembeddingRequired;
  }

  /** @return memories that got a new vector */
  public long reembedded() {
    return reembedded;
  }

  /**
   * How long the target's write transaction (and so its write lock) was held, from its start to
   * its commit or rollback. Re-embedding runs before it, so a running Doclea server waits at most
   * this long for its own database.
   *
   * @return milliseconds, or -1 when unknown (a failed import)
   */
  public long lockHeldMs() {
    return lockHeldMs;
  }

  /**
   * How many memories got their vector from the file ({@code data.vectors}) instead of from an
   * embedding provider; in a dry run, how many would have.
   *
   * @return the count, 0 when the file carries no vectors or they were not restored
   * @since 0.3.0
   */
  public long restoredVectors() {
    return restoredVectors;
  }

  /** @return the failure, empty on success */
  public Optional<TransferException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Throws the failure, if any.
   *
   * @return this result when it succeeded
   * @throws TransferException the failure
   */
  public ImportResult orThrow() {
    if (failure != null) {
      throw failure;
    }
    return this;
  }

  /** @return the result as one JSON object on one line */
  public String toJson() {
    return JsonOut.object(w -> {
      w.name("success").value(success());
      w.name("stats").beginObject();
      w.name("memoriesImported").value(section(RecordKind.MEMORY).imported());
      w.name("memoriesSkipped").value(section(RecordKind.MEMORY).skipped());
      w.name("documentsImported").value(section(RecordKind.DOCUMENT).imported());
      w.name("chunksImported").value(section(RecordKind.CHUNK).imported());
      w.name("memoryRelationsImported").value(section(RecordKind.MEMORY_RELATION).imported());
      w.name("crossLayerRelationsImported")
          .value(section(RecordKind.CROSS_LAYER_RELATION).imported());
      w.name("pendingImported").value(section(RecordKind.PENDING_MEMORY).imported());
      w.endObject();
      if (!errors.isEmpty()) {
        JsonOut.strings(w, "errors", errors);
      }
      w.name("dryRun").value(dryRun);
      w.name("reembeddingRequired").value(reembeddingRequired);
      w.name("reembedded").value(reembedded);
      w.name("vectorsRestored").value(restoredVectors);
      if (lockHeldMs >= 0) {
        w.name("lockHeldMs").value(lockHeldMs);
      }
      w.name("sections").beginObject();
      for (RecordKind k : RecordKind.values()) {
        SectionStats s = sections.get(k);
        w.name(k.sectionName()).beginObject();
        w.name("imported").value(s.imported());
        w.name("overwritten").value(s.overwritten());
        w.name("skipped").value(s.skipped());
        w.name("conflicts").value(s.conflicts());
        w.name("errors").value(s.errors());
        w.endObject();
      }
      w.endObject();
      JsonOut.strings(w, "warnings", warnings);
    });
  }

  @Override
  public String toString() {
    return toJson();
  }
}
