package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.JsonParser;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SampleKnowledgeBaseTest {

  @Property(tries = 25)
  void everyReferenceResolvesAndEveryIdIsUnique(@ForAll @IntRange(min = 10, max = 400) int size,
      @ForAll long seed) {
    SampleKnowledgeBase.Contents kb = SampleKnowledgeBase.generate(size, seed, Fixtures.NOW);

    for (RecordKind k : RecordKind.values()) {
      Set<String> ids = new HashSet<>();
      for (TransferRecord r : kb.records(k)) {
        assertTrue(ids.add(r.id()), () -> "duplicate " + k + " id " + r.id());
      }
    }
    Set<String> memories = kb.memories().stream().map(Memory::id).collect(Collectors.toSet());
    Set<String> documents = kb.documents().stream().map(Document::id).collect(Collectors.toSet());
    for (Chunk c : kb.chunks()) {
      assertTrue(documents.contains(c.documentId()), c.toString());
    }
    for (MemoryRelation r : kb.memoryRelations()) {
      assertTrue(memories.contains(r.sourceId()) && memories.contains(r.targetId()));
    }
    for (CrossLayerRelation r : kb.crossLayerRelations()) {
      assertTrue(memories.contains(r.memoryId()));
    }
    kb.pendingMemories().forEach(p -> JsonParser.parseString(p.memoryData())
        .getAsJsonObject());
    assertEquals(size, kb.memories().size());
  }

  @Property(tries = 20)
  void timestampsLieBeforeNow(@ForAll long seed) {
    SampleKnowledgeBase.Contents kb = SampleKnowledgeBase.generate(30, seed, Fixtures.NOW);

    for (Memory m : kb.memories()) {
      assertTrue(m.createdAt() <= m.accessedAt() && m.accessedAt() <= Fixtures.NOW, m.id());
    }
    for (MemoryRelation r : kb.memoryRelations()) {
      assertTrue(r.createdAt() <= Fixtures.NOW * 1000, "memory relations use milliseconds");
    }
  }

  @Test
  void chunksCoverTheirTextInTheDocument() {
    SampleKnowledgeBase.Contents kb = Fixtures.small();

    for (Chunk c : kb.chunks()) {
      Document d = kb.documents().stream().filter(x -> x.id().equals(c.documentId()))
          .findFirst().orElseThrow();
      assertEquals(c.content(), d.content().substring(c.startOffset().intValue(),
          c.endOffset().intValue()));
    }
  }

  @Test
  void theSameSeedGivesTheSameRecords() {
    assertEquals(SampleKnowledgeBase.generate(50, 3, Fixtures.NOW),
        SampleKnowledgeBase.generate(50, 3, Fixtures.NOW));
  }

  @Test
  void theDemoSizeIsRealistic() {
    SampleKnowledgeBase.Contents kb = SampleKnowledgeBase.generate(300, 20240117, Fixtures.NOW);

    assertEquals(Set.copyOf(Memory.KNOWN_TYPES),
        kb.memories().stream().map(Memory::type).collect(Collectors.toSet()));
    assertTrue(kb.memories().stream().anyMatch(m -> m.content().length() > 20_000),
        "one long memory");
    assertTrue(kb.memories().stream().anyMatch(m -> m.content().chars().anyMatch(ch -> ch > 127)),
        "non-ASCII text");
    assertTrue(kb.documents().size() >= 10 && kb.chunks().size() > kb.documents().size());
    assertTrue(kb.memoryRelations().size() >= 100 && kb.crossLayerRelations().size() >= 50);
    assertTrue(kb.pendingMemories().size() >= 20);
  }
}
