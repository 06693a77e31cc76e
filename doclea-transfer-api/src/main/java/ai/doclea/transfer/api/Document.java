package ai.doclea.transfer.api;

/**
 * An ingested document ({@code data.documents[]}).
 *
 * @param id primary key; required
 * @param title required
 * @param content required
 * @param contentHash optional
 * @param createdAt optional timestamp, carried through unchanged
 * @param updatedAt optional timestamp, carried through unchanged
 * @since 0.1.0
 */
public record Document(
    String id, String title, String content, String contentHash, Long createdAt, Long updatedAt)
    implements TransferRecord {
  private static final String KIND = "document";

  /**
   * Validates the fields.
   *
   * @param id primary key; required
   * @param title required
   * @param content required
   * @param contentHash optional
   * @param createdAt optional timestamp, carried through unchanged
   * @param updatedAt optional timestamp, carried through unchanged
   * @throws InvalidRecordException when a required field is missing
   */
  public Document {
    Checks.id(KIND, id);
    Checks.required(KIND, id, "title", title);
    Checks.required(KIND, id, "content", content);
  }

  @Override
  public RecordKind kind() {
    return RecordKind.DOCUMENT;
  }
}
