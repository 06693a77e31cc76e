package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The private directories for native libraries that runs killed with {@code kill -9} leave in the
 * temporary directory are removed by a later run, and nothing else is.
 */
class NativeDirectoriesTest {
  private static final Instant NOW = Instant.now();
  private static final FileTime OLD = FileTime.from(NOW.minus(NativeLibraries.STALE_AFTER)
      .minusSeconds(5));

  /** The id of a process that has ended (a child that ran and was waited for). */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    assumeTrue(ProcessHandle.of(p.pid()).map(h -> !h.isAlive()).orElse(true),
        "the ended child's id is in use again");
    return p.pid();
  }

  private static Path directory(Path tmp, long pid, FileTime modified, String... files)
      throws Exception {
    Path dir = Files.createDirectory(tmp.resolve(NativeLibraries.PRIVATE_PREFIX + pid + "-42"));
    for (String f : files) {
      Files.writeString(dir.resolve(f), "library bytes");
    }
    Files.setLastModifiedTime(dir, modified);
    return dir;
  }

  @Test
  void aKilledRunsDirectoryIsRemovedWithItsLibraries(@TempDir Path tmp) throws Exception {
    Path mine = directory(tmp, ProcessHandle.current().pid(), OLD);
    long dead = deadPid();
    Path killed = directory(tmp, dead, OLD, "sqlite-3.51.1-123-libsqlitejdbc.so",
        "sqlite-3.51.1-123-libsqlitejdbc.so.lck");

    assertEquals(1, NativeLibraries.removeStaleDirectories(mine, NOW));

    assertFalse(Files.exists(killed, LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.isDirectory(mine), "this run's own directory stays");
  }

  @Test
  void directoriesOfLiveOrRecentRunsAndOtherNamesStay(@TempDir Path tmp) throws Exception {
    Path mine = directory(tmp, ProcessHandle.current().pid(), OLD);
    long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
    Path live = directory(tmp, parent, OLD, "lib.so");
    long dead = deadPid();
    Path recent = Files.createDirectory(tmp.resolve(NativeLibraries.PRIVATE_PREFIX + dead
        + "-7"));
    Path unnamed = Files.createDirectory(tmp.resolve(NativeLibraries.PRIVATE_PREFIX + "123"));
    Files.setLastModifiedTime(unnamed, OLD);
    Path file = Files.writeString(tmp.resolve(NativeLibraries.PRIVATE_PREFIX + dead + "-8"),
        "a file, not a directory");
    Files.setLastModifiedTime(file, OLD);

    assertEquals(0, NativeLibraries.removeStaleDirectories(mine, NOW));

    for (Path p : new Path[] {live, live.resolve("lib.so"), recent, unnamed, file, mine}) {
      assertTrue(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " stays");
    }
  }

  @Test
  void aLinkNamedLikeADirectoryIsNotFollowed(@TempDir Path tmp) throws Exception {
    Path mine = directory(tmp, ProcessHandle.current().pid(), OLD);
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Path precious = Files.writeString(elsewhere.resolve("precious.txt"), "keep me");
    Path link;
    try {
      link = Files.createSymbolicLink(tmp.resolve(NativeLibraries.PRIVATE_PREFIX + deadPid()
          + "-9"), elsewhere);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      assumeTrue(false, "no symbolic links here: " + e);
      return;
    }

    assertEquals(0, NativeLibraries.removeStaleDirectories(mine, NOW.plusSeconds(3600)));

    assertTrue(Files.isSymbolicLink(link));
    assertEquals("keep me", Files.readString(precious));
  }
}
