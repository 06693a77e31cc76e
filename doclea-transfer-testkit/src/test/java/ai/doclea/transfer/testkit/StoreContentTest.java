package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.StoredVector;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;

class StoreContentTest {
  static Memory memory(String id, String title) {
    return Memory.builder(id, "note", title, "c").build();
  }

  static StoredVector vector(String id, float... v) {
    return new StoredVector(id, "p", "m", v);
  }

  @Provide
  Arbitrary<StoreContent> stores() {
    return Generators.storesWithVectors();
  }

  @Property(tries = 50)
  void loadIntoThenReadGivesTheSameContent(@ForAll("stores") StoreContent content) {
    InMemoryBackend backend = InMemoryBackend.create();
    content.loadInto(backend);
    StoreContent read = StoreContent.read(backend);
    assertEquals(content, read);
    assertEquals(content.hashCode(), read.hashCode());
    assertEquals("", read.differencesFrom(content));
  }

  @Example
  void recordsAreSortedByIdWhateverTheInputOrder() {
    StoreContent c = StoreContent.of(memory("b", "t"), memory("a", "t"), memory("c", "t"));
    assertEquals(List.of("a", "b", "c"), List.copyOf(c.ids(RecordKind.MEMORY)));
    assertEquals(StoreContent.of(memory("a", "t"), memory("c", "t"), memory("b", "t")), c);
  }

  @Example
  void twoRecordsWithOneIdAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoreContent.of(memory("a", "x"), memory("a", "y")));
    assertTrue(e.getMessage().contains("\"a\""), e.getMessage());
  }

  @Example
  void vectorsCompareByValue() {
    StoreContent base = StoreContent.of(memory("a", "t"));
    assertEquals(base.withVectors(List.of(vector("a", 1f, 2f))),
        base.withVectors(List.of(vector("a", 1f, 2f))));
    assertNotEquals(base.withVectors(List.of(vector("a", 1f, 2f))),
        base.withVectors(List.of(vector("a", 1f, 3f))));
    assertNotEquals(base, base.withVectors(List.of(vector("a", 1f))));
    assertThrows(IllegalArgumentException.class, () -> base.withVectors(List.of(vector("b"))));
  }

  @Example
  void differencesNameTheKindIdAndField() {
    StoreContent expected = StoreContent.of(memory("a", "old"), memory("b", "t"))
        .withVectors(List.of(vector("a", 1f)));
    StoreContent actual = StoreContent.of(memory("a", "new\u2028"), memory("c", "t"));
    String diff = actual.differencesFrom(expected);
    assertTrue(diff.contains("memory \"a\" differs: title expected \"old\" but was"
        + " \"new\\u2028\""), diff);
    assertTrue(diff.contains("memory \"b\" is missing"), diff);
    assertTrue(diff.contains("memory \"c\" is unexpected"), diff);
    assertTrue(diff.contains("vector of memory \"a\" is missing"), diff);
  }

  @Example
  void differencesInLongStringsShowTheFirstDifferingPlace() {
    String longText = "x".repeat(500);
    StoreContent expected = StoreContent.of(new Document("d", "t", longText + "A", null, 1L, 2L));
    StoreContent actual = StoreContent.of(new Document("d", "t", longText + "B", null, 1L, 2L));
    String diff = actual.differencesFrom(expected);
    assertTrue(diff.contains("content differs at char 500"), diff);
    assertTrue(diff.contains("xA\"") && diff.contains("xB\""), diff);
  }

  @Example
  void mergesFollowSkipAndOverwrite() {
    StoreContent existing = StoreContent.of(memory("a", "old"), memory("b", "t"))
        .withVectors(List.of(vector("a", 1f), vector("b", 2f)));
    StoreContent incoming = StoreContent.of(memory("a", "new"), memory("n", "t"));
    StoreContent skip = existing.mergeKeepingExisting(incoming);
    assertEquals(StoreContent.of(memory("a", "old"), memory("b", "t"), memory("n", "t"))
        .withVectors(List.of(vector("a", 1f), vector("b", 2f))), skip);
    StoreContent overwrite = existing.mergeReplacingExisting(incoming);
    assertEquals(StoreContent.of(memory("a", "new"), memory("b", "t"), memory("n", "t"))
        .withVectors(List.of(vector("b", 2f))), overwrite);
  }

  @Example
  void withoutSectionsEmptiesThemAndMemoriesTakeTheirVectors() {
    StoreContent c = StoreContent.of(memory("a", "t"), new Document("d", "t", "c", null, null,
        null)).withVectors(List.of(vector("a", 1f)));
    assertEquals(0, c.withoutSections(RecordKind.DOCUMENT).size(RecordKind.DOCUMENT));
    assertEquals(1, c.withoutSections(RecordKind.DOCUMENT).vectors().size());
    assertTrue(c.withoutSections(RecordKind.MEMORY).vectors().isEmpty());
    assertEquals(2, c.size());
  }

  @Example
  void readSeesOneIdTwiceAsABackendDefect() {
    InMemoryBackend store = InMemoryBackend.create();
    store.load(memory("a", "t"));
    // a snapshot that streams its memories twice
    ai.doclea.transfer.spi.ReadSnapshot twice = new ai.doclea.transfer.spi.ReadSnapshot() {
      @Override
      public ai.doclea.transfer.spi.RecordCursor<? extends ai.doclea.transfer.api.TransferRecord>
          read(RecordKind kind) {
        List<ai.doclea.transfer.api.TransferRecord> all = new java.util.ArrayList<>(
            store.records(kind));
        all.addAll(store.records(kind));
        java.util.Iterator<ai.doclea.transfer.api.TransferRecord> it = all.iterator();
        return new ai.doclea.transfer.spi.RecordCursor<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public ai.doclea.transfer.api.TransferRecord next() {
            return it.next();
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public java.util.Optional<StoredVector> vector(String memoryId) {
        return java.util.Optional.empty();
      }

      @Override
      public void close() {}
    };
    AssertionError e = assertThrows(AssertionError.class, () -> StoreContent.read(twice));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }
}
