package ai.doclea.transfer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The provider as the core finds it: through {@link ServiceLoader} and its services file. */
class MemoryStorageProviderTest {

  private static List<StorageProvider> storageProviders(ClassLoader loader) {
    return ServiceLoader.load(StorageProvider.class, loader).stream()
        .map(ServiceLoader.Provider::get).collect(Collectors.toList());
  }

  /** Opens a URI as the core does: the one provider of its scheme, compared case-insensitively. */
  private static StorageBackend open(String uri, Map<String, String> options) {
    int colon = uri.indexOf(':');
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    List<StorageProvider> matches = storageProviders(MemoryStorageProviderTest.class
        .getClassLoader()).stream().filter(p -> p.scheme().equals(scheme))
        .collect(Collectors.toList());
    assertEquals(1, matches.size(), "providers of " + scheme + ": " + matches);
    return matches.get(0).open(uri.substring(colon + 1), options);
  }

  private static StorageBackend open(String uri) {
    return open(uri, Map.of());
  }

  @Test
  void serviceLoaderFindsTheProviderUnderItsScheme() {
    List<StorageProvider> providers =
        storageProviders(MemoryStorageProviderTest.class.getClassLoader());
    List<StorageProvider> memory = providers.stream().filter(p -> p.scheme().equals("memory"))
        .collect(Collectors.toList());
    assertEquals(1, memory.size(), "providers: " + providers);
    assertInstanceOf(MemoryStorageProvider.class, memory.get(0));
    assertTrue(memory.get(0).description().startsWith("memory:"));
  }

  @Test
  void memoryUriOpensAnEmptyStoreWithDefaults() {
    try (StorageBackend backend = open("memory:")) {
      InMemoryBackend store = assertInstanceOf(InMemoryBackend.class, backend);
      assertTrue(store.isEmpty());
      assertEquals(new BackendInfo("memory", "automatic", "unknown", null, null), store.info());
    }
  }

  @Test
  void everyOpenGivesAFreshStore() {
    try (StorageBackend first = open("memory:");
        StorageBackend second = open("MEMORY:")) {
      try (WriteTransaction tx = first.beginTransaction()) {
        tx.insert(Memory.builder("m1", "note", "t", "c").build());
        tx.commit();
      }
      assertNotSame(first, second);
      assertEquals(1, ((InMemoryBackend) first).size(RecordKind.MEMORY));
      assertTrue(((InMemoryBackend) second).isEmpty());
    }
  }

  @Test
  void optionsSetTheHeaderFacts() {
    Map<String, String> options = Map.of("storageMode", "manual", "schemaVersion", "011",
        "embeddingProvider", "transformers", "embeddingModel", "nomic-embed-text");
    try (StorageBackend backend = open("memory:", options)) {
      assertEquals(new BackendInfo("memory", "manual", "011", "transformers", "nomic-embed-text"),
          backend.info());
    }
  }

  @Test
  void unknownOptionIsRefusedNamingTheValidOnes() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new MemoryStorageProvider().open("", Map.of("readOnly", "true")));
    assertTrue(e.getMessage().contains("'readOnly'"), e.getMessage());
    for (String option : MemoryStorageProvider.OPTIONS) {
      assertTrue(e.getMessage().contains(option), e.getMessage());
    }
  }

  @Test
  void invalidStorageModeIsRefusedNamingTheValidOnes() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new MemoryStorageProvider().open("", Map.of("storageMode", "sometimes")));
    assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
    assertTrue(e.getMessage().contains("manual, suggested, automatic"), e.getMessage());
  }

  @Test
  void emptyOptionValueIsRefused() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new MemoryStorageProvider().open("", Map.of("schemaVersion", "")));
    assertTrue(e.getMessage().contains("schemaVersion"), e.getMessage());
  }

  @Test
  void locationIsRefusedBecauseStoresAreNeverShared() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> open("memory:shared"));
    assertTrue(e.getMessage().contains("memory:shared"), e.getMessage());
  }
}
