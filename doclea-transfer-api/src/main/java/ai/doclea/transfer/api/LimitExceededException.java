package ai.doclea.transfer.api;

/**
 * An input exceeded one of the {@link Limits} (string length, nesting depth, decompressed size,
 * record count). Raised instead of running out of memory on a hostile or broken file.
 *
 * @since 0.1.0
 */
public class LimitExceededException extends InvalidFileException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the full message, naming the limit, its value and how to raise it
   * @param file the input, may be null
   * @param jsonPath where the limit was hit, may be null
   */
  public LimitExceededException(String message, String file, String jsonPath) {
    super(message, file, jsonPath, null, null);
  }
}
