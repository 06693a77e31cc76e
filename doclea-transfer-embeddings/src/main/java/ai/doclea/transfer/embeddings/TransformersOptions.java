package ai.doclea.transfer.embeddings;

import static ai.doclea.transfer.embeddings.TransformersEmbeddingProviderFactory.CACHE_DIR;
import static ai.doclea.transfer.embeddings.TransformersEmbeddingProviderFactory.DIMENSIONS;
import static ai.doclea.transfer.embeddings.TransformersEmbeddingProviderFactory.MAX_TOKENS;
import static ai.doclea.transfer.embeddings.TransformersEmbeddingProviderFactory.MODEL;
import static ai.doclea.transfer.embeddings.TransformersEmbeddingProviderFactory.THREADS;

import ai.doclea.transfer.api.ConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The provider's options, parsed from the string map a factory receives.
 *
 * @param model the model name as configured (what {@code modelName()} returns)
 * @param cacheDir the model cache directory
 * @param dimensions Matryoshka truncation, or 0 for the model's own size
 * @param threads concurrent inference calls (1 to 256)
 * @param maxTokens a token window below the model's, or 0 for the model's own
 */
record TransformersOptions(String model, Path cacheDir, int dimensions, int threads,
    int maxTokens) {

  private static final Set<String> KEYS =
      new TreeSet<>(Set.of(MODEL, CACHE_DIR, DIMENSIONS, THREADS, MAX_TOKENS));

  TransformersOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(cacheDir, "cacheDir");
    if (model.isBlank()) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + MODEL
          + "' is empty; give a Doclea model name such as "
          + TransformersEmbeddingProviderFactory.DEFAULT_MODEL + " or a Hugging Face id org/name.");
    }
    if (dimensions < 0) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + DIMENSIONS
          + "' is " + dimensions + "; it must be a positive whole number.");
    }
    if (threads < 1 || threads > 256) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + THREADS
          + "' is " + threads + "; it must be between 1 and 256.");
    }
    if (maxTokens != 0 && maxTokens < 2) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + MAX_TOKENS
          + "' is " + maxTokens + "; it must be at least 2 ([CLS] and [SEP]).");
    }
  }

  /** The Hugging Face id of {@link #model()}, also its directory inside the cache. */
  String huggingFaceId() {
    return TransformersEmbeddingProviderFactory.huggingFaceId(model);
  }

  /**
   * Parses an options map; missing keys take their defaults.
   *
   * @param options the map, may be null (all defaults)
   * @return the options
   * @throws ConfigurationException for an unknown key or a bad value, naming both
   */
  static TransformersOptions parse(Map<String, String> options) {
    Map<String, String> sorted = new TreeMap<>();
    if (options != null) {
      // A null value means "not set", as an absent key in Doclea's config.json.
      options.forEach((key, value) -> {
        if (value != null) {
          sorted.put(key, value);
        }
      });
    }
    for (String key : sorted.keySet()) {
      if (!KEYS.contains(key)) {
        throw new ConfigurationException("Embedding provider 'transformers' has no option '"
            + key + "'. Known options: " + KEYS + ".");
      }
    }
    String model = sorted.getOrDefault(MODEL, TransformersEmbeddingProviderFactory.DEFAULT_MODEL);
    String cache = sorted.get(CACHE_DIR);
    Path cacheDir;
    try {
      cacheDir = cache == null || cache.isEmpty()
          ? TransformersEmbeddingProviderFactory.defaultCacheDir()
          : Path.of(cache);
    } catch (InvalidPathException e) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + CACHE_DIR
          + "' is '" + cache + "', which is not a valid path: " + e.getMessage(), e);
    }
    int dimensions = intOption(sorted, DIMENSIONS, 0);
    if (sorted.containsKey(DIMENSIONS) && dimensions < 1) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + DIMENSIONS
          + "' is " + dimensions + "; it must be a positive whole number.");
    }
    return new TransformersOptions(model, cacheDir, dimensions,
        intOption(sorted, THREADS, Math.max(1, Runtime.getRuntime().availableProcessors())),
        intOption(sorted, MAX_TOKENS, 0));
  }

  private static int intOption(Map<String, String> options, String key, int fallback) {
    String value = options.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + key
          + "' is '" + value + "'; it must be a whole number.", e);
    }
  }
}
