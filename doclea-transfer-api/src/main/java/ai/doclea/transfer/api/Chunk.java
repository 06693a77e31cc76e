package ai.doclea.transfer.api;

/**
 * A chunk of a document ({@code data.chunks[]}).
 *
 * @param id primary key; required
 * @param documentId the document this chunk belongs to; required
 * @param content required
 * @param qdrantId optional vector-store id
 * @param startOffset optional start offset in the document
 * @param endOffset optional end offset in the document
 * @since 0.1.0
 */
public record Chunk(
    String id, String documentId, String content, String qdrantId, Long startOffset, Long endOffset)
    implements TransferRecord {
  private static final String KIND = "chunk";

  /**
   * Validates the fields.
   *
   * @param id primary key; required
   * @param documentId the document this chunk belongs to; required
   * @param content required
   * @param qdrantId optional vector-store id
   * @param startOffset optional start offset in the document
   * @param endOffset optional end offset in the document
   * @throws InvalidRecordException when a required field is missing
   */
  public Chunk {
    Checks.id(KIND, id);
    Checks.required(KIND, id, "documentId", documentId);
    Checks.required(KIND, id, "content", content);
  }

  @Override
  public RecordKind kind() {
    return RecordKind.CHUNK;
  }
}
