package ai.doclea.transfer.api;

/**
 * A typed, weighted relation between two memories ({@code data.memoryRelations[]}, written as
 * snake_case table rows: {@code source_id}, {@code target_id}, {@code created_at}).
 *
 * @param id primary key; required
 * @param sourceId the source memory; required
 * @param targetId the target memory; required
 * @param type for example {@code implements}, {@code references}, {@code supersedes}, {@code
 *     related_to}; required, free string
 * @param weight a finite number, default 1.0
 * @param metadata optional JSON text, carried as a string
 * @param createdAt optional timestamp; Doclea writes milliseconds here, carried unchanged
 * @since 0.1.0
 */
public record MemoryRelation(
    String id,
    String sourceId,
    String targetId,
    String type,
    double weight,
    String metadata,
    Long createdAt)
    implements TransferRecord {
  private static final String KIND = "memory relation";

  /** The weight a relation gets when none is given. */
  public static final double DEFAULT_WEIGHT = 1.0;

  /**
   * Validates the fields.
   *
   * @param id primary key; required
   * @param sourceId the source memory; required
   * @param targetId the target memory; required
   * @param type for example {@code implements}, {@code references}, {@code supersedes}, {@code
   *     related_to}; required, free string
   * @param weight a finite number, default 1.0
   * @param metadata optional JSON text, carried as a string
   * @param createdAt optional timestamp; Doclea writes milliseconds here, carried unchanged
   * @throws InvalidRecordException when a required field is missing or the weight is not finite
   */
  public MemoryRelation {
    Checks.id(KIND, id);
    Checks.required(KIND, id, "source_id", sourceId);
    Checks.required(KIND, id, "target_id", targetId);
    Checks.required(KIND, id, "type", type);
    weight = Checks.finite(KIND, id, "weight", weight);
  }

  @Override
  public RecordKind kind() {
    return RecordKind.MEMORY_RELATION;
  }
}
