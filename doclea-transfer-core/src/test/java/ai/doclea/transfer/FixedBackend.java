package ai.doclea.transfer;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A read-only store over fixed records, optionally failing after some records are read, and
 * optionally offering each snapshot a sibling ({@link ReadSnapshot#sibling}) over another one.
 */
public class FixedBackend implements StorageBackend {
  private final BackendInfo info;
  private final List<TransferRecord> records;
  private final int failAfter;
  private final FixedBackend sibling;

  FixedBackend(BackendInfo info, List<? extends TransferRecord> records, int failAfter) {
    this(info, records, failAfter, null);
  }

  /**
   * A store whose snapshots fail after {@code failAfter} records (-1: never) and have a snapshot
   * of {@code sibling} as their sibling (null: none).
   */
  public FixedBackend(BackendInfo info, List<? extends TransferRecord> records, int failAfter,
      FixedBackend sibling) {
    this.info = info;
    this.records = new ArrayList<>(records);
    this.failAfter = failAfter;
    this.sibling = sibling;
  }

  @Override
  public BackendInfo info() {
    return info;
  }

  @Override
  public ReadSnapshot openSnapshot() {
    return new ReadSnapshot() {
      int served;

      @Override
      public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
        Iterator<TransferRecord> it =
            records.stream().filter(r -> r.kind() == kind).iterator();
        return new RecordCursor<TransferRecord>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public TransferRecord next() {
            if (failAfter >= 0 && served++ >= failAfter) {
              throw new BackendException("disk read error (injected)");
            }
            return it.next();
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public Optional<StoredVector> vector(String memoryId) {
        return Optional.empty();
      }

      @Override
      public Optional<ReadSnapshot> sibling() {
        return sibling == null ? Optional.empty() : Optional.of(sibling.openSnapshot());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public WriteTransaction beginTransaction() {
    throw new BackendException("read-only");
  }

  @Override
  public void close() {}
}
