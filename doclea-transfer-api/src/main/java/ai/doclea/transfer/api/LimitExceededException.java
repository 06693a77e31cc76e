package ai.doclea.transfer.api;

/**
 * An input exceeded one of the {@link Limits} (string length, nesting depth, decompressed size,
 * record count). Raised instead of running out of memory on a hostile or broken file.
 *
 * @since 0.1.0
 */
public class LimitExceededException extends InvalidFileException {
  private static final long serialVersionUID = 1L;

  /** The name of the {@link Limits} component that was hit; null for a limit of another kind. */
  private final String limit;
  /** The message without the advice on raising the limit. */
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param message the full message, naming the limit, its value and how to raise it
   * @param file the input, may be null
   * @param jsonPath where the limit was hit, may be null
   */
  public LimitExceededException(String message, String file, String jsonPath) {
    this(message, message, null, file, jsonPath);
  }

  /**
   * Creates the exception for a named limit, so that a tool can tell its user how to raise it.
   *
   * @param message the full message, naming the limit, its value and how to raise it
   * @param problem the message without advice on raising the limit
   * @param limit the name of the {@link Limits} component that was hit (for example {@code
   *     "maxStringLength"}), or null when the limit is not one of {@link Limits}
   * @param file the input, may be null
   * @param jsonPath where the limit was hit, may be null
   * @since 0.2.0
   */
  public LimitExceededException(String message, String problem, String limit, String file,
      String jsonPath) {
    super(message, file, jsonPath, null, null);
    this.problem = problem;
    this.limit = limit;
  }

  /**
   * The limit that was hit.
   *
   * @return the name of the {@link Limits} component ({@code maxStringLength}, {@code maxDepth},
   *     {@code maxDecompressedBytes} or {@code maxRecords}), or null for a limit of its own kind
   * @since 0.2.0
   */
  public String limit() {
    return limit;
  }

  /**
   * What was exceeded and where, without the advice on how to raise the limit (which depends on
   * how the caller sets limits: an option of a tool, or {@link Limits} in code).
   *
   * @return the problem
   * @since 0.2.0
   */
  public String problem() {
    return problem;
  }
}
