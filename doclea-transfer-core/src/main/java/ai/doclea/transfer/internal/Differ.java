package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.DiffResult.Change;
import ai.doclea.transfer.api.DiffResult.ChangeType;
import ai.doclea.transfer.api.DiffResult.SectionDiff;
import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.IoFailures;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares two sides (two export files, or a store and a file) record by record, by id within
 * each section, in bounded memory: each side is streamed once and spilled, as (section, id, one
 * 64-bit hash per field) entries, into hash partitions on disk; then the partitions are compared
 * one at a time, holding one partition of the old side in memory. The number of partitions grows
 * with the input's size, so that a partition stays around 4 MB of input.
 */
public final class Differ {
  private static final Logger LOG = LoggerFactory.getLogger(Differ.class);
  private static final long BYTES_PER_PARTITION = 4L << 20;
  private static final int MAX_PARTITIONS = 512;
  /** Assumed bytes per record of a store, to size the partitions. */
  private static final long STORE_RECORD_BYTES = 512;
  private static final int GZIP_RATIO = 8;

  private Differ() {}

  /** Compares two export files. */
  public static DiffResult files(Path oldFile, Path newFile, DiffOptions options) {
    String oldName = oldFile.toString();
    String newName = newFile.toString();
    Warnings warnings = new Warnings(200);
    try {
      int partitions = partitions(Math.max(fileBytes(oldFile), fileBytes(newFile)));
      try (Spill spill = new Spill(options.tempDirectory(), partitions)) {
        spill.side(0, sink -> parse(oldFile, options, warnings, sink));
        spill.side(1, sink -> parse(newFile, options, warnings, sink));
        return spill.compare(oldName, newName, options.limit(), warnings);
      }
    } catch (TransferException e) {
      return failed(oldName, newName, warnings, e);
    } catch (IOException | UncheckedIOException e) {
      return failed(oldName, newName, warnings, new TransferException(
          "cannot compare " + oldName + " with " + newName + ": " + describe(e), e));
    }
  }

  /** An I/O failure in words (the cause of an unchecked one). */
  private static String describe(Exception e) {
    Throwable io = e instanceof UncheckedIOException ? e.getCause() : e;
    return io instanceof IOException ? IoFailures.describe((IOException) io) : e.getMessage();
  }

