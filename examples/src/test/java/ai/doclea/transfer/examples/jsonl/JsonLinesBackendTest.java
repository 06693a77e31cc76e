package ai.doclea.transfer.examples.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.cli.SampleKnowledgeBase;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesBackendTest {
  @TempDir Path dir;

  private StorageBackend create() {
    return Providers.openBackend("jsonl:" + dir.resolve("kb"), Map.of("create", "true"));
  }

  private static List<TransferRecord> all(ReadSnapshot snapshot, RecordKind kind) {
    List<TransferRecord> out = new ArrayList<>();
    try (RecordCursor<? extends TransferRecord> c = snapshot.read(kind)) {
      c.forEachRemaining(out::add);
    }
    return out;
  }

  private static Memory memory(String id, String title) {
    return Memory.builder(id, "note", title, "content of " + id).accessedAt(5L).build();
  }

  @Test
  void isFoundByItsSchemeAndDescribesItself() {
    assertTrue(Providers.storageProviders(null).stream()
        .anyMatch(p -> p instanceof JsonLinesStorageProvider));
    try (StorageBackend b = create()) {
      assertEquals("jsonl", b.info().backendType());
      assertEquals("automatic", b.info().storageMode());
    }
  }

  @Test
  void committedRecordsOfEveryKindReadBackEqualAndSurviveReopening() {
    SampleKnowledgeBase.Contents kb = SampleKnowledgeBase.generate(30, 9, 1_760_000_000L);
    try (StorageBackend b = create()) {
      SampleKnowledgeBase.writeTo(b, kb);
    }
    try (StorageBackend b = Providers.openBackend("jsonl:" + dir.resolve("kb"));
        ReadSnapshot s = b.openSnapshot()) {
      for (RecordKind k : RecordKind.values()) {
        assertEquals(kb.records(k), all(s, k), k.sectionName());
        assertEquals(kb.records(k).size(), s.count(k).orElseThrow());
      }
    }
  }

  @Test
  void rollbackAndCloseWithoutCommitLeaveTheStoreUnchanged() {
    try (StorageBackend b = create()) {
      try (WriteTransaction tx = b.beginTransaction()) {
        tx.insert(memory("mem_1", "one"));
        tx.rollback();
      }
      try (WriteTransaction tx = b.beginTransaction()) {
        tx.insert(memory("mem_2", "two"));
      }
      try (ReadSnapshot s = b.openSnapshot()) {
        assertTrue(all(s, RecordKind.MEMORY).isEmpty());
      }
    }
  }

  @Test
  void aSnapshotKeepsSeeingTheStoreAsItWasWhenOpened() {
    try (StorageBackend b = create()) {
      try (WriteTransaction tx = b.beginTransaction()) {
        tx.insert(memory("mem_1", "one"));
        tx.commit();
      }
      try (ReadSnapshot before = b.openSnapshot()) {
        try (WriteTransaction tx = b.beginTransaction()) {
          tx.replace(memory("mem_1", "changed"));
          tx.insert(memory("mem_2", "two"));
          tx.commit();
        }
        assertEquals(List.of(memory("mem_1", "one")), all(before, RecordKind.MEMORY));
        try (ReadSnapshot after = b.openSnapshot()) {
          assertEquals(List.of(memory("mem_1", "changed"), memory("mem_2", "two")),
              all(after, RecordKind.MEMORY));
        }
      }
    }
  }

  @Test
  void aTransactionSeesItsOwnWrites() {
    try (StorageBackend b = create(); WriteTransaction tx = b.beginTransaction()) {
      tx.insert(memory("mem_1", "one"));

      assertEquals(Set.of("mem_1"), tx.existingIds(RecordKind.MEMORY, List.of("mem_1", "x")));
      assertEquals(memory("mem_1", "one"), tx.find(RecordKind.MEMORY, List.of("mem_1"))
          .get("mem_1"));
    }
  }

  @Test
  void findLoadsCommittedRecords() {
    try (StorageBackend b = create()) {
      try (WriteTransaction tx = b.beginTransaction()) {
        tx.insertAll(List.of(memory("mem_1", "one"), memory("mem_2", "two")));
        tx.commit();
      }
      try (WriteTransaction tx = b.beginTransaction()) {
        assertEquals(Map.of("mem_2", memory("mem_2", "two")),
            tx.find(RecordKind.MEMORY, List.of("mem_2", "mem_9")));
      }
    }
  }

  @Test
  void insertingAnExistingIdAndReplacingAMissingOneFail() {
    try (StorageBackend b = create(); WriteTransaction tx = b.beginTransaction()) {
      tx.insert(memory("mem_1", "one"));

      assertThrows(BackendException.class, () -> tx.insert(memory("mem_1", "again")));
      assertThrows(BackendException.class, () -> tx.replace(memory("mem_9", "nine")));
    }
  }

  @Test
  void replacingAMemoryDeletesItsVectorAndNewVectorsSetTheEmbeddingFacts() {
    try (StorageBackend b = create()) {
      try (WriteTransaction tx = b.beginTransaction()) {
        tx.insert(memory("mem_1", "one"));
        tx.insert(memory("mem_2", "two"));
        tx.storeVector(new StoredVector("mem_1", "transformers", "mini", new float[] {1, 2}));
        tx.storeVector(new StoredVector("mem_2", "transformers", "mini", new float[] {3, 4}));
        tx.commit();
      }
      assertEquals("transformers", b.info().embeddingProvider());
      assertEquals("mini", b.info().embeddingModel());
      try (WriteTransaction tx = b.beginTransaction()) {
        tx.replace(memory("mem_1", "changed"));
        tx.commit();
      }
      try (ReadSnapshot s = b.openSnapshot()) {
        assertTrue(s.vector("mem_1").isEmpty());
        assertEquals(4f, s.vector("mem_2").orElseThrow().vector()[1]);
      }
    }
  }

  @Test
  void oneTransactionAtATimeAndNoneWhenReadOnly() {
    try (StorageBackend b = create(); WriteTransaction first = b.beginTransaction()) {
      assertThrows(BackendException.class, b::beginTransaction);
      first.rollback();
    }
    try (StorageBackend b = Providers.openBackend("jsonl:" + dir.resolve("kb"),
        Map.of("readOnly", "true"))) {
      assertThrows(BackendException.class, b::beginTransaction);
    }
  }

  @Test
  void oldGenerationsAreDeletedOnceNoSnapshotReadsThem() throws Exception {
    try (StorageBackend b = create()) {
      for (int i = 0; i < 4; i++) {
        try (WriteTransaction tx = b.beginTransaction()) {
          tx.insert(memory("mem_" + i, "m"));
          tx.commit();
        }
      }
    }
    try (var entries = Files.list(dir.resolve("kb"))) {
      assertEquals(List.of("CURRENT", "gen-000004"),
          entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void missingStoreWithoutCreateAndUnknownOptionsAreClearErrors() {
    BackendException missing = assertThrows(BackendException.class,
        () -> Providers.openBackend("jsonl:" + dir.resolve("none")));
    assertTrue(missing.getMessage().contains("create=true"), missing.getMessage());

    ConfigurationException unknown = assertThrows(ConfigurationException.class,
        () -> Providers.openBackend("jsonl:" + dir, Map.of("colour", "blue")));
    assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());

    assertInstanceOf(ConfigurationException.class, assertThrows(RuntimeException.class,
        () -> Providers.openBackend("jsonl:" + dir, Map.of("storageMode", "often"))));
  }

  @Test
  void refusesToCreateAStoreInADirectoryThatHoldsOtherFiles() throws Exception {
    Path other = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(other.resolve("cat.jpg"), "meow");

    assertThrows(BackendException.class,
        () -> Providers.openBackend("jsonl:" + other, Map.of("create", "true")));
    assertEquals(List.of("cat.jpg"),
        Files.list(other).map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void aDamagedLineIsReportedWithFileAndLineNumber() throws Exception {
    try (StorageBackend b = create()) {
      try (WriteTransaction tx = b.beginTransaction()) {
        tx.insert(memory("mem_1", "one"));
        tx.commit();
      }
    }
    Path file = dir.resolve("kb/gen-000001/memories.jsonl");
    Files.writeString(file, Files.readString(file) + "{\"id\":\"mem_2\",\"type\":\n");

    try (StorageBackend b = Providers.openBackend("jsonl:" + dir.resolve("kb"));
        ReadSnapshot s = b.openSnapshot()) {
      BackendException e = assertThrows(BackendException.class,
          () -> all(s, RecordKind.MEMORY));
      assertTrue(e.getMessage().contains("memories.jsonl line 2"), e.getMessage());
    }
  }

  @Test
  void exportAndImportRoundTripThroughTheAdapter() {
    SampleKnowledgeBase.Contents kb = SampleKnowledgeBase.generate(40, 4, 1_760_000_000L);
    Path file = dir.resolve("export.json");
    try (StorageBackend source = create()) {
      SampleKnowledgeBase.writeTo(source, kb);
      Transfer.export(source, file, ExportOptions.defaults()).orThrow();
    }
    try (StorageBackend target = Providers.openBackend("jsonl:" + dir.resolve("copy"),
        Map.of("create", "true"))) {
      Transfer.importFrom(target, file, ImportOptions.defaults()).orThrow();
      try (ReadSnapshot s = target.openSnapshot()) {
        for (RecordKind k : RecordKind.values()) {
          assertEquals(Set.copyOf(kb.records(k)), Set.copyOf(all(s, k)), k.sectionName());
        }
      }
    }
    assertFalse(Files.exists(dir.resolve("copy/CURRENT.tmp")));
  }
}
