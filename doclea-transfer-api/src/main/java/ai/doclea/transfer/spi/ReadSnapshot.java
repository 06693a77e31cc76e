package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A consistent, read-only view of a store: every cursor opened from one snapshot sees the store as
 * it was when the snapshot was opened, whatever other connections write meanwhile. An export reads
 * all its sections from one snapshot. Not thread-safe; close it when done.
 *
 * @since 0.1.0
 */
public interface ReadSnapshot extends AutoCloseable {

  /**
   * Opens a cursor over one section, in a stable order (the same order every time for the same
   * data). Only one cursor needs to be open at a time.
   *
   * @param kind the section
   * @return a cursor yielding records of {@code kind.recordType()}
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  RecordCursor<? extends TransferRecord> read(RecordKind kind);

  /**
   * How many records a section holds, for progress reporting. The default does not know.
   *
   * @param kind the section
   * @return the count, or empty when counting is not cheap
   */
  default OptionalLong count(RecordKind kind) {
    return OptionalLong.empty();
  }

  /**
   * The vector stored for a memory, if any.
   *
   * @param memoryId the memory id
   * @return the vector, or empty
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  Optional<StoredVector> vector(String memoryId);

  /**
   * Ends the snapshot and releases its resources.
   *
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  @Override
  void close();
}
