package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user cache of sqlite-jdbc's native library: the first run extracts the driver's own
 * library for this platform, whole, into a private directory; later runs use it as it is; a
 * library path the user chose, or a cache that cannot be written, leaves the driver alone.
 */
class NativeLibrariesTest {
  private static final List<String> PROPERTIES =
      List.of(NativeLibraries.SQLITE_LIB_PATH, NativeLibraries.SQLITE_LIB_NAME);
  private String[] saved;

  @BeforeEach
  void saveProperties() {
    saved = PROPERTIES.stream().map(System::getProperty).toArray(String[]::new);
    PROPERTIES.forEach(System::clearProperty);
  }

  @AfterEach
  void restoreProperties() {
    for (int i = 0; i < saved.length; i++) {
      if (saved[i] == null) {
        System.clearProperty(PROPERTIES.get(i));
      } else {
        System.setProperty(PROPERTIES.get(i), saved[i]);
      }
    }
  }

  @Test
  void theFirstRunExtractsTheDriversLibraryAndLaterRunsReuseIt(@TempDir Path root)
      throws Exception {
    Path dir = NativeLibraries.useCachedSqliteLibrary(root);
    assertNotNull(dir, "the cache should be used");
    assertTrue(dir.startsWith(root.resolve("native")), dir.toString());
    String name = System.mapLibraryName("sqlitejdbc");
    assertEquals(dir.toString(), System.getProperty(NativeLibraries.SQLITE_LIB_PATH));
    assertEquals(name, System.getProperty(NativeLibraries.SQLITE_LIB_NAME));
    Path library = dir.resolve(name);
    String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
    try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(
        "/org/sqlite/native/" + folder + "/" + name)) {
      assertNotNull(in, "the driver jar has a library for this platform");
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(library));
    }
    try (var listing = Files.list(dir)) {
      assertEquals(List.of(library), listing.toList(), "no temporary file is left behind");
    }
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(dir)));
    }

    // A later run takes the file as it is: it is not written again.
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(library, old);
    PROPERTIES.forEach(System::clearProperty);
    assertEquals(dir, NativeLibraries.useCachedSqliteLibrary(root));
    assertEquals(old, Files.getLastModifiedTime(library));
  }

  @Test
  void aLibraryPathTheUserChoseIsLeftAlone(@TempDir Path root) {
    System.setProperty(NativeLibraries.SQLITE_LIB_PATH, "/somewhere/else");
    assertNull(NativeLibraries.useCachedSqliteLibrary(root));
    assertEquals("/somewhere/else", System.getProperty(NativeLibraries.SQLITE_LIB_PATH));
    assertNull(System.getProperty(NativeLibraries.SQLITE_LIB_NAME));
    assertTrue(root.toFile().list().length == 0, "nothing is extracted");
  }

  @Test
  void aCacheThatCannotBeWrittenLeavesTheDriverToExtractAsBefore(@TempDir Path root)
      throws Exception {
    Path notADirectory = root.resolve("file");
    Files.writeString(notADirectory, "x");
    assertNull(NativeLibraries.useCachedSqliteLibrary(notADirectory));
    assertNull(System.getProperty(NativeLibraries.SQLITE_LIB_PATH));
  }

  /**
   * Extracting a library deletes those extracted for other driver jars more than 30 days ago
   * (every upgrade leaves one), and keeps newer ones, its own and anything else in the directory.
   */
  @Test
  void extractingRemovesOtherJarsLibrariesOlderThanThirtyDays(@TempDir Path root)
      throws Exception {
    Path natives = root.resolve("native");
    Path old = Files.createDirectories(natives.resolve("sqlite-jdbc-old"));
    Files.write(old.resolve(System.mapLibraryName("sqlitejdbc")), new byte[] {1, 2, 3});
    Path recent = Files.createDirectories(natives.resolve("sqlite-jdbc-recent"));
    Files.write(recent.resolve(System.mapLibraryName("sqlitejdbc")), new byte[] {4});
    Path other = Files.createDirectories(natives.resolve("something-else"));
    long day = 24L * 3600 * 1000;
    Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 31 * day));
    Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() - 90 * day));
    Files.setLastModifiedTime(recent,
        FileTime.fromMillis(System.currentTimeMillis() - 29 * day));

    Path dir = NativeLibraries.useCachedSqliteLibrary(root);
    assertNotNull(dir, "the cache should be used");
    assertTrue(Files.isRegularFile(dir.resolve(System.mapLibraryName("sqlitejdbc"))));
    assertTrue(Files.notExists(old), "a library extracted 31 days ago for another jar");
    assertTrue(Files.isDirectory(recent), "one extracted 29 days ago stays");
    assertTrue(Files.isDirectory(other), "what is not a library directory stays");
  }

  // ---------------------------------------------------------------- who may write the library

  private static boolean posix(Path dir) throws Exception {
    return Files.getFileStore(dir).supportsFileAttributeView("posix");
  }

  private static void chmod(Path p, String perms) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static byte[] driversLibrary() throws Exception {
    String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
    try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(
        "/org/sqlite/native/" + folder + "/" + System.mapLibraryName("sqlitejdbc"))) {
      return in.readAllBytes();
    }
  }

  /**
   * A cache of the user's that others may write to (a loose umask, a chmod by hand) is made
   * private, and a library in it that others could have written is extracted again.
   */
  @Test
  void aCacheOthersMayWriteIsMadePrivateAndItsLibraryExtractedAgain(@TempDir Path tmp)
      throws Exception {
    assumeTrue(posix(tmp));
    Path root = tmp.resolve("cache");
    Path dir = NativeLibraries.useCachedSqliteLibrary(root);
    assertNotNull(dir);
    Path library = dir.resolve(System.mapLibraryName("sqlitejdbc"));
    Path archive = Files.writeString(root.resolve("classes-17-1.jsa"), "the launcher's");
    PROPERTIES.forEach(System::clearProperty);
    assertEquals(dir, NativeLibraries.useCachedSqliteLibrary(root));
    assertTrue(Files.exists(archive), "in a private cache the launcher's archives stay");
    for (Path p : List.of(root, root.resolve("native"), dir)) {
      chmod(p, "rwxrwxrwx");
    }
    chmod(library, "rw-rw-rw-");
    Files.write(library, new byte[] {1, 2, 3}); // what someone else could have written
    PROPERTIES.forEach(System::clearProperty);

    assertEquals(dir, NativeLibraries.useCachedSqliteLibrary(root));
    for (Path p : List.of(root, root.resolve("native"), dir)) {
      assertEquals("rwx------", perms(p), p.toString());
    }
    assertEquals('-', perms(library).charAt(7), "others may not write the library");
    assertEquals('-', perms(library).charAt(4), "nor the group");
    assertArrayEquals(driversLibrary(), Files.readAllBytes(library), "extracted again");
    assertFalse(Files.exists(archive), "an archive others could have put there is deleted: the"
        + " launcher would map it once the directory is private");
  }

  /**
   * A directory above the cache that others may write to, and that is not sticky, could have the
   * cache swapped for another: the cache is not used (nothing is made in it), the driver
   * extracts its library privately as before. A sticky one (as /tmp) is fine.
   */
  @Test
  void aDirectoryAboveTheCacheThatOthersMayWriteKeepsTheCacheUnused(@TempDir Path tmp)
      throws Exception {
    assumeTrue(posix(tmp));
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    chmod(shared, "rwxrwxrwx");
    Path root = shared.resolve("home/.cache/doclea-transfer");
    assertNull(NativeLibraries.useCachedSqliteLibrary(root));
    assertNull(System.getProperty(NativeLibraries.SQLITE_LIB_PATH));
    assertTrue(Files.notExists(shared.resolve("home")), "nothing is made below it");

    Files.setAttribute(shared, "unix:mode", 01777); // sticky: no one renames another's entries
    assertNotNull(NativeLibraries.useCachedSqliteLibrary(root));
  }

  /**
   * Through a symbolic link to the cache, the library the driver is pointed at is the one in the
   * directory that was checked.
   */
  @Test
  void aLinkedCacheIsUsedThroughItsRealPath(@TempDir Path tmp) throws Exception {
    assumeTrue(posix(tmp));
    Path real = Files.createDirectories(tmp.resolve("real/doclea-transfer"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
    Path dir = NativeLibraries.useCachedSqliteLibrary(link.resolve("doclea-transfer"));
    assertNotNull(dir);
    assertTrue(dir.startsWith(real.toRealPath()), dir.toString());
    assertEquals(dir.toString(), System.getProperty(NativeLibraries.SQLITE_LIB_PATH));
  }

  /**
   * Run as root (as CI is), the tests can hand files to another user: a library another user owns
   * is extracted again, and a cache directory another user owns is not used at all.
   */
  @Test
  void anotherUsersLibraryOrDirectoryIsNotTrusted(@TempDir Path tmp) throws Exception {
    assumeTrue(posix(tmp) && Integer.valueOf(0).equals(
        Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root to chown");
    int nobody = 65534;
    Path root = tmp.resolve("cache");
    Path dir = NativeLibraries.useCachedSqliteLibrary(root);
    Path library = dir.resolve(System.mapLibraryName("sqlitejdbc"));
    Files.write(library, new byte[] {9});
    Files.setAttribute(library, "unix:uid", nobody);
    PROPERTIES.forEach(System::clearProperty);
    assertEquals(dir, NativeLibraries.useCachedSqliteLibrary(root));
    assertEquals(0, Files.getAttribute(library, "unix:uid"));
    assertArrayEquals(driversLibrary(), Files.readAllBytes(library));

    Files.setAttribute(dir, "unix:uid", nobody);
    PROPERTIES.forEach(System::clearProperty);
    assertNull(NativeLibraries.useCachedSqliteLibrary(root));
    assertNull(System.getProperty(NativeLibraries.SQLITE_LIB_PATH));
  }
}
