package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.BuiltInConflictStrategy;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {

  /** Registered twice under one scheme in META-INF/services, to test the ambiguity error. */
  public static class TwinA implements StorageProvider {
    @Override public String scheme() { return "twin"; }
    @Override public StorageBackend open(String location, Map<String, String> options) {
      return InMemoryBackend.create();
    }
  }

  /** The second twin. */
  public static class TwinB extends TwinA {}

  /** A third-party strategy found by name. */
  public static class KeepLonger implements ConflictStrategy {
    @Override public String name() { return "keep-longer"; }
    @Override public Resolution resolve(TransferRecord existing, TransferRecord incoming) {
      return existing.toString().length() >= incoming.toString().length()
          ? Resolution.KEEP_EXISTING : Resolution.REPLACE;
    }
  }

  @Test
  void opensMemoryBackendByUri() {
    try (StorageBackend backend = Providers.openBackend("memory:")) {
      assertEquals("memory", backend.info().backendType());
    }
  }

  @Test
  void unknownSchemeListsWhatIsOnTheClassPath() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Providers.openBackend("postgres://db"));
    assertTrue(e.getMessage().contains("'postgres'") && e.getMessage().contains("memory")
        && e.getMessage().contains("MemoryStorageProvider"), e.getMessage());
    // The tests run on the class path; on the module path the message says "module path".
    assertTrue(e.getMessage().contains("on the class path"), e.getMessage());
  }

  @Test
  void uriWithoutSchemeIsRefused() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Providers.openBackend("local.db"));
    assertTrue(e.getMessage().contains("no scheme"), e.getMessage());
  }

  @Test
  void twoProvidersForOneSchemeAreRefusedNotGuessed() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Providers.openBackend("twin:x"));
    assertTrue(e.getMessage().contains("TwinA") && e.getMessage().contains("TwinB"),
        e.getMessage());
  }

  @Test
  void strategiesByName() {
    assertEquals(BuiltInConflictStrategy.OVERWRITE, Providers.conflictStrategy("Overwrite"));
    assertInstanceOf(KeepLonger.class, Providers.conflictStrategy("keep-longer"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Providers.conflictStrategy("newest"));
    assertTrue(e.getMessage().contains("skip") && e.getMessage().contains("keep-longer"),
        e.getMessage());
  }

  @Test
  void unknownEmbeddingProviderSaysNoneFound() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Providers.embeddingProvider("transformers", Map.of()));
    assertTrue(e.getMessage().contains("'transformers'") && e.getMessage().contains("none"),
        e.getMessage());
  }
}
