package ai.doclea.transfer.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Starts writing an export's file to the disk while the export is still writing it, so that the
 * {@code fsync} before the rename (which makes a crash leave the old file or the whole new one)
 * waits for the last stretch only, not for the whole file: 0.3 s at 100,000 memories (273 MB) on
 * the export's critical path. Each time another {@link #EVERY} bytes have been written it starts
 * one {@code fdatasync} on a thread of its own, unless the previous one is still running. The
 * disk does the same work as before, only sooner, while the database is still being read.
 *
 * <p>A failure of a background sync is kept and thrown by {@link #finish()}; {@link #close()}
 * waits for the sync in flight and throws nothing (the export is failing already, or finish has
 * reported).
 */
final class EarlySync implements AutoCloseable {
  /** Bytes between two background syncs. */
  static final long EVERY = 32L << 20;

  private final FileChannel channel;
  private final long every;
  private long next;
  private Thread running;
  private int started;
  private IOException failure;

  EarlySync(FileChannel channel) {
    this(channel, EVERY);
  }

  /** @param every bytes between two syncs (tests use small ones) */
  EarlySync(FileChannel channel, long every) {
    this.channel = channel;
    this.every = every;
    this.next = every;
  }

  /**
   * Notes that {@code total} bytes have been written so far; starts a sync when another stretch
   * has been.
   *
   * @param total the bytes written to the file so far
   */
  void written(long total) {
    if (total < next) {
      return;
    }
    next = total + every;
    if (running != null && running.isAlive()) {
      return; // the disk is behind: the next stretch starts when this one is done
    }
    started++;
    running = new Thread(this::sync, "doclea-export-sync");
    running.setDaemon(true);
    running.start();
  }

  private void sync() {
    try {
      channel.force(false);
    } catch (IOException e) {
      synchronized (this) {
        if (failure == null) {
          failure = e;
        }
      }
    }
  }

  /**
   * Waits for the sync in flight.
   *
   * @throws IOException what a background sync failed with
   */
  void finish() throws IOException {
    join();
    synchronized (this) {
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** How many background syncs were started (for tests). */
  int started() {
    return started;
  }

  /** Waits for the sync in flight, keeping this thread's interrupt. */
  @Override
  public void close() {
    join();
  }

  private void join() {
    Thread t = running;
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    while (t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true; // the channel is being closed: the sync ends at once
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
