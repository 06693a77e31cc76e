package ai.doclea.transfer.embeddings;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Creates Doclea's {@value #NAME} embedding provider: the model a Doclea project is configured
 * with ({@code embedding.model} in {@code .doclea/config.json}), read from Doclea's own model cache
 * and run in-process on ONNX Runtime exactly as Transformers.js 3.8.1 runs it for Doclea
 * ({@code feature-extraction}, mean pooling over the attention mask, L2 normalisation, then the
 * optional {@code dimensions} truncation). Registered in {@code
 * META-INF/services/ai.doclea.transfer.spi.EmbeddingProviderFactory}, so
 * {@code Providers.embeddingProvider("transformers", options)} finds it. Constructing the factory
 * is cheap; {@link #create} loads the model.
 *
 * <p><b>Options</b> (all optional; any other key is a {@link ConfigurationException}):
 *
 * <ul>
 *   <li>{@value #MODEL}: a Doclea known name ({@code mxbai-embed-xsmall-v1}, {@code
 *       all-MiniLM-L6-v2}, {@code embeddinggemma-300m}, {@code snowflake-arctic-embed-m}, {@code
 *       all-mpnet-base-v2}; see {@link #huggingFaceId}) or a Hugging Face id {@code org/name};
 *       absent: {@value #DEFAULT_MODEL}, Doclea's default. {@link EmbeddingProvider#modelName()}
 *       returns this string as given (what Doclea writes to an export's {@code
 *       metadata.embeddingModel}), not the Hugging Face id.
 *   <li>{@value #CACHE_DIR}: Doclea's model cache ({@code embedding.cacheDir}); absent: {@link
 *       #defaultCacheDir()}. The model is read from {@code <cacheDir>/<Hugging Face id>/}: {@code
 *       config.json}, {@code tokenizer.json}, {@code tokenizer_config.json} and {@code
 *       onnx/model.onnx} (the fp32 file Transformers.js picks on Node; another precision only when
 *       the model's {@code config.json} asks for it under {@code transformers.js_config.dtype}).
 *       This is where Transformers.js 3.8.1 stores what it downloads for the default revision.
 *       Nothing is ever downloaded. A relative path is taken against the working directory
 *       (Doclea runs in its project directory, so a caller reading a project's {@code
 *       embedding.cacheDir} resolves it against the project first).
 *   <li>{@value #DIMENSIONS}: keep the first N components and re-normalise (Matryoshka
 *       truncation, {@code embedding.dimensions}); a positive whole number, at most the model's
 *       own size (a larger value is a {@link ConfigurationException}: Doclea would size its
 *       vector table by it yet store shorter vectors). {@link EmbeddingProvider#dimensions()}
 *       returns the length produced.
 *   <li>{@value #THREADS}: how many inference calls run at once; 1 to 256, default the number of
 *       available processors.
 *   <li>{@value #MAX_TOKENS}: a token window smaller than the model's, [CLS] and [SEP] included;
 *       default and maximum the model's own window: {@code model_max_length} from {@code
 *       tokenizer_config.json} bounded by {@code max_position_embeddings} from {@code
 *       config.json}. A longer text keeps its first {@code maxTokens} token ids, as in
 *       Transformers.js (no chunking).
 * </ul>
 *
 * <p>A model that is not in the cache is a {@link ConfigurationException} naming the model, the
 * exact directory looked in, and how to get it: start Doclea once with that model configured (it
 * downloads the model into its cache), or point {@value #CACHE_DIR} (the command line's {@code
 * --model-cache DIR}) at a cache that holds it.
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.1.0
 */
public final class TransformersEmbeddingProviderFactory implements EmbeddingProviderFactory {

  /** The provider name, as Doclea writes it to {@code metadata.embeddingProvider}. */
  public static final String NAME = "transformers";

  /** Doclea's default model name ({@code embedding.model} when the config names none). */
  public static final String DEFAULT_MODEL = "mxbai-embed-xsmall-v1";

  /** Option key: the model, a Doclea known name or a Hugging Face id. */
  public static final String MODEL = "model";

  /** Option key: the model cache directory. */
  public static final String CACHE_DIR = "cacheDir";

  /** Option key: Matryoshka truncation to this many dimensions. */
  public static final String DIMENSIONS = "dimensions";

  /** Option key: concurrent inference calls. */
  public static final String THREADS = "threads";

  /** Option key: a token window smaller than the model's. */
  public static final String MAX_TOKENS = "maxTokens";

  private static final Map<String, String> KNOWN_MODELS = knownModels();

  /** Creates the factory; loads nothing. Public for {@link java.util.ServiceLoader}. */
  public TransformersEmbeddingProviderFactory() {}

  private static Map<String, String> knownModels() {
    // Doclea's TRANSFORMERS_MODELS (src/embeddings/transformers.ts), in its order.
    Map<String, String> known = new LinkedHashMap<>();
    known.put("mxbai-embed-xsmall-v1", "mixedbread-ai/mxbai-embed-xsmall-v1");
    known.put("all-MiniLM-L6-v2", "Xenova/all-MiniLM-L6-v2");
    known.put("embeddinggemma-300m", "onnx-community/embeddinggemma-300m-ONNX");
    known.put("snowflake-arctic-embed-m", "Snowflake/snowflake-arctic-embed-m-v2.0");
    known.put("all-mpnet-base-v2", "Xenova/all-mpnet-base-v2");
    return Map.copyOf(known);
  }

  /**
   * The Hugging Face id Doclea loads for a model name: the id of a Doclea known name (for
   * example {@code mxbai-embed-xsmall-v1} is {@code mixedbread-ai/mxbai-embed-xsmall-v1}), any
   * other string unchanged (Doclea takes it as a Hugging Face id).
   *
   * @param model the configured model name, not null
   * @return the Hugging Face id, which is also the model's directory inside the cache
   */
  public static String huggingFaceId(String model) {
    Objects.requireNonNull(model, "model");
    return KNOWN_MODELS.getOrDefault(model, model);
  }

  /**
   * Doclea's default model cache: {@code $XDG_CACHE_HOME/doclea/transformers} when that
   * environment variable is set and not empty, else {@code ~/.cache/doclea/transformers}.
   *
   * @return the directory (which may not exist)
   */
  public static Path defaultCacheDir() {
    // Node's homedir(): $HOME when set, else the password file's (the JVM's user.home).
    String home = System.getenv("HOME");
    return defaultCacheDir(System.getenv("XDG_CACHE_HOME"),
        home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
  }

  static Path defaultCacheDir(String xdgCacheHome, String userHome) {
    // Doclea: process.env.XDG_CACHE_HOME || join(homedir(), ".cache"); an empty value is unset.
    Path base = xdgCacheHome != null && !xdgCacheHome.isEmpty()
        ? Path.of(xdgCacheHome) : Path.of(userHome, ".cache");
    return base.resolve("doclea").resolve("transformers");
  }

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
   * @return the name and what it runs
   */
  @Override
  public String description() {
    return NAME + ": Doclea's in-process model (default " + DEFAULT_MODEL
        + ") from Doclea's model cache, ONNX Runtime, mean pooling, L2-normalised";
  }

  /**
   * Loads the configured model from the cache and returns a provider that uses it.
   *
   * @param options {@value #MODEL}, {@value #CACHE_DIR}, {@value #DIMENSIONS}, {@value #THREADS}
   *     and {@value #MAX_TOKENS}, see the class documentation; null or empty for the defaults
   * @return a new provider; the caller closes it to release the model and threads
   * @throws ConfigurationException for an unknown option or a bad value; when {@value
   *     #DIMENSIONS} exceeds the model's size; when the model is not in the cache (naming the model, the directory looked in and how to get it); when its
   *     files cannot be read or are not a BERT-family feature-extraction model; or when the
   *     native libraries cannot be loaded
   */
  @Override
  public EmbeddingProvider create(Map<String, String> options) {
    TransformersOptions parsed = TransformersOptions.parse(options);
    return new TransformersEmbeddingProvider(parsed);
  }
}
