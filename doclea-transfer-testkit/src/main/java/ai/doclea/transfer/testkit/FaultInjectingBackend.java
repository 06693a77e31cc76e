package ai.doclea.transfer.testkit;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StorageBackend} wrapper that fails on purpose: on the k-th write, or on the k-th record
 * read, it throws a {@link BackendException} instead of passing the call on, as a backend whose
 * disk fills up or whose connection drops would. Use it to check that an import then leaves the
 * store exactly as it was, and that an export then leaves no file behind.
 *
 * <p>Writes are counted one per record inserted (a batch passed to {@link
 * WriteTransaction#insertAll} counts as many writes as it has records; when the k-th is among
 * them, the records before it are passed on and then the failure is thrown), one per {@link
 * WriteTransaction#replace replace}, one per {@link WriteTransaction#storeVector stored vector}
 * and one per {@link WriteTransaction#commit() commit}. Reads are counted one per record a cursor
 * yields. Everything else (look-ups, rollback, close) is passed on unchanged. The counters are
 * shared by every snapshot and transaction of the wrapper, and thread-safe.
 *
 * <pre>{@code
 * FaultInjectingBackend faulty = FaultInjectingBackend.failingOnWrite(backend, 7);
 * ImportResult result = Transfer.importFrom(faulty, file, ImportOptions.defaults());
 * if (faulty.failed()) {
 *   assertFalse(result.success());
 *   assertEquals(before, StoreContent.read(backend));
 * }
 * }</pre>
 *
 * <p>Closing the wrapper closes the backend.
 *
 * @since 0.1.0
 */
public final class FaultInjectingBackend implements StorageBackend {
  private final StorageBackend delegate;
  private final long failOnWrite;
  private final long failOnRead;
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private volatile String failure;

  private FaultInjectingBackend(StorageBackend delegate, long failOnWrite, long failOnRead) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.failOnWrite = failOnWrite;
    this.failOnRead = failOnRead;
  }

  /**
   * A wrapper that fails on the k-th write.
   *
   * @param delegate the backend to wrap
   * @param k the write to fail on, counting from 1
   * @return the wrapper
   */
  public static FaultInjectingBackend failingOnWrite(StorageBackend delegate, long k) {
    return new FaultInjectingBackend(delegate, requirePositive(k), Long.MAX_VALUE);
  }

  /**
   * A wrapper that fails on the k-th record read through a cursor.
   *
   * @param delegate the backend to wrap
   * @param k the record to fail on, counting from 1
   * @return the wrapper
   */
  public static FaultInjectingBackend failingOnRead(StorageBackend delegate, long k) {
    return new FaultInjectingBackend(delegate, Long.MAX_VALUE, requirePositive(k));
  }

  /**
   * Whether the failure was thrown.
   *
   * @return true once the k-th write or read was attempted
   */
  public boolean failed() {
    return failure != null;
  }

  /**
   * The message of the thrown failure.
   *
   * @return the message, or empty when nothing failed
   */
  public Optional<String> failureMessage() {
    return Optional.ofNullable(failure);
  }

  /**
   * How many writes were attempted, the failing one included.
   *
   * @return the count
   */
  public long writes() {
    return writes.get();
  }

  /**
   * How many records were read, the failing one included.
   *
   * @return the count
   */
  public long reads() {
    return reads.get();
  }

  @Override
  public BackendInfo info() {
    return delegate.info();
  }

  @Override
  public ReadSnapshot openSnapshot() {
    return new Snapshot(delegate.openSnapshot());
  }

  @Override
  public WriteTransaction beginTransaction() {
    return new Transaction(delegate.beginTransaction());
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "FaultInjectingBackend[" + delegate + "]";
  }

  private void countWrite(String what) {
    long n = writes.incrementAndGet();
    if (n == failOnWrite) {
      throw fail("injected failure on write " + n + " (" + what + ")");
    }
  }

  private void countRead(String what) {
    long n = reads.incrementAndGet();
    if (n == failOnRead) {
      throw fail("injected failure on read " + n + " (" + what + ")");
    }
  }

  private BackendException fail(String message) {
    failure = message;
    return new BackendException(message);
  }

  private static long requirePositive(long k) {
    if (k < 1) {
      throw new IllegalArgumentException("k counts from 1, was " + k);
    }
    return k;
  }

  private static String describe(TransferRecord r) {
    return r.kind().displayName() + " " + StoreContent.show(r.id());
  }

  /** Counts the records its cursors yield. */
  private final class Snapshot implements ReadSnapshot {
    private final ReadSnapshot snapshot;

    Snapshot(ReadSnapshot snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
      RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind);
      return new RecordCursor<TransferRecord>() {
        @Override
        public boolean hasNext() {
          return cursor.hasNext();
        }

        @Override
        public TransferRecord next() {
          countRead("reading " + kind.sectionName());
          return cursor.next();
        }

        @Override
        public void close() {
          cursor.close();
        }
      };
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
  }

  /** Counts writes and fails on the k-th. */
  private final class Transaction implements WriteTransaction {
    private final WriteTransaction tx;

    Transaction(WriteTransaction tx) {
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
      countWrite("insert of " + describe(record));
      tx.insert(record);
    }

    @Override
    public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
      long before = writes.get();
      if (before < failOnWrite && failOnWrite <= before + records.size()) {
        int passed = (int) (failOnWrite - before - 1);
        if (passed > 0) {
          tx.insertAll(records.subList(0, passed));
        }
        writes.addAndGet(passed);
        countWrite("insert of " + describe(records.get(passed)));
        throw new IllegalStateException("unreachable");
      }
      writes.addAndGet(records.size());
      return tx.insertAll(records);
    }

    @Override
    public void replace(TransferRecord record) {
      countWrite("replace of " + describe(record));
      tx.replace(record);
    }

    @Override
    public void storeVector(StoredVector vector) {
      countWrite("vector of memory " + StoreContent.show(vector.memoryId()));
      tx.storeVector(vector);
    }

    @Override
    public void commit() {
      countWrite("commit");
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
}
