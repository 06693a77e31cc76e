/**
 * The service-provider interface for adapter authors: {@link ai.doclea.transfer.spi.StorageBackend}
 * with its {@link ai.doclea.transfer.spi.StorageProvider}, {@link
 * ai.doclea.transfer.spi.EmbeddingProvider} with its factory, and {@link
 * ai.doclea.transfer.spi.ConflictStrategy}. Providers are found with {@link java.util.ServiceLoader};
 * the adapter test kit ({@code doclea-transfer-testkit}) proves an implementation behaves.
 */
package ai.doclea.transfer.spi;
