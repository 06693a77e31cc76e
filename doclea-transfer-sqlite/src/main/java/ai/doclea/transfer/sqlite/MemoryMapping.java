package ai.doclea.transfer.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a read snapshot reads its database through SQLite's memory-mapped I/O ({@code PRAGMA
 * mmap_size}) instead of one {@code pread} system call per page.
 *
 * <p>An export of 100,000 memories reads its 256 MB database with about 100,000 calls, which took
 * about a second of the reading thread on a 2-core virtual machine; mapped, the same export took
 * 10 % less wall time (issue 14, docs/performance.md). The price is how a failing read shows: a
 * disk or network error on a mapped page is a signal that ends the process instead of an error
 * SQLite reports. Hence only where the gain is and that risk is small:
 *
 * <ul>
 *   <li>files of 64 MiB or more ({@link #MIN_BYTES}; below, mapping measured no gain);
 *   <li>on a local disk file system ({@link #LOCAL}), not a network, removable-media or FUSE one;
 *   <li>not on Windows, where a file mapped by one process cannot be truncated by another (a
 *       Doclea server's checkpoint would fail while an export reads).
 * </ul>
 *
 * <p>The map is read-only and covers a consistent snapshot: SQLite truncates a database file only
 * under a lock or checkpoint that a reader's transaction holds off, so no page of the snapshot
 * disappears while it is read. Mapped pages are the page cache's own (shared, reclaimable), not
 * the process's memory.
 */
final class MemoryMapping {
  /** The smallest database file that is mapped. */
  static final long MIN_BYTES = 64L << 20;

  /** {@link #MIN_BYTES}, or another threshold a test sets to map small files. */
  static volatile long minBytes = MIN_BYTES;

  /**
   * The map's upper bound: sqlite-jdbc's own limit (SQLITE_MAX_MMAP_SIZE, 1 TiB); SQLite maps no
   * more than the file holds.
   */
  static final long MAX_BYTES = 1L << 40;

  /** File systems on a local disk (as {@link java.nio.file.FileStore#type()} names them). */
  static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs",
      "jfs", "reiserfs", "bcachefs", "tmpfs", "overlay", "apfs", "hfs");

  private static final Logger LOG = LoggerFactory.getLogger(MemoryMapping.class);

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private MemoryMapping() {}

  /**
   * Turns memory-mapped reads on for {@code connection} when {@link #applies} says so.
   *
   * @param connection a read-only connection to {@code database}, before its first read
   * @param database the database file
   * @throws SQLException when the pragma fails
   */
  static void use(Connection connection, Path database) throws SQLException {
    if (applies(database)) {
      Connections.exec(connection, "PRAGMA mmap_size = " + MAX_BYTES);
    }
  }

  /**
   * Whether {@code database} is read mapped: large enough, on a local file system, not on
   * Windows. A file whose size or file system cannot be told is read as before.
   *
   * @param database the database file
   * @return whether to map it
   */
  static boolean applies(Path database) {
    return !WINDOWS && applies(database, minBytes);
  }

  /** {@link #applies(Path)} with another size threshold (tests), on any system. */
  static boolean applies(Path database, long minBytes) {
    try {
      return Files.size(database) >= minBytes
          && LOCAL.contains(Files.getFileStore(database).type());
    } catch (IOException | SecurityException e) {
      // Read as before; opening the file reports what is wrong with it, if anything.
      LOG.debug("not mapping {}: {}", database, e.toString());
      return false;
    }
  }
}
