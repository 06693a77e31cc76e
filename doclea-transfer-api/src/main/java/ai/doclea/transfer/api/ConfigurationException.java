package ai.doclea.transfer.api;

/**
 * Discovery or configuration failed: no provider for a backend URI, strategy or embedding name,
 * two providers claiming the same name, or an invalid option. The message lists what was found on
 * the class path and how to fix it.
 *
 * @since 0.1.0
 */
public class ConfigurationException extends TransferException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, what was found, and how to fix it
   */
  public ConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what is wrong, what was found, and how to fix it
   * @param cause the underlying failure
   */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
