package ai.doclea.transfer.spi;

/**
 * A Doclea store that doclea-transfer exports from and imports into. Adapters implement this
 * interface and make it available through a {@link StorageProvider}.
 *
 * <p>Implementations are safe for concurrent readers (snapshots) and one writer (transaction) at a
 * time; a second {@link #beginTransaction()} while one is open either waits or fails with a
 * {@link ai.doclea.transfer.api.BackendException}.
 *
 * @since 0.1.0
 */
public interface StorageBackend extends AutoCloseable {

  /**
   * The header facts: backend type, storage mode, schema version, embedding provider and model.
   *
   * @return the facts, never null
   */
  BackendInfo info();

  /**
   * Opens a consistent read-only view of the store.
   *
   * @return a snapshot; the caller closes it
   * @throws ai.doclea.transfer.api.BackendException when the store cannot be read
   */
  ReadSnapshot openSnapshot();

  /**
   * Starts an all-or-nothing unit of writes.
   *
   * @return the transaction; the caller commits or rolls back, then closes it
   * @throws ai.doclea.transfer.api.BackendException when the store cannot be written (for example
   *     it was opened read-only or is locked)
   */
  WriteTransaction beginTransaction();

  /**
   * The files that hold this store, if it lives in files: an export to a path that resolves to
   * one of them is refused, so that a backup can never overwrite the store it backs up. A file
   * need not exist (for example a database's {@code -wal} file).
   *
   * @return absolute paths, never null; by default none
   * @since 0.2.0
   */
  default java.util.List<java.nio.file.Path> files() {
    return java.util.List.of();
  }

  /**
   * Whether the store keeps embedding vectors ({@link WriteTransaction#storeVector}). A store that
   * does not (a bare Doclea database, whose vectors live in a separate vector store) makes an
   * import leave a file's vectors out with a warning instead of failing. The default is true.
   *
   * @return whether vectors can be stored
   * @since 0.3.0
   */
  default boolean storesVectors() {
    return true;
  }

  /**
   * The length of the vectors the store is configured for (a Doclea project: {@code
   * vector.vectorSize}), when it is configured for one. An import compares it, with {@link
   * BackendInfo#embeddingProvider()} and {@link BackendInfo#embeddingModel()}, against the
   * vectors a file carries. The default is empty: any length.
   *
   * @return the dimensions, or empty
   * @since 0.3.0
   */
  default java.util.OptionalInt vectorDimensions() {
    return java.util.OptionalInt.empty();
  }

  /** Releases the backend's resources. Open snapshots and transactions must be closed first. */
  @Override
  void close();
}
