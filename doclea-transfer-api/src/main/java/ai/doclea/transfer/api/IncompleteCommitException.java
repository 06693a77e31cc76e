package ai.doclea.transfer.api;

/**
 * A commit made every write of its transaction durable, but could not yet make all of them
 * visible: the store keeps the rest and finishes it later (the message says when, for example at
 * the next command on the same store). What was committed stays committed: the transaction can no
 * longer be rolled back. An import that meets this reports the records it wrote, and fails, since
 * the store is not yet what the file describes.
 *
 * @since 1.0.0
 */
public class IncompleteCommitException extends BackendException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was committed, what is left, and when it is finished
   * @param cause the failure that left it
   */
  public IncompleteCommitException(String message, Throwable cause) {
    super(message, cause);
  }
}
