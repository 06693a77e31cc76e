package ai.doclea.transfer;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import java.util.Map;

/**
 * Opens stores by URI: {@code sqlite:path/to/local.db}, {@code doclea:path/to/project}, {@code
 * memory:}, {@code postgresql://host/db}, or a third party's scheme. The adapter is found with
 * {@link java.util.ServiceLoader} by the URI's scheme (see {@link Providers}); no adapter for the
 * scheme, or two claiming it, is a {@link ConfigurationException} that lists what was found.
 *
 * <p>Stable since 1.0; methods may be added.
 *
 * @since 1.0.0
 */
public final class Stores {
  private Stores() {}

  /**
   * Opens a store with no options.
   *
   * @param uri {@code scheme:location}, for example {@code memory:} or {@code
   *     sqlite:.doclea/local.db}
   * @return the open store; the caller closes it
   * @throws ConfigurationException when no adapter, or more than one, claims the URI's scheme
   * @throws BackendException when the store cannot be opened
   */
  public static Store open(String uri) {
    return open(uri, Map.of());
  }

  /**
   * Opens a store.
   *
   * @param uri {@code scheme:location}, for example {@code sqlite:/data/local.db}
   * @param options the adapter's options (for example {@code readOnly}, {@code create}); unknown
   *     keys are an error
   * @return the open store; the caller closes it
   * @throws ConfigurationException when no adapter, or more than one, claims the URI's scheme, or
   *     an option is invalid
   * @throws BackendException when the store cannot be opened
   */
  public static Store open(String uri, Map<String, String> options) {
    return new Store(Providers.openBackend(uri, options), describe(uri));
  }

  /**
   * Opens a store, discovering adapters with a given class loader.
   *
   * @param uri {@code scheme:location}
   * @param options the adapter's options
   * @param loader the class loader to search
   * @return the open store; the caller closes it
   * @throws ConfigurationException when no adapter, or more than one, claims the URI's scheme, or
   *     an option is invalid
   * @throws BackendException when the store cannot be opened
   */
  public static Store open(String uri, Map<String, String> options, ClassLoader loader) {
    return new Store(Providers.openBackend(uri, options, loader), describe(uri));
  }

  /** The URI for messages: a password (parameter or user info) is replaced by ***. */
  static String describe(String uri) {
    return String.valueOf(uri).replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }
}
