package ai.doclea.transfer.api;

/**
 * An incoming record has the id of a record already in the target store and the conflict strategy
 * refused it (the built-in {@code error} strategy does so for every conflict). The import is rolled
 * back.
 *
 * @since 0.1.0
 */
public class ConflictException extends TransferException {
  private static final long serialVersionUID = 1L;

  /** The kind of the conflicting record. */
  private final RecordKind kind;
  /** The id of the conflicting record. */
  private final String recordId;

  /**
   * Creates the exception.
   *
   * @param kind the kind of the conflicting record
   * @param recordId its id
   * @param message the full message
   */
  public ConflictException(RecordKind kind, String recordId, String message) {
    super(message);
    this.kind = kind;
    this.recordId = recordId;
  }

  /**
   * The kind of the conflicting record.
   *
   * @return the kind
   */
  public RecordKind kind() {
    return kind;
  }

  /**
   * The id shared by the existing and the incoming record.
   *
   * @return the id
   */
  public String recordId() {
    return recordId;
  }
}
