package ai.doclea.transfer.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM: the JVM runs its shutdown hooks; ours interrupts the thread running the
 * command, which cancels the transfer (a transaction rolls back, a temporary export file or a
 * half-made database is removed), prints the command's result JSON, and then lets the JVM exit
 * with the signal's status (130 for SIGINT, 143 for SIGTERM). The hook waits at most {@link
 * #GRACE_SECONDS} for that clean-up.
 */
final class Signals {
  static final long GRACE_SECONDS = 30;

  private final Thread worker;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean signalled;

  private Signals(Thread worker) {
    this.worker = worker;
  }

  /**
   * Installs the hook for the calling thread, which runs the command.
   *
   * @return the handle; call {@link #finished()} when the command has printed its result
   */
  static Signals install() {
    Signals signals = new Signals(Thread.currentThread());
    Runtime.getRuntime().addShutdownHook(new Thread(signals::onShutdown, "doclea-signal"));
    return signals;
  }

  private void onShutdown() {
    if (finished.getCount() == 0) {
      return; // a normal exit
    }
    signalled = true;
    // A run cut short loaded part of its command's classes: not a list to make an archive from.
    Launcher.forgetClassList();
    // Interrupt again until the command has finished: a library call that swallows an interrupt
    // (some native or third-party code does) must not make the signal go unnoticed.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
    try {
      do {
        worker.interrupt();
      } while (!finished.await(200, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command is done and has printed its result. */
  void finished() {
    finished.countDown();
  }

  /**
   * @return whether the JVM is shutting down because of a signal: the caller must then not call
   *     {@link System#exit} (which would wait for this hook forever) but simply return
   */
  boolean signalled() {
    return signalled;
  }
}
