package ai.doclea.transfer.testkit.broken;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Backends with one deliberate defect each, built on the in-memory backend. */
final class BrokenBackends {
  private BrokenBackends() {}

  /** Forwards everything to an in-memory store; subclasses break one thing. */
  static class Forwarding implements StorageBackend {
    final InMemoryBackend store = InMemoryBackend.create();

    @Override
    public BackendInfo info() {
      return store.info();
    }

    @Override
    public ReadSnapshot openSnapshot() {
      return store.openSnapshot();
    }

    @Override
    public WriteTransaction beginTransaction() {
      return new ForwardingTransaction(store.beginTransaction());
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** Forwards every call to a transaction. */
  static class ForwardingTransaction implements WriteTransaction {
    final WriteTransaction tx;

    ForwardingTransaction(WriteTransaction tx) {
      this.tx = tx;
    }

    @Override
    public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
      return tx.existingIds(kind, ids);
    }

    @Override
    public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
      return tx.find(kind, ids);
    }

    @Override
    public void insert(TransferRecord record) {
      tx.insert(record);
    }

    @Override
    public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
      return tx.insertAll(records);
    }

    @Override
    public void replace(TransferRecord record) {
      tx.replace(record);
    }

    @Override
    public void storeVector(StoredVector vector) {
      tx.storeVector(vector);
    }

    @Override
    public void commit() {
      tx.commit();
    }

    @Override
    public void rollback() {
      tx.rollback();
    }

    @Override
    public void close() {
      tx.close();
    }
  }

  /** Commits when asked to roll back. */
  static final class RollbackCommits extends Forwarding {
    @Override
    public WriteTransaction beginTransaction() {
      return new ForwardingTransaction(store.beginTransaction()) {
        private boolean ended;

        @Override
        public void commit() {
          ended = true;
          tx.commit();
        }

        @Override
        public void rollback() {
          commit();
        }

        @Override
        public void close() {
          if (!ended) {
            commit();
          }
        }
      };
    }
  }

  /** Keeps a memory's vector when the memory is replaced. */
  static final class ReplaceKeepsVector extends Forwarding {
    @Override
    public WriteTransaction beginTransaction() {
      return new ForwardingTransaction(store.beginTransaction()) {
        @Override
        public void replace(TransferRecord record) {
          Optional<StoredVector> old = store.vector(record.id());
          tx.replace(record);
          if (record instanceof Memory) {
            old.ifPresent(tx::storeVector);
          }
        }
      };
    }
  }

  /** Its snapshots read the live store: every cursor sees the latest commit. */
  static final class LiveSnapshots extends Forwarding {
    @Override
    public ReadSnapshot openSnapshot() {
      return new ReadSnapshot() {
        @Override
        public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
          return cursor(store.records(kind).iterator());
        }

        @Override
        public Optional<StoredVector> vector(String memoryId) {
          return store.vector(memoryId);
        }

        @Override
        public void close() {}
      };
    }
  }

  /** Streams each section in a different order every time. */
  static final class UnstableOrder extends Forwarding {
    private final AtomicInteger reads = new AtomicInteger();

    @Override
    public ReadSnapshot openSnapshot() {
      ReadSnapshot snapshot = store.openSnapshot();
      return new ReadSnapshot() {
        @Override
        public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
          List<TransferRecord> records = new ArrayList<>();
          try (RecordCursor<? extends TransferRecord> c = snapshot.read(kind)) {
            c.forEachRemaining(records::add);
          }
          if (reads.incrementAndGet() % 2 == 0) {
            Collections.reverse(records);
          }
          return cursor(records.iterator());
        }

        @Override
        public OptionalLong count(RecordKind kind) {
          return snapshot.count(kind);
        }

        @Override
        public Optional<StoredVector> vector(String memoryId) {
          return snapshot.vector(memoryId);
        }

        @Override
        public void close() {
          snapshot.close();
        }
      };
    }
  }

  /** Stores an empty summary where a memory has none, as a careless NOT NULL column would. */
  static final class LosesNullSummaries extends Forwarding {
    @Override
    public WriteTransaction beginTransaction() {
      return new ForwardingTransaction(store.beginTransaction()) {
        @Override
        public void insert(TransferRecord record) {
          tx.insert(fix(record));
        }

        @Override
        public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
          List<TransferRecord> fixed = new ArrayList<>();
          records.forEach(r -> fixed.add(fix(r)));
          return tx.insertAll(fixed);
        }

        @Override
        public void replace(TransferRecord record) {
          tx.replace(fix(record));
        }
      };
    }

    private static TransferRecord fix(TransferRecord r) {
      if (r instanceof Memory && ((Memory) r).summary() == null) {
        return ((Memory) r).toBuilder().summary("").build();
      }
      return r;
    }
  }

  static RecordCursor<TransferRecord> cursor(Iterator<TransferRecord> records) {
    return new RecordCursor<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public TransferRecord next() {
        return records.next();
      }

      @Override
      public void close() {}
    };
  }
}
