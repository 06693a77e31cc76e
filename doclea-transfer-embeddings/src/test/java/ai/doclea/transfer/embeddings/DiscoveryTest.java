package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.doclea.transfer.Providers;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ServiceLoader registration, without loading the model. */
class DiscoveryTest {

  @Test
  void exactlyOneFactoryIsRegisteredAndItIsNamedTransformers() {
    List<EmbeddingProviderFactory> factories =
        Providers.embeddingProviderFactories(getClass().getClassLoader());
    assertEquals(1, factories.size(), "factories found: " + factories);
    assertInstanceOf(TransformersEmbeddingProviderFactory.class, factories.get(0));
    assertEquals("transformers", factories.get(0).name());
  }
}
