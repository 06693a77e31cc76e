package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.IoFailures;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an export. To a path it is atomic: the file is written to a temporary file in the target's
 * directory (owner read/write only where POSIX permissions exist), flushed and fsynced, then
 * renamed over the target; on any failure the temporary file is removed and the target is left as
 * it was.
 */
public final class Exporter {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

  private Exporter() {}

  /** Exports to a path atomically. */
  public static ExportResult toPath(StorageBackend backend, Path target, ExportOptions options) {
    return toPath(backend, target, options, UnaryOperator.identity());
  }

  /**
   * Exports to a path atomically, with a wrapper around the file's byte stream (for fault
   * injection in tests: a stream that fails after k bytes behaves like a full disk).
   *
   * <p>The path rules: a symbolic link is followed and its final target replaced atomically (the
   * temporary file is made in the target's directory, so the link stays a link); a FIFO or a
   * character device is written as a stream, not atomically (said in the result's warnings); an
   * existing regular file that is neither empty nor an export file is replaced only with {@link
   * ExportOptions#replaceAnyFile()}; a path that resolves to one of the store's own {@link
   * StorageBackend#files() files} is always refused. Temporary files are named
   * {@code .NAME.doclea-export-PID-N.tmp}; one left by a process that no longer runs (killed with
   * {@code kill -9}) is removed by the next export to the same target.
   */
  public static ExportResult toPath(StorageBackend backend, Path target, ExportOptions options,
      UnaryOperator<OutputStream> wrapFileStream) {
    Path absolute = target.toAbsolutePath();
    String name = absolute.toString();
    Path tmp = null;
    try {
      Path resolved = OutputPaths.resolveLinks(absolute);
      Path dir = resolved.getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw new TransferException("cannot write " + name + ": the directory " + dir
            + " does not exist");
      }
      if (Files.isDirectory(resolved)) {
        throw new TransferException("cannot write " + name + ": it is a directory");
      }
      OutputPaths.refuseStoreFiles(backend, absolute, resolved);
      if (Files.exists(resolved) && !Files.isRegularFile(resolved)) {
        return toSpecialFile(backend, resolved, name, options, wrapFileStream);
      }
      if (!options.replaceAnyFile() && !OutputPaths.replaceable(resolved)) {
        throw new TransferException("cannot write " + name + ": "
            + (resolved.equals(absolute) ? "it" : "its target " + resolved) + " is an existing"
            + " file that is not a Doclea export; it was left as it was (choose another output,"
            + " or allow replacing it: --force on the command line, "
            + "ExportOptions.replaceAnyFile in code)");
      }
      OutputPaths.removeStaleTemporaries(resolved);
      tmp = OutputPaths.createTemporary(resolved);
      ExportWriter.Written written;
      long bytes;
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          EarlySync early = new EarlySync(channel)) {
        Counting counting =
            new Counting(wrapFileStream.apply(Channels.newOutputStream(channel)), early);
        written = writeTo(backend, counting, options);
        bytes = counting.count;
        early.finish();
        channel.force(true);
      }
      move(tmp, resolved);
      tmp = null;
      syncDirectory(dir);
      LOG.debug("exported {} ({} bytes)", name, bytes);
      return Results.export(name, written.counts, bytes, written.sha256, options.gzip(),
          written.notes, null);
    } catch (BackendException e) {
      return failed(name, options, new BackendException("export to " + name + " failed: "
          + e.getMessage() + "; no file was written", e));
    } catch (TransferException e) {
      return failed(name, options, e);
    } catch (ClosedByInterruptException | InterruptedIOException e) {
      return failed(name, options, new ai.doclea.transfer.api.TransferCancelledException(
          "export to " + name + " cancelled; no file was written"));
    } catch (IOException e) {
      return failed(name, options, new TransferException("cannot write " + name + ": "
          + IoFailures.describe(e) + "; no file was written", e));
    } catch (RuntimeException e) {
      return failed(name, options, new BackendException("export of " + name
          + " failed while reading the store: " + e + "; no file was written", e));
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  /** A FIFO or device: written in place as a stream; there is no way to make it atomic. */
  private static ExportResult toSpecialFile(StorageBackend backend, Path resolved, String name,
      ExportOptions options, UnaryOperator<OutputStream> wrapFileStream) throws IOException {
    String note = name + " is not a regular file (a FIFO or a device): the export was written"
        + " to it as a stream, not atomically";
    try (OutputStream out = Files.newOutputStream(resolved, StandardOpenOption.WRITE)) {
      Counting counting = new Counting(wrapFileStream.apply(out));
      ExportWriter.Written written = writeTo(backend, counting, options);
      List<String> warnings = new java.util.ArrayList<>(written.notes);
      warnings.add(note);
      return Results.export(name, written.counts, counting.count, written.sha256,
          options.gzip(), warnings, null);
    }
  }

  /** Exports to a caller's stream (not atomic). */
  public static ExportResult toStream(StorageBackend backend, OutputStream target,
      String description, ExportOptions options) {
    try {
      Counting counting = new Counting(target);
      ExportWriter.Written written = writeTo(backend, counting, options);
      return Results.export(description, written.counts, counting.count, written.sha256,
          options.gzip(), written.notes, null);
    } catch (TransferException e) {
      return failed(description, options, e);
    } catch (IOException e) {
      return failed(description, options, new TransferException("cannot write " + description
          + ": " + IoFailures.describe(e), e));
    } catch (RuntimeException e) {
      return failed(description, options, new BackendException("export to " + description
          + " failed while reading the store: " + e, e));
    }
  }

  /** Writes the file through a buffer and, if asked, gzip; flushes but does not close. */
  private static ExportWriter.Written writeTo(StorageBackend backend, OutputStream sink,
      ExportOptions options) throws IOException {
    OutputStream buffered = new BufferedOutputStream(sink, 65536);
    GZIPOutputStream gzip = options.gzip() ? new GZIPOutputStream(buffered, 65536) : null;
    ExportWriter.Written written =
        ExportWriter.write(backend, gzip != null ? gzip : buffered, options);
    if (gzip != null) {
      gzip.finish();
    }
    buffered.flush();
    return written;
  }

  private static ExportResult failed(String name, ExportOptions options, TransferException e) {
    LOG.debug("export to {} failed", name, e);
    return Results.export(name, null, 0, null, options.gzip(), List.of(), e);
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + target
          + " cannot rename atomically, so the export cannot be made safe", e);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename itself is still atomic.
      LOG.debug("could not fsync directory {}: {}", dir, e.toString());
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      LOG.warn("could not delete the temporary file {}: {}", tmp, e.toString());
    }
  }

  private static final class Counting extends FilterOutputStream {
    long count;
    /** Told the count after each write, or null. */
    private final EarlySync early;

    Counting(OutputStream out) {
      this(out, null);
    }

    Counting(OutputStream out, EarlySync early) {
      super(out);
      this.early = early;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
      if (early != null) {
        early.written(count);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
      if (early != null) {
        early.written(count);
      }
    }
  }
}
