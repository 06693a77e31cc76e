package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.EmbeddingProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The embedding provider a Doclea project embeds with, built from its configuration: provider
 * {@code transformers} (found by name by the caller, for example with {@code
 * ai.doclea.transfer.Providers.embeddingProvider}), with the options
 * {@code model} ({@code embedding.model}), {@code cacheDir} ({@code embedding.cacheDir}, else
 * {@code $XDG_CACHE_HOME/doclea/transformers}, else {@code ~/.cache/doclea/transformers}) and
 * {@code dimensions} ({@code embedding.dimensions}, when set). Everything doclea-transfer cannot do
 * as Doclea would is refused before anything is written: providers that are HTTP services, the
 * Qdrant vector store, and a model whose dimensions differ from {@code vector.vectorSize}.
 *
 * @since 0.1.0
 */
public final class ProjectEmbedding {
  private static final Map<String, Integer> KNOWN_DIMENSIONS = Map.of(
      "mxbai-embed-xsmall-v1", 384,
      "all-MiniLM-L6-v2", 384,
      "embeddinggemma-300m", 768,
      "snowflake-arctic-embed-m", 768,
      "all-mpnet-base-v2", 768);

  private ProjectEmbedding() {}

  /**
   * Checks that doclea-transfer can embed for the project, without loading anything.
   *
   * @param config the project's configuration
   * @throws ConfigurationException naming what is not supported and what to do instead
   */
  public static void checkSupported(DocleaProjectConfig config) {
    String provider = config.embeddingProvider();
    if (!config.embeddingSupported()) {
      throw new ConfigurationException("The project " + config.projectDir() + " embeds with"
          + " embedding.provider \"" + provider + "\"" + (config.embeddingModel() == null ? ""
              : " (model " + config.embeddingModel() + ")") + ", an HTTP service that"
          + " doclea-transfer does not support yet; it never embeds with a different model than"
          + " the project's. Import without --reembed (the result says reembeddingRequired) and"
          + " let Doclea re-embed, or configure embedding.provider \"transformers\" in "
          + configName(config) + ".");
    }
    if (!"libsql".equals(config.vectorProvider())) {
      throw new ConfigurationException("The project " + config.projectDir() + " keeps its"
          + " vectors in Qdrant (vector.provider \"qdrant\"), which doclea-transfer does not"
          + " support yet. Import without --reembed and let Doclea re-embed, or configure"
          + " vector.provider \"libsql\" in " + configName(config) + ".");
    }
    Integer known = KNOWN_DIMENSIONS.get(config.embeddingModel());
    if (known != null) {
      int dims = config.dimensions() == null ? known : Math.min(known, config.dimensions());
      if (dims != config.vectorSize()) {
        throw dimensionMismatch(config, dims);
      }
    }
  }

  /**
   * Opens the project's embedding provider.
   *
   * @param config the project's configuration
   * @param cacheOverride a model cache directory to use instead of the configured one, or null
   * @param transformers creates the {@code transformers} provider from its options, for example
   *     {@code options -> Providers.embeddingProvider("transformers", options)}
   * @return the provider; the caller closes it
   * @throws ConfigurationException when the provider is not supported, the model is not in the
   *     cache (the message says where it looked), or its dimensions differ from {@code
   *     vector.vectorSize}
   */
  public static EmbeddingProvider open(DocleaProjectConfig config, Path cacheOverride,
      Function<Map<String, String>, EmbeddingProvider> transformers) {
    checkSupported(config);
    Map<String, String> options = new LinkedHashMap<>();
    options.put("model", config.embeddingModel());
    options.put("cacheDir", (cacheOverride != null ? cacheOverride.toAbsolutePath()
        : cacheDir(config)).toString());
    if (config.dimensions() != null) {
      options.put("dimensions", config.dimensions().toString());
    }
    EmbeddingProvider provider = transformers.apply(options);
    if (provider.dimensions() != config.vectorSize()) {
      int dims = provider.dimensions();
      provider.close();
      throw dimensionMismatch(config, dims);
    }
    return provider;
  }

  /**
   * Where Doclea's transformers provider keeps its models for this project.
   *
   * @param config the configuration
   * @return {@code embedding.cacheDir}, else {@code $XDG_CACHE_HOME/doclea/transformers}, else
   *     {@code ~/.cache/doclea/transformers}
   */
  public static Path cacheDir(DocleaProjectConfig config) {
    return config.cacheDir() != null ? config.cacheDir() : defaultCacheDir();
  }

  /**
   * Where Doclea's transformers provider keeps its models when a project does not say.
   *
   * @return {@code $XDG_CACHE_HOME/doclea/transformers}, else {@code ~/.cache/doclea/transformers}
   * @since 0.2.0
   */
  public static Path defaultCacheDir() {
    // Doclea's: XDG_CACHE_HOME || join(homedir(), ".cache"), where Node's homedir() is $HOME
    // when set, else the password file's (the JVM's user.home).
    String xdg = System.getenv("XDG_CACHE_HOME");
    String home = System.getenv("HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg)
        : Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"),
            ".cache");
    return base.resolve("doclea").resolve("transformers");
  }

  private static ConfigurationException dimensionMismatch(DocleaProjectConfig config, int dims) {
    return new ConfigurationException("The project's model " + config.embeddingModel()
        + " makes vectors of " + dims + " dimensions, but its vector.vectorSize is "
        + config.vectorSize() + " (" + configName(config) + "): Doclea's vector store would"
        + " refuse them. Set vector.vectorSize to " + dims + " (and move the old vectors.db"
        + " aside), or choose a model of " + config.vectorSize() + " dimensions. Nothing was"
        + " written.");
  }

  private static String configName(DocleaProjectConfig config) {
    return config.configFile() != null ? config.configFile().toString()
        : config.projectDir().resolve(".doclea/config.json") + " (absent: Doclea's defaults)";
  }
}
