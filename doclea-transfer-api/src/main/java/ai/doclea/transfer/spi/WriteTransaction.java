package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One all-or-nothing unit of writes. Everything written through it becomes visible to others
 * together on {@link #commit()}, or not at all: after {@link #rollback()} (or {@link #close()}
 * without a commit) the store is exactly as it was before {@link StorageBackend#beginTransaction()}.
 * Reads through the transaction see its own writes. Used by one thread.
 *
 * <p>Every method throws {@link ai.doclea.transfer.api.BackendException} when the store fails; the
 * caller then rolls back. Inserting an id that already exists fails (at the latest on commit).
 * After {@link #commit()} or {@link #rollback()}, further reads and writes throw {@link
 * IllegalStateException} or a {@link ai.doclea.transfer.api.TransferException}; {@link #close()}
 * may be called more than once. The adapter test kit checks all of this.
 *
 * @since 0.1.0
 */
public interface WriteTransaction extends AutoCloseable {

  /**
   * Which of the given ids exist in a section, including records this transaction wrote. The core
   * calls this once per batch, never per record.
   *
   * @param kind the section
   * @param ids the ids to look up (at most a batch, typically a few hundred)
   * @return the subset of {@code ids} that exist
   */
  Set<String> existingIds(RecordKind kind, Collection<String> ids);

  /**
   * Whether a section holds no record at all, as this transaction sees it (its own writes
   * included). The core asks once at the start of each section of an import; when the answer is
   * true, no record of that section can conflict with a stored one (the file's repeated ids are
   * caught by the core itself), and it skips the per-batch {@link #existingIds} look-up of the
   * section's own ids. The default answers false, which is always correct: override it when
   * your store can tell cheaply (one query, not a count of the rows).
   *
   * @param kind the section
   * @return true only when the section certainly holds no record
   * @since 0.3.0
   */
  default boolean isEmpty(RecordKind kind) {
    return false;
  }

  /**
   * The records stored under the given ids, for conflict strategies that look at the existing
   * record.
   *
   * @param kind the section
   * @param ids the ids to load (at most a batch)
   * @return the records found, by id
   */
  Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids);

  /**
   * Inserts a record whose id does not exist yet in its section.
   *
   * @param record the record
   */
  void insert(TransferRecord record);

  /**
   * Inserts several records whose ids do not exist yet, and reports the ones the store refused
   * because they repeat another record's natural key (Doclea's {@code UNIQUE(source_id, target_id,
   * type)} on memory relations and {@code UNIQUE(memory_id, code_node_id, relation_type)} on
   * cross-layer relations). The importer counts refused records as skipped and lists them in the
   * result's errors; a store without natural keys refuses none. Any other failure throws. The
   * default calls {@link #insert(TransferRecord)} for each record and refuses none; adapters
   * override it to batch.
   *
   * @param records the records, all of one kind
   * @return the records that were not inserted because of a natural-key duplicate, possibly empty
   */
  default List<TransferRecord> insertAll(List<? extends TransferRecord> records) {
    for (TransferRecord record : records) {
      insert(record);
    }
    return List.of();
  }

  /**
   * Replaces the record with the same id. Replacing a memory also deletes any vector stored for
   * it, since the vector no longer matches its text.
   *
   * @param record the new record
   */
  void replace(TransferRecord record);

  /**
   * Stores (or replaces) the embedding vector of a memory.
   *
   * @param vector the vector with its provider and model
   */
  void storeVector(StoredVector vector);

  /**
   * Stores (or replaces) the vectors of several memories; the importer calls it with batches when
   * it restores a file's vectors. The default calls {@link #storeVector} for each; adapters that
   * look something up per vector override it to do one look-up per batch.
   *
   * @param vectors the vectors, at most a batch (a few hundred)
   * @since 0.3.0
   */
  default void storeVectors(List<StoredVector> vectors) {
    for (StoredVector v : vectors) {
      storeVector(v);
    }
  }

  /**
   * Makes every write of this transaction durable and visible.
   *
   * @throws ai.doclea.transfer.api.IncompleteCommitException when every write is durable but
   *     some are not visible yet, and the store finishes them later (a store spanning two
   *     databases that could write only the first); a rollback is then no longer possible
   */
  void commit();

  /** Discards every write of this transaction. Allowed after a failed commit. */
  void rollback();

  /** Rolls back unless the transaction was committed; then releases its resources. */
  @Override
  void close();
}
