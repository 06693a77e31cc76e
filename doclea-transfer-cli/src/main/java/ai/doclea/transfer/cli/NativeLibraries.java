package ai.doclea.transfer.cli;

import ai.doclea.transfer.internal.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Gives sqlite-jdbc a private directory to extract its native library into. By default every JVM
 * extracts it into the shared {@code java.io.tmpdir} and deletes the copies other JVMs left there;
 * when two start at once, one deletes a copy the other is about to, and the driver prints a long
 * stack trace ("Failed to delete old native lib") to standard error. A directory of this process's
 * own avoids the race; it is removed when the JVM exits.
 *
 * <p>Extracting the library (a megabyte, compared byte by byte with the jar's copy) and finding
 * out which one to extract (sqlite-jdbc starts {@code uname -o} to rule out Android) cost a
 * short command a good part of its time, every time. So the tool keeps one extracted copy per
 * user and driver jar in {@code $XDG_CACHE_HOME/doclea-transfer/native} (else {@code
 * ~/.cache/...}) and points the driver at it ({@code org.sqlite.lib.path}); the first run
 * extracts it (to a temporary name, then renamed, so that a concurrent run never loads half a
 * file). When the cache cannot be used, the driver extracts as before.
 */
final class NativeLibraries {
  /** sqlite-jdbc's system property for the extraction directory. */
  static final String SQLITE_TMPDIR = "org.sqlite.tmpdir";

  /** sqlite-jdbc's system properties for a library already extracted: directory and name. */
  static final String SQLITE_LIB_PATH = "org.sqlite.lib.path";
  static final String SQLITE_LIB_NAME = "org.sqlite.lib.name";

  /** JLine's (terminal detection, {@link Terminals}), which cleans up the same way. */
  static final String JLINE_TMPDIR = "jline.tmpdir";

  private NativeLibraries() {}

  /** The start of a private directory's name; the process's id follows, then a dash. */
  static final String PRIVATE_PREFIX = "doclea-transfer-native-";

  private static final Pattern PRIVATE_NAME =
      Pattern.compile("doclea-transfer-native-([0-9]{1,18})-[0-9]+");

  /**
   * How long a private directory of a process that no longer runs is kept: a process id can be
   * reused, and a directory just made by a process whose id was read before it started looks
   * like a dead one's for a moment.
   */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  /** This process's private directory, once made. */
  private static volatile Path privateDirectory;

  /**
   * Sets {@value #SQLITE_TMPDIR} and {@value #JLINE_TMPDIR} to a new private directory, {@code
   * doclea-transfer-native-PID-N} in {@code java.io.tmpdir}, each unless the user has set it. A
   * run killed with {@code kill -9} leaves its directory, which {@link #removeStaleDirectories}
   * removes in a later run.
   */
  static void usePrivateSqliteDirectory() {
    if (System.getProperty(SQLITE_TMPDIR) != null && System.getProperty(JLINE_TMPDIR) != null) {
      return;
    }
    try {
      Path dir = TempFiles.createDirectory(null,
          PRIVATE_PREFIX + ProcessHandle.current().pid() + "-");
      privateDirectory = dir;
      // Registered before the libraries register their files, so deleted after them.
      dir.toFile().deleteOnExit();
      for (String property : new String[] {SQLITE_TMPDIR, JLINE_TMPDIR}) {
        if (System.getProperty(property) == null) {
          System.setProperty(property, dir.toString());
        }
      }
    } catch (IOException | SecurityException e) {
      // Keep the driver's default; the race above is then possible but harmless.
    }
  }

  /**
   * Deletes the private directories of killed runs beside this process's own, when it has one:
   * see {@link #removeStaleDirectories(Path, Instant)}.
   */
  static void removeStaleDirectories() {
    Path mine = privateDirectory;
    if (mine != null && mine.getParent() != null) {
      removeStaleDirectories(mine, Instant.now());
    }
  }

  /**
   * Deletes, with what they hold, the private directories beside {@code mine} of runs that were
   * killed: named {@code doclea-transfer-native-PID-N}, a directory (not a link), and left by an
   * ended process by the rule the spools follow ({@link TempFiles#leftByEndedProcess}, after
   * {@link #STALE_AFTER}). Best effort: what cannot be read or deleted stays, and is logged at
   * debug level (a leftover directory costs a little disk space, and nothing the user can act on).
   *
   * @param mine this process's private directory, whose owner is this user
   * @param now the time to measure staleness against
   * @return how many directories were deleted
   */
  static int removeStaleDirectories(Path mine, Instant now) {
    int removed = 0;
    Path dir = mine.getParent();
    try (DirectoryStream<Path> entries =
            Files.newDirectoryStream(dir, PRIVATE_PREFIX + "*")) {
      UserPrincipal me = Files.getOwner(mine, LinkOption.NOFOLLOW_LINKS);
      for (Path p : entries) {
        Matcher m = PRIVATE_NAME.matcher(p.getFileName().toString());
        if (!m.matches() || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          if (TempFiles.leftByEndedProcess(p, Long.parseLong(m.group(1)), me, now,
              STALE_AFTER)) {
            TempFiles.deleteTree(p);
            removed++;
          }
        } catch (IOException | java.io.UncheckedIOException | UnsupportedOperationException
            | SecurityException e) {
          // Another run removing it at the same time, or a file that is not ours inside.
          System.getLogger(NativeLibraries.class.getName()).log(System.Logger.Level.DEBUG,
              "could not remove " + p + ", left by a run that was killed: " + e);
        }
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      System.getLogger(NativeLibraries.class.getName()).log(System.Logger.Level.DEBUG,
          "could not look for directories of killed runs in " + dir + ": " + e);
    }
    return removed;
  }

  /**
   * Points sqlite-jdbc at the cached copy of its native library, extracting it into the cache
   * first when there is none; unless the user has set {@value #SQLITE_LIB_PATH}.
   *
   * @return the library's directory, or null when the driver is left to extract it itself
   */
  static Path useCachedSqliteLibrary() {
    return useCachedSqliteLibrary(cacheRoot());
  }

  /** As {@link #useCachedSqliteLibrary()}, with the cache under {@code root}. */
  static Path useCachedSqliteLibrary(Path root) {
    if (System.getProperty(SQLITE_LIB_PATH) != null) {
      return null;
    }
    try {
      Path jar = driverJar();
      if (jar == null) {
        return null;
      }
      String name = System.mapLibraryName("sqlitejdbc");
      Owner owner = Owner.of(root);
      if (owner == null) {
        return null;
      }
      Path natives = owner.privateDirectory(owner.root, "classes-").resolve("native");
      Path dir = owner.privateDirectory(natives, null).resolve("sqlite-jdbc-" + key(jar));
      owner.privateDirectory(dir, null);
      Path library = dir.resolve(name);
      if (!owner.trusts(library)) {
        Files.deleteIfExists(library); // in a directory of the user's alone by now
        extract(dir, library);
        removeOldLibraries(dir);
        if (!owner.trusts(library)) {
          return null;
        }
      }
      System.setProperty(SQLITE_LIB_PATH, dir.toString());
      System.setProperty(SQLITE_LIB_NAME, name);
      return dir;
    } catch (IOException | RuntimeException | ReflectiveOperationException e) {
      // No cache (a read-only home, an unusual class path): the driver extracts the library
      // into the private directory as it always did, which works, only slower.
      return null;
    }
  }

  /** The driver's jar, or null when it is not loaded from a jar file. */
  private static Path driverJar() throws ReflectiveOperationException {
    Class<?> loader = Class.forName("org.sqlite.SQLiteJDBCLoader", false,
        NativeLibraries.class.getClassLoader());
    java.security.CodeSource source = loader.getProtectionDomain().getCodeSource();
    if (source == null || !"file".equals(source.getLocation().getProtocol())) {
      return null;
    }
    Path jar;
    try {
      jar = Path.of(source.getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      return null;
    }
    return Files.isRegularFile(jar) ? jar : null;
  }

  /**
   * A name for the jar's library: its size and time as they are, its path and the platform as a
   * CRC-32C (a cryptographic hash would cost a short command some 30 ms to start the JCA
   * providers; the size and time carry the change, the checksum only tells places apart).
   */
  private static String key(Path jar) throws IOException {
    String where = jar.toAbsolutePath() + "\n" + System.getProperty("os.name") + "\n"
        + System.getProperty("os.arch");
    CRC32C crc = new CRC32C();
    crc.update(where.getBytes(StandardCharsets.UTF_8));
    return Long.toString(Files.size(jar), 36) + "-"
        + Long.toString(Files.getLastModifiedTime(jar).toMillis(), 36) + "-"
        + Long.toString(crc.getValue(), 36);
  }

  private static Path cacheRoot() {
    // As the launcher: $XDG_CACHE_HOME, else $HOME/.cache (the JVM's user.home is the password
    // file's, which a changed HOME does not move); relative paths are ignored, as the XDG
    // specification asks.
    Path base = absolute(System.getenv("XDG_CACHE_HOME"));
    if (base == null) {
      Path home = absolute(System.getenv("HOME"));
      base = (home != null ? home : Path.of(System.getProperty("user.home"))).resolve(".cache");
    }
    return base.resolve("doclea-transfer");
  }

  private static Path absolute(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    try {
      Path p = Path.of(path);
      return p.isAbsolute() ? p : null;
    } catch (java.nio.file.InvalidPathException e) {
      return null;
    }
  }

  /**
   * Copies the platform's library out of the driver's jar into {@code library}: written to a
   * temporary file in the same directory, then renamed, so that it appears whole or not at all.
   * Which library the platform needs is the driver's own decision ({@code OSInfo}).
   */
  private static void extract(Path dir, Path library)
      throws IOException, ReflectiveOperationException {
    String folder = (String) Class.forName("org.sqlite.util.OSInfo", true,
            NativeLibraries.class.getClassLoader())
        .getMethod("getNativeLibFolderPathForCurrentOS").invoke(null);
    String resource = "/org/sqlite/native/" + folder + "/" + library.getFileName();
    try (InputStream in = Class.forName("org.sqlite.SQLiteJDBCLoader", false,
        NativeLibraries.class.getClassLoader()).getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the driver has no " + resource);
      }
      Path tmp = TempFiles.createFile(dir, ".extracting-", ".tmp");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        try {
          Files.move(tmp, library, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          // Another run was quicker (its copy is the same), or no atomic rename: use theirs,
          // or give up on the cache.
          if (!Files.isRegularFile(library)) {
            throw e;
          }
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** How long an extracted library of another driver jar is kept after it was extracted. */
  static final Duration KEEP_OTHERS = Duration.ofDays(30);

  /**
   * Deletes the libraries extracted for other driver jars more than {@link #KEEP_OTHERS} ago, as
   * the launcher does with its class-data archives: every upgrade or new installation extracts
   * its own (a megabyte), and nothing else would ever remove the old ones. One still in use is
   * extracted again by its next run; a process that has it loaded keeps its mapping. Best effort:
   * what cannot be deleted stays, and the command goes on.
   */
  private static void removeOldLibraries(Path ours) {
    Path parent = ours.getParent();
    Instant before = Instant.now().minus(KEEP_OTHERS);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, "sqlite-jdbc-*")) {
      for (Path dir : dirs) {
        if (dir.equals(ours) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
            || Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant()
                .isAfter(before)) {
          continue;
        }
        TempFiles.deleteTree(dir);
      }
    } catch (IOException | RuntimeException e) {
      // Left for a later run: a cache that cannot be tidied does not stop the command.
      debug("could not remove old native libraries in " + parent + ": " + e);
    }
  }

  /**
   * Who may write where, for a library the JVM will load: the cache's directories and the library
   * must be this user's and writable by no one else, and no directory above the cache may let
   * another user swap it (each is this user's or root's, and writable by others only when sticky,
   * as {@code /tmp} is). Directories of the user's that others may write to (a loose umask, a
   * {@code chmod} by hand) are made private; a library someone else could have written is
   * extracted again. Where the file system has no Unix owners and modes (Windows), the user's
   * profile is private already and nothing is checked.
   */
  private static final class Owner {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int TYPE = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    /** This process's user id, or -1 where the file system has no Unix owners. */
    private final int uid;
    /**
     * The cache's directory, reached through no symbolic link (whose directory this class did
     * not check): what is checked is what the JVM loads.
     */
    final Path root;

    private Owner(int uid, Path root) {
      this.uid = uid;
      this.root = root;
    }

    /**
     * The owner to check {@code root}'s cache against, or null when the cache must not be used:
     * a directory above it that another user could change, or no way to learn this user's id.
     */
    static Owner of(Path root) throws IOException {
      Path absolute = root.toAbsolutePath().normalize();
      if (!absolute.getFileSystem().supportedFileAttributeViews().contains("unix")) {
        return new Owner(-1, absolute);
      }
      Integer uid = currentUid();
      if (uid == null) {
        return null;
      }
      // The nearest directory that exists above the cache, resolved, and every one above it.
      Path above = absolute.getParent();
      while (above != null && !Files.exists(above)) {
        above = above.getParent();
      }
      if (above == null) {
        return null;
      }
      Path real = above.toRealPath();
      Owner owner = new Owner(uid, real.resolve(above.relativize(absolute)));
      for (Path p = real; p != null; p = p.getParent()) {
        int mode = (Integer) Files.getAttribute(p, "unix:mode");
        int pathOwner = (Integer) Files.getAttribute(p, "unix:uid");
        if ((pathOwner != uid && pathOwner != 0)
            || ((mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0)) {
          debug("not using the cache of native libraries: " + p + " is "
              + (pathOwner != uid && pathOwner != 0 ? "another user's" : "writable by others"));
          return null;
        }
      }
      return owner;
    }

    private static Integer currentUid() {
      try {
        Path self = Path.of("/proc/self"); // Linux: owned by the process's effective user
        if (Files.isDirectory(self)) {
          return (Integer) Files.getAttribute(self, "unix:uid");
        }
        Class<?> unix = Class.forName("com.sun.security.auth.module.UnixSystem");
        return (int) (long) (Long) unix.getMethod("getUid")
            .invoke(unix.getConstructor().newInstance());
      } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
        debug("not using the cache of native libraries: cannot tell this user's id: " + e);
        return null;
      }
    }

    /**
     * Makes {@code dir} if it is missing, private; an existing one of the user's is made private
     * if others may write to it, and then what others could have put in it under {@code
     * untrusted} (a prefix of names, or null) is deleted: the launcher's class-data archives,
     * which the launcher would map once the directory is private.
     *
     * @return {@code dir}
     * @throws IOException when it is not a directory of the user's (not followed if a link)
     */
    Path privateDirectory(Path dir, String untrusted) throws IOException {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        createPrivateDirectories(dir);
      }
      if (uid < 0) {
        return dir;
      }
      int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & TYPE) != DIRECTORY
          || (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) {
        throw new IOException(dir + " is not a directory of this user's");
      }
      if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        // Some file systems take a chmod without doing it (vfat mounted "quiet").
        if (((Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS)
            & GROUP_OR_OTHERS_WRITE) != 0) {
          throw new IOException(dir + " stays writable by others");
        }
        if (untrusted != null) {
          try (DirectoryStream<Path> planted = Files.newDirectoryStream(dir, untrusted + "*")) {
            for (Path p : planted) {
              TempFiles.deleteTree(p);
            }
          }
        }
      }
      return dir;
    }

    /** Whether {@code file} is a regular file of the user's that no one else may write. */
    boolean trusts(Path file) throws IOException {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      if (uid < 0) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
      }
      int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & TYPE) == REGULAR && (mode & GROUP_OR_OTHERS_WRITE) == 0
          && (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid;
    }
  }

  private static void debug(String message) {
    // Not slf4j: this runs before Logging.configure, which a first slf4j call would pre-empt.
    System.getLogger(NativeLibraries.class.getName()).log(System.Logger.Level.DEBUG, message);
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }
}
