package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spools of streams and vectors: a cancel stops the copy of a stream at once, even while a read
 * waits; spools are named after their process, deleted when their run ends, and those of killed
 * runs are deleted later once provably unused; failures say what failed, without class names.
 */
class SpoolsTest {
  @TempDir Path dir;
  private String tmpdir;

  @BeforeEach
  void useOwnTemporaryDirectory() {
    tmpdir = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", dir.toString());
  }

  @AfterEach
  void restoreTemporaryDirectory() {
    System.setProperty("java.io.tmpdir", tmpdir);
  }

  private List<String> spools() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".spool")).toList();
    }
  }

  /** A stream that gives a few bytes and then blocks in read, like a slow pipe. */
  private static final class StalledStream extends InputStream {
    final CountDownLatch blocked = new CountDownLatch(1);
    private boolean gave;

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!gave) {
        gave = true;
        b[off] = '{';
        return 1;
      }
      blocked.countDown();
      while (true) {
        try {
          Thread.sleep(60_000); // an uninterruptible read would not return either
        } catch (InterruptedException e) {
          // as FileInputStream: the interrupt does not end the read
        }
      }
    }
  }

  @Test
  void anInterruptCancelsAnImportWhileItsStreamIsCopiedAndDeletesTheSpool() throws Exception {
    StalledStream input = new StalledStream();
    AtomicReference<ImportResult> result = new AtomicReference<>();
    Thread worker = new Thread(() -> result.set(Transfer.importFrom(InMemoryBackend.create(), input,
        "standard input", ImportOptions.builder().build())));
    worker.start();
    assertTrue(input.blocked.await(30, TimeUnit.SECONDS), "the copy never read");
    assertEquals(1, spools().size(), "the spool exists while the stream is copied");
    assertTrue(spools().get(0).matches("doclea-import-" + ProcessHandle.current().pid()
        + "-[0-9]+\\.spool"), spools().toString());
    long start = System.nanoTime();
    worker.interrupt();
    worker.join(5_000);
    assertFalse(worker.isAlive(), "the import did not end within 5 s of the interrupt");
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "cancelled promptly");
    assertFalse(result.get().success());
    assertEquals("the import of standard input was cancelled; nothing was changed",
        result.get().errors().get(0));
    assertEquals(List.of(), spools(), "the spool is deleted");
  }

  @Test
  void aStreamTooLargeIsRefusedAndItsSpoolDeleted() throws Exception {
    InputStream zeros = new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return len;
      }
    };
    ImportResult r = Transfer.importFrom(InMemoryBackend.create(), zeros, "/dev/zero",
        ImportOptions.builder().limits(ai.doclea.transfer.api.Limits.DEFAULTS
            .withMaxDecompressedBytes(1 << 20)).build());
    assertFalse(r.success());
    assertTrue(r.errors().get(0).contains("larger than the limit of 1048576 bytes"), 
        r.errors().toString());
    assertEquals(List.of(), spools());
  }

  @Test
  void stalePoolsOfGoneProcessesAreRemovedOthersKept() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    long gone = finished.pid();
    long alive = ProcessHandle.current().parent().orElseThrow().pid();
    Instant now = Instant.now();
    Path staleImport = old(dir.resolve("doclea-import-" + gone + "-1.spool"), Duration.ofHours(1));
    Path staleVectors = old(dir.resolve("doclea-vectors-" + gone + "-2.spool"),
        Duration.ofMinutes(2));
    Path fresh = old(dir.resolve("doclea-vectors-" + gone + "-3.spool"), Duration.ofSeconds(5));
    Path running = old(dir.resolve("doclea-import-" + alive + "-4.spool"), Duration.ofDays(3));
    Path legacyOld = old(dir.resolve("doclea-vectors-55.spool"), Duration.ofDays(2));
    Path legacyNew = old(dir.resolve("doclea-vectors-56.spool"), Duration.ofHours(2));
    Path other = old(dir.resolve("notes-" + gone + "-1.spool"), Duration.ofDays(2));
    Path mine = Files.createFile(dir.resolve("doclea-import-" + ProcessHandle.current().pid()
        + "-9.spool"));

    assertEquals(3, Spools.removeStale(dir, mine, now));

    assertFalse(Files.exists(staleImport));
    assertFalse(Files.exists(staleVectors));
    assertFalse(Files.exists(legacyOld), "a spool named without its process, two days old");
    assertTrue(Files.exists(fresh), "written a moment ago: perhaps in use in another namespace");
    assertTrue(Files.exists(running), "its process runs");
    assertTrue(Files.exists(legacyNew));
    assertTrue(Files.exists(other), "not a name of ours");
    assertTrue(Files.exists(mine));
  }

  @Test
  void creatingASpoolRemovesStaleOnesAndNamesTheProcess() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Path stale = old(dir.resolve("doclea-vectors-" + finished.pid() + "-7.spool"),
        Duration.ofHours(1));
    Path spool = Spools.create("vectors");
    assertFalse(Files.exists(stale));
    assertTrue(spool.getFileName().toString().startsWith("doclea-vectors-"
        + ProcessHandle.current().pid() + "-"), spool.toString());
    // The directory is looked through once per process, not at every spool.
    Path later = old(dir.resolve("doclea-vectors-" + finished.pid() + "-8.spool"),
        Duration.ofHours(1));
    Path second = Spools.create("import");
    assertTrue(Files.exists(later), "left for the next process");
    Files.delete(spool);
    Files.delete(second);
  }

  @Test
  void aSpoolThatCannotBeWrittenNamesItsDirectoryInWords() {
    String message = Spools.writeFailure("standard input",
        new FileSystemException(dir.resolve("x.spool").toString(), null,
            "No space left on device")).getMessage();
    assertTrue(message.startsWith("cannot copy standard input to a temporary file in " + dir
        + ": no space left on device;"), message);
    assertTrue(message.contains("java.io.tmpdir"), message);
    assertFalse(message.contains("Exception"), message);
  }

  private static Path old(Path file, Duration age) throws IOException {
    Files.writeString(file, "x");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    return file;
  }
}
