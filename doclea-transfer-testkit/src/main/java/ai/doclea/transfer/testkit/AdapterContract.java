package ai.doclea.transfer.testkit;

/**
 * What an adapter declares about its store once for both contract tests, {@link
 * StorageBackendContractTest} and {@link TransferContractTest}: the hooks that mean the same in
 * each. Package-private: adapter authors see its methods as members of the two public classes.
 */
abstract class AdapterContract {

  /** Creates the contract test. */
  AdapterContract() {}

  /**
   * Whether the store orders records whose sort keys tie (two memories with the same {@code
   * accessedAt}, two memory relations with the same {@code createdAt}, ...) its own way, as an SQL
   * {@code ORDER BY} over Doclea's sort keys alone does: SQLite then gives ties in the order of
   * its query plan, as in Doclea's own export. Both contract tests read this one hook, so an
   * adapter overrides it with the same answer in its subclass of each:
   *
   * <ul>
   *   <li>{@link TransferContractTest}: an import writes records in file order, so a store may
   *       give ties in another order after a round trip. The round-trip properties then compare
   *       the second export with records of equal sort keys in any order and {@code
   *       metadata.sha256} (which hashes that order) left out.
   *   <li>{@link StorageBackendContractTest}: a read with a {@link
   *       ai.doclea.transfer.api.Selection} is a query of its own, which the store may plan
   *       differently from a read of the whole section. {@code
   *       selectedReadReturnsExactlyWhatTheRulesSelect} then compares records of equal sort keys
   *       in any order.
   * </ul>
   *
   * <p>Everything else, the order of records with different keys included, must still be equal.
   * The default, {@code false}, requires a deterministic order: export, import, export gives the
   * same bytes, and a selected read keeps the whole section's order exactly.
   *
   * @return whether ties come in the store's order
   * @since 1.1
   */
  protected boolean ordersTiesByStore() {
    return false;
  }
}
