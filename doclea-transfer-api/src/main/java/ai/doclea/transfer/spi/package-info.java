/**
 * The service-provider interface for adapter authors: {@link ai.doclea.transfer.spi.StorageBackend}
 * with its {@link ai.doclea.transfer.spi.StorageProvider}, {@link
 * ai.doclea.transfer.spi.ReadSnapshot} and {@link ai.doclea.transfer.spi.WriteTransaction}; {@link
 * ai.doclea.transfer.spi.EmbeddingProvider} with its factory; and {@link
 * ai.doclea.transfer.spi.ConflictStrategy}. Providers are found with {@link
 * java.util.ServiceLoader} by the core; the adapter test kit ({@code doclea-transfer-testkit})
 * proves an implementation behaves.
 *
 * <p><b>Stability.</b> Stable since 1.0 for implementors: the interfaces grow only by {@code
 * default} methods with a documented fallback, so an adapter written against 1.0 keeps compiling
 * and working; nothing is removed within 1.x. {@link ai.doclea.transfer.spi.ConflictStrategy.Resolution}
 * may get constants (a {@code switch} over it needs a {@code default}).
 */
package ai.doclea.transfer.spi;
