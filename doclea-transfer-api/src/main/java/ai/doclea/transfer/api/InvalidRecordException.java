package ai.doclea.transfer.api;

/**
 * A record failed validation in its canonical constructor (a required field missing, a number out
 * of range). When the record comes from a file, the importer rethrows it as an {@link
 * InvalidFileException} with the JSON path.
 *
 * @since 0.1.0
 */
public class InvalidRecordException extends TransferException {
  private static final long serialVersionUID = 1L;

  /** The id of the invalid record; null when the id itself is missing. */
  private final String recordId;
  /** The offending field, as named in the export file. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param kind the record kind, for the message
   * @param recordId the record id, may be null when the id itself is missing
   * @param field the offending field name (as written in the export file)
   * @param problem what is wrong with it
   */
  public InvalidRecordException(String kind, String recordId, String field, String problem) {
    super(kind + (recordId == null ? "" : " '" + recordId + "'") + ": " + field + " " + problem);
    this.recordId = recordId;
    this.field = field;
  }

  /**
   * The id of the invalid record.
   *
   * @return the id, or null when it was missing
   */
  public String recordId() {
    return recordId;
  }

  /**
   * The offending field, named as in the export file.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }
}
