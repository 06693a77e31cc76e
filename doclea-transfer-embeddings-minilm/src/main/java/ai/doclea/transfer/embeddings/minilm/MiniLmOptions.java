package ai.doclea.transfer.embeddings.minilm;

import ai.doclea.transfer.api.ConfigurationException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The provider's options, parsed from the string map a factory receives.
 *
 * @param threads how many texts are embedded at once, each on its own thread (1 to 256)
 * @param maxTokens the token window, [CLS] and [SEP] included (2 to 512); a longer text keeps
 *     only its first {@code maxTokens} token ids
 */
record MiniLmOptions(int threads, int maxTokens) {

  /** Option key: the number of threads. */
  static final String THREADS = "threads";

  /** Option key: the token window. */
  static final String MAX_TOKENS = "maxTokens";

  private static final Set<String> KEYS = new TreeSet<>(Set.of(THREADS, MAX_TOKENS));

  MiniLmOptions {
    if (threads < 1 || threads > 256) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + THREADS
          + "' is " + threads + "; it must be between 1 and 256.");
    }
    if (maxTokens < 2 || maxTokens > MiniLmModel.MODEL_MAX_TOKENS) {
      throw new ConfigurationException("Embedding provider 'transformers': option '" + MAX_TOKENS
          + "' is " + maxTokens + "; it must be between 2 and " + MiniLmModel.MODEL_MAX_TOKENS
          + " (the model's window, [CLS] and [SEP] included).");
    }
  }

  /**
   * The defaults: one thread per available processor, the model's full 512-token window.
   *
   * @return the default options
   */
  static MiniLmOptions defaults() {
    return new MiniLmOptions(
        Math.max(1, Runtime.getRuntime().availableProcessors()), MiniLmModel.MODEL_MAX_TOKENS);
  }

  /**
   * Parses an options map; missing keys take their defaults.
   *
   * @param options the map, may be null (all defaults)
   * @return the options
   * @throws ConfigurationException for an unknown key or a bad value, naming both
   */
  static MiniLmOptions parse(Map<String, String> options) {
    MiniLmOptions defaults = defaults();
    if (options == null || options.isEmpty()) {
      return defaults;
    }
    Map<String, String> sorted = new TreeMap<>(options);
    for (String key : sorted.keySet()) {
      if (!KEYS.contains(key)) {
        throw new ConfigurationException("Embedding provider 'transformers' has no option '"
            + key + "'. Known options: " + KEYS + ".");
      }
    }
    return new MiniLmOptions(
        intOption(sorted, THREADS, defaults.threads()),
        intOption(sorted, MAX_TOKENS, defaults.maxTokens()));
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
