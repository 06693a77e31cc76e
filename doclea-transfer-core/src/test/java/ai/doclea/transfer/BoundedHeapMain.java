package ai.doclea.transfer;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Run in a forked JVM with a small heap by {@link BoundedHeapTest}: exports a generated store far
 * larger than the heap and imports the file into a store that only counts, so that the run fails
 * with OutOfMemoryError if any section were held in memory.
 */
public final class BoundedHeapMain {
  private BoundedHeapMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    int contentChars = Integer.parseInt(args[2]);
    ExportResult exported = Transfer.export(new Generated(n, contentChars), file,
        ExportOptions.defaults());
    exported.orThrow();
    Counting sink = new Counting();
    ImportResult imported = Transfer.importFrom(sink, file, ImportOptions.defaults());
    imported.orThrow();
    System.out.println("exported=" + exported.count(RecordKind.MEMORY) + " bytes="
        + exported.bytes() + " imported=" + imported.section(RecordKind.MEMORY).imported()
        + " inserted=" + sink.inserted);
  }

  /** Generates memories on the fly. */
  static final class Generated implements StorageBackend {
    private final int n;
    private final String filler;

    Generated(int n, int contentChars) {
      this.n = n;
      this.filler = "é".repeat(contentChars);
    }

    @Override
    public BackendInfo info() {
      return new BackendInfo("generated", "automatic", "unknown", null, null);
    }

    @Override
    public ReadSnapshot openSnapshot() {
      return new ReadSnapshot() {
        @Override
        public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
          int total = kind == RecordKind.MEMORY ? n : 0;
          return new RecordCursor<Memory>() {
            int i;

            @Override
            public boolean hasNext() {
              return i < total;
            }

            @Override
            public Memory next() {
              if (i >= total) {
                throw new NoSuchElementException();
              }
              int k = i++;
              return Memory.builder("mem_" + k, "note", "title " + k, k + filler)
                  .tags(List.of("t" + (k % 7))).createdAt((long) k).accessedAt((long) k).build();
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

  /** Accepts every write and keeps only a count. */
  static final class Counting implements StorageBackend {
    long inserted;

    @Override
    public BackendInfo info() {
      return new BackendInfo("counting", "automatic", "unknown", null, null);
    }

    @Override
    public ReadSnapshot openSnapshot() {
      throw new BackendException("write-only");
    }

    @Override
    public WriteTransaction beginTransaction() {
      return new WriteTransaction() {
        @Override
        public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
          return Set.of();
        }

        @Override
        public Map<String, TransferRecord> find(RecordKind kind, Collection<String> ids) {
          return Map.of();
        }

        @Override
        public void insert(TransferRecord record) {
          inserted++;
        }

        @Override
        public void replace(TransferRecord record) {}

        @Override
        public void storeVector(StoredVector vector) {}

        @Override
        public void commit() {}

        @Override
        public void rollback() {}

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {}
  }
}
