package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.spi.EmbeddingProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** all-MiniLM-L6-v2 from the test model cache, found through discovery, loaded once. */
class TransformersEmbeddingProviderTest {

  private static EmbeddingProvider provider;

  @BeforeAll
  static void loadThroughDiscovery() {
    provider = Providers.embeddingProvider("transformers",
        ReferenceCache.options("all-MiniLM-L6-v2", "threads", "2"));
  }

  @AfterAll
  static void close() {
    provider.close();
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  /** 4,000 characters of varied prose, about 800 tokens: well past the 512-token window. */
  static String longText() {
    return String.join(" ", EmbeddingThroughput.sampleTexts(200, 7)).substring(0, 4000);
  }

  @Test
  void discoveryFindsTheTransformersProviderWithDocleasNames() {
    assertInstanceOf(TransformersEmbeddingProvider.class, provider);
    assertEquals("transformers", provider.providerName());
    assertEquals("all-MiniLM-L6-v2", provider.modelName());
    assertEquals(384, provider.dimensions());
  }

  @Test
  void jwtDecisionIsCloserToTokenAuthThanToBananaBread() {
    List<float[]> v = provider.embed(List.of("We decided to use JWT for authentication",
        "token-based auth decision", "banana bread recipe"));
    double auth = cosine(v.get(0), v.get(1));
    double banana = cosine(v.get(0), v.get(2));
    assertTrue(auth > banana + 0.2,
        "cosine to 'token-based auth decision' " + auth + " vs 'banana bread recipe' " + banana);
  }

  @Test
  void missingIndexIsCloserToSlowQueryThanToACat() {
    List<float[]> v = provider.embed(List.of(
        "The search endpoint was slow because the tags column had no index",
        "query performance problem caused by a missing database index",
        "the cat sat on the mat in the sun"));
    assertTrue(cosine(v.get(0), v.get(1)) > cosine(v.get(0), v.get(2)) + 0.2,
        "related " + cosine(v.get(0), v.get(1)) + " vs unrelated " + cosine(v.get(0), v.get(2)));
  }

  @Test
  void vectorsHaveUnitLength() {
    List<String> texts = new ArrayList<>(EmbeddingThroughput.sampleTexts(6, 3));
    texts.addAll(List.of("", "   ", "x", "Ünïcödé – 日本語のテキスト 🚀", longText()));
    List<float[]> vectors = provider.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(384, vectors.get(i).length, "length of vector " + i);
      assertEquals(1.0, norm(vectors.get(i)), 1e-5, "norm of vector " + i + " for " + texts.get(i));
    }
  }

  @Test
  void sameTextGivesTheSameVectorWhateverItsBatch() {
    String text = "Retries use exponential backoff with jitter, capped at thirty seconds.";
    float[] alone = provider.embed(List.of(text)).get(0);
    float[] again = provider.embed(List.of(text)).get(0);
    List<String> batch = new ArrayList<>(List.of("short", text, longText(), text));
    batch.addAll(EmbeddingThroughput.sampleTexts(40, 2));
    List<float[]> mixed = provider.embed(batch);
    assertArrayEquals(alone, again, "deterministic");
    // Padded to its micro-batch's longest text and masked: equal but for float rounding.
    assertArrayEquals(alone, mixed.get(1), 1e-5f);
    assertArrayEquals(alone, mixed.get(3), 1e-5f);
    assertTrue(cosine(alone, mixed.get(1)) > 0.99999, "cosine " + cosine(alone, mixed.get(1)));
  }

  @Test
  void batchOfNGivesNVectorsInInputOrder() {
    List<String> texts = EmbeddingThroughput.sampleTexts(37, 11);
    List<float[]> batch = provider.embed(texts);
    assertEquals(37, batch.size());
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(384, batch.get(i).length);
    }
    for (int i : new int[] {0, 17, 36}) {
      assertArrayEquals(provider.embed(List.of(texts.get(i))).get(0), batch.get(i), 1e-5f,
          "vector " + i + " of the batch belongs to text " + i);
    }
    assertFalse(Arrays.equals(batch.get(0), batch.get(1)), "different texts, different vectors");
  }

  @Test
  void emptyBatchGivesNoVectors() {
    assertEquals(List.of(), provider.embed(List.of()));
  }

  @Test
  void nullTextIsRejectedWithItsIndex() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> provider.embed(Arrays.asList("a", null)));
    assertTrue(e.getMessage().contains("texts[1]"), e.getMessage());
  }

  @Test
  void textsPastTheWindowAreTruncatedAt512Tokens() {
    TransformersEmbeddingProvider minilm = (TransformersEmbeddingProvider) provider;
    String text = longText();
    assertEquals(512, minilm.tokenCount(text));
    assertEquals(512, minilm.tokenCount(text + " Bananas, bread and a recipe for cake."));
    assertTrue(minilm.tokenCount("We decided to use JWT") < 20);
    String firstThird = text.substring(0, text.length() / 3);
    assertTrue(minilm.tokenCount(firstThird) < 512, "first third fits the window");

    List<float[]> v = provider.embed(List.of(text,
        text + " Banana bread recipe with walnuts and cinnamon, baked for an hour.",
        firstThird));
    assertArrayEquals(v.get(0), v.get(1), 1e-6f, "text past the window is ignored");
    assertFalse(Arrays.equals(v.get(0), v.get(2)),
        "the window covers more than the first third of the text");
  }

  @Test
  void interruptedCallerGetsCancellationAndKeepsItsInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(TransferCancelledException.class,
          () -> provider.embed(EmbeddingThroughput.sampleTexts(8, 5)));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertEquals(2, provider.embed(List.of("still works", "after cancellation")).size());
  }
}
