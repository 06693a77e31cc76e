/**
 * The transfer engine: {@link ai.doclea.transfer.Transfer} exports, imports, verifies, inspects
 * and compares stores and files; {@link ai.doclea.transfer.Stores} opens stores by URI. Requires
 * the API module transitively, so a host application needs only {@code requires
 * ai.doclea.transfer;} plus the adapter modules it uses on its module path (found through {@link
 * java.util.ServiceLoader}, no {@code requires} needed).
 *
 * <p>{@code ai.doclea.transfer.internal} is not API and not exported.
 *
 * @uses ai.doclea.transfer.spi.StorageProvider stores selected by URI scheme
 * @uses ai.doclea.transfer.spi.ConflictStrategy import conflict strategies selected by name
 * @uses ai.doclea.transfer.spi.EmbeddingProviderFactory embedding providers selected by name
 * @since 0.1.0
 */
module ai.doclea.transfer {
  requires transitive ai.doclea.transfer.api;
  requires com.google.gson;
  requires org.slf4j;

  exports ai.doclea.transfer;

  uses ai.doclea.transfer.spi.StorageProvider;
  uses ai.doclea.transfer.spi.ConflictStrategy;
  uses ai.doclea.transfer.spi.EmbeddingProviderFactory;
}
