package ai.doclea.transfer;

import ai.doclea.transfer.spi.StorageBackend;
import java.util.Objects;

/**
 * An open store: a Doclea database, a project, or any store an adapter on the class path serves,
 * opened by {@link Stores#open(String, java.util.Map)} and handed to {@link Transfer}'s methods.
 * Close it when done, best with try-with-resources; closing releases the store's files,
 * connections and locks.
 *
 * <p>A handle is safe to use from several threads, one transfer at a time for an import (the store
 * takes one writer at a time); it hides the adapter's {@link StorageBackend} so that callers need
 * nothing from {@code ai.doclea.transfer.spi}. Adapter authors and tests that hold a backend
 * themselves use the {@code StorageBackend} overloads of {@link Transfer} instead.
 *
 * <p>Stable since 1.0; methods may be added.
 *
 * @since 1.0.0
 */
public final class Store implements AutoCloseable {
  private final StorageBackend backend;
  private final String description;

  Store(StorageBackend backend, String description) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.description = Objects.requireNonNull(description, "description");
  }

  /** The adapter's backend; for {@link Transfer} only. */
  StorageBackend backend() {
    return backend;
  }

  /**
   * Whether the store keeps embedding vectors: a bare Doclea database does not (its vectors live in
   * the project's vector store), a project ({@code doclea:}) does.
   *
   * @return whether an import restores a file's vectors into this store
   * @throws ai.doclea.transfer.api.BackendException when the store cannot say
   */
  public boolean storesVectors() {
    return backend.storesVectors();
  }

  /**
   * Releases the store's resources. Calling it again does nothing more than the adapter's own
   * {@code close} does.
   *
   * @throws ai.doclea.transfer.api.BackendException when the store fails to close
   */
  @Override
  public void close() {
    backend.close();
  }

  /**
   * Names the store: its URI's scheme and location, with a password (a {@code password}
   * parameter or the user info of a URL) replaced by {@code ***}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return description;
  }
}
