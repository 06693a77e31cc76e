package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.internal.OutputPaths;
import ai.doclea.transfer.internal.TempFiles;
import ai.doclea.transfer.spi.IoFailures;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database that an import creates. It is built under a private name beside the target
 * ({@code .NAME.doclea-import-PID-N.tmp}) and published under the target's name only once the
 * import has committed and the database is closed: by a hard link, which fails if the name was
 * taken meanwhile, so a database another process created is never replaced. An empty (0-byte)
 * target is replaced only if it is still empty at that moment. On failure or cancellation only
 * the private files and the directories this run created are removed; a run killed with {@code
 * kill -9} leaves its private files, which the next import to the same target removes.
 */
final class NewDatabase {
  private static final String MARK = ".doclea-import-";
  private static final Pattern NAME = Pattern.compile("([0-9]{1,18})-[0-9]+\\.tmp(-wal|-shm|"
      + "-journal)?");
  private static final List<String> SUFFIXES = List.of("", "-wal", "-shm", "-journal");

  private final Path target;
  private final Path staging;
  private final List<Path> createdDirectories;
  private final boolean replacesEmptyFile;
  private boolean published;

  private NewDatabase(Path target, Path staging, List<Path> createdDirectories,
      boolean replacesEmptyFile) {
    this.target = target;
    this.staging = staging;
    this.createdDirectories = createdDirectories;
    this.replacesEmptyFile = replacesEmptyFile;
  }

  /**
   * Whether an import into {@code db} creates the database: the file is missing or empty.
   *
   * @param db the {@code --db} path
   * @return whether {@link #prepare} applies
   */
  static boolean isNew(Path db) {
    try {
      return !Files.exists(db) || Files.isRegularFile(db) && Files.size(db) == 0;
    } catch (IOException e) {
      throw new BackendException("Cannot read " + db + ": " + IoFailures.describe(e), e);
    }
  }

  /**
   * Creates the missing directories of the target and chooses the private name. A symbolic link
   * (or a chain of them) is followed as an export follows its output: the database is created at
   * the link's final target, its private name beside that file, and the link stays a link.
   *
   * @param db the {@code --db} path
   * @param session for notes
   * @return the new database, not yet created on disk (the SQLite adapter creates the file)
   * @throws BackendException when a link cannot be read or the links loop
   */
  static NewDatabase prepare(Path db, Session session) {
    Path target = followLinks(db.toAbsolutePath().normalize());
    boolean empty = Files.exists(target);
    List<Path> created = createDirectories(target.getParent());
    removeStale(target, session);
    Path staging = target.resolveSibling(prefix(target) + ProcessHandle.current().pid() + "-"
        + ThreadLocalRandom.current().nextLong(1L << 62) + ".tmp");
    return new NewDatabase(target, staging, created, empty);
  }

  /** @return the file the database is published as: the {@code --db} path, links followed */
  Path target() {
    return target;
  }

  /** @return the private path the import writes to */
  Path staging() {
    return staging;
  }

  /**
   * Publishes the complete database under the target's name. Call after the backend is closed.
   *
   * @throws BackendException when another process created the target meanwhile (the import then
   *     changed nothing there) or the file cannot be linked
   */
  void publish() {
    if (Files.exists(Path.of(staging + "-wal"))) {
      throw new BackendException("The new database " + staging + " still has a write-ahead log"
          + " after it was closed; it was not published as " + target + ".");
    }
    try {
      if (replacesEmptyFile) {
        if (Files.size(target) != 0 || Files.exists(Path.of(target + "-wal"))) {
          throw taken();
        }
        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } else {
        link();
      }
      published = true;
    } catch (IOException e) {
      throw new BackendException("Cannot publish the new database as " + target + ": "
          + IoFailures.describe(e) + " (it was complete under the private name " + staging
          + ", now removed)", e);
    }
  }

