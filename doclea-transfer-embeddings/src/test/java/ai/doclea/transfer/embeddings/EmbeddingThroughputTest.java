package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.spi.EmbeddingProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The measuring utility, with a fake provider; not a timing test of the model. */
class EmbeddingThroughputTest {

  /** Records batch sizes; sleeps a fixed time per call. */
  static final class FakeProvider implements EmbeddingProvider {
    final List<Integer> batches = new ArrayList<>();
    final long sleepMillis;
    final int missing;

    FakeProvider(long sleepMillis, int missing) {
      this.sleepMillis = sleepMillis;
      this.missing = missing;
    }

    @Override
    public String providerName() {
      return "fake";
    }

    @Override
    public String modelName() {
      return "fake-model";
    }

    @Override
    public int dimensions() {
      return 2;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      batches.add(texts.size());
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < texts.size() - missing; i++) {
        out.add(new float[] {1, 0});
      }
      return out;
    }
  }

  @Test
  void measureEmbedsEveryTextInConsecutiveBatches() {
    FakeProvider fake = new FakeProvider(0, 0);
    double rate = EmbeddingThroughput.measure(fake, 8, EmbeddingThroughput.sampleTexts(20, 1));
    assertEquals(List.of(8, 8, 4), fake.batches);
    assertTrue(rate > 0, "rate " + rate);
  }

  @Test
  void rateCountsTextsPerSecondOfEmbedCalls() {
    FakeProvider fake = new FakeProvider(20, 0);
    double rate = EmbeddingThroughput.measure(fake, 5, EmbeddingThroughput.sampleTexts(20, 1));
    // Four calls that each sleep at least 20 ms: at most 20 texts / 0.08 s. (No lower bound: how
    // long a busy machine takes is not this test's business.)
    assertTrue(rate <= 250.0, "rate " + rate);
    assertTrue(rate > 0, "rate " + rate);
  }

  @Test
  void medianWarmsUpThenMeasuresEachRun() {
    FakeProvider fake = new FakeProvider(0, 0);
    double rate = EmbeddingThroughput.median(fake, 4, EmbeddingThroughput.sampleTexts(8, 1), 3);
    assertEquals(List.of(4, 4, 4, 4, 4, 4, 4), fake.batches);
    assertTrue(rate > 0);
  }

  @Test
  void providerReturningTooFewVectorsIsReported() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EmbeddingThroughput.measure(new FakeProvider(0, 1), 4, List.of("a", "b")));
    assertEquals("fake/fake-model returned 1 vectors for 2 texts", e.getMessage());
  }

  @Test
  void badArgumentsAreRejected() {
    FakeProvider fake = new FakeProvider(0, 0);
    assertThrows(IllegalArgumentException.class,
        () -> EmbeddingThroughput.measure(fake, 0, List.of("a")));
    assertThrows(IllegalArgumentException.class,
        () -> EmbeddingThroughput.measure(fake, 1, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> EmbeddingThroughput.median(fake, 1, List.of("a"), 0));
  }

  @Test
  void sampleTextsAreMemoryShapedAndRepeatableBySeed() {
    List<String> texts = EmbeddingThroughput.sampleTexts(50, 9);
    assertEquals(50, texts.size());
    assertEquals(texts, EmbeddingThroughput.sampleTexts(50, 9));
    assertNotEquals(texts, EmbeddingThroughput.sampleTexts(50, 10));
    for (String text : texts) {
      assertTrue(text.contains("\n\n"), "title, blank line, content: " + text);
    }
    assertTrue(texts.stream().anyMatch(t -> t.length() > 3000), "some texts are long");
  }
}
