package ai.doclea.transfer.memory;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A write transaction on a memory store. It reads the state that was current when it began (no
 * other writer can change it meanwhile) plus an overlay of its own writes; commit publishes a new
 * state, rollback drops the overlay.
 */
final class MemoryTransaction implements WriteTransaction {
  private enum Status { ACTIVE, COMMITTED, ROLLED_BACK }

  private final InMemoryBackend store;
  private final State base;
  private final EnumMap<RecordKind, TreeMap<String, TransferRecord>> writes =
      new EnumMap<>(RecordKind.class);
  private final Map<String, Optional<StoredVector>> vectorWrites = new LinkedHashMap<>();
  private StoredVector lastVector;
  private Status status = Status.ACTIVE;

  MemoryTransaction(InMemoryBackend store, State base) {
    this.store = store;
    this.base = base;
    for (RecordKind kind : RecordKind.values()) {
      writes.put(kind, new TreeMap<>());
    }
  }

  @Override
  public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ids, "ids");
    checkActive("look up ids");
    Set<String> found = new LinkedHashSet<>();
    for (String id : ids) {
      if (lookup(kind, Objects.requireNonNull(id, "ids must not contain null")) != null) {
        found.add(id);
      }
    }
    return found;
  }

  @Override
  public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ids, "ids");
    checkActive("find records");
    Map<String, TransferRecord> found = new LinkedHashMap<>();
    for (String id : ids) {
      TransferRecord record = lookup(kind, Objects.requireNonNull(id, "ids must not contain null"));
      if (record != null) {
        found.put(id, record);
      }
    }
    return found;
  }

  @Override
  public void insert(TransferRecord record) {
    Objects.requireNonNull(record, "record");
    checkActive("insert");
    requireAbsent(record);
    writes.get(record.kind()).put(record.id(), record);
  }

  /**
   * Checks every record first, so that a failing call inserts none of them. The memory store has
   * no natural keys besides the id, so it refuses no record.
   */
  @Override
  public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
    Objects.requireNonNull(records, "records");
    checkActive("insert");
    EnumMap<RecordKind, Set<String>> seen = new EnumMap<>(RecordKind.class);
    for (TransferRecord record : records) {
      Objects.requireNonNull(record, "records must not contain null");
      requireAbsent(record);
      if (!seen.computeIfAbsent(record.kind(), k -> new HashSet<>()).add(record.id())) {
        throw new BackendException("Cannot insert " + record.kind().displayName() + " '"
            + record.id() + "' into " + store.name() + ": the batch holds that id twice");
      }
    }
    for (TransferRecord record : records) {
      writes.get(record.kind()).put(record.id(), record);
    }
    return List.of();
  }

  @Override
  public void replace(TransferRecord record) {
    Objects.requireNonNull(record, "record");
    checkActive("replace");
    if (lookup(record.kind(), record.id()) == null) {
      throw new BackendException("Cannot replace " + record.kind().displayName() + " '"
          + record.id() + "' in " + store.name() + ": no record has that id");
    }
    writes.get(record.kind()).put(record.id(), record);
    if (record instanceof Memory) {
      vectorWrites.put(record.id(), Optional.empty());
    }
  }

  @Override
  public void storeVector(StoredVector vector) {
    Objects.requireNonNull(vector, "vector");
    checkActive("store a vector");
    if (vector.memoryId() == null || vector.provider() == null || vector.model() == null
        || vector.vector() == null) {
      throw new IllegalArgumentException("A stored vector needs a memory id, provider, model and"
          + " components; got " + vector);
    }
    if (lookup(RecordKind.MEMORY, vector.memoryId()) == null) {
      throw new BackendException("Cannot store a vector for memory '" + vector.memoryId()
          + "' in " + store.name() + ": no memory has that id");
    }
    StoredVector copy = InMemoryBackend.copyOf(vector);
    vectorWrites.put(vector.memoryId(), Optional.of(copy));
    lastVector = copy;
  }

  @Override
  public void commit() {
    checkActive("commit");
    store.publish(this, base.apply(writes, vectorWrites, lastVector));
    status = Status.COMMITTED;
  }

  @Override
  public void rollback() {
    checkActive("roll back");
    discard();
  }

  @Override
  public void close() {
    if (status == Status.ACTIVE) {
      discard();
    }
  }

  private void discard() {
    writes.clear();
    vectorWrites.clear();
    status = Status.ROLLED_BACK;
    store.release(this);
  }

  @Override
  public boolean isEmpty(RecordKind kind) {
    Objects.requireNonNull(kind, "kind");
    checkActive("look up a section");
    return writes.get(kind).isEmpty() && base.section(kind).isEmpty();
  }

  private TransferRecord lookup(RecordKind kind, String id) {
    TransferRecord own = writes.get(kind).get(id);
    return own != null ? own : base.section(kind).get(id);
  }

  private void requireAbsent(TransferRecord record) {
    if (lookup(record.kind(), record.id()) != null) {
      throw new BackendException("Cannot insert " + record.kind().displayName() + " '"
          + record.id() + "' into " + store.name() + ": a record with that id already exists");
    }
  }

  private void checkActive(String operation) {
    if (status != Status.ACTIVE) {
      throw new IllegalStateException("Cannot " + operation + ": this transaction on "
          + store.name() + " was already "
          + (status == Status.COMMITTED ? "committed" : "rolled back")
          + "; begin a new one");
    }
  }
}
