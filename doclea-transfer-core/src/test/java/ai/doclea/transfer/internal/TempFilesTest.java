package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files made without {@code SecureRandom}: new, empty, for the owner alone, named
 * {@code prefix<digits>suffix}; a name already taken, even by a link, is never opened.
 */
class TempFilesTest {
  @TempDir Path dir;

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void filesAreNewEmptyOwnerOnlyAndNamedPrefixDigitsSuffix() throws Exception {
    Set<Path> made = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Path f = TempFiles.createFile(dir, ".out.json.doclea-export-42-", ".tmp");
      assertTrue(made.add(f), "a name given twice: " + f);
      assertEquals(dir, f.getParent());
      assertTrue(f.getFileName().toString().matches("\\.out\\.json\\.doclea-export-42-[0-9]+\\.tmp"),
          f.toString());
      assertEquals(0, Files.size(f));
      if (posix(f)) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
  }

  @Test
  void directoriesAreNewAndOwnerOnly() throws Exception {
    Path d = TempFiles.createDirectory(dir, "native-");
    assertTrue(Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS));
    assertTrue(d.getFileName().toString().matches("native-[0-9]+"), d.toString());
    if (posix(d)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
    }
    assertNotEquals(d, TempFiles.createDirectory(dir, "native-"));
  }

  @Test
  void aTakenNameIsNeverOpenedNotEvenThroughALink() throws Exception {
    Path victim = dir.resolve("victim.txt");
    Files.writeString(victim, "keep me", StandardCharsets.UTF_8);
    Files.createSymbolicLink(dir.resolve("p-7.tmp"), victim);
    Files.writeString(dir.resolve("p-8.tmp"), "someone else's", StandardCharsets.UTF_8);
    AtomicInteger calls = new AtomicInteger();
    long[] numbers = {7, 8, 9};
    Path f = TempFiles.createFile(dir, "p-", ".tmp", () -> numbers[calls.getAndIncrement()]);
    assertEquals(dir.resolve("p-9.tmp"), f);
    assertEquals(0, Files.size(f));
    assertEquals("keep me", Files.readString(victim));
    assertEquals("someone else's", Files.readString(dir.resolve("p-8.tmp")));
    assertTrue(Files.isSymbolicLink(dir.resolve("p-7.tmp")));
  }

  @Test
  void whenEveryTryIsTakenTheJdksOwnMethodDecides() throws Exception {
    Files.createFile(dir.resolve("q-1.tmp"));
    Files.createDirectory(dir.resolve("d-1"));
    AtomicInteger calls = new AtomicInteger();
    Path f = TempFiles.createFile(dir, "q-", ".tmp", () -> {
      calls.incrementAndGet();
      return 1;
    });
    assertEquals(TempFiles.TRIES, calls.get());
    assertNotEquals(dir.resolve("q-1.tmp"), f);
    assertTrue(Files.isRegularFile(f) && f.getFileName().toString().startsWith("q-"), f.toString());
    Path d = TempFiles.createDirectory(dir, "d-", () -> 1);
    assertNotEquals(dir.resolve("d-1"), d);
    assertTrue(Files.isDirectory(d));
  }

  @Test
  void aNamePartWithASeparatorIsRefusedAndNothingIsMade() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TempFiles.createFile(dir, "../escape-", ".tmp"));
    assertTrue(e.getMessage().contains("../escape-"), e.getMessage());
    try (var listing = Files.list(dir.getParent())) {
      assertFalse(listing.anyMatch(p -> p.getFileName().toString().startsWith("escape-")));
    }
  }
}
