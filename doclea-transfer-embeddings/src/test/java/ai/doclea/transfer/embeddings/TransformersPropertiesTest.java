package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.spi.EmbeddingProvider;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Invariants of the real model over arbitrary text; the model is loaded once. */
class TransformersPropertiesTest {

  private static EmbeddingProvider provider;

  @BeforeContainer
  static void load() {
    provider = new TransformersEmbeddingProviderFactory()
        .create(ReferenceCache.options("all-MiniLM-L6-v2", "threads", "2"));
  }

  @AfterContainer
  static void close() {
    provider.close();
  }

  @Property(tries = 25)
  void anyTextsGiveFiniteUnitVectorsThatDoNotDependOnTheBatch(
      @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 300) String> texts) {
    List<float[]> batch = provider.embed(texts);
    assertEquals(texts.size(), batch.size());
    List<float[]> reversed = new ArrayList<>(provider.embed(reverse(texts)));
    for (int i = 0; i < texts.size(); i++) {
      float[] v = batch.get(i);
      assertEquals(384, v.length);
      double squares = 0;
      for (float x : v) {
        assertTrue(Float.isFinite(x), "finite components for " + texts.get(i));
        squares += x * x;
      }
      assertEquals(1.0, Math.sqrt(squares), 1e-5, "unit length for " + texts.get(i));
      assertArrayEquals(v, reversed.get(texts.size() - 1 - i), 1e-5f,
          "same vector in another position of another batch");
    }
  }

  private static List<String> reverse(List<String> texts) {
    List<String> copy = new ArrayList<>(texts);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
