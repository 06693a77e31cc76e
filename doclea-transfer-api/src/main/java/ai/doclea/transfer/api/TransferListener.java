package ai.doclea.transfer.api;

/**
 * Receives progress of an export or import, for progress bars and logs. Called on the transferring
 * thread, once per batch rather than per record; implementations must be quick and must not
 * throw. Every method has an empty default.
 *
 * @since 0.1.0
 */
public interface TransferListener {

  /** A listener that ignores everything. */
  TransferListener NONE = new TransferListener() {};

  /**
   * A section starts.
   *
   * @param kind the section
   * @param expected the number of records expected, or -1 when unknown
   */
  default void sectionStarted(RecordKind kind, long expected) {}

  /**
   * Records of a section were processed (read and written or skipped).
   *
   * @param kind the section
   * @param done how many records of the section have been processed so far
   */
  default void progress(RecordKind kind, long done) {}

  /**
   * A section is complete.
   *
   * @param kind the section
   * @param total how many records it had
   */
  default void sectionFinished(RecordKind kind, long total) {}

  /**
   * Re-embedding progressed.
   *
   * @param done memories embedded so far
   * @param total memories to embed, or -1 when unknown
   */
  default void embedded(long done, long total) {}

  /**
   * Something the user should know that does not fail the transfer.
   *
   * @param message the warning
   */
  default void warning(String message) {}
}
