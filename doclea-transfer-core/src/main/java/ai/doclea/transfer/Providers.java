package ai.doclea.transfer;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.BuiltInConflictStrategy;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds storage backends, conflict strategies and embedding providers on the class path (or, on
 * the module path, among the modules that {@code provides} them) with {@link ServiceLoader} and
 * opens them by URI or name, handing out the SPI objects themselves. Host applications usually
 * need only {@link Stores#open(String, Map)} and names ({@link
 * ImportOptions.Builder#conflictStrategy(String)}); this class is for adapter authors, tools and
 * hosts that hold a {@link StorageBackend} or an {@link EmbeddingProvider} themselves. Holds no
 * state: every call loads fresh provider instances from the given class loader (by default the
 * thread's context class loader).
 *
 * <p>It never guesses: no match, or two providers claiming one name, is a {@link
 * ConfigurationException} whose message lists what was found and how to fix it.
 *
 * <p>Stable since 1.0; methods may be added.
 *
 * @since 0.1.0
 */
public final class Providers {
  private Providers() {}

  /**
   * Opens a backend by URI with no options.
   *
   * @param uri for example {@code memory:} or {@code sqlite:.doclea/local.db}
   * @return the open backend; the caller closes it
   * @throws ConfigurationException when no provider, or more than one, claims the URI's scheme
   * @throws BackendException when the backend cannot be opened
   */
  public static StorageBackend openBackend(String uri) {
    return openBackend(uri, Map.of(), defaultLoader());
  }

  /**
   * Opens a backend by URI.
   *
   * @param uri {@code scheme:location}, for example {@code sqlite:/data/local.db}
   * @param options adapter options, passed to the provider
   * @return the open backend; the caller closes it
   * @throws ConfigurationException when no provider, or more than one, claims the URI's scheme
   * @throws BackendException when the backend cannot be opened
   */
  public static StorageBackend openBackend(String uri, Map<String, String> options) {
    return openBackend(uri, options, defaultLoader());
  }

  /**
   * Opens a backend by URI, discovering providers with a given class loader.
   *
   * @param uri {@code scheme:location}
   * @param options adapter options, passed to the provider
   * @param loader the class loader to search
   * @return the open backend; the caller closes it
   * @throws ConfigurationException when no provider, or more than one, claims the URI's scheme
   * @throws BackendException when the backend cannot be opened
   */
  public static StorageBackend openBackend(
      String uri, Map<String, String> options, ClassLoader loader) {
    if (uri == null || uri.indexOf(':') < 1) {
      throw new ConfigurationException(
          "Backend URI '" + uri + "' has no scheme; write it as scheme:location, for example "
              + "sqlite:.doclea/local.db or memory:. Available: "
              + describe(storageProviders(loader), StorageProvider::description));
    }
    String scheme = uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
    String location = uri.substring(uri.indexOf(':') + 1);
    StorageProvider provider =
        single("storage provider", "scheme", scheme, storageProviders(loader),
            StorageProvider::scheme, StorageProvider::description);
    return provider.open(location, options == null ? Map.of() : options);
  }

  /**
   * Lists the storage providers on the class path.
   *
   * @param loader the class loader to search
   * @return fresh provider instances, in discovery order
   * @throws ConfigurationException when a provider cannot be loaded
   */
  public static List<StorageProvider> storageProviders(ClassLoader loader) {
    return load(StorageProvider.class, loader);
  }

  /**
   * Finds a conflict strategy by name: {@code skip}, {@code overwrite}, {@code error}, or one
   * registered by a third party.
   *
   * @param name the strategy name, case-insensitive
   * @return the strategy
   * @throws ConfigurationException when no strategy, or more than one, has the name
   */
  public static ConflictStrategy conflictStrategy(String name) {
    return conflictStrategy(name, defaultLoader());
  }

  /**
   * Finds a conflict strategy by name with a given class loader.
   *
   * @param name the strategy name, case-insensitive
   * @param loader the class loader to search
   * @return the strategy
   * @throws ConfigurationException when no strategy, or more than one, has the name
   */
  public static ConflictStrategy conflictStrategy(String name, ClassLoader loader) {
    return single("conflict strategy", "name", name == null ? null : name.toLowerCase(Locale.ROOT),
        conflictStrategies(loader), s -> s.name().toLowerCase(Locale.ROOT),
        s -> s.name() + " (" + s.getClass().getName() + ")");
  }

  /**
   * Lists the conflict strategies: the built-ins first, then those on the class path.
   *
   * @param loader the class loader to search
   * @return the strategies
   */
  public static List<ConflictStrategy> conflictStrategies(ClassLoader loader) {
    List<ConflictStrategy> all = new ArrayList<>(BuiltInConflictStrategy.all());
    all.addAll(load(ConflictStrategy.class, loader));
    return all;
  }

  /**
   * Creates an embedding provider by name.
   *
   * @param name the provider name, for example {@code transformers}
   * @param options provider options
   * @return a new provider; the caller closes it
   * @throws ConfigurationException when no factory, or more than one, has the name
   */
  public static EmbeddingProvider embeddingProvider(String name, Map<String, String> options) {
    return embeddingProvider(name, options, defaultLoader());
  }

  /**
   * Creates an embedding provider by name with a given class loader.
   *
   * @param name the provider name
   * @param options provider options
   * @param loader the class loader to search
   * @return a new provider; the caller closes it
   * @throws ConfigurationException when no factory, or more than one, has the name
   */
  public static EmbeddingProvider embeddingProvider(
      String name, Map<String, String> options, ClassLoader loader) {
    EmbeddingProviderFactory factory = single("embedding provider", "name",
        name == null ? null : name.toLowerCase(Locale.ROOT), embeddingProviderFactories(loader),
        f -> f.name().toLowerCase(Locale.ROOT), EmbeddingProviderFactory::description);
    return factory.create(options == null ? Map.of() : options);
  }

  /**
   * Lists the embedding provider factories on the class path.
   *
   * @param loader the class loader to search
   * @return fresh factory instances
   */
  public static List<EmbeddingProviderFactory> embeddingProviderFactories(ClassLoader loader) {
    return load(EmbeddingProviderFactory.class, loader);
  }

  private static ClassLoader defaultLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Providers.class.getClassLoader();
  }

  private static <T> List<T> load(Class<T> type, ClassLoader loader) {
    List<T> found = new ArrayList<>();
    try {
      for (T provider : ServiceLoader.load(type, loader == null ? defaultLoader() : loader)) {
        found.add(provider);
      }
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException(
          "Cannot load a " + type.getSimpleName() + " from the " + path() + ": "
              + e.getMessage() + ". Check the META-INF/services/" + type.getName()
              + " entries (or the provides clauses) of your jars.", e);
    }
    return found;
  }

  private static <T> T single(String what, String keyName, String key, List<T> candidates,
      Function<T, String> keyOf, Function<T, String> describe) {
    List<T> matches = candidates.stream().filter(c -> keyOf.apply(c).equals(key)).collect(
        Collectors.toList());
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new ConfigurationException("No " + what + " with " + keyName + " '" + key
          + "' on the " + path() + ". Found: " + describe(candidates, describe)
          + ". Add the jar that provides it, or pick one of those found.");
    }
    throw new ConfigurationException("Several " + what + "s claim " + keyName + " '" + key + "': "
        + matches.stream().map(m -> m.getClass().getName()).collect(Collectors.joining(", "))
        + ". Remove all but one of them from the " + path() + ".");
  }

  /** Where the providers were looked for, in the words a user would check. */
  private static String path() {
    return Providers.class.getModule().isNamed() ? "module path" : "class path";
  }

  private static <T> String describe(List<T> candidates, Function<T, String> describe) {
    if (candidates.isEmpty()) {
      return "none";
    }
    return candidates.stream()
        .map(c -> describe.apply(c) + " [" + c.getClass().getName() + "]")
        .collect(Collectors.joining("; "));
  }
}
