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
   * @param expected the number of records expected, or -1 when unknown. An export knows it when
   *     the store can count; an import of a file knows it when the file's {@code metadata}
   *     declares it ({@code counts}, or {@code totalMemories} for memories) and the file is not
   *     gzip-compressed.
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
   * An import has read this much of its input: progress for sections whose record count is
   * unknown. Called after each batch, on the transferring thread.
   *
   * @param bytes bytes of the input read so far in the current pass over it (for a gzip file, the
   *     compressed bytes); a pass that reads the file again starts from 0
   * @param totalBytes the input's size in bytes, or -1 when unknown
   * @since 0.2.0
   */
  default void inputRead(long bytes, long totalBytes) {}

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
