package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.WriteTransaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Example;

class FaultInjectionTest {
  static Memory memory(String id) {
    return Memory.builder(id, "note", "t", "c").build();
  }

  @Example
  void failsOnTheKthWriteInsideABatchAfterPassingTheEarlierRecordsOn() {
    InMemoryBackend store = InMemoryBackend.create();
    FaultInjectingBackend faulty = FaultInjectingBackend.failingOnWrite(store, 3);
    try (WriteTransaction tx = faulty.beginTransaction()) {
      tx.insert(memory("m1"));
      BackendException e = assertThrows(BackendException.class,
          () -> tx.insertAll(List.of(memory("m2"), memory("m3"), memory("m4"))));
      assertTrue(e.getMessage().contains("write 3") && e.getMessage().contains("\"m3\""),
          e.getMessage());
      assertEquals(List.of("m1", "m2"),
          List.copyOf(tx.existingIds(RecordKind.MEMORY, List.of("m1", "m2", "m3", "m4"))));
    }
    assertTrue(faulty.failed());
    assertEquals(3, faulty.writes());
    assertTrue(store.isEmpty(), "the transaction was rolled back on close");
  }

  @Example
  void commitCountsAsAWrite() {
    InMemoryBackend store = InMemoryBackend.create();
    FaultInjectingBackend faulty = FaultInjectingBackend.failingOnWrite(store, 2);
    try (WriteTransaction tx = faulty.beginTransaction()) {
      tx.insert(memory("m1"));
      assertThrows(BackendException.class, tx::commit);
    }
    assertTrue(store.isEmpty());
  }

  @Example
  void withoutReachingKNothingFails() {
    InMemoryBackend store = InMemoryBackend.create();
    FaultInjectingBackend faulty = FaultInjectingBackend.failingOnWrite(store, 10);
    try (WriteTransaction tx = faulty.beginTransaction()) {
      tx.insertAll(List.of(memory("m1"), memory("m2")));
      tx.commit();
    }
    assertFalse(faulty.failed());
    assertEquals(3, faulty.writes());
    assertEquals(2, store.size(RecordKind.MEMORY));
  }

  @Example
  void failsOnTheKthRecordRead() {
    InMemoryBackend store = InMemoryBackend.builder()
        .add(memory("m1"), memory("m2"), memory("m3")).build();
    FaultInjectingBackend faulty = FaultInjectingBackend.failingOnRead(store, 2);
    try (ReadSnapshot snapshot = faulty.openSnapshot();
        RecordCursor<?> cursor = snapshot.read(RecordKind.MEMORY)) {
      cursor.next();
      BackendException e = assertThrows(BackendException.class, cursor::next);
      assertEquals(e.getMessage(), faulty.failureMessage().orElseThrow());
    }
  }

  @Example
  void kCountsFromOne() {
    assertThrows(IllegalArgumentException.class,
        () -> FaultInjectingBackend.failingOnWrite(InMemoryBackend.create(), 0));
  }

  @Example
  void failingStreamAcceptsExactlyItsLimit() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FailingOutputStream out = new FailingOutputStream(sink, 5);
    out.write(new byte[] {1, 2, 3});
    IOException e = assertThrows(IOException.class, () -> out.write(new byte[] {4, 5, 6}));
    assertTrue(e.getMessage().contains("5 bytes"), e.getMessage());
    assertTrue(out.failed());
    assertEquals(5, out.written());
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, sink.toByteArray());
    assertThrows(IOException.class, () -> out.write(7));
  }

  @Example
  void failingStreamWithRoomDoesNotFail() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    FailingOutputStream out = new FailingOutputStream(sink, 3);
    out.write(1);
    out.write(new byte[] {2, 3});
    assertFalse(out.failed());
    assertArrayEquals(new byte[] {1, 2, 3}, sink.toByteArray());
  }
}
