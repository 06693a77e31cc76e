package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.internal.ReadAhead;
import ai.doclea.transfer.internal.Spools;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * An export whose snapshot has a sibling ({@link ai.doclea.transfer.spi.ReadSnapshot#sibling}) reads the later sections
 * through it, ahead; when the sibling fails part-way, the export reads what it did not spool
 * from its own snapshot, and the file is the one it writes without a sibling. A failure of the
 * export's own reading fails the export as before. No spool is left either way.
 */
class ReadAheadTest {
  private static final ExportOptions OPTIONS =
      ExportOptions.builder().clock(ExportFormatTest.CLOCK).build();

  /** The sample store, with more records in each later section. */
  private static List<TransferRecord> store() {
    List<TransferRecord> records = new ArrayList<>(ExportFormatTest.sample());
    for (int i = 2; i < 40; i++) {
      records.add(Memory.builder("mem_" + i, "note", "T " + i, "C " + i).build());
    }
    for (TransferRecord r : ExportFormatTest.sample()) {
      if (!(r instanceof Memory)) {
        for (int i = 0; i < 7; i++) {
          records.add(r);
        }
      }
    }
    return records;
  }

  /** A store whose snapshots have a sibling that fails after {@code siblingFailsAfter} reads. */
  private static StorageBackend withSibling(List<TransferRecord> records, int siblingFailsAfter,
      int mainFailsAfter) {
    return new FixedBackend(ExportFormatTest.INFO, records, mainFailsAfter,
        new FixedBackend(ExportFormatTest.INFO, records, siblingFailsAfter));
  }

  private static byte[] export(StorageBackend backend) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportResult result = Transfer.export(backend, out, "memory", OPTIONS);
    assertTrue(result.success(), () -> String.valueOf(result.failure().map(Throwable::getMessage).orElse(null)));
    return out.toByteArray();
  }

  @Example
  void aSiblingThatWorksGivesTheSameFileWithTheLaterSectionsReadAhead() throws Exception {
    byte[] plain = export(new FixedBackend(ExportFormatTest.INFO, store(), -1));
    long copied = ReadAhead.sectionsCopied();
    byte[] ahead = export(withSibling(store(), -1, -1));
    assertEquals(5, ReadAhead.sectionsCopied() - copied);
    assertArrayEquals(plain, ahead);
    assertEquals(List.of(), exportSpools());
  }

  /** Wherever the sibling fails, the file is the same. */
  @Property(tries = 40)
  void aSiblingThatFailsPartWayGivesTheSameFile(@ForAll @IntRange(max = 60) int failsAfter)
      throws Exception {
    byte[] plain = export(new FixedBackend(ExportFormatTest.INFO, store(), -1));
    byte[] ahead = export(withSibling(store(), failsAfter, -1));
    assertArrayEquals(plain, ahead);
    assertEquals(List.of(), exportSpools());
  }

  @Example
  void aFailureOfTheExportsOwnReadingFailsItAndLeavesNoSpool() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportResult result = Transfer.export(withSibling(store(), -1, 5), out, "memory", OPTIONS);
    assertFalse(result.success());
    assertTrue(String.valueOf(result.failure().map(Throwable::getMessage).orElse(null)).contains("disk read error (injected)"),
        () -> String.valueOf(result.failure().map(Throwable::getMessage).orElse(null)));
    assertEquals(List.of(), exportSpools());
  }

  /** This process's export spools. */
  private static List<Path> exportSpools() throws Exception {
    String prefix = "doclea-export-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(Spools.directory())) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
  }
}
