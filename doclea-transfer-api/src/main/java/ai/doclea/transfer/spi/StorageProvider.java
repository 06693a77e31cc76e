package ai.doclea.transfer.spi;

import java.util.Map;

/**
 * A small factory for a {@link StorageBackend}, found with {@link java.util.ServiceLoader} and
 * selected by the scheme of a backend URI ({@code memory:}, {@code sqlite:path/to/local.db}).
 * Register an implementation in {@code META-INF/services/ai.doclea.transfer.spi.StorageProvider}.
 * Construction must be cheap: open nothing until {@link #open} is called.
 *
 * @since 0.1.0
 */
public interface StorageProvider {

  /**
   * The URI scheme this provider answers to, lower case, without the colon.
   *
   * @return for example {@code "sqlite"}
   */
  String scheme();

  /**
   * One line for error messages and listings.
   *
   * @return for example {@code "sqlite:PATH  Doclea's SQLite database (.doclea/local.db)"}
   */
  default String description() {
    return scheme() + ":";
  }

  /**
   * Opens a backend.
   *
   * @param location the part of the URI after {@code scheme:} (may be empty)
   * @param options adapter options (for example {@code storageMode}, {@code readOnly}); unknown
   *     keys are an error
   * @return the open backend
   * @throws ai.doclea.transfer.api.BackendException when it cannot be opened
   * @throws ai.doclea.transfer.api.ConfigurationException when an option is invalid
   */
  StorageBackend open(String location, Map<String, String> options);
}
