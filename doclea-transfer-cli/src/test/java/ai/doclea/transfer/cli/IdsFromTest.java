package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ids-from FILE} is streamed with bounds: a device, a huge or a binary file is refused
 * at once with the file, the line and the byte offset, never an {@code OutOfMemoryError}.
 */
class IdsFromTest {
  @TempDir Path dir;

  @Test
  void idsCommentsAndBlankLinesAreRead() throws Exception {
    Path f = Files.writeString(dir.resolve("ids.txt"), "# mine\nmem_a\n\n  mem_b  \r\n#x\nmem_c");
    assertEquals(List.of("mem_a", "mem_b", "mem_c"), SelectionOptions.readIdLines(f));
  }

  @Test
  void anEndlessDeviceFailsOnItsFirstLineAtOnce() {
    SelectionOptions.IdFileException e = assertThrows(SelectionOptions.IdFileException.class,
        () -> SelectionOptions.readIdLines(Path.of("/dev/zero")));
    assertEquals(" is not UTF-8 text (a NUL byte at byte offset 0, line 1)", e.getMessage());
  }

  @Test
  void aLineLongerThanTheLimitIsNamed() throws Exception {
    Path f = Files.writeString(dir.resolve("ids.txt"), "a\nb\n" + "x".repeat(5000) + "\n");
    SelectionOptions.IdFileException e = assertThrows(SelectionOptions.IdFileException.class,
        () -> SelectionOptions.readIdLines(f));
    assertEquals(": line 3 is longer than 1024 characters", e.getMessage());
  }

  @Test
  void aHugeSparseFileFailsAtOnce() throws Exception {
    Path f = dir.resolve("sparse");
    try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(1L << 40); // a terabyte of NUL bytes, none of them on disk
    }
    assertThrows(SelectionOptions.IdFileException.class, () -> SelectionOptions.readIdLines(f));
  }

  @Test
  void invalidUtf8IsNamedWithItsByteOffset() throws Exception {
    Path f = dir.resolve("ids.txt");
    Files.write(f, new byte[] {'a', '\n', 'b', 'c', (byte) 0xff, 'd'});
    SelectionOptions.IdFileException e = assertThrows(SelectionOptions.IdFileException.class,
        () -> SelectionOptions.readIdLines(f));
    assertEquals(" is not UTF-8 text (byte offset 4, line 2)", e.getMessage());
  }

  @Test
  void aDatabaseGivenAsIdFileIsAUsageErrorNamingItAndTheOffset() throws Exception {
    Path db = Fixtures.docleaDb(dir, "source.db", Fixtures.small());
    Cli.Run r = Cli.run("export", "--db", db.toString(), "-o", dir.resolve("o.json").toString(),
        "--ids-from", db.toString()).exits(2).noStackTrace();
    String error = r.json().get("error").getAsString();
    assertEquals("--ids-from " + db + " is not UTF-8 text (a NUL byte at byte offset 15,"
        + " line 1)", error);
  }

  @Test
  void moreIdsThanTheLimitAreRefused() throws Exception {
    Path f = dir.resolve("ids.txt");
    try (var w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      for (int i = 0; i <= SelectionOptions.MAX_IDS; i++) {
        w.write("m" + i + "\n");
      }
    }
    SelectionOptions.IdFileException e = assertThrows(SelectionOptions.IdFileException.class,
        () -> SelectionOptions.readIdLines(f));
    assertEquals(" lists more than 1000000 ids (line 1000001); export by other filters, or in"
        + " parts", e.getMessage());
  }
}
