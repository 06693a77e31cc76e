package ai.doclea.transfer.testkit.broken;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.testkit.ForwardingReadSnapshot;
import ai.doclea.transfer.testkit.ForwardingStorageBackend;
import ai.doclea.transfer.testkit.ForwardingWriteTransaction;
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
  static class Forwarding extends ForwardingStorageBackend {
    final InMemoryBackend store;

    Forwarding() {
      this(InMemoryBackend.create());
    }

    private Forwarding(InMemoryBackend store) {
      super(store);
      this.store = store;
    }
  }

  /** Commits when asked to roll back. */
  static final class RollbackCommits extends Forwarding {
    @Override
    public WriteTransaction beginTransaction() {
      return new ForwardingWriteTransaction(store.beginTransaction()) {
        private boolean ended;

        @Override
        public void commit() {
          ended = true;
          delegate().commit();
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
      return new ForwardingWriteTransaction(store.beginTransaction()) {
        @Override
        public void replace(TransferRecord record) {
          Optional<StoredVector> old = store.vector(record.id());
          delegate().replace(record);
          if (record instanceof Memory) {
            old.ifPresent(delegate()::storeVector);
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

  /**
   * Its snapshots work only on the thread that opened them, as one bound to a thread's
   * connection would: a call from any other thread fails.
   */
  static final class ThreadBoundSnapshots extends Forwarding {
    @Override
    public ReadSnapshot openSnapshot() {
      Thread opener = Thread.currentThread();
      return new ForwardingReadSnapshot(store.openSnapshot()) {
        private void check() {
          if (Thread.currentThread() != opener) {
            throw new BackendException("this snapshot belongs to " + opener.getName());
          }
        }

        @Override
        public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
          check();
          return super.read(kind);
        }

        @Override
        public RecordCursor<? extends TransferRecord> read(RecordKind kind, Selection selection) {
          check();
          return super.read(kind, selection);
        }

        @Override
        public void close() {
          check();
          super.close();
        }
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
      return new ForwardingWriteTransaction(store.beginTransaction()) {
        @Override
        public void insert(TransferRecord record) {
          delegate().insert(fix(record));
        }

        @Override
        public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
          List<TransferRecord> fixed = new ArrayList<>();
          records.forEach(r -> fixed.add(fix(r)));
          return delegate().insertAll(fixed);
        }

        @Override
        public void replace(TransferRecord record) {
          delegate().replace(fix(record));
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
