package ai.doclea.transfer.testkit;

import static ai.doclea.transfer.testkit.KitSupport.assertSameContent;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.doclea.transfer.spi.StorageBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * What an adapter declares about its store once for both contract tests, {@link
 * StorageBackendContractTest} and {@link TransferContractTest}: the hooks that mean the same in
 * each, and the backends of a try, which both open and close alike. Package-private: adapter
 * authors see its methods as members of the two public classes.
 */
abstract class AdapterContract {

  /** The backends of the current try, closed by {@link #closeBackends()}. */
  final List<StorageBackend> backends = new ArrayList<>();

  /** Creates the contract test. */
  AdapterContract() {}

  /**
   * Creates a fresh, empty store of the adapter under test. Each public contract test declares
   * it again with what it expects of the stores.
   *
   * @return an open, empty backend
   */
  protected abstract StorageBackend createBackend();

  /**
   * Whether the adapter keeps embedding vectors. Each public contract test declares it again,
   * with its default and documentation; an adapter overrides it in its subclass of each.
   *
   * @return whether vectors are stored
   */
  protected abstract boolean storesVectors();

  /** The part of {@code content} this adapter stores: without vectors unless it keeps them. */
  final StoreContent stored(StoreContent content) {
    return storesVectors() ? content : content.withVectors(List.of());
  }

  /** {@link KitSupport#assertSameContent} on what the adapter stores. */
  final void assertSameStored(StoreContent expected, StoreContent actual, String context) {
    assertSameContent(stored(expected), stored(actual), context);
  }

  /**
   * A fresh backend from {@link #createBackend()}, closed by the kit after the try.
   *
   * @return the backend
   */
  protected final StorageBackend newBackend() {
    StorageBackend backend = createBackend();
    assertNotNull(backend, "createBackend() returned null");
    backends.add(backend);
    return backend;
  }

  /**
   * A fresh backend holding the given content, closed by the kit after the try.
   *
   * @param content what to load, in one transaction
   * @return the backend
   */
  protected final StorageBackend newBackend(StoreContent content) {
    StorageBackend backend = newBackend();
    stored(content).loadInto(backend);
    return backend;
  }

  /**
   * Closes every backend of the try and forgets them all, even when one fails to close; then
   * throws the first failure, with the later ones added to it as suppressed.
   */
  final void closeBackends() {
    RuntimeException failure = null;
    for (StorageBackend backend : backends) {
      try {
        backend.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    backends.clear();
    if (failure != null) {
      throw failure;
    }
  }

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
