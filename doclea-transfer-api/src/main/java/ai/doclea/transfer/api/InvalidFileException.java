package ai.doclea.transfer.api;

/**
 * An export file is malformed, truncated, fails an integrity check, or holds a record that fails
 * validation. The message names the file, the JSON path, the record id and the line and column
 * where they are known; the same facts are available separately.
 *
 * @since 0.1.0
 */
public class InvalidFileException extends TransferException {
  private static final long serialVersionUID = 1L;

  /** The file name or description of the input; may be null. */
  private final String file;
  /** The JSON path of the offending value; may be null. */
  private final String jsonPath;
  /** The id of the offending record; may be null. */
  private final String recordId;

  /**
   * Creates the exception.
   *
   * @param message the full message, naming what and where
   * @param file the file name or description of the input, may be null
   * @param jsonPath the JSON path of the offending value (for example
   *     {@code $.data.memories[3].importance}), may be null
   * @param recordId the id of the offending record, may be null
   * @param cause the underlying failure, may be null
   */
  public InvalidFileException(
      String message, String file, String jsonPath, String recordId, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.jsonPath = jsonPath;
    this.recordId = recordId;
  }

  /**
   * The input the problem was found in.
   *
   * @return the file name or description, or null when unknown
   */
  public String file() {
    return file;
  }

  /**
   * Where in the document the problem was found.
   *
   * @return the JSON path, or null when unknown
   */
  public String jsonPath() {
    return jsonPath;
  }

  /**
   * The record the problem belongs to.
   *
   * @return the record id, or null when unknown or not inside a record
   */
  public String recordId() {
    return recordId;
  }
}
