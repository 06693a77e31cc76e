package ai.doclea.transfer.embeddings.minilm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Option parsing; no model is loaded. */
class MiniLmOptionsTest {

  @Test
  void emptyOrNullOptionsGiveOneThreadPerProcessorAndTheFullWindow() {
    MiniLmOptions expected =
        new MiniLmOptions(Runtime.getRuntime().availableProcessors(), 512);
    assertEquals(expected, MiniLmOptions.parse(Map.of()));
    assertEquals(expected, MiniLmOptions.parse(null));
  }

  @Test
  void knownOptionsAreRead() {
    assertEquals(new MiniLmOptions(3, 256),
        MiniLmOptions.parse(Map.of("threads", "3", "maxTokens", " 256 ")));
  }

  @Test
  void nullValueMeansDefault() {
    Map<String, String> options = new HashMap<>();
    options.put("threads", null);
    assertEquals(MiniLmOptions.defaults(), MiniLmOptions.parse(options));
  }

  @Test
  void unknownKeyFailsBeforeAnyModelIsLoadedAndListsTheKnownKeys() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> new MiniLmEmbeddingProviderFactory().create(Map.of("thread", "2")));
    assertTrue(e.getMessage().contains("no option 'thread'"), e.getMessage());
    assertTrue(e.getMessage().contains("[maxTokens, threads]"), e.getMessage());
  }

  @Test
  void nonNumericValueNamesKeyAndValue() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> MiniLmOptions.parse(Map.of("threads", "two")));
    assertTrue(e.getMessage().contains("'threads' is 'two'"), e.getMessage());
  }

  @Test
  void windowLargerThanTheModelsIsRejected() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> MiniLmOptions.parse(Map.of("maxTokens", "513")));
    assertTrue(e.getMessage().contains("between 2 and 512"), e.getMessage());
  }

  @Property(tries = 50)
  void threadCountsInRangeAreAccepted(@ForAll @IntRange(min = 1, max = 256) int threads) {
    assertEquals(threads,
        MiniLmOptions.parse(Map.of("threads", Integer.toString(threads))).threads());
  }

  @Property(tries = 50)
  void threadCountsOutOfRangeAreRejected(@ForAll int threads) {
    if (threads >= 1 && threads <= 256) {
      return;
    }
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> MiniLmOptions.parse(Map.of("threads", Integer.toString(threads))));
    assertTrue(e.getMessage().contains("between 1 and 256"), e.getMessage());
  }

  @Test
  void factoryIsNamedTransformersAndDescribesTheModel() {
    MiniLmEmbeddingProviderFactory factory = new MiniLmEmbeddingProviderFactory();
    assertEquals("transformers", factory.name());
    assertTrue(factory.description().contains("all-MiniLM-L6-v2"), factory.description());
  }
}
