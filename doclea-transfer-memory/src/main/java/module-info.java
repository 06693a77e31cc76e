/**
 * {@link ai.doclea.transfer.memory.InMemoryBackend}, a pure-Java transactional store for tests and
 * embedding, also reachable as {@code memory:} through {@code
 * ai.doclea.transfer.Stores.open("memory:")}.
 *
 * @provides ai.doclea.transfer.spi.StorageProvider the {@code memory:} scheme
 * @since 0.1.0
 */
module ai.doclea.transfer.memory {
  requires transitive ai.doclea.transfer.api;

  exports ai.doclea.transfer.memory;

  provides ai.doclea.transfer.spi.StorageProvider
      with ai.doclea.transfer.memory.MemoryStorageProvider;
}
