package ai.doclea.transfer.examples.jsonl;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An example third-party storage adapter: a Doclea store kept as a directory of JSON-lines files,
 * one file per section, selected by URIs such as {@code jsonl:/data/knowledge}. It is registered in
 * {@code META-INF/services/ai.doclea.transfer.spi.StorageProvider}, so {@code
 * Providers.openBackend("jsonl:DIR")} and {@code doclea-transfer --backend jsonl:DIR} find it
 * without any code naming this class.
 *
 * <p>Options: {@code create} ({@code true} makes the directory and an empty store when missing;
 * default {@code false}), {@code readOnly} (default {@code false}), {@code storageMode} (written
 * into export headers; default {@code automatic}). Any other key is an error.
 *
 * <p>Layout: {@code DIR/CURRENT} names the current generation directory ({@code gen-000001});
 * each generation holds {@code memories.jsonl}, {@code documents.jsonl}, {@code chunks.jsonl},
 * {@code memoryRelations.jsonl}, {@code crossLayerRelations.jsonl}, {@code
 * pendingMemories.jsonl}, {@code vectors.jsonl} and {@code meta.json}. A commit writes a new
 * generation and then replaces {@code CURRENT} atomically, so a crash leaves the old store intact
 * and a snapshot keeps reading its generation. One process at a time may use a store.
 *
 * @since 0.1.0
 */
public final class JsonLinesStorageProvider implements StorageProvider {

  /** The URI scheme, {@code jsonl}. */
  public static final String SCHEME = "jsonl";

  private static final Set<String> OPTIONS = Set.of("create", "readOnly", "storageMode");
  private static final Set<String> MODES = Set.copyOf(BackendInfo.STORAGE_MODES);

  /** Creates the provider; cheap, opens nothing. {@link java.util.ServiceLoader} calls this. */
  public JsonLinesStorageProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String description() {
    return "jsonl:DIR  a directory of JSON-lines files (example adapter)";
  }

  /**
   * Opens the store in a directory.
   *
   * @param location the directory
   * @param options {@code create}, {@code readOnly}, {@code storageMode}
   * @return the open store
   * @throws ConfigurationException for an unknown option, a bad value or an empty location
   * @throws ai.doclea.transfer.api.BackendException when the directory holds no store (and
   *     {@code create} is not set) or cannot be read
   */
  @Override
  public StorageBackend open(String location, Map<String, String> options) {
    if (location == null || location.isBlank()) {
      throw new ConfigurationException(
          "jsonl: needs a directory, for example jsonl:/data/knowledge");
    }
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(OPTIONS);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException("Unknown option(s) " + unknown + " for jsonl:" + location
          + ". Known options: " + new TreeSet<>(OPTIONS));
    }
    boolean create = flag(options, "create", location);
    boolean readOnly = flag(options, "readOnly", location);
    String mode = options.getOrDefault("storageMode", BackendInfo.DEFAULT_STORAGE_MODE);
    if (!MODES.contains(mode)) {
      throw new ConfigurationException("storageMode must be one of " + new TreeSet<>(MODES)
          + ", not '" + mode + "' (jsonl:" + location + ")");
    }
    if (create && readOnly) {
      throw new ConfigurationException(
          "create and readOnly exclude each other (jsonl:" + location + ")");
    }
    return JsonLinesBackend.open(Path.of(location), create, readOnly, mode);
  }

  private static boolean flag(Map<String, String> options, String key, String location) {
    String v = options.get(key);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigurationException(
          key + " must be true or false, not '" + v + "' (jsonl:" + location + ")");
    };
  }
}
