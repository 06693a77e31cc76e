package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlySyncTest {
  @TempDir Path dir;

  @Test
  void syncsInTheBackgroundWhileTheFileIsWrittenAndChangesNoByte() throws IOException {
    Path file = dir.resolve("f");
    byte[] all = new byte[64 * 1024];
    Arrays.fill(all, (byte) 'x');
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE); EarlySync early = new EarlySync(channel, 4096)) {
      long total = 0;
      for (int i = 0; i < all.length; i += 1000) {
        int n = Math.min(1000, all.length - i);
        channel.write(ByteBuffer.wrap(all, i, n));
        total += n;
        early.written(total);
      }
      early.finish();
      // 64 KiB in stretches of 4 KiB: at least one sync, at most one per stretch.
      assertTrue(early.started() >= 1 && early.started() <= 16, "syncs: " + early.started());
      assertTrue(Thread.getAllStackTraces().keySet().stream()
          .noneMatch(t -> t.getName().equals("doclea-export-sync") && t.isAlive()),
          "finish waits for the sync in flight");
    }
    assertArrayEquals(all, Files.readAllBytes(file));
  }

  @Test
  void aFailedBackgroundSyncIsReportedByFinishNotLost() throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve("g"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    channel.close();
    EarlySync early = new EarlySync(channel, 10);
    early.written(5);
    assertDoesNotThrow(early::finish, "no stretch written yet: nothing ran, nothing failed");
    early.written(10);
    assertEquals(1, early.started());
    assertThrows(ClosedChannelException.class, early::finish);
    early.close(); // and closing after a failure throws nothing
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