  /** Compares a store (the old side) with an export file (the new side); writes nothing. */
  public static DiffResult store(StorageBackend backend, String storeName, Path file,
      DiffOptions options) {
    String newName = file.toString();
    Warnings warnings = new Warnings(200);
    try (ReadSnapshot snapshot = backend.openSnapshot()) {
      long records = 0;
      for (RecordKind kind : RecordKind.values()) {
        OptionalLong n = snapshot.count(kind);
        records += n.isPresent() ? n.getAsLong() : 0;
      }
      int partitions = partitions(Math.max(records * STORE_RECORD_BYTES, fileBytes(file)));
      try (Spill spill = new Spill(options.tempDirectory(), partitions)) {
        spill.side(0, sink -> {
          for (RecordKind kind : RecordKind.values()) {
            try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind)) {
              while (cursor.hasNext()) {
                TransferRecord r = cursor.next();
                if (r.kind() != kind) {
                  throw new BackendException("the backend returned a " + r.kind().displayName()
                      + " ('" + r.id() + "') while reading " + kind.sectionName());
                }
                sink.accept(r);
              }
            }
          }
        });
        spill.side(1, sink -> parse(file, options, warnings, sink));
        return spill.compare(storeName, newName, options.limit(), warnings);
      }
    } catch (TransferException e) {
      return failed(storeName, newName, warnings, e);
    } catch (IOException | UncheckedIOException e) {
      return failed(storeName, newName, warnings, new TransferException(
          "cannot compare " + storeName + " with " + newName + ": " + describe(e), e));
    } catch (RuntimeException e) {
      return failed(storeName, newName, warnings, new BackendException(
          "cannot compare " + storeName + " with " + newName + ": reading the store failed: " + e,
          e));
    }
  }

  private static DiffResult failed(String oldName, String newName, Warnings warnings,
      TransferException e) {
    LOG.debug("diff of {} and {} failed", oldName, newName, e);
    return Results.diff(oldName, newName, null, List.of(), warnings.list(), e);
  }

  private static long fileBytes(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new TransferException("cannot read " + file + ": "
          + (Files.exists(file) ? "it is not a regular file" : "the file does not exist"));
    }
    long size = Files.size(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return InputFiles.isGzip((BufferedInputStream) in) ? size * GZIP_RATIO : size;
    }
  }

  private static int partitions(long bytes) {
    return (int) Math.max(1, Math.min(MAX_PARTITIONS, bytes / BYTES_PER_PARTITION + 1));
  }

  private static void parse(Path file, DiffOptions options, Warnings warnings,
      Consumer<TransferRecord> sink) {
    String name = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      FileParser.Summary summary = new FileParser(name, options.limits(), warnings, true)
          .parse(in, new FileParser.Handler() {
            @Override
            public boolean wantSection(RecordKind kind) {
              return true;
            }

            @Override
            public void record(TransferRecord record, String path) {
              sink.accept(record);
            }
          });
      summary.checkIntegrity(name);
    } catch (IOException e) {
      throw new TransferException("cannot read " + name + ": " + IoFailures.describe(e), e);
    }
  }

  /** A side writer that is allowed to throw I/O errors. */
  private interface Feeder {
    void feed(Consumer<TransferRecord> sink) throws IOException;
  }

  /** The partition files of both sides in a temporary directory, deleted on close. */
  private static final class Spill implements AutoCloseable {
    private final Path dir;
    private final int partitions;

    Spill(Path parent, int partitions) throws IOException {
      this.dir = TempFiles.createDirectory(parent, "doclea-diff-");
      this.partitions = partitions;
    }

    private Path file(int side, int partition) {
      return dir.resolve(side + "-" + partition);
    }

    void side(int side, Feeder feeder) throws IOException {
      DataOutputStream[] outs = new DataOutputStream[partitions];
      try {
        for (int p = 0; p < partitions; p++) {
          outs[p] = new DataOutputStream(new BufferedOutputStream(
              Files.newOutputStream(file(side, p)), partitions > 64 ? 8192 : 65536));
        }
        feeder.feed(r -> {
          byte[] id = r.id().getBytes(StandardCharsets.UTF_8);
          long[] hashes = RecordFingerprint.of(r.kind()).hashes(r);
          DataOutputStream out = outs[partition(r.kind(), r.id())];
          try {
            out.writeByte(r.kind().ordinal());
            out.writeInt(id.length);
            out.write(id);
            for (long h : hashes) {
              out.writeLong(h);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } finally {
        IOException failure = null;
        for (DataOutputStream out : outs) {
          if (out != null) {
            try {
              out.close();
            } catch (IOException e) {
              failure = e;
            }
          }
        }
        if (failure != null) {
          throw failure;
        }
      }
    }

    private int partition(RecordKind kind, String id) {
      long h = id.hashCode() * 0x9E3779B97F4A7C15L + kind.ordinal();
      h ^= h >>> 29;
      return (int) Math.floorMod(h, (long) partitions);
    }

    DiffResult compare(String oldName, String newName, int limit, Warnings warnings)
        throws IOException {
      long[][] counts = new long[RecordKind.values().length][4];
      // The `limit` first changes in (section, id) order: a max-heap that drops the largest.
      Comparator<Change> order = Comparator.<Change>comparingInt(c -> c.kind().ordinal())
          .thenComparing(Change::id);
      PriorityQueue<Change> first = new PriorityQueue<>(order.reversed());
      Consumer<Change> note = c -> {
        if (limit == 0) {
          return;
        }
        if (first.size() < limit) {
          first.add(c);
        } else if (order.compare(c, first.peek()) < 0) {
          first.poll();
          first.add(c);
        }
      };
      for (int p = 0; p < partitions; p++) {
        Map<String, long[]> old = new HashMap<>();
        read(file(0, p), (kind, id, hashes) -> {
          if (old.put(key(kind, id), hashes) != null) {
            throw new InvalidFileException(oldName + " holds the " + kind.displayName() + " '"
                + id + "' twice", oldName, "$.data." + kind.sectionName(), id, null);
          }
        });
        Set<String> seen = new HashSet<>();
        read(file(1, p), (kind, id, hashes) -> {
          String key = key(kind, id);
          if (!seen.add(key)) {
            throw new InvalidFileException(newName + " holds the " + kind.displayName() + " '"
                + id + "' twice", newName, "$.data." + kind.sectionName(), id, null);
          }
          long[] before = old.remove(key);
          long[] c = counts[kind.ordinal()];
          if (before == null) {
            c[0]++;
            note.accept(Change.of(kind, id, ChangeType.ADDED, List.of()));
          } else if (Arrays.equals(before, hashes)) {
            c[3]++;
          } else {
            c[2]++;
            RecordFingerprint f = RecordFingerprint.of(kind);
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < hashes.length; i++) {
              if (hashes[i] != before[i]) {
                fields.add(f.name(i));
              }
            }
            note.accept(Change.of(kind, id, ChangeType.CHANGED, fields));
          }
        });
        for (String key : old.keySet()) {
          RecordKind kind = RecordKind.values()[key.charAt(0)];
          counts[kind.ordinal()][1]++;
          note.accept(Change.of(kind, key.substring(1), ChangeType.REMOVED, List.of()));
        }
      }
      Map<RecordKind, SectionDiff> sections = new EnumMap<>(RecordKind.class);
      for (RecordKind kind : RecordKind.values()) {
        long[] c = counts[kind.ordinal()];
        sections.put(kind, SectionDiff.of(c[0], c[1], c[2], c[3]));
      }
      List<Change> listed = new ArrayList<>(first);
      listed.sort(order);
      return Results.diff(oldName, newName, sections, listed, warnings.list(), null);
    }

    private static String key(RecordKind kind, String id) {
      return (char) kind.ordinal() + id;
    }

    private interface Entry {
      void accept(RecordKind kind, String id, long[] hashes);
    }

    private static void read(Path file, Entry entry) throws IOException {
      RecordKind[] kinds = RecordKind.values();
      try (DataInputStream in = new DataInputStream(
          new BufferedInputStream(Files.newInputStream(file), 65536))) {
        while (true) {
          int k;
          try {
            k = in.readUnsignedByte();
          } catch (EOFException end) {
            return;
          }
          RecordKind kind = kinds[k];
          byte[] id = new byte[in.readInt()];
          in.readFully(id);
          long[] hashes = new long[RecordFingerprint.of(kind).size()];
          for (int i = 0; i < hashes.length; i++) {
            hashes[i] = in.readLong();
          }
          entry.accept(kind, new String(id, StandardCharsets.UTF_8), hashes);
        }
      }
    }

    @Override
    public void close() {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        LOG.warn("could not delete the temporary directory {}: {}", dir, e.toString());
      }
    }
  }
}
