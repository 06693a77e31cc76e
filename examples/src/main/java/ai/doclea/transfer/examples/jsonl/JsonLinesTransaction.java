package ai.doclea.transfer.examples.jsonl;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Path;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Collects writes in memory and, on commit, writes them with the unchanged lines of the base
 * generation into a new generation. Reads through the transaction see its own writes.
 */
final class JsonLinesTransaction implements WriteTransaction {
  private enum State { OPEN, COMMITTED, ROLLED_BACK }

  private final JsonLinesBackend backend;
  private final String baseGeneration;
  private final Path base;
  private final Map<RecordKind, Set<String>> ids = new EnumMap<>(RecordKind.class);
  private final Map<RecordKind, Map<String, TransferRecord>> inserted =
      new EnumMap<>(RecordKind.class);
  private final Map<RecordKind, Map<String, TransferRecord>> replaced =
      new EnumMap<>(RecordKind.class);
  private final Map<String, StoredVector> vectors = new LinkedHashMap<>();
  private final Set<String> droppedVectors = new HashSet<>();
  private StoredVector lastVector;
  private State state = State.OPEN;
  private boolean released;

  JsonLinesTransaction(JsonLinesBackend backend, String baseGeneration) {
    this.backend = backend;
    this.baseGeneration = baseGeneration;
    this.base = backend.generationDir(baseGeneration);
    for (RecordKind k : RecordKind.values()) {
      inserted.put(k, new LinkedHashMap<>());
      replaced.put(k, new LinkedHashMap<>());
    }
  }

  @Override
  public Set<String> existingIds(RecordKind kind, Collection<String> wanted) {
    ensureOpen();
    Set<String> found = new HashSet<>();
    for (String id : wanted) {
      if (exists(kind, id)) {
        found.add(id);
      }
    }
    return found;
  }

  @Override
  public Map<String, TransferRecord> find(RecordKind kind, Collection<String> wanted) {
    ensureOpen();
    Map<String, TransferRecord> found = new HashMap<>();
    Set<String> fromFile = new HashSet<>();
    for (String id : wanted) {
      TransferRecord staged = inserted.get(kind).get(id);
      if (staged == null) {
        staged = replaced.get(kind).get(id);
      }
      if (staged != null) {
        found.put(id, staged);
      } else if (ids(kind).contains(id)) {
        fromFile.add(id);
      }
    }
    if (!fromFile.isEmpty()) {
      try (JsonLinesSnapshot.LineCursor<String> lines = new JsonLinesSnapshot.LineCursor<>(
          base.resolve(JsonLinesBackend.fileName(kind)), line -> line)) {
        while (lines.hasNext() && !fromFile.isEmpty()) {
          String line = lines.next();
          String id = Codec.id(line);
          if (fromFile.remove(id)) {
            found.put(id, Codec.read(kind, line));
          }
        }
      }
    }
    return found;
  }

  @Override
  public void insert(TransferRecord record) {
    ensureOpen();
    if (exists(record.kind(), record.id())) {
      throw new BackendException("Cannot insert " + record.kind().displayName() + " "
          + record.id() + " into " + backend + ": that id exists; replace it instead");
    }
    inserted.get(record.kind()).put(record.id(), record);
  }

  @Override
  public void replace(TransferRecord record) {
    ensureOpen();
    RecordKind kind = record.kind();
    if (inserted.get(kind).containsKey(record.id())) {
      inserted.get(kind).put(record.id(), record);
    } else if (ids(kind).contains(record.id())) {
      replaced.get(kind).put(record.id(), record);
    } else {
      throw new BackendException("Cannot replace " + kind.displayName() + " " + record.id()
          + " in " + backend + ": no record has that id");
    }
    if (record instanceof Memory) {
      vectors.remove(record.id());
      droppedVectors.add(record.id());
    }
  }

  @Override
  public void storeVector(StoredVector vector) {
    ensureOpen();
    vectors.put(vector.memoryId(), vector);
    lastVector = vector;
  }

  @Override
  public void commit() {
    ensureOpen();
    if (hasChanges()) {
      backend.publish(this);
    }
    state = State.COMMITTED;
  }

  @Override
  public void rollback() {
    if (state == State.OPEN) {
      clear();
      state = State.ROLLED_BACK;
    }
  }

  @Override
  public void close() {
    if (released) {
      return;
    }
    try {
      rollback();
    } finally {
      released = true;
      backend.unpin(baseGeneration);
      backend.writerDone();
    }
  }

  String baseGeneration() {
    return baseGeneration;
  }

  Map<String, TransferRecord> inserted(RecordKind kind) {
    return inserted.get(kind);
  }

  Map<String, TransferRecord> replaced(RecordKind kind) {
    return replaced.get(kind);
  }

  Map<String, StoredVector> vectors() {
    return vectors;
  }

  Set<String> droppedVectors() {
    return droppedVectors;
  }

  StoredVector lastVector() {
    return lastVector;
  }

  private boolean exists(RecordKind kind, String id) {
    return inserted.get(kind).containsKey(id) || ids(kind).contains(id);
  }

  /** The ids of the base generation's section, read once per transaction. */
  private Set<String> ids(RecordKind kind) {
    return ids.computeIfAbsent(kind, k -> {
      Set<String> all = new HashSet<>();
      try (JsonLinesSnapshot.LineCursor<String> lines = new JsonLinesSnapshot.LineCursor<>(
          base.resolve(JsonLinesBackend.fileName(k)), Codec::id)) {
        while (lines.hasNext()) {
          all.add(lines.next());
        }
      }
      return all;
    });
  }

  private boolean hasChanges() {
    return !vectors.isEmpty() || !droppedVectors.isEmpty()
        || inserted.values().stream().anyMatch(m -> !m.isEmpty())
        || replaced.values().stream().anyMatch(m -> !m.isEmpty());
  }

  private void clear() {
    inserted.values().forEach(Map::clear);
    replaced.values().forEach(Map::clear);
    vectors.clear();
    droppedVectors.clear();
    lastVector = null;
  }

  private void ensureOpen() {
    if (state != State.OPEN || released) {
      throw new BackendException("This transaction on " + backend + " is already "
          + (released ? "closed" : state == State.COMMITTED ? "committed" : "rolled back"));
    }
  }
}
