package ai.doclea.transfer.api;

/**
 * What an import did with one section.
 *
 * @param imported records inserted
 * @param overwritten records that replaced an existing record (conflict resolved by replacing)
 * @param skipped records not written: conflicts kept by the strategy, duplicates within the file,
 *     relations whose memory is missing
 * @param conflicts records whose id already existed in the store
 * @param errors records skipped for a reason reported in the result's {@code errors}
 * @since 0.1.0
 */
public record SectionStats(long imported, long overwritten, long skipped, long conflicts,
    long errors) {

  /** No records. */
  public static final SectionStats EMPTY = new SectionStats(0, 0, 0, 0, 0);

  /** @return records read from the file for this section */
  public long total() {
    return imported + overwritten + skipped;
  }
}
