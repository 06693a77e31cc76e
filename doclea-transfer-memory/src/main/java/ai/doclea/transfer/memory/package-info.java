/**
 * A pure-Java, in-memory {@link ai.doclea.transfer.spi.StorageBackend}: {@link
 * ai.doclea.transfer.memory.InMemoryBackend}, opened directly or through the {@code memory:} URI of
 * {@link ai.doclea.transfer.memory.MemoryStorageProvider}. It is meant for the unit tests of host
 * applications and for migrations through memory; its small builder and read helpers make stores
 * easy to set up and to assert on.
 */
package ai.doclea.transfer.memory;
