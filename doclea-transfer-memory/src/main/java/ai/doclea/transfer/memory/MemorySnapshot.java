package ai.doclea.transfer.memory;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StoredVector;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** A snapshot of a memory store: it holds one immutable {@link State}. */
final class MemorySnapshot implements ReadSnapshot {
  private final String storeName;
  private final State state;
  private boolean closed;

  MemorySnapshot(String storeName, State state) {
    this.storeName = storeName;
    this.state = state;
  }

  @Override
  public RecordCursor<TransferRecord> read(RecordKind kind) {
    Objects.requireNonNull(kind, "kind");
    checkOpen();
    return new Cursor(state.section(kind).values().iterator());
  }

  @Override
  public OptionalLong count(RecordKind kind) {
    Objects.requireNonNull(kind, "kind");
    checkOpen();
    return OptionalLong.of(state.section(kind).size());
  }

  @Override
  public Optional<StoredVector> vector(String memoryId) {
    Objects.requireNonNull(memoryId, "memoryId");
    checkOpen();
    return Optional.ofNullable(state.vectors().get(memoryId)).map(InMemoryBackend::copyOf);
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("This snapshot of " + storeName + " is closed");
    }
  }

  /** A cursor over an immutable section. */
  private static final class Cursor implements RecordCursor<TransferRecord> {
    private final Iterator<TransferRecord> records;
    private boolean closed;

    Cursor(Iterator<TransferRecord> records) {
      this.records = records;
    }

    @Override
    public boolean hasNext() {
      return !closed && records.hasNext();
    }

    @Override
    public TransferRecord next() {
      if (closed) {
        throw new NoSuchElementException("The cursor is closed");
      }
      return records.next();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
