/**
 * The public API of doclea-transfer: the records of the six kinds, options, results and exceptions
 * ({@code ai.doclea.transfer.api}), and the service-provider interface for storage adapters,
 * conflict strategies and embedding providers ({@code ai.doclea.transfer.spi}).
 *
 * <p>{@link ai.doclea.transfer.api.Providers} finds the implementations with {@link
 * java.util.ServiceLoader}: on the module path, from the modules that {@code provides} the
 * interface; on the class path, from {@code META-INF/services}.
 *
 * @uses ai.doclea.transfer.spi.StorageProvider backends selected by URI scheme
 * @uses ai.doclea.transfer.spi.ConflictStrategy import conflict strategies selected by name
 * @uses ai.doclea.transfer.spi.EmbeddingProviderFactory embedding providers selected by name
 * @since 0.1.0
 */
module ai.doclea.transfer.api {
  requires com.google.gson;

  exports ai.doclea.transfer.api;
  exports ai.doclea.transfer.spi;

  uses ai.doclea.transfer.spi.StorageProvider;
  uses ai.doclea.transfer.spi.ConflictStrategy;
  uses ai.doclea.transfer.spi.EmbeddingProviderFactory;
}
