package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-off from one producer thread to the calling thread, so that reading and writing
 * overlap on two cores (an export reads the store while it encodes JSON; an import parses the
 * file while it writes the store). At most {@code depth} items wait in between, so memory stays
 * bounded. A failure of the producer is rethrown to the consumer; {@link #close()} stops the
 * producer and waits for it.
 *
 * @param <T> the item type
 */
final class Pipe<T> implements AutoCloseable {
  /** Thrown inside the producer when the consumer gave up; ends the producer quietly. */
  static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super(null, null, false, false);
    }
  }

  /** The producer's work. */
  interface Producer<T> {
    void run(Pipe<T> pipe) throws Exception;
  }

  private static final Object END = new Object();
  private final ArrayBlockingQueue<Object> queue;
  private final Thread thread;
  /** What the producer does, in words for messages ("reading the store"). */
  private final String activity;
  private volatile boolean aborted;
  private volatile Throwable failure;
  private boolean ended;

  /**
   * Starts the producer.
   *
   * @param name the producer thread's name (for thread dumps, never for users)
   * @param activity what the producer does, for messages, for example {@code "reading the store"}
   * @param depth how many items may wait
   * @param producer the work
   */
  Pipe(String name, String activity, int depth, Producer<T> producer) {
    this.activity = activity;
    this.queue = new ArrayBlockingQueue<>(depth);
    this.thread = new Thread(() -> {
      try {
        producer.run(this);
      } catch (Aborted e) {
        return;
      } catch (Throwable t) {
        failure = t;
      }
      try {
        offer(END);
      } catch (Aborted e) {
        // the consumer is gone
      }
    }, name);
    thread.setDaemon(true);
    thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    thread.start();
  }

  /** Producer side: hands over one item, waiting while the pipe is full. */
  void put(T item) {
    offer(item);
  }

  /** Producer side: whether the consumer has given up. */
  boolean aborted() {
    return aborted;
  }

  private void offer(Object item) {
    try {
      while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
        if (aborted) {
          throw new Aborted();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Aborted();
    }
  }

  /**
   * Consumer side: the next item, or null when the producer is done.
   *
   * @throws TransferException the producer's failure, or a cancellation
   */
  @SuppressWarnings("unchecked")
  T take() {
    if (ended) {
      return null;
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferCancelledException("cancelled while " + activity);
    }
    if (item != END) {
      return (T) item;
    }
    ended = true;
    Throwable t = failure;
    if (t == null) {
      return null;
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new TransferException(activity + " failed: " + (t instanceof java.io.IOException
        ? ai.doclea.transfer.spi.IoFailures.describe((java.io.IOException) t) : t.getMessage()),
        t);
  }

  /** Stops the producer (if still running) and waits for it to end. */
  @Override
  public void close() {
    aborted = true;
    queue.clear();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join(100);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      queue.clear();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