  private void link() throws IOException {
    try {
      Files.createLink(target, staging);
    } catch (FileAlreadyExistsException e) {
      throw taken();
    } catch (UnsupportedOperationException | IOException e) {
      // No hard links on this file system: a move that refuses an existing name (checked just
      // before the rename, so not atomic against another process creating it at that instant).
      try {
        Files.move(staging, target);
        return;
      } catch (FileAlreadyExistsException taken) {
        throw taken();
      }
    }
    Files.delete(staging);
  }

  private BackendException taken() {
    return new BackendException("Another process created " + target + " while this import ran;"
        + " this import changed nothing there. Run it again to import into that database.");
  }

  /**
   * Removes what this run created, unless it was published: the private database files and the
   * directories made for it (when still empty).
   *
   * @param session for warnings
   */
  void discard(Session session) {
    if (published) {
      return;
    }
    deleteWithSideFiles(staging, "import", session);
    List<Path> dirs = new ArrayList<>(createdDirectories);
    Collections.reverse(dirs);
    for (Path dir : dirs) {
      try {
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        session.warn("the import failed; the directory it created, " + dir
            + ", is not empty or cannot be removed: " + IoFailures.describe(e));
        return;
      }
    }
  }

  /**
   * Deletes a database file that a failed command created, with its {@code -wal}, {@code -shm}
   * and {@code -journal}; a file that cannot be deleted is a warning naming it.
   *
   * @param db the database file
   * @param operation the command that failed, for the warning ("import", "copy")
   * @param session for warnings
   */
  static void deleteWithSideFiles(Path db, String operation, Session session) {
    for (String suffix : SUFFIXES) {
      Path file = Path.of(db + suffix);
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        session.warn("the " + operation + " failed, and the file it created, " + file
            + ", cannot be deleted: " + IoFailures.describe(e));
      }
    }
  }

  /** The file a chain of symbolic links leads to (which need not exist), or the path itself. */
  private static Path followLinks(Path path) {
    if (!Files.isSymbolicLink(path)) {
      return path;
    }
    try {
      return OutputPaths.resolveLinks(path);
    } catch (IOException | TransferException e) {
      throw new BackendException("Cannot create the database " + path + ": "
          + (e instanceof IOException io ? "a symbolic link on the way cannot be read ("
              + IoFailures.describe(io) + ")" : "more than 40 levels of symbolic links"), e);
    }
  }

  /** Creates the missing directories, outermost first, and returns those it created. */
  private static List<Path> createDirectories(Path dir) {
    List<Path> missing = new ArrayList<>();
    for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
      missing.add(0, d);
    }
    List<Path> created = new ArrayList<>();
    for (Path d : missing) {
      try {
        Files.createDirectory(d);
        created.add(d);
      } catch (FileAlreadyExistsException e) {
        // Made by another process meanwhile: not ours to remove.
        if (!Files.isDirectory(d)) {
          throw new BackendException("Cannot create the directory " + d + ": a file of that"
              + " name exists", e);
        }
      } catch (IOException e) {
        throw new BackendException("Cannot create the directory " + d + " for the new"
            + " database: " + IoFailures.describe(e), e);
      }
    }
    return created;
  }

  /**
   * The start of the private names beside {@code target}: the target's name, cut so that the
   * whole name (with {@code -journal}) fits the file system's limit ({@link
   * TempFiles#siblingPrefix}).
   */
  static String prefix(Path target) {
    return TempFiles.siblingPrefix(target.getFileName().toString(), MARK);
  }

  /** Removes private files of imports to the same target whose process no longer runs. */
  private static void removeStale(Path target, Session session) {
    String prefix = prefix(target);
    if (!Files.isDirectory(target.getParent())) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target.getParent(),
        p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : entries) {
        Matcher m = NAME.matcher(p.getFileName().toString().substring(prefix.length()));
        if (m.matches() && !ProcessHandle.of(Long.parseLong(m.group(1)))
            .map(ProcessHandle::isAlive).orElse(false)) {
          Files.deleteIfExists(p);
          session.warn("removed " + p + ", left by an import that did not finish");
        }
      }
    } catch (IOException e) {
      session.warn("could not look for files left by earlier imports beside " + target + ": "
          + IoFailures.describe(e));
    }
  }
}
