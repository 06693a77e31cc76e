package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Option parsing, Doclea's names and default cache; no model is loaded. */
class TransformersOptionsTest {

  @Test
  void emptyOrNullOptionsGiveDocleasDefaultModelAndCache() {
    TransformersOptions expected = new TransformersOptions("mxbai-embed-xsmall-v1",
        TransformersEmbeddingProviderFactory.defaultCacheDir(), 0,
        Runtime.getRuntime().availableProcessors(), 0);
    assertEquals(expected, TransformersOptions.parse(Map.of()));
    assertEquals(expected, TransformersOptions.parse(null));
    assertEquals("mixedbread-ai/mxbai-embed-xsmall-v1", expected.huggingFaceId());
  }

  @Test
  void knownOptionsAreRead() {
    assertEquals(new TransformersOptions("org/custom", Path.of("/models"), 128, 3, 256),
        TransformersOptions.parse(Map.of("model", "org/custom", "cacheDir", "/models",
            "dimensions", "128", "threads", "3", "maxTokens", " 256 ")));
  }

  @Test
  void nullValueMeansDefault() {
    Map<String, String> options = new HashMap<>();
    options.put("threads", null);
    options.put("model", null);
    assertEquals(TransformersOptions.parse(Map.of()), TransformersOptions.parse(options));
  }

  @Test
  void docleasKnownNamesMapToTheirHuggingFaceIdsAndAnythingElseIsAnId() {
    assertEquals("mixedbread-ai/mxbai-embed-xsmall-v1",
        TransformersEmbeddingProviderFactory.huggingFaceId("mxbai-embed-xsmall-v1"));
    assertEquals("Xenova/all-MiniLM-L6-v2",
        TransformersEmbeddingProviderFactory.huggingFaceId("all-MiniLM-L6-v2"));
    assertEquals("onnx-community/embeddinggemma-300m-ONNX",
        TransformersEmbeddingProviderFactory.huggingFaceId("embeddinggemma-300m"));
    assertEquals("Snowflake/snowflake-arctic-embed-m-v2.0",
        TransformersEmbeddingProviderFactory.huggingFaceId("snowflake-arctic-embed-m"));
    assertEquals("Xenova/all-mpnet-base-v2",
        TransformersEmbeddingProviderFactory.huggingFaceId("all-mpnet-base-v2"));
    assertEquals("BAAI/bge-small-en-v1.5",
        TransformersEmbeddingProviderFactory.huggingFaceId("BAAI/bge-small-en-v1.5"));
  }

  @Test
  void defaultCacheIsXdgCacheHomeElseDotCacheInTheHomeDirectory() {
    assertEquals(Path.of("/xdg/doclea/transformers"),
        TransformersEmbeddingProviderFactory.defaultCacheDir("/xdg", "/home/u"));
    assertEquals(Path.of("/home/u/.cache/doclea/transformers"),
        TransformersEmbeddingProviderFactory.defaultCacheDir(null, "/home/u"));
    assertEquals(Path.of("/home/u/.cache/doclea/transformers"),
        TransformersEmbeddingProviderFactory.defaultCacheDir("", "/home/u"));
  }

  @Test
  void unknownKeyFailsBeforeAnyModelIsLoadedAndListsTheKnownKeys() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new TransformersEmbeddingProviderFactory().create(Map.of("thread", "2")));
    assertEquals("Embedding provider 'transformers' has no option 'thread'. Known options:"
        + " [cacheDir, dimensions, maxTokens, model, threads].", e.getMessage());
  }

  @Test
  void nonNumericValueNamesKeyAndValue() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TransformersOptions.parse(Map.of("threads", "two")));
    assertTrue(e.getMessage().contains("'threads' is 'two'"), e.getMessage());
  }

  @Test
  void dimensionsMustBePositive() {
    for (String bad : new String[] {"0", "-3"}) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> TransformersOptions.parse(Map.of("dimensions", bad)));
      assertTrue(e.getMessage().contains("'dimensions' is " + bad + "; it must be a positive"),
          e.getMessage());
    }
  }

  @Test
  void windowBelowTwoTokensIsRejected() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TransformersOptions.parse(Map.of("maxTokens", "1")));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
  }

  @Test
  void emptyModelNameIsRejected() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TransformersOptions.parse(Map.of("model", " ")));
    assertTrue(e.getMessage().contains("option 'model' is empty"), e.getMessage());
  }

  @Property(tries = 50)
  void threadCountsInRangeAreAccepted(@ForAll @IntRange(min = 1, max = 256) int threads) {
    assertEquals(threads,
        TransformersOptions.parse(Map.of("threads", Integer.toString(threads))).threads());
  }

  @Property(tries = 50)
  void threadCountsOutOfRangeAreRejected(@ForAll int threads) {
    if (threads >= 1 && threads <= 256) {
      return;
    }
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> TransformersOptions.parse(Map.of("threads", Integer.toString(threads))));
    assertTrue(e.getMessage().contains("between 1 and 256"), e.getMessage());
  }

  @Test
  void factoryIsNamedTransformersAndNamesDocleasDefaultModel() {
    TransformersEmbeddingProviderFactory factory = new TransformersEmbeddingProviderFactory();
    assertEquals("transformers", factory.name());
    assertTrue(factory.description().contains("mxbai-embed-xsmall-v1"), factory.description());
  }
}
