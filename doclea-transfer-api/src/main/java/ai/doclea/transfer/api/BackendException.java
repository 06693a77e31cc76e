package ai.doclea.transfer.api;

/**
 * A storage backend failed: the database could not be opened, is locked, is not a Doclea store,
 * or a read or write failed. Adapters wrap their own exceptions (for example {@code SQLException})
 * in this one, naming the store and, where relevant, the record.
 *
 * @since 0.1.0
 */
public class BackendException extends TransferException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the store
   */
  public BackendException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the store
   * @param cause the adapter's own exception
   */
  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
