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
    byte[] old = "old backup".getBytes();
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
      assertTrue(result.error().contains("No space left"), result.error());
      assertEquals(List.of(), listing(), "k=" + k);
    }
  }

  @Test
  void completeExportReplacesTheOldOneAndIsOwnerOnly() throws IOException {
    Path target = dir.resolve("backup.json");
    Files.writeString(target, "old");
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
