package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.internal.Exporter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSafetyTest {
  @TempDir Path dir;

  List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void failingBackendLeavesExistingBackupAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("backup.json");
    byte[] old = "{\"version\":\"1.0.0\",\"data\":{}}".getBytes();
    Files.write(target, old);
    ExportResult result = Transfer.export(
        new FixedBackend(ExportFormatTest.INFO, ExportFormatTest.sample(), 3), target,
        ExportOptions.defaults());
    assertFalse(result.success());
    assertTrue(result.error().contains("injected") && result.error().contains("backup.json"),
        result.error());
    assertArrayEquals(old, Files.readAllBytes(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void fullDiskLeavesNoFile() throws IOException {
    for (int k : new int[] {0, 1, 100, 1000}) {
      Path target = dir.resolve("b" + k + ".json");
      ExportResult result = Exporter.toPath(
          new FixedBackend(ExportFormatTest.INFO, ExportFormatTest.sample(), -1), target,
          ExportOptions.defaults(), out -> new FailAfter(out, k));
      assertFalse(result.success(), "k=" + k);
      assertTrue(result.error().contains("no space left"), result.error());
      assertEquals(List.of(), listing(), "k=" + k);
    }
  }

  @Test
  void completeExportReplacesTheOldOneAndIsOwnerOnly() throws IOException {
    Path target = dir.resolve("backup.json");
    Files.writeString(target, "{\"version\":\"1.0.0\",\"data\":{}}");
    ExportResult result = Transfer.export(
        new FixedBackend(ExportFormatTest.INFO, ExportFormatTest.sample(), -1), target,
        ExportOptions.defaults());
    assertTrue(result.success(), result::toJson);
    assertEquals(Files.size(target), result.bytes());
    assertTrue(Files.readString(target).startsWith("{\n  \"version\": \"1.0.0\""));
    if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
    assertEquals(List.of(target), listing());
  }

  @Test
  void missingDirectoryIsAClearError() {
    ExportResult result = Transfer.export(
        new FixedBackend(ExportFormatTest.INFO, ExportFormatTest.sample(), -1),
        dir.resolve("nope/backup.json"), ExportOptions.defaults());
    assertFalse(result.success());
    assertTrue(result.error().contains("does not exist"), result.error());
  }

  static FixedBackend store() {
    return new FixedBackend(ExportFormatTest.INFO, ExportFormatTest.sample(), -1);
  }

  @Test
  void aSymbolicLinkIsFollowedAndItsTargetReplacedAtomically() throws IOException {
    Path realDir = Files.createDirectory(dir.resolve("real"));
    Path real = Files.writeString(realDir.resolve("b.json"), "");
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
    ExportResult result = Transfer.export(store(), link, ExportOptions.defaults());
    assertTrue(result.success(), result::toJson);
    assertTrue(Files.isSymbolicLink(link), "the link stays a link");
    assertTrue(Files.readString(real).startsWith("{\n  \"version\""));
    try (Stream<Path> s = Files.list(realDir)) {
      assertEquals(List.of(real), s.toList(), "no temporary file left beside the target");
    }
  }

  @Test
  void aDanglingLinkCreatesItsTarget() throws IOException {
    Path real = dir.resolve("made.json");
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
    assertTrue(Transfer.export(store(), link, ExportOptions.defaults()).success());
    assertTrue(Files.isSymbolicLink(link));
    assertTrue(Files.isRegularFile(real));
  }

  @Test
  void aFileThatIsNotAnExportIsReplacedOnlyWhenAllowed() throws IOException {
    Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes");
    ExportResult refused = Transfer.export(store(), notes, ExportOptions.defaults());
    assertFalse(refused.success());
    assertTrue(refused.error().contains("not a Doclea export"), refused.error());
    assertEquals("my notes", Files.readString(notes));
    assertEquals(List.of(notes), listing());
    ExportResult forced = Transfer.export(store(), notes,
        ExportOptions.builder().replaceAnyFile(true).build());
    assertTrue(forced.success(), forced::toJson);
    assertTrue(Files.readString(notes).startsWith("{"));
  }

  @Test
  void aGzipExportIsRecognisedAsAnExport() throws IOException {
    Path target = dir.resolve("b.json.gz");
    assertTrue(Transfer.export(store(), target, ExportOptions.builder().gzip(true).build())
        .success());
    assertTrue(Transfer.export(store(), target, ExportOptions.builder().gzip(true).build())
        .success(), "replacing an earlier gzip export needs no force");
  }

  @Test
  void theStoresOwnFilesAreNeverReplaced() throws IOException {
    Path db = Files.writeString(dir.resolve("local.db"), "SQLite format 3");
    FixedBackend own = new FixedBackend(ExportFormatTest.INFO, ExportFormatTest.sample(), -1) {
      @Override
      public List<Path> files() {
        return List.of(db, Path.of(db + "-wal"));
      }
    };
    Path link = Files.createSymbolicLink(dir.resolve("out.json"), db);
    for (Path out : List.of(db, Path.of(db + "-wal"), link)) {
      ExportResult r = Transfer.export(own, out,
          ExportOptions.builder().replaceAnyFile(true).build());
      assertFalse(r.success(), out.toString());
      assertTrue(r.error().contains("a file of the store being exported"), r.error());
    }
    assertEquals("SQLite format 3", Files.readString(db));
    assertFalse(Files.exists(Path.of(db + "-wal")));
  }

  @Test
  void aFifoIsWrittenAsAStream() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new java.io.File("/usr/bin/mkfifo").canExecute(), "mkfifo is needed");
    Path fifo = dir.resolve("pipe");
    assertEquals(0, new ProcessBuilder("/usr/bin/mkfifo", fifo.toString()).start().waitFor());
    java.util.concurrent.CompletableFuture<byte[]> reader =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return Files.readAllBytes(fifo);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    ExportResult r = Transfer.export(store(), fifo, ExportOptions.defaults());
    assertTrue(r.success(), r::toJson);
    byte[] read = reader.get(1, java.util.concurrent.TimeUnit.MINUTES);
    assertEquals(r.bytes(), read.length);
    assertTrue(r.warnings().get(0).contains("not atomically"), r.warnings()::toString);
    assertFalse(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS),
        "the FIFO is still a FIFO");
  }

  @Test
  void aTemporaryFileOfAKilledExportIsRemovedAndALiveOneKept() throws IOException {
    Path target = dir.resolve("b.json");
    Path stale = Files.writeString(dir.resolve(".b.json.doclea-export-" + deadPid() + "-1.tmp"),
        "half");
    Path live = Files.writeString(dir.resolve(".b.json.doclea-export-"
        + ProcessHandle.current().pid() + "-2.tmp"), "running");
    assertTrue(Transfer.export(store(), target, ExportOptions.defaults()).success());
    assertFalse(Files.exists(stale), "the killed export's temporary file is gone");
    assertTrue(Files.exists(live), "a running export's temporary file is left alone");
  }

  /** A process id that no process has: one of a process that has ended. */
  static long deadPid() throws IOException {
    Process p = new ProcessBuilder("true").start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return p.pid();
  }

  static final class FailAfter extends FilterOutputStream {
    private long left;

    FailAfter(OutputStream out, long k) {
      super(out);
      left = k;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw new IOException("No space left on device (injected)");
      }
      left -= len;
      out.write(b, off, len);
    }
  }
}
