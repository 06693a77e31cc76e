package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.spi.EmbeddingProvider;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A second configuration of the real model: one thread and a 16-token window. Loads it in one
 * test to keep the module fast.
 */
class SingleThreadShortWindowTest {

  @Test
  void oneThreadShortWindowAgreesOnShortTextsTruncatesLongOnesCancelsAndCloses() {
    List<String> shortTexts = List.of("We decided to use JWT for authentication",
        "banana bread recipe", "");
    String longer = "We decided to use JWT for authentication between the gateway and the"
        + " services of the billing platform";
    List<float[]> reference;
    try (EmbeddingProvider parallel = new TransformersEmbeddingProviderFactory()
        .create(ReferenceCache.options("all-MiniLM-L6-v2", "threads", "2"))) {
      reference = parallel.embed(shortTexts);
    }

    EmbeddingProvider single = new TransformersEmbeddingProviderFactory().create(
        ReferenceCache.options("all-MiniLM-L6-v2", "threads", "1", "maxTokens", "16"));
    TransformersEmbeddingProvider minilm = (TransformersEmbeddingProvider) single;
    assertEquals(16, minilm.window());

    List<float[]> singleVectors = single.embed(shortTexts);
    for (int i = 0; i < shortTexts.size(); i++) {
      assertArrayEquals(reference.get(i), singleVectors.get(i), 1e-5f,
          "one thread and two threads agree on '" + shortTexts.get(i) + "'");
    }

    assertEquals(16, minilm.tokenCount(longer));
    List<float[]> cut = single.embed(List.of(longer, longer + " and banana bread recipes",
        "We decided to use JWT"));
    assertArrayEquals(cut.get(0), cut.get(1), 1e-6f,
        "tokens past the 16-token window are ignored");
    assertFalse(Arrays.equals(cut.get(0), cut.get(2)), "every id inside the window counts");

    Thread.currentThread().interrupt();
    try {
      assertThrows(TransferCancelledException.class, () -> single.embed(shortTexts));
    } finally {
      Thread.interrupted();
    }

    single.close();
    single.close();
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> single.embed(List.of("x")));
    assertEquals("This transformers/all-MiniLM-L6-v2 (384 dimensions, 1 threads, 16-token window,"
        + " closed) embedding provider is closed", closed.getMessage());
  }
}
