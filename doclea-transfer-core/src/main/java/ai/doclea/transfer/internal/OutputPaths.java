package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where an export may write: link resolution, the store's own files, what may be replaced. */
/** Where an export's output really goes, its temporary sibling, and what it may replace. */
public final class OutputPaths {
  private static final Logger LOG = LoggerFactory.getLogger(OutputPaths.class);
  private static final int MAX_LINKS = 40;
  private static final String TEMP_MARK = ".doclea-export-";
  private static final Pattern EXPORT_START = Pattern.compile(
      "^\\uFEFF?\\s*\\{\\s*\"(version|exportedAt|backendType|storageMode|schemaVersion|data"
          + "|metadata)\"");

  private static final Pattern TEMP_NAME = Pattern.compile("([0-9]{1,18})-[0-9]+\\.tmp");

  private OutputPaths() {}

  /**
   * Follows symbolic links to the path that will really be written: the final target of a chain
   * of links (which need not exist yet), in its real directory.
   *
   * @param path the path as given
   * @return the path at the end of its links
   * @throws IOException when a link cannot be read
   * @throws TransferException when the links are more than 40 deep (a loop)
   */
  public static Path resolveLinks(Path path) throws IOException {
    Path current = path.toAbsolutePath();
    for (int hops = 0; hops <= MAX_LINKS; hops++) {
      if (!Files.isSymbolicLink(current)) {
        Path parent = current.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
          return current;
        }
        return parent.toRealPath().resolve(current.getFileName());
      }
      Path link = Files.readSymbolicLink(current);
      current = current.getParent().resolve(link);
    }
    throw new TransferException("cannot write " + path + ": more than " + MAX_LINKS
        + " levels of symbolic links");
  }

  /** Refuses an output that is one of the store's own files. */
  static void refuseStoreFiles(StorageBackend backend, Path requested, Path resolved)
      throws IOException {
    for (Path file : backend.files()) {
      Path own = resolveLinks(file);
      if (own.equals(resolved) || Files.exists(resolved) && Files.exists(own)
          && Files.isSameFile(own, resolved)) {
        throw new TransferException("cannot write " + requested + ": "
            + (resolved.equals(requested.toAbsolutePath()) ? "it is" : "it leads to " + own + ",")
            + " a file of the store being exported; an export never replaces its own store."
            + " Choose another output.");
      }
    }
  }

  /** Whether a regular file may be replaced: missing, empty, or an export file (plain or gzip). */
  static boolean replaceable(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return true;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        head = in.readNBytes(4096);
      } catch (IOException e) {
        LOG.debug("{} starts like gzip but cannot be decompressed: {}", file, e.toString());
        return false;
      }
    }
    return EXPORT_START.matcher(new String(head, StandardCharsets.UTF_8)).find();
  }

  /** Creates the temporary file beside the target, owner read/write only where POSIX allows. */
  static Path createTemporary(Path target) throws IOException {
    String prefix = TempFiles.siblingPrefix(target.getFileName().toString(), TEMP_MARK)
        + ProcessHandle.current().pid() + "-";
    // Beside the target, never in java.io.tmpdir (TempFiles' default): the file is renamed over
    // the target, which only works atomically within one directory's file system.
    Path dir = java.util.Objects.requireNonNull(target.getParent(), "the target's directory");
    return TempFiles.createFile(dir, prefix, ".tmp");
  }

  /**
   * Removes temporary files of earlier exports to the same target whose process no longer runs
   * (left by {@code kill -9} or a power cut). Those of a running export are left alone.
   */
  static void removeStaleTemporaries(Path target) {
    String prefix = TempFiles.siblingPrefix(target.getFileName().toString(), TEMP_MARK);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
        p -> p.getFileName().toString().startsWith(prefix)
            && p.getFileName().toString().endsWith(".tmp"))) {
      for (Path p : entries) {
        java.util.regex.Matcher m = TEMP_NAME.matcher(
            p.getFileName().toString().substring(prefix.length()));
        if (!m.matches()) {
          continue;
        }
        long pid = Long.parseLong(m.group(1));
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
          LOG.warn("removed {}, left by an export (process {}) that did not finish", p, pid);
        }
      }
    } catch (IOException e) {
      LOG.warn("could not look for temporary files of earlier exports beside {}: {}", target,
          e.toString());
    }
  }
}
