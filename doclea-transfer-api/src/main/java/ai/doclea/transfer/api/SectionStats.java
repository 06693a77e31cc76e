package ai.doclea.transfer.api;

import java.util.Objects;

/**
 * What an import did with one section. An immutable value; the core makes it. New counts may be
 * added as new accessors in a 1.x release (this is why it is not a record).
 *
 * @since 0.1.0
 */
public final class SectionStats {

  /** No records. */
  public static final SectionStats EMPTY = new SectionStats(0, 0, 0, 0, 0);

  private final long imported;
  private final long overwritten;
  private final long skipped;
  private final long conflicts;
  private final long errors;

  private SectionStats(long imported, long overwritten, long skipped, long conflicts,
      long errors) {
    this.imported = imported;
    this.overwritten = overwritten;
    this.skipped = skipped;
    this.conflicts = conflicts;
    this.errors = errors;
  }

  /**
   * The counts of one section.
   *
   * @param imported records inserted
   * @param overwritten records that replaced an existing record
   * @param skipped records not written
   * @param conflicts records whose id already existed in the store
   * @param errors records skipped for a reason reported in the result's {@code errors}
   * @return the value
   * @since 1.0.0
   */
  public static SectionStats of(long imported, long overwritten, long skipped, long conflicts,
      long errors) {
    return new SectionStats(imported, overwritten, skipped, conflicts, errors);
  }

  /** @return records inserted */
  public long imported() {
    return imported;
  }

  /** @return records that replaced an existing record (conflict resolved by replacing) */
  public long overwritten() {
    return overwritten;
  }

  /**
   * Records not written: conflicts kept by the strategy, duplicates within the file, relations
   * whose memory is missing.
   *
   * @return the count
   */
  public long skipped() {
    return skipped;
  }

  /** @return records whose id already existed in the store */
  public long conflicts() {
    return conflicts;
  }

  /** @return records skipped for a reason reported in the result's {@code errors} */
  public long errors() {
    return errors;
  }

  /** @return records read from the file for this section */
  public long total() {
    return imported + overwritten + skipped;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SectionStats s && imported == s.imported && overwritten == s.overwritten
        && skipped == s.skipped && conflicts == s.conflicts && errors == s.errors;
  }

  @Override
  public int hashCode() {
    return Objects.hash(imported, overwritten, skipped, conflicts, errors);
  }

  @Override
  public String toString() {
    return "SectionStats[imported=" + imported + ", overwritten=" + overwritten + ", skipped="
        + skipped + ", conflicts=" + conflicts + ", errors=" + errors + "]";
  }
}
