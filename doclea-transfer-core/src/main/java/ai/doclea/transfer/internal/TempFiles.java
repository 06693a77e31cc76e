package ai.doclea.transfer.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
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
}
