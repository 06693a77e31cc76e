package ai.doclea.transfer.examples.strategy;

import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ConflictStrategy;

/**
 * An example custom conflict strategy, {@code newest-wins}: when an imported record's id already
 * exists, the newer of the two stays. Documents compare {@code updatedAt}, memories compare {@code
 * accessedAt}; a missing timestamp counts as older than any present one, and a tie keeps the
 * existing record. For every other kind the existing record is kept.
 *
 * <p>It is registered in {@code META-INF/services/ai.doclea.transfer.spi.ConflictStrategy}, so
 * {@code Providers.conflictStrategy("newest-wins")}, {@code
 * ImportOptions.builder().conflictStrategy("newest-wins")} and {@code doclea-transfer import
 * --conflict newest-wins} find it by name. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class NewestWinsConflictStrategy implements ConflictStrategy {

  /** The name the strategy is selected by. */
  public static final String NAME = "newest-wins";

  /** Creates the strategy; {@link java.util.ServiceLoader} calls this. */
  public NewestWinsConflictStrategy() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Keeps the newer record.
   *
   * @param existing the record in the store
   * @param incoming the record from the file, same kind and id
   * @return {@link Resolution#REPLACE} when the incoming document or memory is strictly newer,
   *     otherwise {@link Resolution#KEEP_EXISTING}; never {@link Resolution#FAIL}
   */
  @Override
  public Resolution resolve(TransferRecord existing, TransferRecord incoming) {
    if (existing instanceof Document e && incoming instanceof Document i) {
      return newer(i.updatedAt(), e.updatedAt());
    }
    if (existing instanceof Memory e && incoming instanceof Memory i) {
      return newer(i.accessedAt(), e.accessedAt());
    }
    return Resolution.KEEP_EXISTING;
  }

  /** Needs the existing record to compare timestamps: always true. */
  @Override
  public boolean needsExistingRecord() {
    return true;
  }

  private static Resolution newer(Long incoming, Long existing) {
    if (incoming == null) {
      return Resolution.KEEP_EXISTING;
    }
    if (existing == null || incoming > existing) {
      return Resolution.REPLACE;
    }
    return Resolution.KEEP_EXISTING;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
