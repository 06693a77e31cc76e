package ai.doclea.transfer.memory;

import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Opens an {@link InMemoryBackend} for the URI {@code memory:}. Every {@link #open} gives a fresh,
 * empty store: there are no named or shared stores, so two opens never see each other's data.
 * Found with {@link java.util.ServiceLoader}; construction is free.
 *
 * <p>Options (all optional):
 *
 * <ul>
 *   <li>{@code storageMode}: {@code manual}, {@code suggested} or {@code automatic} (the default)
 *   <li>{@code schemaVersion}: the schema version to report; default {@code unknown}
 *   <li>{@code embeddingProvider}, {@code embeddingModel}: the embedding facts to report until a
 *       vector is stored
 * </ul>
 *
 * @since 0.1.0
 */
public final class MemoryStorageProvider implements StorageProvider {
  /** The URI scheme, {@code memory}. */
  public static final String SCHEME = "memory";

  /** The option names {@link #open} accepts. */
  public static final List<String> OPTIONS =
      List.of("storageMode", "schemaVersion", "embeddingProvider", "embeddingModel");

  /** The storage modes Doclea knows. */
  public static final List<String> STORAGE_MODES = BackendInfo.STORAGE_MODES;

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public MemoryStorageProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String description() {
    return "memory:  a fresh, empty in-memory store (for tests and migrations through memory)";
  }

  /**
   * Opens a fresh, empty store.
   *
   * @param location must be empty: {@code memory:} takes no location
   * @param options see the class description; unknown keys are an error
   * @return a new empty {@link InMemoryBackend}
   * @throws ConfigurationException when the location is not empty, an option is unknown or a value
   *     is invalid
   */
  @Override
  public StorageBackend open(String location, Map<String, String> options) {
    if (location != null && !location.isEmpty()) {
      throw new ConfigurationException("The memory backend takes no location, but got 'memory:"
          + location + "'. Write just 'memory:'; every open gives a fresh, empty store.");
    }
    InMemoryBackend.Builder builder = InMemoryBackend.builder();
    String provider = null;
    String model = null;
    for (Map.Entry<String, String> e : (options == null ? Map.<String, String>of() : options)
        .entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "option name");
      String value = e.getValue();
      switch (key) {
        case "storageMode":
          if (value == null || !STORAGE_MODES.contains(value)) {
            throw new ConfigurationException("Invalid value '" + value + "' for option storageMode"
                + " of the memory backend; valid values: " + String.join(", ", STORAGE_MODES));
          }
          builder.storageMode(value);
          break;
        case "schemaVersion":
          builder.schemaVersion(nonEmpty(key, value));
          break;
        case "embeddingProvider":
          provider = nonEmpty(key, value);
          break;
        case "embeddingModel":
          model = nonEmpty(key, value);
          break;
        default:
          throw new ConfigurationException("Unknown option '" + key + "' for the memory backend;"
              + " valid options: " + String.join(", ", OPTIONS));
      }
    }
    return builder.embedding(provider, model).build();
  }

  private static String nonEmpty(String key, String value) {
    if (value == null || value.isEmpty()) {
      throw new ConfigurationException(
          "Option " + key + " of the memory backend needs a non-empty value");
    }
    return value;
  }
}
