package ai.doclea.transfer.spi;

/**
 * An embedding vector stored for a memory.
 *
 * @param memoryId the memory the vector belongs to
 * @param provider the embedding provider's name, for example {@code "transformers"}
 * @param model the model's name, for example {@code "all-MiniLM-L6-v2"}
 * @param vector the components; the record does not copy the array, treat it as read-only
 * @since 0.1.0
 */
public record StoredVector(String memoryId, String provider, String model, float[] vector) {}
