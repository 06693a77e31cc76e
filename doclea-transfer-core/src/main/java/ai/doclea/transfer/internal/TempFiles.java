package ai.doclea.transfer.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * New temporary files and directories, as {@link Files#createTempFile} and {@link
 * Files#createTempDirectory} make them (a name that did not exist, created exclusively, for the
 * owner alone where POSIX allows; the random part in decimal digits), but without their {@code
 * SecureRandom}: starting it (the security providers, a seed from the system, its SHA-1 mixing,
 * all interpreted) costs a short command about 30 ms, every run. The name needs to be unused, not
 * secret: creation is exclusive ({@code O_EXCL}, which never follows a link), so a name someone
 * else took only means another try; after {@value #TRIES} tries the JDK's own method decides.
 */
public final class TempFiles {
  static final int TRIES = 100;

  private TempFiles() {}

  /**
   * Creates a new, empty file {@code dir/prefix<digits>suffix}, readable and writable by the
   * owner alone where the file system is POSIX.
   *
   * @param dir the directory; null for {@code java.io.tmpdir}
   * @param prefix the start of the name
   * @param suffix the end of the name
   * @return the file
   * @throws IOException when it cannot be created
   */
  public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
    return createFile(dir, prefix, suffix, null);
  }

  /**
   * As {@link #createFile(Path, String, String)}, with the random numbers from {@code
   * random} (null: {@link ThreadLocalRandom}).
   */
  static Path createFile(Path dir, String prefix, String suffix, LongSupplier random)
      throws IOException {
    return create(dir, prefix, suffix, false, random);
  }

  /**
   * Creates a new directory {@code dir/prefix<digits>}, for the owner alone where the file system
   * is POSIX.
   *
   * @param dir the parent directory; null for {@code java.io.tmpdir}
   * @param prefix the start of the name
   * @return the directory
   * @throws IOException when it cannot be created
   */
  public static Path createDirectory(Path dir, String prefix) throws IOException {
    return createDirectory(dir, prefix, null);
  }

  /**
   * As {@link #createDirectory(Path, String)}, with the random numbers from {@code
   * random} (null: {@link ThreadLocalRandom}).
   */
  static Path createDirectory(Path dir, String prefix, LongSupplier random) throws IOException {
    return create(dir, prefix, "", true, random);
  }

  private static Path create(Path dir, String prefix, String suffix, boolean directory,
      LongSupplier random) throws IOException {
    Path in = in(dir, prefix + suffix);
    FileAttribute<?>[] mode = in.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))}
        : new FileAttribute<?>[0];
    for (int i = 0; i < TRIES; i++) {
      Path made = in.resolve(prefix + digits(random) + suffix);
      try {
        return directory ? Files.createDirectory(made, mode) : Files.createFile(made, mode);
      } catch (FileAlreadyExistsException taken) {
        // another name
      }
    }
    return directory ? Files.createTempDirectory(in, prefix, mode)
        : Files.createTempFile(in, prefix, suffix, mode);
  }

  /** The directory to create in; a name part holding a separator is refused, as the JDK does. */
  private static Path in(Path dir, String nameParts) {
    Path in = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    if (nameParts.indexOf('/') >= 0
        || nameParts.contains(in.getFileSystem().getSeparator())) {
      throw new IllegalArgumentException("a temporary file's prefix or suffix holds a separator: "
          + nameParts);
    }
    return in;
  }

  private static String digits(LongSupplier random) {
    return Long.toUnsignedString(
        random != null ? random.getAsLong() : ThreadLocalRandom.current().nextLong());
  }

  /** The longest file name most file systems take (NAME_MAX), in bytes of UTF-8. */
  public static final int NAME_MAX = 255;

  /**
   * Room a temporary name beside a target keeps after its prefix: the process id (up to 19
   * digits), a hyphen, the random number (up to 20 digits), a suffix such as {@code .tmp} (up to
   * 8 bytes) and a side file's ending such as SQLite's {@code -journal} (8 bytes).
   */
  static final int TAIL_BYTES = 19 + 1 + 20 + 8 + 8;

  /**
   * The start of a temporary name beside {@code target}: {@code "." + NAME + mark}, where NAME is
   * the target's file name cut (at a character boundary) so that the whole temporary name, with
   * a process id, a random number, a suffix and a side file's ending such as {@code -journal},
   * stays within {@value #NAME_MAX} bytes of UTF-8 for any legal target name. The cut is the same
   * for the same target, so that files left by a killed run are found again by this prefix.
   *
   * @param fileName the target's file name
   * @param mark what follows the name, for example {@code ".doclea-export-"}
   * @return the prefix
   */
  public static String siblingPrefix(String fileName, String mark) {
    int budget = NAME_MAX - TAIL_BYTES - 1 - mark.getBytes(StandardCharsets.UTF_8).length;
    return "." + truncateUtf8(fileName, budget) + mark;
  }

  /**
   * The longest start of {@code s} whose UTF-8 encoding takes at most {@code maxBytes} bytes,
   * never splitting a character (a surrogate pair counts as the one character it encodes).
   *
   * @param s the text
   * @param maxBytes the most bytes, at least 0
   * @return {@code s} or a start of it
   */
  static String truncateUtf8(String s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > maxBytes) {
        return s.substring(0, i);
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    return s;
  }

  /**
   * Deletes {@code root} and, if it is a directory (not a symbolic link to one), everything in
   * it, deepest first.
   *
   * @param root the file or directory; nothing happens when it does not exist
   * @throws IOException when something cannot be deleted
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Whether a temporary file or directory named after process {@code pid} is provably left by a
   * run that ended: it belongs to {@code me} (links not followed), {@code pid} is not this
   * process and no longer runs, and {@code p} has not changed for {@code quietFor} (a process id
   * can be reused, and a process in another PID namespace sharing the directory cannot be seen).
   *
   * @param p the file or directory
   * @param pid the process named in its name
   * @param me this process's user
   * @param now the time to measure against
   * @param quietFor how long it must have been left unchanged
   * @return whether it may be deleted
   * @throws IOException when its owner or time cannot be read
   */
  public static boolean leftByEndedProcess(Path p, long pid, UserPrincipal me, Instant now,
      Duration quietFor) throws IOException {
    return me.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS))
        && pid != ProcessHandle.current().pid()
        && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()
            .isBefore(now.minus(quietFor));
  }
}
