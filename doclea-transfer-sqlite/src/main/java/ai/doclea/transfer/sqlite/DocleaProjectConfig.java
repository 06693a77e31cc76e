package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.IoFailures;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Doclea project's configuration, read from {@code DIR/.doclea/config.json} exactly as Doclea's
 * server reads it ({@code loadConfig} in its {@code src/config.ts}): no file means Doclea's
 * defaults; the old format {@code {"storage": {"dbPath": …}}} reads as backend {@code sqlite},
 * mode {@code automatic}; an unknown or mistyped storage backend or mode falls back as Doclea's
 * migration does; {@code embedding} and {@code vector} are required when the file exists; a value
 * of the wrong type is a {@link ConfigurationException} naming the file and the key. Unknown keys
 * are ignored, as Doclea's schema does. The network is never probed: without a file the defaults
 * apply (Doclea would probe for local Qdrant and TEI servers).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DocleaProjectConfig {
  /** Doclea's default embedding model. */
  public static final String DEFAULT_MODEL = "mxbai-embed-xsmall-v1";

  /** The embedding providers Doclea knows. */
  public static final List<String> EMBEDDING_PROVIDERS =
      List.of("transformers", "local", "ollama", "openai", "nomic", "voyage");

  private static final Map<String, String> DEFAULT_MODELS = Map.of(
      "transformers", DEFAULT_MODEL,
      "openai", "text-embedding-3-small",
      "nomic", "nomic-embed-text-v1.5",
      "voyage", "voyage-3",
      "ollama", "nomic-embed-text");

  private final Path projectDir;
  private final Path configFile;
  private final String storageBackend;
  private final String storageDbPath;
  private final String storageMode;
  private final String embeddingProvider;
  private final String embeddingModel;
  private final String cacheDir;
  private final Integer dimensions;
  private final String vectorProvider;
  private final String vectorDbPath;
  private final int vectorSize;

  private DocleaProjectConfig(Path projectDir, Path configFile, Map<String, Object> v) {
    this.projectDir = projectDir;
    this.configFile = configFile;
    this.storageBackend = (String) v.get("storage.backend");
    this.storageDbPath = (String) v.get("storage.dbPath");
    this.storageMode = (String) v.get("storage.mode");
    this.embeddingProvider = (String) v.get("embedding.provider");
    this.embeddingModel = (String) v.get("embedding.model");
    this.cacheDir = (String) v.get("embedding.cacheDir");
    this.dimensions = (Integer) v.get("embedding.dimensions");
    this.vectorProvider = (String) v.get("vector.provider");
    this.vectorDbPath = (String) v.get("vector.dbPath");
    this.vectorSize = (Integer) v.get("vector.vectorSize");
  }

  /**
   * Reads the configuration of a project.
   *
   * @param projectDir the project directory (the one holding {@code .doclea/})
   * @return the configuration; Doclea's defaults when there is no config file
   * @throws ConfigurationException when the file is not valid JSON or a key has a value Doclea
   *     would refuse; the message names the file and the key
   */
  public static DocleaProjectConfig load(Path projectDir) {
    Path dir = projectDir.toAbsolutePath().normalize();
    Path file = dir.resolve(".doclea").resolve("config.json");
    Map<String, Object> v = defaults();
    if (!Files.exists(file)) {
      return new DocleaProjectConfig(dir, null, v);
    }
    JsonElement root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        JsonReader reader = new JsonReader(r)) {
      root = new Gson().getAdapter(JsonElement.class).read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        String where = reader.toString(); // "JsonReader at line L column C path P"
        throw new MalformedJsonException("Unexpected content after the JSON value"
            + where.substring(Math.max(0, where.indexOf(" at line "))));
      }
    } catch (MalformedJsonException | EOFException e) {
      throw new ConfigurationException("Cannot read Doclea's configuration " + file
          + ": not valid JSON: " + JsonText.syntaxError(e.getMessage()), e);
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read Doclea's configuration " + file + ": "
          + IoFailures.describe(e), e);
    } catch (RuntimeException e) {
      throw new ConfigurationException("Cannot read Doclea's configuration " + file
          + ": not valid JSON: " + JsonText.syntaxError(e.getMessage()), e);
    }
    if (root == null || !root.isJsonObject()) {
      throw new ConfigurationException(file + ": the configuration must be a JSON object");
    }
    JsonObject o = root.getAsJsonObject();
    new Reading(file, v).read(o);
    return new DocleaProjectConfig(dir, file, v);
  }

  private static Map<String, Object> defaults() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("storage.backend", "sqlite");
    v.put("storage.dbPath", ".doclea/local.db");
    v.put("storage.mode", "automatic");
    v.put("embedding.provider", "transformers");
    v.put("embedding.model", DEFAULT_MODEL);
    v.put("embedding.cacheDir", null);
    v.put("embedding.dimensions", null);
    v.put("vector.provider", "libsql");
    v.put("vector.dbPath", ".doclea/vectors.db");
    v.put("vector.vectorSize", 384);
    return v;
  }

  /** Validation of one file, key by key, in Doclea's order. */
  private static final class Reading {
    private final Path file;
    private final Map<String, Object> v;

    Reading(Path file, Map<String, Object> v) {
      this.file = file;
      this.v = v;
    }

    void read(JsonObject o) {
      storage(o.get("storage"));
      embedding(o.get("embedding"));
      vector(o.get("vector"));
    }

    /** Doclea's migrateConfig: lenient, never an error. */
    private void storage(JsonElement e) {
      if (e == null || !e.isJsonObject()) {
        return; // Doclea substitutes its default storage section
      }
      JsonObject s = e.getAsJsonObject();
      if (isString(s.get("dbPath"))) {
        v.put("storage.dbPath", s.get("dbPath").getAsString());
      }
      if (!s.has("backend") && !s.has("mode")) {
        return; // the old format: sqlite, automatic
      }
      v.put("storage.backend", "memory".equals(string(s.get("backend"))) ? "memory" : "sqlite");
      String mode = string(s.get("mode"));
      v.put("storage.mode", "manual".equals(mode) || "suggested".equals(mode) ? mode
          : "automatic");
    }

    private void embedding(JsonElement e) {
      JsonObject m = requiredObject(e, "embedding");
      String provider = discriminator(m, "embedding", EMBEDDING_PROVIDERS);
      v.put("embedding.provider", provider);
      v.put("embedding.model", DEFAULT_MODELS.get(provider));
      v.put("embedding.cacheDir", null);
      v.put("embedding.dimensions", null);
      switch (provider) {
        case "transformers" -> {
          optionalString(m, "embedding", "model");
          optionalString(m, "embedding", "cacheDir");
          Integer dims = optionalPositiveInt(m, "embedding", "dimensions");
          v.put("embedding.dimensions", dims);
        }
        case "local" -> optionalString(m, "embedding", "endpoint");
        case "ollama" -> {
          optionalString(m, "embedding", "endpoint");
          optionalString(m, "embedding", "model");
        }
        default -> { // openai, nomic, voyage
          requiredString(m, "embedding", "apiKey");
          optionalString(m, "embedding", "model");
        }
      }
    }

    private void vector(JsonElement e) {
      JsonObject m = requiredObject(e, "vector");
      String provider = discriminator(m, "vector", List.of("libsql", "qdrant"));
      v.put("vector.provider", provider);
      if (provider.equals("libsql")) {
        optionalString(m, "vector", "dbPath");
        Integer size = optionalPositiveInt(m, "vector", "vectorSize");
        v.put("vector.vectorSize", size == null ? 384 : size);
      } else {
        requiredString(m, "vector", "url");
        optionalString(m, "vector", "apiKey");
        optionalString(m, "vector", "collectionName");
        Integer size = optionalPositiveInt(m, "vector", "vectorSize");
        v.put("vector.vectorSize", size == null ? 768 : size);
        v.put("vector.dbPath", null);
      }
    }

    private JsonObject requiredObject(JsonElement e, String key) {
      if (e == null) {
        throw error(key, "is required (Doclea's schema requires it when config.json exists)");
      }
      if (!e.isJsonObject()) {
        throw error(key, "must be an object, found " + describe(e));
      }
      return e.getAsJsonObject();
    }

    private String discriminator(JsonObject m, String section, List<String> allowed) {
      JsonElement p = m.get("provider");
      String key = section + ".provider";
      if (p == null) {
        throw error(key, "is required; one of " + String.join(", ", allowed));
      }
      if (!isString(p) || !allowed.contains(p.getAsString())) {
        throw error(key, "must be one of " + String.join(", ", allowed) + ", found "
            + describe(p));
      }
      return p.getAsString();
    }

    private void optionalString(JsonObject m, String section, String name) {
      JsonElement e = m.get(name);
      if (e == null) {
        return;
      }
      if (!isString(e)) {
        throw error(section + "." + name, "must be a string, found " + describe(e));
      }
      v.put(section + "." + name, e.getAsString());
    }

    private void requiredString(JsonObject m, String section, String name) {
      if (m.get(name) == null) {
        throw error(section + "." + name, "is required for provider '"
            + m.get("provider").getAsString() + "'");
      }
      optionalString(m, section, name);
    }

    private Integer optionalPositiveInt(JsonObject m, String section, String name) {
      JsonElement e = m.get(name);
      if (e == null) {
        return null;
      }
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
        throw error(section + "." + name, "must be a number, found " + describe(e));
      }
      double d = e.getAsDouble();
      if (d != Math.rint(d) || d < 1 || d > 65536) {
        throw error(section + "." + name, "must be a positive whole number of dimensions, found "
            + e);
      }
      return (int) d;
    }

    private ConfigurationException error(String key, String what) {
      return new ConfigurationException(file + ": " + key + " " + what);
    }
  }

  private static boolean isString(JsonElement e) {
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
  }

  private static String string(JsonElement e) {
    return isString(e) ? e.getAsString() : null;
  }

  private static String describe(JsonElement e) {
    if (e.isJsonNull()) {
      return "null";
    }
    if (e.isJsonObject()) {
      return "an object";
    }
    if (e.isJsonArray()) {
      return "an array";
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    return (p.isString() ? "the string " : p.isNumber() ? "the number " : "the boolean ") + p;
  }

  /** @return the project directory, absolute */
  public Path projectDir() {
    return projectDir;
  }

  /** @return the config file that was read, or null when there is none (Doclea's defaults) */
  public Path configFile() {
    return configFile;
  }

  /** @return {@code sqlite} or {@code memory} */
  public String storageBackend() {
    return storageBackend;
  }

  /** @return the records database, {@code storage.dbPath} resolved against the project */
  public Path databasePath() {
    return projectDir.resolve(storageDbPath).normalize();
  }

  /** @return {@code manual}, {@code suggested} or {@code automatic} */
  public String storageMode() {
    return storageMode;
  }

  /** @return one of {@link #EMBEDDING_PROVIDERS} */
  public String embeddingProvider() {
    return embeddingProvider;
  }

  /** @return the embedding model's name (configured or the provider's default), or null for
   *     {@code local} (a TEI server decides) */
  public String embeddingModel() {
    return embeddingModel;
  }

  /** @return {@code embedding.cacheDir} as written (resolved against the project), or null */
  public Path cacheDir() {
    return cacheDir == null ? null : projectDir.resolve(cacheDir).normalize();
  }

  /** @return {@code embedding.dimensions}, or null for the model's own */
  public Integer dimensions() {
    return dimensions;
  }

  /** @return {@code libsql} or {@code qdrant} */
  public String vectorProvider() {
    return vectorProvider;
  }

  /** @return the libSQL vector database, resolved against the project; null for qdrant */
  public Path vectorDatabasePath() {
    return vectorDbPath == null ? null : projectDir.resolve(vectorDbPath).normalize();
  }

  /** @return {@code vector.vectorSize} (default 384 for libsql) */
  public int vectorSize() {
    return vectorSize;
  }

  /**
   * Whether doclea-transfer can write this project's vectors itself: the transformers provider
   * in-process and the libSQL vector store. Other providers are HTTP services.
   *
   * @return whether re-embedding is supported
   */
  public boolean embeddingSupported() {
    return "transformers".equals(embeddingProvider);
  }

  /**
   * Summary for {@code status}: the keys that matter here, in Doclea's spelling.
   *
   * @return key to value, in a stable order
   */
  public Map<String, Object> summary() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("configFile", configFile == null ? null : configFile.toString());
    s.put("storage.backend", storageBackend);
    s.put("storage.dbPath", databasePath().toString());
    s.put("storage.mode", storageMode);
    s.put("embedding.provider", embeddingProvider);
    s.put("embedding.model", embeddingModel);
    s.put("embedding.dimensions", dimensions);
    s.put("vector.provider", vectorProvider);
    s.put("vector.dbPath", vectorDbPath == null ? null : vectorDatabasePath().toString());
    s.put("vector.vectorSize", vectorSize);
    return s;
  }

}
