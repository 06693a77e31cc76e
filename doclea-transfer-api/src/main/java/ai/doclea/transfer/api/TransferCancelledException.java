package ai.doclea.transfer.api;

/**
 * The transfer was cancelled (its thread was interrupted). An import is rolled back; an export
 * leaves no file behind.
 *
 * @since 0.1.0
 */
public class TransferCancelledException extends TransferException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where the transfer stopped
   */
  public TransferCancelledException(String message) {
    super(message);
  }
}
