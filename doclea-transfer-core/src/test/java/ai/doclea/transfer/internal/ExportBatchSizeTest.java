package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A rendered batch ends when the writer it is rendered into holds {@code RENDERED_BATCH_BYTES};
 * that writer's buffer must be able to hold that much and a row more, or no batch would ever
 * end and a whole section would gather in memory (as a trial with 512 KB batches and the old 64
 * KB buffer did).
 */
class ExportBatchSizeTest {
  @Test
  void aBatchFitsInTheWritersBufferWithRoomForARow() {
    assertTrue(ExportWriter.RENDERED_BATCH_BYTES + 32 * 1024 <= Utf8Writer.SIZE,
        ExportWriter.RENDERED_BATCH_BYTES + " bytes per batch, a buffer of " + Utf8Writer.SIZE);
  }
}
