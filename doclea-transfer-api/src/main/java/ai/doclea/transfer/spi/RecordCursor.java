package ai.doclea.transfer.spi;

import java.util.Iterator;

/**
 * A forward-only cursor over the records of one section, in the backend's stable order. It holds
 * at most a bounded window of records in memory. Not thread-safe; close it when done (closing
 * twice is allowed).
 *
 * @param <T> the record type
 * @since 0.1.0
 */
public interface RecordCursor<T> extends Iterator<T>, AutoCloseable {

  /**
   * Releases the cursor's resources.
   *
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  @Override
  void close();
}
