package ai.doclea.transfer.testkit;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.JsonRowCursor;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.List;
import java.util.Optional;
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
public final class FaultInjectingBackend extends ForwardingStorageBackend {
  private final long failOnWrite;
  private final long failOnRead;
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private volatile String failure;

  private FaultInjectingBackend(StorageBackend delegate, long failOnWrite, long failOnRead) {
    super(delegate);
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
  public ReadSnapshot openSnapshot() {
    return new Snapshot(delegate().openSnapshot());
  }

  @Override
  public WriteTransaction beginTransaction() {
    return new Transaction(delegate().beginTransaction());
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

  /**
   * Counts the records its cursors yield. A read by selection is the wrapped snapshot's own; the
   * UTF-8 cursors and rendered rows are not offered, so every record goes through a counted
   * cursor.
   */
  private final class Snapshot extends ForwardingReadSnapshot {
    Snapshot(ReadSnapshot snapshot) {
      super(snapshot);
    }

    @Override
    public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
      return counted(delegate().read(kind), "reading " + kind.sectionName());
    }

    @Override
    public RecordCursor<? extends TransferRecord> read(RecordKind kind, Selection selection) {
      return counted(delegate().read(kind, selection), "reading " + kind.sectionName());
    }

    @Override
    public Optional<Utf8RecordCursor<? extends TransferRecord>> readUtf8(RecordKind kind,
        Selection selection) {
      return Optional.empty();
    }

    @Override
    public Optional<JsonRowCursor<? extends TransferRecord>> readJsonRows(RecordKind kind,
        List<String> fields) {
      return Optional.empty();
    }

    @Override
    public RecordCursor<StoredVector> vectors(Selection selection) {
      return counted(delegate().vectors(selection), "reading vectors");
    }

    private <T> RecordCursor<T> counted(RecordCursor<? extends T> cursor, String what) {
      return new RecordCursor<T>() {
        @Override
        public boolean hasNext() {
          return cursor.hasNext();
        }

        @Override
        public T next() {
          countRead(what);
          return cursor.next();
        }

        @Override
        public void close() {
          cursor.close();
        }
      };
    }
  }

  /** Counts writes and fails on the k-th. */
  private final class Transaction extends ForwardingWriteTransaction {
    Transaction(WriteTransaction tx) {
      super(tx);
    }

    @Override
    public void insert(TransferRecord record) {
      countWrite("insert of " + describe(record));
      delegate().insert(record);
    }

    @Override
    public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
      long before = writes.get();
      if (before < failOnWrite && failOnWrite <= before + records.size()) {
        int passed = (int) (failOnWrite - before - 1);
        if (passed > 0) {
          delegate().insertAll(records.subList(0, passed));
        }
        writes.addAndGet(passed);
        countWrite("insert of " + describe(records.get(passed)));
        throw new IllegalStateException("unreachable");
      }
      writes.addAndGet(records.size());
      return delegate().insertAll(records);
    }

    @Override
    public void replace(TransferRecord record) {
      countWrite("replace of " + describe(record));
      delegate().replace(record);
    }

    @Override
    public void storeVector(StoredVector vector) {
      countWrite("vector of memory " + StoreContent.show(vector.memoryId()));
      delegate().storeVector(vector);
    }

    /** One write per vector, each through {@link #storeVector}. */
    @Override
    public void storeVectors(List<StoredVector> vectors) {
      for (StoredVector v : vectors) {
        storeVector(v);
      }
    }

    @Override
    public void commit() {
      countWrite("commit");
      delegate().commit();
    }
  }
}
