package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Example;

/**
 * Regression tests for what the generated round trips found: memoryData keys holding U+2028 were
 * escaped on export and changed by a round trip. Doclea's server writes with {@code
 * JSON.stringify}, which leaves U+2028 and U+2029 raw in keys as in values.
 */
class MemoryDataRoundTripTest {

  private static final String DATA = "{\"id\":\"mem_1\",\"qdrantId\":\"q1\",\"a\u2028b\":1,"
      + "\"c\":\"d\u2029e\"}";

  @Example
  void lineSeparatorInAMemoryDataKeyIsWrittenRawLikeJsonStringify() {
    InMemoryBackend source = InMemoryBackend.builder()
        .add(new PendingMemory("pnd_1", DATA, 1L, "import", "r")).build();
    String file = new String(KitSupport.exportBytes(source,
        TransferContractTest.exportOptions().build()), StandardCharsets.UTF_8);
    assertTrue(file.contains("\"c\": \"d\u2029e\""), "the value is raw: " + file);
    assertTrue(file.contains("\"a\u2028b\": 1"), "the key must be raw too: " + file);
  }

  @Example
  void lineSeparatorInAMemoryDataKeySurvivesARoundTripUnchanged() {
    InMemoryBackend source = InMemoryBackend.builder()
        .add(new PendingMemory("pnd_1", DATA, 1L, "import", "r")).build();
    InMemoryBackend target = InMemoryBackend.create();
    KitSupport.assertSucceeded(KitSupport.importBytes(target, KitSupport.exportBytes(source,
        TransferContractTest.exportOptions().build()), ImportOptions.defaults()), "import");
    assertEquals(DATA, target.records(PendingMemory.class).get(0).memoryData());
  }
}
