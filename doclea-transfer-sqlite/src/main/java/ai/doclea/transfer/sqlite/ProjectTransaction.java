package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.IncompleteCommitException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write transaction on a Doclea project: records go to the records database's transaction,
 * vector changes to the {@link ProjectJournal}; {@link #commit()} runs the journal protocol.
 */
final class ProjectTransaction implements WriteTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectTransaction.class);
  private static final int RECENT = 4096;

  private final DocleaProjectBackend project;
  private final SqliteWriteTransaction records;
  private final DocleaProjectBackend.ProjectLock lock;
  private final DocleaProjectConfig config;
  private final Map<String, Memory> recent = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Memory> eldest) {
      return size() > RECENT;
    }
  };
  private ProjectJournal journal;
  private boolean warnedQdrant;
  private boolean recordsCommitted;
  private boolean done;

  ProjectTransaction(DocleaProjectBackend project, SqliteWriteTransaction records,
      DocleaProjectBackend.ProjectLock lock) {
    this.project = project;
    this.records = records;
    this.lock = lock;
    this.config = project.config();
  }

  @Override
  public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
    return records.existingIds(kind, ids);
  }

  @Override
  public boolean isEmpty(RecordKind kind) {
    return records.isEmpty(kind);
  }

  @Override
  public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
    return records.find(kind, ids);
  }

  @Override
  public void insert(TransferRecord record) {
    records.insert(record);
    remember(record);
  }

  @Override
  public List<TransferRecord> insertAll(List<? extends TransferRecord> list) {
    List<TransferRecord> refused = records.insertAll(list);
    for (TransferRecord r : list) {
      remember(r);
    }
    return refused;
  }

  @Override
  public void replace(TransferRecord record) {
    records.replace(record);
    if (record instanceof Memory) {
      remember(record);
      if (vectorsWritable(false)) {
        try {
          journal().deleteVectorsOf(record.id());
        } catch (SQLException e) {
          throw Failures.wrap(project.journalFile(), "write to the import journal",
              project.busyTimeoutMs(), e);
        }
      }
    }
  }

  private void remember(TransferRecord record) {
    if (record instanceof Memory) {
      recent.put(record.id(), (Memory) record);
    }
  }

  /**
   * Stores a memory's vector as Doclea would: checks it is of the project's provider, model and
   * size, takes the vector's own id (a restore from a file with vectors) or else the memory's
   * {@code qdrantId} as row id, or gives it a new one; a memory without a {@code qdrant_id} gets
   * the row id written to that column. Journals the row.
   */
  /**
   * {@inheritDoc}
   *
   * <p>Looks the memories that are not among those written last up with one query.
   */
  @Override
  public void storeVectors(List<StoredVector> vectors) {
    java.util.Set<String> missing = new java.util.LinkedHashSet<>();
    for (StoredVector v : vectors) {
      if (v != null && v.memoryId() != null && !recent.containsKey(v.memoryId())) {
        missing.add(v.memoryId());
      }
    }
    Map<String, Memory> found = new java.util.HashMap<>();
    if (!missing.isEmpty()) {
      for (Map.Entry<String, TransferRecord> e : records.find(RecordKind.MEMORY, missing)
          .entrySet()) {
        if (e.getValue() instanceof Memory) {
          found.put(e.getKey(), (Memory) e.getValue());
        }
      }
    }
    for (StoredVector v : vectors) {
      store(v, v == null || v.memoryId() == null ? null : found.get(v.memoryId()));
    }
  }

  @Override
  public void storeVector(StoredVector vector) {
    store(vector, null);
  }

  /** Stores one vector; {@code known} is its memory when the caller looked it up already. */
  private void store(StoredVector vector, Memory known) {
    vectorsWritable(true);
    if (vector == null || vector.memoryId() == null || vector.vector() == null) {
      throw new BackendException("Cannot store a vector in " + project + ": it needs a memory id"
          + " and components");
    }
    if (!config.embeddingProvider().equals(vector.provider())
        || !config.embeddingModel().equals(vector.model())) {
      throw new ConfigurationException("Cannot store a vector of " + vector.provider() + "/"
          + vector.model() + " for memory '" + vector.memoryId() + "' in the project "
          + config.projectDir() + ": it embeds with " + config.embeddingProvider() + "/"
          + config.embeddingModel() + " (.doclea/config.json), and Doclea would compare its"
          + " queries against vectors of another model");
    }
    float[] v = vector.vector();
    if (v.length != config.vectorSize()) {
      throw new ConfigurationException("Cannot store a vector of " + v.length
          + " dimensions for memory '" + vector.memoryId() + "' in the project "
          + config.projectDir() + ": its vector.vectorSize is " + config.vectorSize());
    }
    for (float f : v) {
      if (!Float.isFinite(f)) {
        throw new BackendException("The vector of memory '" + vector.memoryId()
            + "' has a non-finite component");
      }
    }
    Memory m = recent.get(vector.memoryId());
    if (m == null) {
      m = known;
    }
    if (m == null) {
      TransferRecord found = records.find(RecordKind.MEMORY, List.of(vector.memoryId()))
          .get(vector.memoryId());
      if (!(found instanceof Memory)) {
        throw new BackendException("Cannot store a vector for memory '" + vector.memoryId()
            + "' in " + project + ": there is no memory with that id");
      }
      m = (Memory) found;
    }
    String id = vector.vectorId() != null && !vector.vectorId().isEmpty() ? vector.vectorId()
        : m.qdrantId();
    if (id == null || id.isEmpty()) {
      id = LibSqlVectors.newVectorId();
    }
    if (m.qdrantId() == null || m.qdrantId().isEmpty()) {
      // Doclea finds a memory's vector row by its qdrant_id (to delete or replace it).
      records.execute("UPDATE memories SET qdrant_id = ? WHERE id = ?", id, m.id());
      m = m.toBuilder().qdrantId(id).build();
      recent.put(m.id(), m);
    }
    try {
      journal().put(m.id(), id, Vectors.encode(v), m.type(), m.title(),
          JsonText.stringArray(m.tags()), JsonText.stringArray(m.relatedFiles()),
          m.importance(), VectorPayload.payload(m));
    } catch (SQLException e) {
      throw Failures.wrap(project.journalFile(), "write to the import journal",
          project.busyTimeoutMs(), e);
    }
  }

  private boolean vectorsWritable(boolean required) {
    if (config.vectorDatabasePath() != null) {
      return true;
    }
    if (required) {
      throw new ConfigurationException("The project " + config.projectDir() + " keeps its"
          + " vectors in Qdrant (vector.provider = qdrant), which doclea-transfer does not"
          + " support yet. Import without re-embedding and let Doclea re-embed, or switch the"
          + " project to vector.provider = libsql.");
    }
    if (!warnedQdrant) {
      warnedQdrant = true;
      LOG.warn("The project keeps its vectors in Qdrant, which doclea-transfer does not write:"
          + " the old vectors of replaced memories stay there until Doclea re-embeds them");
    }
    return false;
  }

  private ProjectJournal journal() {
    if (journal == null) {
      journal = ProjectJournal.create(project.journalFile(), project.busyTimeoutMs());
    }
    return journal;
  }

  @Override
  public void commit() {
    if (done) {
      throw new IllegalStateException("the transaction has ended");
    }
    if (journal == null || journal.ops() == 0) {
      records.commit();
      finish();
      return;
    }
    String importId = UUID.randomUUID().toString();
    Path vectorsDb = config.vectorDatabasePath();
    try {
      journal.seal(importId, vectorsDb);
    } catch (SQLException e) {
      throw Failures.wrap(project.journalFile(), "seal the import journal",
          project.busyTimeoutMs(), e);
    } catch (IOException e) {
      throw new BackendException("Cannot sync the import journal " + project.journalFile()
          + ": " + e.getMessage(), e);
    }
    TestHooks.halt("journal-sealed");
    records.execute("INSERT OR REPLACE INTO _doclea_meta (key, value, updated_at)"
        + " VALUES (?, ?, ?)", ProjectJournal.MARKER_KEY, importId,
        System.currentTimeMillis() / 1000L);
    records.commit();
    recordsCommitted = true;
    TestHooks.halt("records-committed");
    Path file = project.journalFile();
    try (Connection j = Connections.open(file, Connections.Mode.READ_WRITE,
        project.busyTimeoutMs())) {
      journal.close();
      long written = project.applyJournal(j);
      TestHooks.halt("vectors-committed");
      project.removeMarker(importId);
      TestHooks.halt("marker-removed");
      LOG.debug("Wrote {} vector rows to {}", written, vectorsDb);
    } catch (SQLException | RuntimeException e) {
      finish();
      throw new IncompleteCommitException("The records were committed to "
          + config.databasePath() + ", but writing the vectors to " + vectorsDb + " failed: "
          + e.getMessage() + ". They are kept in " + file + "; the next doclea-transfer command"
          + " on this project (for example status) writes them.", e);
    }
    ProjectJournal.deleteFiles(file, null);
    finish();
  }

  @Override
  public void rollback() {
    if (done) {
      return;
    }
    RuntimeException failure = null;
    try {
      records.rollback();
    } catch (RuntimeException e) {
      failure = e;
    }
    discardJournal(failure);
    finish();
    if (failure != null) {
      throw failure;
    }
  }

  private void discardJournal(RuntimeException failure) {
    if (journal == null) {
      return;
    }
    try {
      journal.close();
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
    ProjectJournal.deleteFiles(project.journalFile(), failure);
    journal = null;
  }

  @Override
  public void close() {
    if (!done && !recordsCommitted) {
      rollback();
    }
    finish();
  }

  private void finish() {
    if (!done) {
      done = true;
      records.close();
      lock.release();
    }
  }
}
