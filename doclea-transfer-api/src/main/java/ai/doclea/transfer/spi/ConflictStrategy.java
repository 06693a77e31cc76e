package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.TransferRecord;

/**
 * Decides what an import does with an incoming record whose id already exists in the target
 * store. The built-ins are {@code skip} (the default), {@code overwrite} and {@code error} (see
 * {@link BuiltInConflictStrategy}); others are found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/ai.doclea.transfer.spi.ConflictStrategy} and selected by {@link #name()}.
 * Implementations must be stateless and thread-safe.
 *
 * @since 0.1.0
 */
public interface ConflictStrategy {

  /**
   * What to do with one conflicting record.
   *
   * <p>This set may grow in a 1.x release (for example a resolution that merges the two records).
   * A strategy returns one of the constants and needs no change then; code that {@code switch}es
   * over a resolution (a strategy that combines others, say) must have a {@code default} branch.
   * The core refuses the import, as for {@link #FAIL}, when a strategy returns a constant the
   * core does not know.
   */
  enum Resolution {
    /** Keep the existing record; the incoming one is counted as skipped. */
    KEEP_EXISTING,
    /** Replace the existing record with the incoming one; counted as overwritten. */
    REPLACE,
    /** Abort the import; nothing is changed. */
    FAIL
  }

  /**
   * The name the strategy is selected by.
   *
   * @return for example {@code "newest-wins"}
   */
  String name();

  /**
   * Decides one conflict.
   *
   * @param existing the record in the store (null only when {@link #needsExistingRecord()} is
   *     false)
   * @param incoming the record from the file, of the same kind and id
   * @return the resolution, not null
   */
  Resolution resolve(TransferRecord existing, TransferRecord incoming);

  /**
   * Whether {@link #resolve} looks at the existing record. When false, the importer does not load
   * existing records and passes null. The default is true.
   *
   * @return whether the existing record is needed
   */
  default boolean needsExistingRecord() {
    return true;
  }
}
