package ai.doclea.transfer.memory;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A Doclea store held in memory: a real {@link StorageBackend}, not a mock, for the unit tests of
 * host applications and for migrations through memory. Nothing is persisted; a store lives as long
 * as the object.
 *
 * <h2>Setting up and checking a store in a test</h2>
 *
 * <pre>{@code
 * InMemoryBackend source = InMemoryBackend.builder()
 *     .storageMode("manual")
 *     .add(Memory.builder("mem_1", "decision", "Use Postgres", "Because ...").build())
 *     .add(new Document("doc_1", "README", "# Hello", null, 1705432800L, 1705432800L))
 *     .build();
 * InMemoryBackend target = InMemoryBackend.create();
 * // ... export source, import into target ...
 * assertEquals(source.contents(), target.contents());
 * List<Memory> memories = target.records(Memory.class);
 * }</pre>
 *
 * <h2>Order</h2>
 *
 * Every section is kept and read <b>in id order</b>, as {@link String#compareTo} orders ids (by
 * UTF-16 code units). Cursors, {@link #records(RecordKind)} and {@link #contents()} all use that
 * order, so the same data always reads the same way, whatever the order it was written in.
 *
 * <h2>Concurrency and transactions</h2>
 *
 * The store is an immutable state behind a volatile reference. A {@link ReadSnapshot} keeps the
 * state that was current when it was opened, so it is consistent and never blocks, whatever is
 * written meanwhile; any number of threads may read. One {@link WriteTransaction} is open at a
 * time: {@link #beginTransaction()} waits up to the lock timeout (default 30 seconds; see {@link
 * Builder#lockTimeout}) for the current one to end, and fails at once when the calling thread
 * already has one open. A transaction's reads see its own writes; {@link WriteTransaction#commit()}
 * publishes all of them together in one step; {@link WriteTransaction#rollback()} (or {@link
 * WriteTransaction#close()} without a commit) discards them, leaving the store exactly as it was.
 * Inserting an id that exists and replacing an id that does not fail with a {@link
 * BackendException} naming the kind and id; using a transaction after its commit or rollback fails
 * with an {@link IllegalStateException}. Replacing a memory deletes its vector. Referential
 * integrity (chunks to documents, relations to memories) is not enforced, as in Doclea's own
 * database, except that a vector can only be stored for an existing memory.
 *
 * <h2>Header facts</h2>
 *
 * {@link #info()} reports backend type {@code "memory"}, the configured storage mode (default
 * {@code "automatic"}) and schema version (default {@code "unknown"}), and as embedding provider
 * and model those of the vector stored last by a committed transaction, or the configured ones
 * while no vector was stored.
 *
 * @since 0.1.0
 */
public final class InMemoryBackend implements StorageBackend {
  /** The backend type reported in {@link #info()} and written to export headers. */
  public static final String BACKEND_TYPE = "memory";

  /** How long {@link #beginTransaction()} waits for another transaction by default. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final String storageMode;
  private final String schemaVersion;
  private final Duration lockTimeout;
  private final Semaphore writeLock = new Semaphore(1);
  private volatile State state;
  private volatile MemoryTransaction writer;
  private volatile Thread writerThread;
  private volatile boolean closed;

  private InMemoryBackend(String name, String storageMode, String schemaVersion,
      Duration lockTimeout, State state) {
    this.name = name == null ? "memory store@" + Integer.toHexString(System.identityHashCode(this))
        : "memory store '" + name + "'";
    this.storageMode = storageMode;
    this.schemaVersion = schemaVersion;
    this.lockTimeout = lockTimeout;
    this.state = state;
  }

  /**
   * An empty store with the defaults: storage mode {@code "automatic"}, schema version {@code
   * "unknown"}, no embedding facts.
   *
   * @return a new empty store
   */
  public static InMemoryBackend create() {
    return builder().build();
  }

  /**
   * A builder for a store with chosen header facts and initial records.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public BackendInfo info() {
    State s = state;
    return new BackendInfo(BACKEND_TYPE, storageMode, schemaVersion, s.embeddingProvider(),
        s.embeddingModel());
  }

  /**
   * Opens a snapshot of the current state. It never blocks and never sees later writes.
   *
   * @return the snapshot; reads through a closed snapshot throw {@link IllegalStateException}
   * @throws BackendException when this store is closed
   */
  @Override
  public ReadSnapshot openSnapshot() {
    checkOpen("open a snapshot");
    return new MemorySnapshot(name, state);
  }

  /**
   * Begins the one write transaction, waiting for the current one to end for at most the lock
   * timeout.
   *
   * @return the transaction
   * @throws BackendException when this store is closed, when the calling thread already has a
   *     transaction open on it, or when the lock timeout passes
   * @throws TransferCancelledException when the thread is interrupted while waiting
   */
  @Override
  public WriteTransaction beginTransaction() {
    checkOpen("begin a transaction");
    if (writerThread == Thread.currentThread()) {
      throw new BackendException("Cannot begin a transaction on " + name + ": this thread already"
          + " has one open; commit or roll it back first");
    }
    try {
      if (!writeLock.tryAcquire(lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new BackendException("Cannot begin a transaction on " + name + ": another"
            + " transaction stayed open longer than the lock timeout of " + lockTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferCancelledException(
          "Interrupted while waiting to begin a transaction on " + name);
    }
    if (closed) {
      writeLock.release();
      throw new BackendException("Cannot begin a transaction on " + name + ": it is closed");
    }
    MemoryTransaction tx = new MemoryTransaction(this, state);
    writer = tx;
    writerThread = Thread.currentThread();
    return tx;
  }

  /**
   * Closes the store: later {@link #openSnapshot()}, {@link #beginTransaction()} and commits fail
   * with a {@link BackendException}. Open snapshots stay readable; an open transaction can still be
   * rolled back. Closing twice is allowed. The read helpers ({@link #records(RecordKind)} and the
   * like) keep working, so tests can inspect a store after closing it.
   */
  @Override
  public void close() {
    closed = true;
  }

  /**
   * Inserts records in one transaction, in the given order.
   *
   * @param records the records, of any kinds; no id may exist already in its section
   * @return this store
   * @throws BackendException when an id exists already or appears twice; then nothing is inserted
   */
  public InMemoryBackend load(TransferRecord... records) {
    return load(Arrays.asList(records));
  }

  /**
   * Inserts records in one transaction, in the given order.
   *
   * @param records the records, of any kinds; no id may exist already in its section
   * @return this store
   * @throws BackendException when an id exists already or appears twice; then nothing is inserted
   */
  public InMemoryBackend load(Collection<? extends TransferRecord> records) {
    Objects.requireNonNull(records, "records");
    try (WriteTransaction tx = beginTransaction()) {
      tx.insertAll(new ArrayList<>(records));
      tx.commit();
    }
    return this;
  }

  /**
   * Stores vectors in one transaction.
   *
   * @param vectors the vectors; each memory must exist
   * @return this store
   * @throws BackendException when a memory does not exist; then nothing is stored
   */
  public InMemoryBackend loadVectors(StoredVector... vectors) {
    try (WriteTransaction tx = beginTransaction()) {
      for (StoredVector vector : vectors) {
        tx.storeVector(vector);
      }
      tx.commit();
    }
    return this;
  }

  /**
   * The committed records of a section, in id order.
   *
   * @param kind the section
   * @return an unmodifiable list
   */
  public List<TransferRecord> records(RecordKind kind) {
    Objects.requireNonNull(kind, "kind");
    return List.copyOf(state.section(kind).values());
  }

  /**
   * The committed records of one type, in id order, for example {@code records(Memory.class)}.
   *
   * @param <T> the record type
   * @param type the record class
   * @return an unmodifiable list
   */
  public <T extends TransferRecord> List<T> records(Class<T> type) {
    Objects.requireNonNull(type, "type");
    for (RecordKind kind : RecordKind.values()) {
      if (kind.recordType() == type) {
        List<T> typed = new ArrayList<>();
        for (TransferRecord record : state.section(kind).values()) {
          typed.add(type.cast(record));
        }
        return Collections.unmodifiableList(typed);
      }
    }
    throw new IllegalArgumentException(type.getName() + " is not a record kind");
  }

  /**
   * One committed record.
   *
   * @param kind the section
   * @param id the id
   * @return the record, or empty
   */
  public Optional<TransferRecord> record(RecordKind kind, String id) {
    Objects.requireNonNull(kind, "kind");
    return Optional.ofNullable(state.section(kind).get(Objects.requireNonNull(id, "id")));
  }

  /**
   * How many committed records a section holds.
   *
   * @param kind the section
   * @return the count
   */
  public int size(RecordKind kind) {
    Objects.requireNonNull(kind, "kind");
    return state.section(kind).size();
  }

  /**
   * Whether every section is empty (vectors are not counted).
   *
   * @return true when no record is stored
   */
  public boolean isEmpty() {
    State s = state;
    for (RecordKind kind : RecordKind.values()) {
      if (!s.section(kind).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every committed record, by section in id order, taken from one consistent state. Two stores
   * with equal contents hold equal records; compare the results of two calls to check that a
   * store did not change.
   *
   * @return an unmodifiable map with an entry (possibly an empty list) for every kind
   */
  public Map<RecordKind, List<TransferRecord>> contents() {
    State s = state;
    EnumMap<RecordKind, List<TransferRecord>> all = new EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      all.put(kind, List.copyOf(s.section(kind).values()));
    }
    return Collections.unmodifiableMap(all);
  }

  /**
   * The committed vector of a memory.
   *
   * @param memoryId the memory id
   * @return a copy of the vector, or empty
   */
  public Optional<StoredVector> vector(String memoryId) {
    return Optional.ofNullable(state.vectors().get(Objects.requireNonNull(memoryId, "memoryId")))
        .map(InMemoryBackend::copyOf);
  }

  /**
   * Every committed vector, in memory-id order.
   *
   * @return copies of the vectors
   */
  public List<StoredVector> vectors() {
    List<StoredVector> all = new ArrayList<>();
    for (StoredVector v : state.vectors().values()) {
      all.add(copyOf(v));
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * A new, independent store with this store's committed records, vectors and header facts. Later
   * writes to either store do not affect the other.
   *
   * @return the copy
   */
  public InMemoryBackend copy() {
    return new InMemoryBackend(null, storageMode, schemaVersion, lockTimeout, state);
  }

  @Override
  public String toString() {
    return name;
  }

  String name() {
    return name;
  }

  /** Called by a transaction's commit, which still holds the write lock. */
  void publish(MemoryTransaction tx, State next) {
    if (writer != tx) {
      throw new IllegalStateException("Transaction does not hold the write lock of " + name);
    }
    if (closed) {
      throw new BackendException("Cannot commit to " + name + ": it is closed");
    }
    state = next;
    release(tx);
  }

  /** Called when a transaction ends. */
  void release(MemoryTransaction tx) {
    if (writer == tx) {
      writer = null;
      writerThread = null;
      writeLock.release();
    }
  }

  private void checkOpen(String operation) {
    if (closed) {
      throw new BackendException("Cannot " + operation + " on " + name + ": it is closed");
    }
  }

  static StoredVector copyOf(StoredVector v) {
    return new StoredVector(v.memoryId(), v.provider(), v.model(), v.vector().clone(),
        v.vectorId());
  }

  /**
   * Builds an {@link InMemoryBackend} with chosen header facts and initial content. Not
   * thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String name;
    private String storageMode = BackendInfo.DEFAULT_STORAGE_MODE;
    private String schemaVersion = BackendInfo.UNKNOWN_SCHEMA;
    private String embeddingProvider;
    private String embeddingModel;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private final List<TransferRecord> records = new ArrayList<>();
    private final List<StoredVector> vectors = new ArrayList<>();

    private Builder() {}

    /**
     * Names the store in messages and {@code toString()}.
     *
     * @param v a name, for example {@code "target"}
     * @return this builder
     */
    public Builder name(String v) {
      name = Objects.requireNonNull(v, "name");
      return this;
    }

    /**
     * The storage mode reported in {@link InMemoryBackend#info()}.
     *
     * @param v {@code "manual"}, {@code "suggested"} or {@code "automatic"} (the default)
     * @return this builder
     */
    public Builder storageMode(String v) {
      storageMode = requireText("storageMode", v);
      return this;
    }

    /**
     * The schema version reported in {@link InMemoryBackend#info()}.
     *
     * @param v for example {@code "012"}; the default is {@code "unknown"}
     * @return this builder
     */
    public Builder schemaVersion(String v) {
      schemaVersion = requireText("schemaVersion", v);
      return this;
    }

    /**
     * The embedding facts reported until a vector is stored.
     *
     * @param provider the provider name, or null
     * @param model the model name, or null
     * @return this builder
     */
    public Builder embedding(String provider, String model) {
      embeddingProvider = provider;
      embeddingModel = model;
      return this;
    }

    /**
     * How long {@link InMemoryBackend#beginTransaction()} waits for another transaction.
     *
     * @param v a positive duration; default 30 seconds
     * @return this builder
     */
    public Builder lockTimeout(Duration v) {
      if (v == null || v.isNegative() || v.isZero()) {
        throw new IllegalArgumentException("lockTimeout must be positive, was " + v);
      }
      lockTimeout = v;
      return this;
    }

    /**
     * Adds a record to the initial content.
     *
     * @param record the record
     * @return this builder
     */
    public Builder add(TransferRecord record) {
      records.add(Objects.requireNonNull(record, "record"));
      return this;
    }

    /**
     * Adds records to the initial content.
     *
     * @param more the records
     * @return this builder
     */
    public Builder add(TransferRecord... more) {
      for (TransferRecord record : more) {
        add(record);
      }
      return this;
    }

    /**
     * Adds records to the initial content.
     *
     * @param more the records
     * @return this builder
     */
    public Builder addAll(Collection<? extends TransferRecord> more) {
      for (TransferRecord record : more) {
        add(record);
      }
      return this;
    }

    /**
     * Adds a vector to the initial content; its memory must be added too.
     *
     * @param vector the vector
     * @return this builder
     */
    public Builder vector(StoredVector vector) {
      vectors.add(Objects.requireNonNull(vector, "vector"));
      return this;
    }

    /**
     * Adds a vector to the initial content; its memory must be added too.
     *
     * @param memoryId the memory
     * @param provider the embedding provider's name
     * @param model the model's name
     * @param components the vector
     * @return this builder
     */
    public Builder vector(String memoryId, String provider, String model, float... components) {
      return vector(new StoredVector(memoryId, provider, model, components.clone()));
    }

    /**
     * Builds the store. The initial content is written in one transaction, so the store's embedding
     * facts are those of the last vector added, if any.
     *
     * @return the store
     * @throws BackendException when two records of one kind share an id, or a vector's memory is
     *     missing
     */
    public InMemoryBackend build() {
      InMemoryBackend store = new InMemoryBackend(name, storageMode, schemaVersion, lockTimeout,
          State.empty(embeddingProvider, embeddingModel));
      if (!records.isEmpty() || !vectors.isEmpty()) {
        try (WriteTransaction tx = store.beginTransaction()) {
          tx.insertAll(records);
          for (StoredVector v : vectors) {
            tx.storeVector(v);
          }
          tx.commit();
        }
      }
      return store;
    }

    private static String requireText(String option, String v) {
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException(option + " must not be empty");
      }
      return v;
    }
  }
}
