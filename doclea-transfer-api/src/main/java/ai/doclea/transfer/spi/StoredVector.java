package ai.doclea.transfer.spi;

/**
 * An embedding vector stored for a memory.
 *
 * @param memoryId the memory the vector belongs to
 * @param provider the embedding provider's name, for example {@code "transformers"}
 * @param model the model's name, for example {@code "all-MiniLM-L6-v2"}
 * @param vector the components; the record does not copy the array, treat it as read-only
 * @param vectorId the store's own id of the vector (Doclea: the {@code vector_memories} row id,
 *     which is the memory's {@code qdrantId}), or null when the store does not name its vectors or
 *     should choose an id itself
 * @since 0.1.0
 */
public record StoredVector(String memoryId, String provider, String model, float[] vector,
    String vectorId) {

  /**
   * A vector without an id of its own; the store chooses one if it needs one.
   *
   * @param memoryId the memory the vector belongs to
   * @param provider the embedding provider's name
   * @param model the model's name
   * @param vector the components (not copied)
   */
  public StoredVector(String memoryId, String provider, String model, float[] vector) {
    this(memoryId, provider, model, vector, null);
  }
}
