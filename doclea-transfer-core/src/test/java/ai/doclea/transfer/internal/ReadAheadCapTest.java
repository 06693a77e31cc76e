package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.doclea.transfer.FixedBackend;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The read-ahead's spool is bounded: past its cap, or where it would leave less than its reserve
 * free, the thread stops, and every section it did not finish is left to the writer ({@code
 * copy} says -1), so that a spool in a RAM-backed temporary directory never grows with the store
 * and SQLite's own temporary files keep their room. Under the cap, a copied section is the bytes the writer
 * would have written itself.
 */
class ReadAheadCapTest {
  private static final List<TransferRecord> RECORDS = records();

  private static List<TransferRecord> records() {
    List<TransferRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(new Document("doc_" + i, "T", "x".repeat(1000), null, (long) i, null));
    }
    return records;
  }

  /** A snapshot of {@link #RECORDS}, with a sibling over the same records or without. */
  private static ReadSnapshot snapshot(boolean withSibling) {
    BackendInfo info = new BackendInfo("sqlite", "manual", "012", null, null);
    FixedBackend alone = new FixedBackend(info, RECORDS, -1, null);
    return (withSibling ? new FixedBackend(info, RECORDS, -1, alone) : alone).openSnapshot();
  }

  private static byte[] written(Copy copy) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), ExportWriter.SECTION_DEPTH);
    copy.into(w);
    w.flush();
    return out.toByteArray();
  }

  private interface Copy {
    void into(JsonBytesWriter w) throws Exception;
  }

  @Test
  void underTheCapASectionIsCopiedAsTheWriterWouldWriteIt() throws Exception {
    byte[] direct = written(w -> assertEquals(200,
        ExportWriter.sectionRecords(snapshot(false), RecordKind.DOCUMENT, w)));
    try (ReadAhead ahead = ReadAhead.start(snapshot(true),
        List.of(RecordKind.DOCUMENT, RecordKind.CHUNK), 1 << 20, 0)) {
      assertArrayEquals(direct, written(w -> assertEquals(200,
          ahead.copy(RecordKind.DOCUMENT, w))));
      assertArrayEquals(new byte[0], written(w -> assertEquals(0,
          ahead.copy(RecordKind.CHUNK, w))));
    }
  }

  /** Room the temporary directory must keep beyond what it has: nothing is spooled. */
  @Test
  void withoutTheRoomToSpareNothingIsSpooled() throws Exception {
    try (ReadAhead ahead = ReadAhead.start(snapshot(true),
        List.of(RecordKind.DOCUMENT, RecordKind.CHUNK), 1 << 20, Long.MAX_VALUE / 4)) {
      assertArrayEquals(new byte[0], written(w -> assertEquals(-1,
          ahead.copy(RecordKind.DOCUMENT, w))));
      assertArrayEquals(new byte[0], written(w -> assertEquals(-1,
          ahead.copy(RecordKind.CHUNK, w))));
    }
  }

  @Test
  void pastTheCapTheSectionsAreLeftToTheWriter() throws Exception {
    try (ReadAhead ahead = ReadAhead.start(snapshot(true),
        List.of(RecordKind.DOCUMENT, RecordKind.CHUNK), 10_000, 0)) {
      assertArrayEquals(new byte[0], written(w -> assertEquals(-1,
          ahead.copy(RecordKind.DOCUMENT, w))));
      assertArrayEquals(new byte[0], written(w -> assertEquals(-1,
          ahead.copy(RecordKind.CHUNK, w))));
    }
  }
}
