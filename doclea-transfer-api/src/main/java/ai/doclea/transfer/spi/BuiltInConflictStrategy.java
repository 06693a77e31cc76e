package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.TransferRecord;
import java.util.List;

/**
 * The three strategies of Doclea's documentation: {@link #SKIP} (the default), {@link #OVERWRITE}
 * and {@link #ERROR}. None of them looks at the existing record.
 *
 * @since 0.1.0
 */
public final class BuiltInConflictStrategy implements ConflictStrategy {
  /** Keep the existing record, ignore the incoming one (the default). */
  public static final ConflictStrategy SKIP =
      new BuiltInConflictStrategy("skip", Resolution.KEEP_EXISTING);

  /** Replace the existing record with the incoming one. */
  public static final ConflictStrategy OVERWRITE =
      new BuiltInConflictStrategy("overwrite", Resolution.REPLACE);

  /** Fail the whole import on the first conflict, changing nothing. */
  public static final ConflictStrategy ERROR =
      new BuiltInConflictStrategy("error", Resolution.FAIL);

  private final String name;
  private final Resolution resolution;

  private BuiltInConflictStrategy(String name, Resolution resolution) {
    this.name = name;
    this.resolution = resolution;
  }

  /**
   * The built-in strategies.
   *
   * @return skip, overwrite and error, in that order
   */
  public static List<ConflictStrategy> all() {
    return List.of(SKIP, OVERWRITE, ERROR);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Resolution resolve(TransferRecord existing, TransferRecord incoming) {
    return resolution;
  }

  @Override
  public boolean needsExistingRecord() {
    return false;
  }

  @Override
  public String toString() {
    return name;
  }
}
