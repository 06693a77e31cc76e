package ai.doclea.transfer.examples.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.ConflictStrategy.Resolution;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewestWinsConflictStrategyTest {
  private final ConflictStrategy strategy = new NewestWinsConflictStrategy();

  private static Memory memory(Long accessedAt, String title) {
    return Memory.builder("mem_1", "note", title, "content").accessedAt(accessedAt).build();
  }

  private static Document document(Long updatedAt, String title) {
    return new Document("doc_1", title, "content", null, 1L, updatedAt);
  }

  @Test
  void isFoundByNameThroughServiceLoader() {
    assertInstanceOf(NewestWinsConflictStrategy.class,
        Providers.conflictStrategy("newest-wins"));
    assertInstanceOf(NewestWinsConflictStrategy.class,
        ImportOptions.builder().conflictStrategy("Newest-Wins").build().conflictStrategy());
  }

  @Property(tries = 200)
  void memoryIsReplacedExactlyWhenTheIncomingOneWasAccessedLater(@ForAll Long existing,
      @ForAll Long incoming) {
    Resolution expected = incoming != null && (existing == null || incoming > existing)
        ? Resolution.REPLACE : Resolution.KEEP_EXISTING;

    assertEquals(expected, strategy.resolve(memory(existing, "old"), memory(incoming, "new")));
  }

  @Property(tries = 200)
  void documentIsReplacedExactlyWhenTheIncomingOneWasUpdatedLater(@ForAll Long existing,
      @ForAll Long incoming) {
    Resolution expected = incoming != null && (existing == null || incoming > existing)
        ? Resolution.REPLACE : Resolution.KEEP_EXISTING;

    assertEquals(expected,
        strategy.resolve(document(existing, "old"), document(incoming, "new")));
  }

  @Property(tries = 50)
  void neverFails(@ForAll Long a, @ForAll Long b) {
    assertEquals(false, strategy.resolve(memory(a, "x"), memory(b, "y")) == Resolution.FAIL);
  }

  @Test
  void otherKindsKeepTheExistingRecord() {
    MemoryRelation existing = new MemoryRelation("rel_1", "a", "b", "references", 1, null, 1L);
    MemoryRelation incoming = new MemoryRelation("rel_1", "a", "b", "references", 1, null, 99L);

    assertEquals(Resolution.KEEP_EXISTING, strategy.resolve(existing, incoming));
  }

  @Test
  void anImportWithItKeepsTheNewerOfEachPair(@TempDir Path dir) {
    Path file = dir.resolve("export.json");
    Memory newerInFile = Memory.builder("mem_a", "note", "from file", "x").accessedAt(200L)
        .build();
    Memory olderInFile = Memory.builder("mem_b", "note", "from file", "y").accessedAt(100L)
        .build();
    try (InMemoryBackend source = InMemoryBackend.builder().add(newerInFile, olderInFile).build();
        InMemoryBackend target = InMemoryBackend.builder()
            .add(newerInFile.toBuilder().title("in store").accessedAt(150L).build(),
                olderInFile.toBuilder().title("in store").accessedAt(150L).build())
            .build()) {
      Transfer.export(source, file, ExportOptions.defaults()).orThrow();

      ImportResult result = Transfer.importFrom(target, file,
          ImportOptions.builder().conflictStrategy("newest-wins").build()).orThrow();

      assertEquals(1, result.section(RecordKind.MEMORY).overwritten());
      assertEquals(1, result.section(RecordKind.MEMORY).skipped());
      assertEquals("from file",
          ((Memory) target.record(RecordKind.MEMORY, "mem_a").orElseThrow()).title());
      assertEquals("in store",
          ((Memory) target.record(RecordKind.MEMORY, "mem_b").orElseThrow()).title());
    }
  }
}
