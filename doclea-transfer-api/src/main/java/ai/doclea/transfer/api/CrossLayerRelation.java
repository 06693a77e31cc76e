package ai.doclea.transfer.api;

/**
 * A link from a memory to a node of the code graph ({@code data.crossLayerRelations[]}, written as
 * snake_case rows). The code graph is not exported: {@code codeNodeId} is kept as an opaque
 * reference that a later re-scan resolves.
 *
 * @param id primary key; required
 * @param memoryId the memory; required
 * @param codeNodeId the code-graph node id; required, opaque
 * @param relationType required, free string
 * @param direction required, free string
 * @param confidence a finite number
 * @param metadata optional JSON text, carried as a string
 * @param createdAt optional timestamp, carried unchanged
 * @since 0.1.0
 */
public record CrossLayerRelation(
    String id,
    String memoryId,
    String codeNodeId,
    String relationType,
    String direction,
    double confidence,
    String metadata,
    Long createdAt)
    implements TransferRecord {
  private static final String KIND = "cross-layer relation";

  /**
   * Validates the fields.
   *
   * @param id primary key; required
   * @param memoryId the memory; required
   * @param codeNodeId the code-graph node id; required, opaque
   * @param relationType required, free string
   * @param direction required, free string
   * @param confidence a finite number
   * @param metadata optional JSON text, carried as a string
   * @param createdAt optional timestamp, carried unchanged
   * @throws InvalidRecordException when a required field is missing or the confidence is not
   *     finite
   */
  public CrossLayerRelation {
    Checks.id(KIND, id);
    Checks.required(KIND, id, "memory_id", memoryId);
    Checks.required(KIND, id, "code_node_id", codeNodeId);
    Checks.required(KIND, id, "relation_type", relationType);
    Checks.required(KIND, id, "direction", direction);
    confidence = Checks.finite(KIND, id, "confidence", confidence);
  }

  @Override
  public RecordKind kind() {
    return RecordKind.CROSS_LAYER_RELATION;
  }
}
