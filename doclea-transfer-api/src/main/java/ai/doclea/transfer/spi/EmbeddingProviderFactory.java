package ai.doclea.transfer.spi;

import java.util.Map;

/**
 * A small factory for an {@link EmbeddingProvider}, found with {@link java.util.ServiceLoader} and
 * selected by name. Register it in {@code
 * META-INF/services/ai.doclea.transfer.spi.EmbeddingProviderFactory}. Construction must be cheap:
 * load no model until {@link #create} is called.
 *
 * @since 0.1.0
 */
public interface EmbeddingProviderFactory {

  /**
   * The name a user selects this provider by.
   *
   * @return for example {@code "transformers"}
   */
  String name();

  /**
   * One line for listings and error messages.
   *
   * @return a description; the default is the name
   */
  default String description() {
    return name();
  }

  /**
   * Creates the provider.
   *
   * @param options provider options; unknown keys are an error
   * @return a new provider; the caller closes it
   */
  EmbeddingProvider create(Map<String, String> options);
}
