package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferRecord;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A consistent, read-only view of a store: every cursor opened from one snapshot sees the store as
 * it was when the snapshot was opened, whatever other connections write meanwhile. An export reads
 * all its sections from one snapshot. Close it when done.
 *
 * <p><b>Threads.</b> A snapshot, and every cursor opened from it, is used by one thread at a
 * time, but not always by the same thread: the core may open a snapshot on one thread and read
 * it, and close it, on another (an export reads the store on a worker thread so that reading
 * overlaps writing the file). The core never calls a snapshot or its cursors concurrently, and
 * each hand-over to another thread happens-before the next call, so an implementation needs no
 * locking of its own. It must not tie the snapshot to the thread that opened it: no {@code
 * ThreadLocal} state, no connection or read transaction that only its opening thread may use or
 * end. The adapter test kit checks this ({@code
 * StorageBackendContractTest.Concurrency#aSnapshotOpenedOnOneThreadIsReadAndClosedOnAnother}).
 *
 * @since 0.1.0
 */
public interface ReadSnapshot extends AutoCloseable {

  /**
   * Opens a cursor over one section, in a stable order (the same order every time for the same
   * data). Only one cursor needs to be open at a time.
   *
   * @param kind the section
   * @return a cursor yielding records of {@code kind.recordType()}
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  RecordCursor<? extends TransferRecord> read(RecordKind kind);

  /**
   * Opens a cursor over the records of one section that an export of {@code selection} writes,
   * following the closure rules documented on {@link Selection}: memories that pass the memory
   * filters; memory relations whose both ends pass, cross-layer relations whose memory passes
   * (both only when a memory filter is set, otherwise all of them); pending memories by {@link
   * Selection#matchesPending}; documents by {@link Selection#matchesDocument}; chunks whose
   * document is selected. Same order as {@link #read(RecordKind)}, minus the records left out.
   *
   * <p>The default filters {@link #read(RecordKind)} in Java: it reads the whole section, and for
   * relations and chunks first reads the memories or documents once to collect the selected ids
   * (held in memory, proportional to the slice). Adapters that can filter where the data lives
   * (an SQL {@code WHERE}) should override it; the test kit checks both against the same rules.
   * Only one cursor is open at a time, as with {@link #read(RecordKind)}.
   *
   * @param kind the section
   * @param selection the selection; {@link Selection#ALL} gives the same records as {@link
   *     #read(RecordKind)}
   * @return a cursor yielding the selected records of {@code kind.recordType()}
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   * @since 0.2.0
   */
  default RecordCursor<? extends TransferRecord> read(RecordKind kind, Selection selection) {
    return SelectedRead.read(this, kind, selection);
  }

  /**
   * Optionally, the same records as {@link #read(RecordKind, Selection)}, in the same order, with
   * large text fields handed over as the store's UTF-8 bytes (see {@link Utf8RecordCursor}). An
   * export uses it when it is present; it spares decoding every text into a {@code String} and
   * encoding it back. The default has no such cursor, and everything works without one.
   *
   * @param kind the section
   * @param selection the selection, as for {@link #read(RecordKind, Selection)}
   * @return the cursor, or empty when the backend does not offer one for this read
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   * @since 0.3.0
   */
  default Optional<Utf8RecordCursor<? extends TransferRecord>> readUtf8(RecordKind kind,
      Selection selection) {
    return Optional.empty();
  }

  /**
   * Optionally, every record of a section ({@link #read(RecordKind)}'s records, in the same order)
   * rendered by the store as JSON arrays of the given fields (see {@link JsonRowCursor}). An export
   * of a whole store uses it when it is present, before {@link #readUtf8}. The default has no
   * such cursor, and everything works without one.
   *
   * @param kind the section
   * @param fields the fields of each row's array, by their keys in the export file, in order
   * @return the cursor, or empty when the backend does not offer one for this section or for one
   *     of the fields
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   * @since 0.3.0
   */
  default Optional<JsonRowCursor<? extends TransferRecord>> readJsonRows(RecordKind kind,
      java.util.List<String> fields) {
    return Optional.empty();
  }

  /**
   * Optionally, a second snapshot of exactly the state this one reads, to be read on another
   * thread while this one is read: an export of a whole store reads its later sections through it
   * while it writes the first. The caller closes it before this snapshot; this snapshot's close
   * closes it too. What it reads counts for this snapshot's {@link #notes()}: the caller asks
   * this one only. Given once at most. The default has none.
   *
   * @return the sibling, or empty when the backend does not offer one or cannot promise the
   *     same state
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   * @since 0.3.0
   */
  default Optional<ReadSnapshot> sibling() {
    return Optional.empty();
  }

  /**
   * How many records a section holds, for progress reporting. The default does not know.
   *
   * @param kind the section
   * @return the count, or empty when counting is not cheap
   */
  default OptionalLong count(RecordKind kind) {
    return OptionalLong.empty();
  }

  /**
   * What the store holds that an export of it cannot carry, for the export's warnings: for
   * example a column the file format has no field for, whose values the export leaves out, or a
   * value written otherwise than stored. Each note one sentence naming the store. An export asks
   * before it reads the sections and again after: notes about the values read may come only
   * then. The default has none.
   *
   * @return the notes, possibly empty
   * @since 1.0.0
   */
  default java.util.List<String> notes() {
    return java.util.List.of();
  }

  /**
   * The vector stored for a memory, if any.
   *
   * @param memoryId the memory id
   * @return the vector, or empty
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  Optional<StoredVector> vector(String memoryId);

  /**
   * Opens a cursor over the vectors of the memories an export of {@code selection} writes: at
   * most one vector per memory, in a stable order, from this snapshot. Used by an export with
   * {@link ai.doclea.transfer.api.ExportOptions#includeVectors()}.
   *
   * <p>The default reads the selected memories ({@link #read(RecordKind, Selection)}) and asks
   * {@link #vector(String)} for each, in memory order; a vector without an id of its own gets the
   * memory's {@code qdrantId}, when not empty, as {@link StoredVector#vectorId()}. Only one cursor
   * is open at a time: the default's memory cursor is the one open while it runs. Adapters that
   * keep vectors in a table should override it with one scan.
   *
   * @param selection which memories' vectors; {@link Selection#ALL} for every memory
   * @return a cursor of vectors
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   * @since 0.3.0
   */
  default RecordCursor<StoredVector> vectors(Selection selection) {
    return SelectedRead.vectors(this, selection);
  }

  /**
   * Ends the snapshot and releases its resources.
   *
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  @Override
  void close();
}
