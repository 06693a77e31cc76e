package ai.doclea.transfer.api;

/**
 * Bounds that protect an import or verification against hostile or broken files. The defaults are
 * far above anything a real knowledge base reaches; a caller can raise them. Hitting a limit fails
 * with a {@link LimitExceededException} instead of exhausting memory.
 *
 * @param maxStringLength longest JSON string, in characters (default 16,777,216)
 * @param maxDepth deepest nesting of arrays and objects (default 64)
 * @param maxDecompressedBytes most bytes read after gzip decompression (default 64 GiB)
 * @param maxRecords most records in one file, all sections together (default 200,000,000)
 * @since 0.1.0
 */
public record Limits(long maxStringLength, int maxDepth, long maxDecompressedBytes,
    long maxRecords) {

  /** The default limits. */
  public static final Limits DEFAULTS =
      new Limits(16L * 1024 * 1024, 64, 64L * 1024 * 1024 * 1024, 200_000_000L);

  /**
   * Validates the limits.
   *
   * @param maxStringLength longest JSON string, in characters (default 16,777,216)
   * @param maxDepth deepest nesting of arrays and objects (default 64)
   * @param maxDecompressedBytes most bytes read after gzip decompression (default 64 GiB)
   * @param maxRecords most records in one file, all sections together (default 200,000,000)
   * @throws IllegalArgumentException when a limit is not positive or the depth is below 8, which
   *     the format itself needs
   */
  public Limits {
    if (maxStringLength <= 0 || maxDecompressedBytes <= 0 || maxRecords <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxDepth < 8) {
      throw new IllegalArgumentException("maxDepth must be at least 8, was " + maxDepth);
    }
  }

  /**
   * A copy with another string limit.
   *
   * @param v characters
   * @return the copy
   */
  public Limits withMaxStringLength(long v) {
    return new Limits(v, maxDepth, maxDecompressedBytes, maxRecords);
  }

  /**
   * A copy with another depth limit.
   *
   * @param v nesting levels
   * @return the copy
   */
  public Limits withMaxDepth(int v) {
    return new Limits(maxStringLength, v, maxDecompressedBytes, maxRecords);
  }

  /**
   * A copy with another decompressed-size limit.
   *
   * @param v bytes
   * @return the copy
   */
  public Limits withMaxDecompressedBytes(long v) {
    return new Limits(maxStringLength, maxDepth, v, maxRecords);
  }

  /**
   * A copy with another record limit.
   *
   * @param v records
   * @return the copy
   */
  public Limits withMaxRecords(long v) {
    return new Limits(maxStringLength, maxDepth, maxDecompressedBytes, v);
  }
}
