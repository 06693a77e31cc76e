package ai.doclea.transfer.spi;

/**
 * The facts about a store that an export writes into its header and an import compares against.
 *
 * @param backendType {@code "sqlite"}, {@code "memory"} or a third-party backend's name; required
 * @param storageMode {@code "manual"}, {@code "suggested"} or {@code "automatic"}: Doclea server
 *     configuration, not stored in its database; required
 * @param schemaVersion the storage schema version, or {@code "unknown"}; required
 * @param embeddingProvider the provider whose vectors the store holds, or null when unknown
 * @param embeddingModel the model whose vectors the store holds, or null when unknown
 * @since 0.1.0
 */
public record BackendInfo(
    String backendType,
    String storageMode,
    String schemaVersion,
    String embeddingProvider,
    String embeddingModel) {

  /**
   * Doclea's storage modes ({@code storage.mode} in its configuration), the only values of an
   * export header's {@code storageMode}.
   *
   * @since 0.2.0
   */
  public static final java.util.List<String> STORAGE_MODES =
      java.util.List.of("manual", "suggested", "automatic");

  /** Doclea's default storage mode. */
  public static final String DEFAULT_STORAGE_MODE = "automatic";

  /** The schema version written when a backend has none. */
  public static final String UNKNOWN_SCHEMA = "unknown";

  /**
   * Validates the fields.
   *
   * @param backendType {@code "sqlite"}, {@code "memory"} or a third-party backend's name; required
   * @param storageMode {@code "manual"}, {@code "suggested"} or {@code "automatic"}: Doclea server
   *     configuration, not stored in its database; required
   * @param schemaVersion the storage schema version, or {@code "unknown"}; required
   * @param embeddingProvider the provider whose vectors the store holds, or null when unknown
   * @param embeddingModel the model whose vectors the store holds, or null when unknown
   * @throws IllegalArgumentException when a required field is null or empty
   */
  public BackendInfo {
    require("backendType", backendType);
    require("storageMode", storageMode);
    require("schemaVersion", schemaVersion);
  }

  private static void require(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("BackendInfo." + name + " is required");
    }
  }

  /**
   * A copy with other embedding facts.
   *
   * @param provider the provider name, may be null
   * @param model the model name, may be null
   * @return the copy
   */
  public BackendInfo withEmbedding(String provider, String model) {
    return new BackendInfo(backendType, storageMode, schemaVersion, provider, model);
  }
}
