package ai.doclea.transfer.testkit;

/**
 * Assertions on export files for adapter tests outside the kit's own contracts, for example an
 * interop test that moves a store between two adapters.
 *
 * @since 0.2.0
 */
public final class ExportAssertions {
  private ExportAssertions() {}

  /**
   * Asserts that two export files hold the same header, metadata and records, allowing records
   * whose sort keys are equal (Doclea's {@code ORDER BY} per section) to come in any order, since
   * each store breaks such ties its own way (SQLite by its plan, as Doclea's own export does);
   * {@code metadata.sha256}, which hashes that order, is not compared.
   *
   * @param expected the first file, plain or gzip
   * @param actual the second file, plain or gzip
   * @param context says what is compared, for the failure message
   * @throws AssertionError naming the first difference
   */
  public static void assertSameIgnoringTieOrder(byte[] expected, byte[] actual, String context) {
    KitSupport.assertSameIgnoringTieOrder(expected, actual, context);
  }
}
