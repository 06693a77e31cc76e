package ai.doclea.transfer.api;

/**
 * The root of every exception doclea-transfer throws. Unchecked; messages say what went wrong and
 * where (file, JSON path, record id) and the cause, when there is one, is kept.
 *
 * @since 0.1.0
 */
public class TransferException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong and where; never null
   */
  public TransferException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong and where; never null
   * @param cause the underlying failure, may be null
   */
  public TransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
