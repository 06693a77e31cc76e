package ai.doclea.transfer.testkit;

import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@link StorageBackend} that passes every call on to another one. Subclass it and override
 * the calls you want to change, for fault injection in tests or to add behaviour to an adapter;
 * wrap the snapshots and transactions with {@link ForwardingReadSnapshot} and {@link
 * ForwardingWriteTransaction} the same way.
 *
 * <p>Every method of the interface is forwarded, the {@code default} ones included, so the
 * wrapper behaves exactly as the backend it wraps. A method added to the SPI later is forwarded
 * from the kit version that adds it; until then it has the interface's default.
 *
 * <pre>{@code
 * StorageBackend readOnly = new ForwardingStorageBackend(backend) {
 *   @Override
 *   public WriteTransaction beginTransaction() {
 *     throw new BackendException("read-only");
 *   }
 * };
 * }</pre>
 *
 * @since 1.0.0
 */
public class ForwardingStorageBackend implements StorageBackend {
  private final StorageBackend delegate;

  /**
   * Wraps a backend.
   *
   * @param delegate the backend every call is passed to
   */
  public ForwardingStorageBackend(StorageBackend delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * The wrapped backend.
   *
   * @return the backend every call is passed to
   */
  protected StorageBackend delegate() {
    return delegate;
  }

  @Override
  public BackendInfo info() {
    return delegate.info();
  }

  @Override
  public ReadSnapshot openSnapshot() {
    return delegate.openSnapshot();
  }

  @Override
  public WriteTransaction beginTransaction() {
    return delegate.beginTransaction();
  }

  @Override
  public List<Path> files() {
    return delegate.files();
  }

  @Override
  public boolean storesVectors() {
    return delegate.storesVectors();
  }

  @Override
  public OptionalInt vectorDimensions() {
    return delegate.vectorDimensions();
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
