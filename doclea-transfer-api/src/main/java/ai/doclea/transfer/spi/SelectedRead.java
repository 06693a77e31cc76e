package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferRecord;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** The default of {@link ReadSnapshot#read(RecordKind, Selection)}: filtering in Java. */
final class SelectedRead {
  private SelectedRead() {}

  static RecordCursor<? extends TransferRecord> read(ReadSnapshot snapshot, RecordKind kind,
      Selection selection) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(selection, "selection");
    if (selection.isAll()) {
      return snapshot.read(kind);
    }
    switch (kind) {
      case MEMORY:
        return filter(snapshot.read(kind), r -> selection.matches((Memory) r));
      case MEMORY_RELATION:
        if (!selection.filtersMemories()) {
          return snapshot.read(kind);
        }
        Set<String> both = selectedIds(snapshot, RecordKind.MEMORY,
            r -> selection.matches((Memory) r));
        return filter(snapshot.read(kind), r -> both.contains(((MemoryRelation) r).sourceId())
            && both.contains(((MemoryRelation) r).targetId()));
      case CROSS_LAYER_RELATION:
        if (!selection.filtersMemories()) {
          return snapshot.read(kind);
        }
        Set<String> memories = selectedIds(snapshot, RecordKind.MEMORY,
            r -> selection.matches((Memory) r));
        return filter(snapshot.read(kind),
            r -> memories.contains(((CrossLayerRelation) r).memoryId()));
      case PENDING_MEMORY:
        return filter(snapshot.read(kind),
            r -> selection.matchesPending(((PendingMemory) r).memoryData()));
      case DOCUMENT:
        return filter(snapshot.read(kind), r -> selection.matchesDocument(r.id(),
            ((Document) r).title()));
      case CHUNK:
        if (!selection.filtersDocuments()) {
          return snapshot.read(kind);
        }
        Set<String> documents = selection.includeDocuments()
            ? selectedIds(snapshot, RecordKind.DOCUMENT,
                r -> selection.matchesDocument(r.id(), ((Document) r).title()))
            : Set.of();
        return filter(snapshot.read(kind), r -> documents.contains(((Chunk) r).documentId()));
      default:
        throw new AssertionError(kind);
    }
  }

  /** The default of {@link ReadSnapshot#vectors(Selection)}: one look-up per selected memory. */
  static RecordCursor<StoredVector> vectors(ReadSnapshot snapshot, Selection selection) {
    Objects.requireNonNull(selection, "selection");
    RecordCursor<? extends TransferRecord> memories = snapshot.read(RecordKind.MEMORY, selection);
    return new RecordCursor<>() {
      private StoredVector next;

      @Override
      public boolean hasNext() {
        while (next == null && memories.hasNext()) {
          TransferRecord r = memories.next();
          if (!(r instanceof Memory)) {
            continue;
          }
          Memory m = (Memory) r;
          StoredVector v = snapshot.vector(m.id()).orElse(null);
          if (v != null) {
            next = v.vectorId() != null || m.qdrantId() == null || m.qdrantId().isEmpty() ? v
                : new StoredVector(v.memoryId(), v.provider(), v.model(), v.vector(),
                    m.qdrantId());
          }
        }
        return next != null;
      }

      @Override
      public StoredVector next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        StoredVector v = next;
        next = null;
        return v;
      }

      @Override
      public void close() {
        memories.close();
      }
    };
  }

  private static Set<String> selectedIds(ReadSnapshot snapshot, RecordKind kind,
      Predicate<TransferRecord> selected) {
    Set<String> ids = new HashSet<>();
    try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind)) {
      while (cursor.hasNext()) {
        TransferRecord r = cursor.next();
        if (r.kind() == kind && selected.test(r)) {
          ids.add(r.id());
        }
      }
    }
    return ids;
  }

  private static RecordCursor<TransferRecord> filter(RecordCursor<? extends TransferRecord> in,
      Predicate<TransferRecord> keep) {
    return new RecordCursor<>() {
      private TransferRecord next;

      @Override
      public boolean hasNext() {
        while (next == null && in.hasNext()) {
          TransferRecord r = in.next();
          // A record of the wrong kind is passed on for the caller to reject with a clear message.
          if (keepOrWrongKind(r)) {
            next = r;
          }
        }
        return next != null;
      }

      private boolean keepOrWrongKind(TransferRecord r) {
        try {
          return keep.test(r);
        } catch (ClassCastException e) {
          return true;
        }
      }

      @Override
      public TransferRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        TransferRecord r = next;
        next = null;
        return r;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }
}
