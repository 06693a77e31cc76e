package ai.doclea.transfer.spi;

import java.util.List;

/**
 * Turns texts into embedding vectors; used by an import with {@code reembed}. Instances come from
 * an {@link EmbeddingProviderFactory} or are passed in by the host. Implementations must be safe to
 * call from one thread at a time; the core never calls {@link #embed} concurrently on one instance.
 *
 * @since 0.1.0
 */
public interface EmbeddingProvider extends AutoCloseable {

  /**
   * The provider's name in Doclea's vocabulary, written to {@code metadata.embeddingProvider}.
   *
   * @return for example {@code "transformers"}
   */
  String providerName();

  /**
   * The model's name, written to {@code metadata.embeddingModel}.
   *
   * @return for example {@code "all-MiniLM-L6-v2"}
   */
  String modelName();

  /**
   * The length of every vector this provider returns.
   *
   * @return the dimensions, positive
   */
  int dimensions();

  /**
   * Embeds a batch of texts.
   *
   * @param texts the texts, not null, no null elements
   * @return one vector per text, in the same order, each of length {@link #dimensions()}
   * @throws ai.doclea.transfer.api.TransferException when embedding fails
   */
  List<float[]> embed(List<String> texts);

  /** Releases the provider's resources (a model, a session). The default does nothing. */
  @Override
  default void close() {}
}
