package ai.doclea.transfer.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryBackendTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "test threads did not stop");
  }

  static Memory memory(String id) {
    return Memory.builder(id, "note", "title " + id, "content " + id).createdAt(1L).build();
  }

  static Document document(String id) {
    return new Document(id, "doc " + id, "text " + id, null, 10L, 20L);
  }

  static StoredVector vector(String memoryId, String provider, String model, float... v) {
    return new StoredVector(memoryId, provider, model, v);
  }

  static List<String> ids(List<? extends TransferRecord> records) {
    List<String> ids = new ArrayList<>();
    records.forEach(r -> ids.add(r.id()));
    return ids;
  }

  static List<TransferRecord> readAll(ReadSnapshot snapshot, RecordKind kind) {
    List<TransferRecord> all = new ArrayList<>();
    try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind)) {
      cursor.forEachRemaining(all::add);
    }
    return all;
  }

  @Test
  void newStoreIsEmptyWithDefaultHeaderFacts() {
    InMemoryBackend store = InMemoryBackend.create();
    assertTrue(store.isEmpty());
    for (RecordKind kind : RecordKind.values()) {
      assertEquals(List.of(), store.records(kind), kind.sectionName());
    }
    assertEquals(new BackendInfo("memory", "automatic", "unknown", null, null), store.info());
  }

  @Test
  void builderSetsHeaderFacts() {
    InMemoryBackend store = InMemoryBackend.builder().storageMode("manual").schemaVersion("012")
        .embedding("transformers", "nomic-embed-text").build();
    assertEquals(new BackendInfo("memory", "manual", "012", "transformers", "nomic-embed-text"),
        store.info());
  }

  @Test
  void sectionsAreReadInIdOrderWhateverTheInsertionOrder() {
    // U+1F600 (a surrogate pair, D83D DE00) sorts before U+E000 in UTF-16 code-unit order.
    InMemoryBackend store = InMemoryBackend.builder()
        .add(memory("mem_c"), memory("\uE000"), memory("mem_a"), memory("\uD83D\uDE00"),
            memory("mem_b"))
        .build();
    List<String> expected = List.of("mem_a", "mem_b", "mem_c", "\uD83D\uDE00", "\uE000");
    assertEquals(expected, ids(store.records(RecordKind.MEMORY)));
    try (ReadSnapshot snapshot = store.openSnapshot()) {
      assertEquals(expected, ids(readAll(snapshot, RecordKind.MEMORY)));
      assertEquals(5, snapshot.count(RecordKind.MEMORY).getAsLong());
    }
  }

  @Test
  void recordsByClassAndByIdAreTheCommittedOnes() {
    Memory m = memory("mem_1");
    Document d = document("doc_1");
    InMemoryBackend store = InMemoryBackend.builder().add(d, m).build();
    assertEquals(List.of(m), store.records(Memory.class));
    assertEquals(List.of(d), store.records(Document.class));
    assertEquals(List.of(), store.records(Chunk.class));
    assertEquals(m, store.record(RecordKind.MEMORY, "mem_1").orElseThrow());
    assertTrue(store.record(RecordKind.DOCUMENT, "mem_1").isEmpty());
    assertEquals(1, store.size(RecordKind.DOCUMENT));
  }

  @Test
  void loadInsertsInOneTransactionAndAddsToExistingContent() {
    InMemoryBackend store = InMemoryBackend.create().load(memory("m1")).load(document("d1"));
    assertEquals(List.of("m1"), ids(store.records(RecordKind.MEMORY)));
    assertEquals(List.of("d1"), ids(store.records(RecordKind.DOCUMENT)));
  }

  @Test
  void loadWithAnExistingIdInsertsNothing() {
    InMemoryBackend store = InMemoryBackend.create().load(memory("m1"));
    BackendException e =
        assertThrows(BackendException.class, () -> store.load(memory("m2"), memory("m1")));
    assertTrue(e.getMessage().contains("memory 'm1'"), e.getMessage());
    assertEquals(List.of("m1"), ids(store.records(RecordKind.MEMORY)));
  }

  @Test
  void builderRejectsTwoRecordsWithOneId() {
    BackendException e = assertThrows(BackendException.class,
        () -> InMemoryBackend.builder().add(document("d"), document("d")).build());
    assertTrue(e.getMessage().contains("document 'd'"), e.getMessage());
  }

  @Test
  void sameIdInDifferentSectionsIsAllowed() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("x"), document("x")).build();
    assertEquals(1, store.size(RecordKind.MEMORY));
    assertEquals(1, store.size(RecordKind.DOCUMENT));
  }

  @Test
  void insertOfAnExistingIdFailsNamingKindAndId() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("mem_1")).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      BackendException e = assertThrows(BackendException.class, () -> tx.insert(memory("mem_1")));
      assertTrue(e.getMessage().contains("memory 'mem_1'"), e.getMessage());
      assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }
  }

  @Test
  void insertOfAnIdWrittenEarlierInTheSameTransactionFails() {
    InMemoryBackend store = InMemoryBackend.create();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.insert(document("d1"));
      BackendException e = assertThrows(BackendException.class, () -> tx.insert(document("d1")));
      assertTrue(e.getMessage().contains("document 'd1'"), e.getMessage());
    }
  }

  @Test
  void insertAllWithOneBadRecordInsertsNoneOfThem() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("b")).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      assertThrows(BackendException.class,
          () -> tx.insertAll(List.of(memory("a"), memory("b"), memory("c"))));
      assertEquals(Set.of("b"), tx.existingIds(RecordKind.MEMORY, List.of("a", "b", "c")));
      BackendException twice = assertThrows(BackendException.class,
          () -> tx.insertAll(List.of(memory("d"), memory("d"))));
      assertTrue(twice.getMessage().contains("memory 'd'"), twice.getMessage());
      assertEquals(Set.of(), tx.existingIds(RecordKind.MEMORY, List.of("d")));
    }
  }

  @Test
  void replaceOfAMissingIdFailsNamingKindAndId() {
    InMemoryBackend store = InMemoryBackend.create();
    try (WriteTransaction tx = store.beginTransaction()) {
      BackendException e = assertThrows(BackendException.class,
          () -> tx.replace(new PendingMemory("pnd_9", "{}", 1L, "import", "why")));
      assertTrue(e.getMessage().contains("pending memory 'pnd_9'"), e.getMessage());
    }
  }

  @Test
  void replaceSwapsTheRecordOnCommit() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m")).build();
    Memory changed = memory("m").toBuilder().title("new title").importance(1.0).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.replace(changed);
      tx.commit();
    }
    assertEquals(List.of(changed), store.records(Memory.class));
  }

  @Test
  void transactionReadsSeeItsOwnWritesAndCommittedRecords() {
    Memory existing = memory("m1");
    InMemoryBackend store = InMemoryBackend.builder().add(existing).build();
    Memory added = memory("m2");
    Memory replaced = existing.toBuilder().content("changed").build();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.insert(added);
      tx.replace(replaced);
      assertEquals(Set.of("m1", "m2"),
          tx.existingIds(RecordKind.MEMORY, List.of("m0", "m1", "m2", "m3")));
      assertEquals(Set.of(), tx.existingIds(RecordKind.DOCUMENT, List.of("m1", "m2")));
      Map<String, TransferRecord> found = tx.find(RecordKind.MEMORY, List.of("m1", "m2", "m9"));
      assertEquals(Map.of("m1", replaced, "m2", added), found);
    }
  }

  @Test
  void uncommittedWritesAreInvisibleOutsideTheTransaction() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1")).build();
    Map<RecordKind, List<TransferRecord>> before = store.contents();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.insert(memory("m2"));
      tx.replace(memory("m1").toBuilder().title("x").build());
      assertEquals(before, store.contents());
      try (ReadSnapshot snapshot = store.openSnapshot()) {
        assertEquals(before.get(RecordKind.MEMORY), readAll(snapshot, RecordKind.MEMORY));
      }
      tx.commit();
    }
    assertEquals(List.of("m1", "m2"), ids(store.records(RecordKind.MEMORY)));
  }

  @Test
  void rollbackLeavesTheStoreExactlyAsBefore() {
    InMemoryBackend store = InMemoryBackend.builder().storageMode("suggested")
        .add(memory("m1"), memory("m2"), document("d1"))
        .vector("m1", "p", "model", 1f, 2f).build();
    Map<RecordKind, List<TransferRecord>> contents = store.contents();
    List<StoredVector> vectors = store.vectors();
    BackendInfo info = store.info();
    WriteTransaction tx = store.beginTransaction();
    tx.insert(memory("m3"));
    tx.insert(new Chunk("c1", "d1", "chunk", null, 0L, 5L));
    tx.replace(memory("m1").toBuilder().title("other").build());
    tx.replace(new Document("d1", "changed", "text d1", null, 10L, 20L));
    tx.storeVector(vector("m2", "other-provider", "other-model", 3f));
    tx.rollback();
    tx.close();
    assertEquals(contents, store.contents());
    assertVectorsEqual(vectors, store.vectors());
    assertEquals(info, store.info());
  }

  @Test
  void closeWithoutCommitRollsBack() {
    InMemoryBackend store = InMemoryBackend.create();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.insert(memory("m1"));
    }
    assertTrue(store.isEmpty());
    // and the write lock is free again
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.insert(memory("m2"));
      tx.commit();
    }
    assertEquals(List.of("m2"), ids(store.records(RecordKind.MEMORY)));
  }

  @Test
  void everyOperationAfterCommitThrowsIllegalState() {
    assertOperationsRefusedAfter(WriteTransaction::commit, "committed");
  }

  @Test
  void everyOperationAfterRollbackThrowsIllegalState() {
    assertOperationsRefusedAfter(WriteTransaction::rollback, "rolled back");
  }

  private void assertOperationsRefusedAfter(Consumer<WriteTransaction> end, String word) {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1")).build();
    WriteTransaction tx = store.beginTransaction();
    end.accept(tx);
    List<Runnable> operations = List.of(
        () -> tx.insert(memory("m2")),
        () -> tx.insertAll(List.of(memory("m3"))),
        () -> tx.replace(memory("m1")),
        () -> tx.storeVector(vector("m1", "p", "m", 1f)),
        () -> tx.existingIds(RecordKind.MEMORY, List.of("m1")),
        () -> tx.find(RecordKind.MEMORY, List.of("m1")),
        tx::commit,
        tx::rollback);
    for (Runnable operation : operations) {
      IllegalStateException e = assertThrows(IllegalStateException.class, operation::run);
      assertTrue(e.getMessage().contains(word), e.getMessage());
    }
    tx.close(); // closing a finished transaction is allowed
    assertEquals(List.of("m1"), ids(store.records(RecordKind.MEMORY)));
  }

  @Test
  void snapshotKeepsTheStateItWasOpenedWith() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1")).build();
    try (ReadSnapshot snapshot = store.openSnapshot()) {
      store.load(memory("m2"), document("d1"));
      assertEquals(List.of("m1"), ids(readAll(snapshot, RecordKind.MEMORY)));
      assertEquals(List.of(), readAll(snapshot, RecordKind.DOCUMENT));
      assertEquals(0, snapshot.count(RecordKind.DOCUMENT).getAsLong());
    }
    try (ReadSnapshot snapshot = store.openSnapshot()) {
      assertEquals(List.of("m1", "m2"), ids(readAll(snapshot, RecordKind.MEMORY)));
    }
  }

  @Test
  void closedSnapshotAndCursorRefuseReads() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1"), memory("m2")).build();
    ReadSnapshot snapshot = store.openSnapshot();
    RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.MEMORY);
    assertEquals("m1", cursor.next().id());
    cursor.close();
    cursor.close();
    assertFalse(cursor.hasNext());
    assertThrows(NoSuchElementException.class, cursor::next);
    snapshot.close();
    assertThrows(IllegalStateException.class, () -> snapshot.read(RecordKind.MEMORY));
    assertThrows(IllegalStateException.class, () -> snapshot.vector("m1"));
  }

  @Test
  void cursorPastTheEndThrowsNoSuchElement() {
    InMemoryBackend store = InMemoryBackend.create();
    try (ReadSnapshot snapshot = store.openSnapshot();
        RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.CHUNK)) {
      assertFalse(cursor.hasNext());
      assertThrows(NoSuchElementException.class, cursor::next);
    }
  }

  @Test
  void concurrentReadDuringAWriteSeesTheCommittedStateWithoutWaiting() throws Exception {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1"), document("d1")).build();
    Map<RecordKind, List<TransferRecord>> before = store.contents();
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch read = new CountDownLatch(1);
    Future<?> writer = pool.submit(() -> {
      try (WriteTransaction tx = store.beginTransaction()) {
        tx.insert(memory("m2"));
        tx.replace(new Document("d1", "changed", "text d1", null, 10L, 20L));
        written.countDown();
        assertTrue(read.await(10, TimeUnit.SECONDS), "reader did not finish");
        tx.commit();
      }
      return null;
    });
    assertTrue(written.await(10, TimeUnit.SECONDS));
    Future<Map<RecordKind, List<TransferRecord>>> reader = pool.submit(() -> {
      try (ReadSnapshot snapshot = store.openSnapshot()) {
        Map<RecordKind, List<TransferRecord>> seen = new java.util.EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
          seen.put(kind, readAll(snapshot, kind));
        }
        return seen;
      }
    });
    assertEquals(before, reader.get(5, TimeUnit.SECONDS), "the reader saw uncommitted writes");
    read.countDown();
    writer.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("m1", "m2"), ids(store.records(RecordKind.MEMORY)));
  }

  @Test
  void snapshotsTakenDuringManyCommitsAreAlwaysConsistent() throws Exception {
    // Every commit adds one memory and one relation pointing at it: a consistent snapshot always
    // holds as many relations as memories, each relation's memory included.
    InMemoryBackend store = InMemoryBackend.create();
    AtomicBoolean done = new AtomicBoolean();
    Future<?> writer = pool.submit(() -> {
      for (int i = 0; i < 300; i++) {
        String id = String.format("m%04d", i);
        try (WriteTransaction tx = store.beginTransaction()) {
          tx.insert(memory(id));
          tx.insert(new MemoryRelation("r" + id, id, id, "related_to", 1.0, null, null));
          tx.commit();
        }
      }
      done.set(true);
      return null;
    });
    List<Future<Integer>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(pool.submit(() -> {
        int checks = 0;
        while (!done.get() || checks == 0) {
          try (ReadSnapshot snapshot = store.openSnapshot()) {
            List<TransferRecord> memories = readAll(snapshot, RecordKind.MEMORY);
            Set<String> memoryIds = new java.util.HashSet<>(ids(memories));
            List<TransferRecord> relations = readAll(snapshot, RecordKind.MEMORY_RELATION);
            assertEquals(memories.size(), relations.size());
            for (TransferRecord relation : relations) {
              assertTrue(memoryIds.contains(((MemoryRelation) relation).sourceId()));
            }
          }
          checks++;
        }
        return checks;
      }));
    }
    writer.get(30, TimeUnit.SECONDS);
    for (Future<Integer> reader : readers) {
      assertTrue(reader.get(30, TimeUnit.SECONDS) > 0);
    }
    assertEquals(300, store.size(RecordKind.MEMORY_RELATION));
  }

  @Test
  void secondWriterWaitsUntilTheFirstEnds() throws Exception {
    InMemoryBackend store = InMemoryBackend.create();
    WriteTransaction first = store.beginTransaction();
    first.insert(memory("m1"));
    CountDownLatch started = new CountDownLatch(1);
    Future<List<String>> second = pool.submit(() -> {
      started.countDown();
      try (WriteTransaction tx = store.beginTransaction()) {
        List<String> seen = List.copyOf(tx.existingIds(RecordKind.MEMORY, List.of("m1")));
        tx.insert(memory("m2"));
        tx.commit();
        return seen;
      }
    });
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertThrows(TimeoutException.class, () -> second.get(200, TimeUnit.MILLISECONDS),
        "the second transaction began while the first was open");
    first.commit();
    assertEquals(List.of("m1"), second.get(10, TimeUnit.SECONDS));
    assertEquals(List.of("m1", "m2"), ids(store.records(RecordKind.MEMORY)));
  }

  @Test
  void secondTransactionOnTheSameThreadFailsAtOnce() {
    InMemoryBackend store = InMemoryBackend.create();
    try (WriteTransaction tx = store.beginTransaction()) {
      BackendException e = assertThrows(BackendException.class, store::beginTransaction);
      assertTrue(e.getMessage().contains("already has one open"), e.getMessage());
    }
  }

  @Test
  void beginFailsAfterTheLockTimeout() throws Exception {
    InMemoryBackend store = InMemoryBackend.builder().lockTimeout(Duration.ofMillis(50)).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      Future<?> other = pool.submit(store::beginTransaction);
      java.util.concurrent.ExecutionException e = assertThrows(
          java.util.concurrent.ExecutionException.class, () -> other.get(5, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BackendException, String.valueOf(e.getCause()));
      assertTrue(e.getCause().getMessage().contains("lock timeout"), e.getCause().getMessage());
    }
  }

  @Test
  void transactionCanBeFinishedOnAnotherThread() throws Exception {
    InMemoryBackend store = InMemoryBackend.create();
    WriteTransaction tx = store.beginTransaction();
    tx.insert(memory("m1"));
    pool.submit(() -> tx.commit()).get(5, TimeUnit.SECONDS);
    try (WriteTransaction next = store.beginTransaction()) {
      next.insert(memory("m2"));
      next.commit();
    }
    assertEquals(2, store.size(RecordKind.MEMORY));
  }

  @Test
  void storedVectorsAreReadableAndSetTheEmbeddingFacts() {
    InMemoryBackend store = InMemoryBackend.builder().embedding("configured", "model-0")
        .add(memory("m1"), memory("m2")).build();
    assertEquals("configured", store.info().embeddingProvider());
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.storeVector(vector("m1", "transformers", "all-MiniLM-L6-v2", 0.5f, -1f));
      tx.storeVector(vector("m2", "transformers", "all-MiniLM-L6-v2", 2f, 3f));
      tx.commit();
    }
    assertEquals("transformers", store.info().embeddingProvider());
    assertEquals("all-MiniLM-L6-v2", store.info().embeddingModel());
    try (ReadSnapshot snapshot = store.openSnapshot()) {
      StoredVector v = snapshot.vector("m1").orElseThrow();
      assertEquals("transformers", v.provider());
      assertArrayEquals(new float[] {0.5f, -1f}, v.vector());
      assertTrue(snapshot.vector("m3").isEmpty());
    }
    assertEquals(List.of("m1", "m2"), store.vectors().stream().map(StoredVector::memoryId)
        .collect(java.util.stream.Collectors.toList()));
  }

  @Test
  void storingAVectorTwiceKeepsTheLastOne() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1"))
        .vector("m1", "p", "a", 1f).build();
    store.loadVectors(vector("m1", "q", "b", 7f, 8f));
    StoredVector v = store.vector("m1").orElseThrow();
    assertEquals("q", v.provider());
    assertArrayEquals(new float[] {7f, 8f}, v.vector());
  }

  @Test
  void vectorsAreCopiedInAndOut() {
    float[] components = {1f, 2f};
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1")).build();
    store.loadVectors(vector("m1", "p", "m", components));
    components[0] = 99f;
    store.vector("m1").orElseThrow().vector()[1] = 99f;
    assertArrayEquals(new float[] {1f, 2f}, store.vector("m1").orElseThrow().vector());
    assertNotSame(store.vector("m1").orElseThrow().vector(),
        store.vector("m1").orElseThrow().vector());
  }

  @Test
  void replacingAMemoryDeletesItsVector() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1"), memory("m2"))
        .vector("m1", "p", "m", 1f).vector("m2", "p", "m", 2f).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.replace(memory("m1").toBuilder().content("new content").build());
      tx.commit();
    }
    assertTrue(store.vector("m1").isEmpty());
    assertTrue(store.vector("m2").isPresent());
  }

  @Test
  void aVectorStoredAfterReplacingItsMemoryInOneTransactionIsKept() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1"))
        .vector("m1", "p", "old", 1f).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.replace(memory("m1").toBuilder().content("new content").build());
      tx.storeVector(vector("m1", "p", "new", 5f));
      tx.commit();
    }
    assertEquals("new", store.vector("m1").orElseThrow().model());
  }

  @Test
  void aVectorNeedsAnExistingMemory() {
    InMemoryBackend store = InMemoryBackend.create();
    try (WriteTransaction tx = store.beginTransaction()) {
      BackendException e = assertThrows(BackendException.class,
          () -> tx.storeVector(vector("m404", "p", "m", 1f)));
      assertTrue(e.getMessage().contains("memory 'm404'"), e.getMessage());
      tx.insert(memory("m404"));
      tx.storeVector(vector("m404", "p", "m", 1f));
      tx.commit();
    }
    assertTrue(store.vector("m404").isPresent());
  }

  @Test
  void rolledBackVectorLeavesNoTrace() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1")).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      tx.storeVector(vector("m1", "p", "m", 1f));
      tx.rollback();
    }
    assertTrue(store.vector("m1").isEmpty());
    assertEquals(null, store.info().embeddingProvider());
  }

  @Test
  void closedStoreRefusesSnapshotsAndTransactionsAndCloseIsIdempotent() {
    InMemoryBackend store = InMemoryBackend.builder().add(memory("m1")).build();
    store.close();
    store.close();
    assertTrue(assertThrows(BackendException.class, store::openSnapshot).getMessage()
        .contains("closed"));
    assertTrue(assertThrows(BackendException.class, store::beginTransaction).getMessage()
        .contains("closed"));
    assertEquals(1, store.size(RecordKind.MEMORY), "read helpers keep working");
  }

  @Test
  void commitAfterCloseFailsAndRollbackStillWorks() {
    InMemoryBackend store = InMemoryBackend.create();
    WriteTransaction tx = store.beginTransaction();
    tx.insert(memory("m1"));
    ReadSnapshot snapshot = store.openSnapshot();
    store.close();
    assertThrows(BackendException.class, tx::commit);
    tx.rollback();
    assertTrue(store.isEmpty());
    assertEquals(List.of(), readAll(snapshot, RecordKind.MEMORY), "open snapshots stay readable");
    snapshot.close();
  }

  @Test
  void copyIsIndependent() {
    InMemoryBackend store = InMemoryBackend.builder().schemaVersion("012")
        .add(memory("m1")).vector("m1", "p", "m", 1f).build();
    InMemoryBackend copy = store.copy();
    copy.load(memory("m2"));
    store.load(document("d1"));
    assertEquals(List.of("m1", "m2"), ids(copy.records(RecordKind.MEMORY)));
    assertEquals(List.of(), copy.records(RecordKind.DOCUMENT));
    assertEquals(List.of("m1"), ids(store.records(RecordKind.MEMORY)));
    assertEquals(store.info(), copy.info());
    assertTrue(copy.vector("m1").isPresent());
  }

  @Test
  void namedStoreIsNamedInMessages() {
    InMemoryBackend store = InMemoryBackend.builder().name("target").add(memory("m1")).build();
    try (WriteTransaction tx = store.beginTransaction()) {
      BackendException e = assertThrows(BackendException.class, () -> tx.insert(memory("m1")));
      assertTrue(e.getMessage().contains("memory store 'target'"), e.getMessage());
    }
    assertEquals("memory store 'target'", store.toString());
  }

  @Test
  void builderRejectsEmptyHeaderFacts() {
    assertThrows(IllegalArgumentException.class, () -> InMemoryBackend.builder().storageMode(""));
    assertThrows(IllegalArgumentException.class,
        () -> InMemoryBackend.builder().schemaVersion(null));
    assertThrows(IllegalArgumentException.class,
        () -> InMemoryBackend.builder().lockTimeout(Duration.ZERO));
  }

  private static void assertVectorsEqual(List<StoredVector> expected, List<StoredVector> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).memoryId(), actual.get(i).memoryId());
      assertEquals(expected.get(i).provider(), actual.get(i).provider());
      assertEquals(expected.get(i).model(), actual.get(i).model());
      assertArrayEquals(expected.get(i).vector(), actual.get(i).vector());
    }
  }
}
