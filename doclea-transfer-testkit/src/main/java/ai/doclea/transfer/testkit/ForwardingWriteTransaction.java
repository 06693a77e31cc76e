package ai.doclea.transfer.testkit;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link WriteTransaction} that passes every call on to another one, the {@code default}
 * methods included. Subclass it and override the calls you want to change (a commit that fails,
 * a write that is counted); see {@link ForwardingStorageBackend}.
 *
 * @since 1.0.0
 */
public class ForwardingWriteTransaction implements WriteTransaction {
  private final WriteTransaction delegate;

  /**
   * Wraps a transaction.
   *
   * @param delegate the transaction every call is passed to
   */
  public ForwardingWriteTransaction(WriteTransaction delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped transaction.
   *
   * @return the transaction every call is passed to
   */
  protected WriteTransaction delegate() {
    return delegate;
  }

  @Override
  public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
    return delegate.existingIds(kind, ids);
  }

  @Override
  public boolean isEmpty(RecordKind kind) {
    return delegate.isEmpty(kind);
  }

  @Override
  public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
    return delegate.find(kind, ids);
  }

  @Override
  public void insert(TransferRecord record) {
    delegate.insert(record);
  }

  @Override
  public List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
    return delegate.insertAll(records);
  }

  @Override
  public void replace(TransferRecord record) {
    delegate.replace(record);
  }

  @Override
  public void storeVector(StoredVector vector) {
    delegate.storeVector(vector);
  }

  @Override
  public void storeVectors(List<StoredVector> vectors) {
    delegate.storeVectors(vectors);
  }

  @Override
  public void commit() {
    delegate.commit();
  }

  @Override
  public void rollback() {
    delegate.rollback();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
