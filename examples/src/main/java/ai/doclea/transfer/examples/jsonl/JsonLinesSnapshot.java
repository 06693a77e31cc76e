package ai.doclea.transfer.examples.jsonl;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StoredVector;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/** Reads one generation; commits made after it was opened write other generations. */
final class JsonLinesSnapshot implements ReadSnapshot {
  private final JsonLinesBackend backend;
  private final String generation;
  private final Path dir;
  private final JsonObject counts;
  private Map<String, StoredVector> vectors;
  private boolean closed;

  JsonLinesSnapshot(JsonLinesBackend backend, String generation) {
    this.backend = backend;
    this.generation = generation;
    this.dir = backend.generationDir(generation);
    JsonObject meta;
    try {
      meta = backend.readMeta(dir);
    } catch (RuntimeException e) {
      backend.unpin(generation);
      throw e;
    }
    this.counts = meta.getAsJsonObject("counts");
  }

  @Override
  public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
    ensureOpen();
    return new LineCursor<>(dir.resolve(JsonLinesBackend.fileName(kind)),
        line -> Codec.read(kind, line));
  }

  @Override
  public OptionalLong count(RecordKind kind) {
    ensureOpen();
    return counts != null && counts.has(kind.sectionName())
        ? OptionalLong.of(counts.get(kind.sectionName()).getAsLong())
        : OptionalLong.empty();
  }

  @Override
  public Optional<StoredVector> vector(String memoryId) {
    ensureOpen();
    if (vectors == null) {
      Map<String, StoredVector> all = new HashMap<>();
      try (LineCursor<StoredVector> cursor = new LineCursor<>(
          dir.resolve(JsonLinesBackend.VECTORS), Codec::readVector)) {
        while (cursor.hasNext()) {
          StoredVector v = cursor.next();
          all.put(v.memoryId(), v);
        }
      }
      vectors = all;
    }
    return Optional.ofNullable(vectors.get(memoryId));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      backend.unpin(generation);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new BackendException("This snapshot of " + backend + " is closed");
    }
  }

  /** Decodes one line at a time; only the current line is held in memory. */
  static final class LineCursor<T> implements RecordCursor<T> {
    private final Path file;
    private final Function<String, T> decode;
    private final BufferedReader in;
    private String nextLine;
    private long lineNumber;
    private boolean closed;

    LineCursor(Path file, Function<String, T> decode) {
      this.file = file;
      this.decode = decode;
      try {
        this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new BackendException("Cannot read " + file + ": " + e, e);
      }
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      try {
        while (nextLine == null) {
          String line = in.readLine();
          if (line == null) {
            return false;
          }
          lineNumber++;
          if (!line.isBlank()) {
            nextLine = line;
          }
        }
        return true;
      } catch (IOException e) {
        throw new BackendException("Cannot read " + file + " after line " + lineNumber + ": "
            + e, e);
      }
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException("No more records in " + file);
      }
      String line = nextLine;
      nextLine = null;
      try {
        return decode.apply(line);
      } catch (RuntimeException e) {
        throw new BackendException(file + " line " + lineNumber + " is not a valid record: "
            + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        try {
          in.close();
        } catch (IOException e) {
          throw new BackendException("Cannot close " + file + ": " + e, e);
        }
      }
    }
  }
}
