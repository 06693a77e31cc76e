package ai.doclea.transfer.embeddings;

import ai.doclea.transfer.api.ConfigurationException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's files inside Doclea's model cache, found where Transformers.js 3.8.1 keeps them: its
 * file cache keys a downloaded file as {@code <model id>/<file name>} under the cache directory
 * (default revision, {@code src/utils/hub.js}), and on Node (device {@code cpu}) it loads the
 * fp32 network {@code onnx/model.onnx} unless the model's {@code config.json} names another
 * precision under {@code transformers.js_config.dtype} ({@code src/models.js}, {@code
 * src/utils/dtypes.js}).
 *
 * @param directory {@code <cacheDir>/<model id>}
 * @param network the ONNX file to load
 * @param tokenizer {@code tokenizer.json}
 * @param config {@code config.json}, parsed
 * @param tokenizerConfig {@code tokenizer_config.json}, parsed
 */
record ModelFiles(Path directory, Path network, Path tokenizer, JsonObject config,
    JsonObject tokenizerConfig) {

  /** Transformers.js's file-name suffix per precision ({@code DEFAULT_DTYPE_SUFFIX_MAPPING}). */
  private static final Map<String, String> DTYPE_SUFFIX = Map.of(
      "fp32", "", "fp16", "_fp16", "int8", "_int8", "uint8", "_uint8", "q8", "_quantized",
      "q4", "_q4", "q4f16", "_q4f16", "bnb4", "_bnb4");

  /**
   * Finds and reads the model's files.
   *
   * @param options the provider options (model, its Hugging Face id, the cache)
   * @return the files
   * @throws ConfigurationException when the model is not in the cache (naming the model, the
   *     directory and how to get it) or a file cannot be read or parsed
   */
  static ModelFiles locate(TransformersOptions options) {
    String id = options.huggingFaceId();
    Path cacheDir = options.cacheDir().toAbsolutePath().normalize();
    Path directory;
    try {
      directory = cacheDir.resolve(id).normalize();
    } catch (InvalidPathException e) {
      throw new ConfigurationException("Embedding model '" + options.model()
          + "' is not a valid Hugging Face id (org/name): " + e.getMessage(), e);
    }
    if (!directory.startsWith(cacheDir) || directory.equals(cacheDir)
        || Path.of(id).isAbsolute()) {
      throw new ConfigurationException("Embedding model '" + options.model()
          + "' is not a valid Hugging Face id (org/name): it points outside the model cache "
          + cacheDir + ".");
    }
    List<String> missing = new ArrayList<>();
    for (String name : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
      if (!Files.isRegularFile(directory.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      if (!Files.isRegularFile(directory.resolve("onnx/model.onnx"))) {
        missing.add("onnx/model.onnx");
      }
      throw notInCache(options, id, directory, missing);
    }
    JsonObject config = readJson(options, directory.resolve("config.json"));
    JsonObject tokenizerConfig = readJson(options, directory.resolve("tokenizer_config.json"));
    String network = "onnx/model" + DTYPE_SUFFIX.get(dtype(config, directory)) + ".onnx";
    if (!Files.isRegularFile(directory.resolve(network))) {
      throw notInCache(options, id, directory, List.of(network));
    }
    return new ModelFiles(directory, directory.resolve(network),
        directory.resolve("tokenizer.json"), config, tokenizerConfig);
  }

  private static ConfigurationException notInCache(
      TransformersOptions options, String id, Path directory, List<String> missing) {
    String what = "'" + options.model() + "'"
        + (id.equals(options.model()) ? "" : " (Hugging Face id " + id + ")");
    String where = Files.isDirectory(directory)
        ? directory + " lacks " + String.join(", ", missing)
        : "there is no directory " + directory;
    return new ConfigurationException("Embedding model " + what + " is not in the model cache "
        + options.cacheDir() + ": " + where + ". doclea-transfer never downloads models. To get"
        + " it, start Doclea once in a project configured with this model (Doclea downloads it"
        + " into its cache, by default " + TransformersEmbeddingProviderFactory.defaultCacheDir()
        + "), or point to a cache that holds it with --model-cache DIR (library: the '"
        + TransformersEmbeddingProviderFactory.CACHE_DIR + "' option).");
  }

  /**
   * The precision Transformers.js 3.8.1 picks on Node for the file {@code model}: the model's
   * {@code transformers.js_config.dtype} (a string, or an object keyed by file name), with
   * {@code device_config.cpu} over it; {@code auto} or nothing means fp32 on the cpu device.
   */
  static String dtype(JsonObject config, Path directory) {
    JsonObject custom = object(config.get("transformers.js_config"));
    JsonObject deviceConfig = object(object(custom.get("device_config")).get("cpu"));
    JsonObject merged = custom.deepCopy();
    deviceConfig.entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
    JsonElement dtype = merged.get("dtype");
    if (dtype != null && dtype.isJsonObject()) {
      dtype = dtype.getAsJsonObject().get("model");
    }
    String value = dtype != null && dtype.isJsonPrimitive() ? dtype.getAsString() : "fp32";
    if (value.equals("auto")) {
      value = "fp32";
    }
    if (!DTYPE_SUFFIX.containsKey(value)) {
      throw new ConfigurationException(directory.resolve("config.json")
          + ": transformers.js_config.dtype is '" + value + "', which Transformers.js does not"
          + " know; expected one of " + new java.util.TreeSet<>(DTYPE_SUFFIX.keySet()) + ".");
    }
    return value;
  }

  private static JsonObject object(JsonElement element) {
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
  }

  private static JsonObject readJson(TransformersOptions options, Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JsonElement root = JsonParser.parseReader(reader);
      if (!root.isJsonObject()) {
        throw new ConfigurationException(file + " is not a JSON object; the model '"
            + options.model() + "' in the cache looks damaged. Delete its directory and start"
            + " Doclea once to download it again.");
      }
      return root.getAsJsonObject();
    } catch (IOException | JsonParseException e) {
      throw new ConfigurationException("Cannot read " + file + " of the model '" + options.model()
          + "': " + e.getMessage() + ". Delete the model's directory and start Doclea once to"
          + " download it again.", e);
    }
  }

  /**
   * A whole-number entry of a JSON object, or {@code fallback} when absent or not a number.
   *
   * @param object the object
   * @param key the key
   * @param fallback the value when there is none
   * @return the value
   */
  static long longValue(JsonObject object, String key, long fallback) {
    JsonElement e = object.get(key);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      return fallback;
    }
    // model_max_length is sometimes 1e30 ("no limit" in Python); saturate rather than overflow.
    double d = e.getAsDouble();
    return d >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) d;
  }
}
