package ai.doclea.transfer.testkit;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.JsonRowCursor;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link ReadSnapshot} that passes every call on to another one, the {@code default} methods
 * included. Subclass it and override the calls you want to change; see {@link
 * ForwardingStorageBackend}. It keeps the wrapped snapshot's thread contract: used by one thread
 * at a time, as the core does.
 *
 * @since 1.0.0
 */
public class ForwardingReadSnapshot implements ReadSnapshot {
  private final ReadSnapshot delegate;

  /**
   * Wraps a snapshot.
   *
   * @param delegate the snapshot every call is passed to
   */
  public ForwardingReadSnapshot(ReadSnapshot delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped snapshot.
   *
   * @return the snapshot every call is passed to
   */
  protected ReadSnapshot delegate() {
    return delegate;
  }

  @Override
  public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
    return delegate.read(kind);
  }

  @Override
  public RecordCursor<? extends TransferRecord> read(RecordKind kind, Selection selection) {
    return delegate.read(kind, selection);
  }

  @Override
  public Optional<Utf8RecordCursor<? extends TransferRecord>> readUtf8(RecordKind kind,
      Selection selection) {
    return delegate.readUtf8(kind, selection);
  }

  @Override
  public Optional<JsonRowCursor<? extends TransferRecord>> readJsonRows(RecordKind kind,
      java.util.List<String> fields) {
    return delegate.readJsonRows(kind, fields);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Passed on as well: the sibling is the wrapped snapshot's, not wrapped. A subclass that
   * changes what a section reads changes it only for the sections read through this snapshot;
   * override this (return empty) to have an export read every section here.
   */
  @Override
  public Optional<ReadSnapshot> sibling() {
    return delegate.sibling();
  }

  @Override
  public OptionalLong count(RecordKind kind) {
    return delegate.count(kind);
  }

  @Override
  public java.util.List<String> notes() {
    return delegate.notes();
  }

  @Override
  public Optional<StoredVector> vector(String memoryId) {
    return delegate.vector(memoryId);
  }

  @Override
  public RecordCursor<StoredVector> vectors(Selection selection) {
    return delegate.vectors(selection);
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
