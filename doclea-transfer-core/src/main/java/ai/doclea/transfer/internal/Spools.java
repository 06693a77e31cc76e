package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.LimitExceededException;
import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.IoFailures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private temporary files in {@code java.io.tmpdir} that hold a copy of a stream (an import from
 * standard input, a pipe or a device) or staged vectors: {@code doclea-KIND-PID-N.spool}, made
 * for the owner alone. A run deletes its own when it ends, cancelled or not; one left by a run
 * that was killed ({@code kill -9}, a power cut) is deleted by a later run that makes a spool,
 * once it is provably not in use: it belongs to the same user, the process named in it no longer
 * runs, and it has not been written for {@link #STALE_AFTER} (a process in another PID namespace
 * sharing the directory cannot be seen; a spool is written continuously while it is made).
 */
public final class Spools {
  private static final Logger LOG = LoggerFactory.getLogger(Spools.class);

  /** How long a spool of a process that no longer runs must have been left unwritten. */
  static final Duration STALE_AFTER = Duration.ofMinutes(1);

  /**
   * Spools of earlier versions, named without their process ({@code doclea-vectors-N.spool}):
   * deleted when this old, as no process can be asked about them.
   */
  static final Duration UNNAMED_STALE_AFTER = Duration.ofDays(1);

  private static final Pattern NAME =
      Pattern.compile("doclea-(import|vectors|stdin|export)-(?:([0-9]{1,18})-)?[0-9]+\\.spool");

  private static final int CHUNK = 65536;
  private static final int DEPTH = 16;
  private static final Object END = new Object();

  private Spools() {}

  /** The directories this process has looked through for stale spools (once each). */
  private static final java.util.Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

  /**
   * Creates a new spool, {@code doclea-KIND-PID-N.spool} in {@code java.io.tmpdir}, after
   * deleting stale spools of killed runs there the first time this process makes one in that
   * directory (a look at every entry of a shared {@code /tmp}: thousands of them on a busy
   * machine, too many to read again for each import of a long-running host).
   *
   * @param kind {@code import}, {@code vectors}, {@code stdin} or {@code export}
   * @return the new, empty file, readable and writable by the owner alone where POSIX allows
   * @throws IOException when it cannot be created
   */
  public static Path create(String kind) throws IOException {
    Path dir = directory();
    Path spool = TempFiles.createFile(dir, "doclea-" + kind + "-" + ProcessHandle.current().pid()
        + "-", ".spool");
    if (SWEPT.add(dir.toAbsolutePath().normalize())) {
      removeStale(dir, spool, Instant.now());
    }
    return spool;
  }

  /** @return the directory spools go to: {@code java.io.tmpdir} */
  public static Path directory() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * Deletes the spools in {@code dir} left by runs that were killed: same owner as {@code mine},
   * their process gone, unwritten for {@link #STALE_AFTER}. Never fails: what cannot be read or
   * deleted is logged.
   *
   * @param dir the directory
   * @param mine a spool this process just made, for its owner; left alone
   * @param now the current time
   * @return how many were deleted
   */
  static int removeStale(Path dir, Path mine, Instant now) {
    int removed = 0;
    UserPrincipal me;
    try {
      me = Files.getOwner(mine, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot tell the owner of {}; leaving old spools alone: {}", mine, e.toString());
      return 0;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "doclea-*.spool")) {
      for (Path p : entries) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches() || p.equals(mine)) {
          continue;
        }
        try {
          if (stale(p, m.group(2), me, now)) {
            Files.deleteIfExists(p);
            removed++;
            LOG.warn("removed {}, a temporary file left by a run that did not finish{}", p,
                m.group(2) == null ? "" : " (process " + m.group(2) + ")");
          }
        } catch (IOException e) {
          LOG.warn("could not remove the old temporary file {}: {}", p, IoFailures.describe(e));
        }
      }
    } catch (IOException e) {
      LOG.warn("could not look for temporary files of earlier runs in {}: {}", dir, IoFailures.describe(e));
    }
    return removed;
  }

  private static boolean stale(Path p, String pid, UserPrincipal me, Instant now)
      throws IOException {
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (pid == null) {
      FileTime written = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
      return me.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS))
          && written.toInstant().isBefore(now.minus(UNNAMED_STALE_AFTER));
    }
    // The owner, the process and the time, by the rule the native-library directories share.
    return TempFiles.leftByEndedProcess(p, Long.parseLong(pid), me, now, STALE_AFTER);
  }

  /**
   * Copies a stream to a new spool, at most {@code maxBytes} of it. The stream is read on a
   * thread of its own, so that an interrupt of the calling thread (a cancel) ends the copy at
   * once even while a read waits for a slow pipe: the spool is then deleted and a {@link
   * TransferCancelledException} thrown. A read still waiting then goes on, on that daemon
   * thread, until the stream gives data or ends; what it reads is dropped.
   *
   * @param input the stream; read to its end (unless cancelled or too large), not closed
   * @param description names the stream in messages, for example {@code standard input}
   * @param kind the spool's kind, see {@link #create}
   * @param maxBytes the most bytes the stream may hold
   * @return the spool, holding the stream's bytes; the caller deletes it
   * @throws LimitExceededException when the stream holds more than {@code maxBytes}
   * @throws TransferCancelledException when the calling thread is interrupted
   * @throws TransferException when the stream cannot be read or the spool cannot be written,
   *     naming which and, for the spool, its directory and how to choose another
   */
  public static Path copy(InputStream input, String description, String kind, long maxBytes) {
    Path spool;
    try {
      spool = create(kind);
    } catch (IOException e) {
      throw writeFailure(description, e);
    }
    boolean ok = false;
    try {
      copy(input, spool, description, maxBytes);
      ok = true;
      return spool;
    } finally {
      if (!ok) {
        delete(spool);
      }
    }
  }

  private static void copy(InputStream input, Path spool, String description, long maxBytes) {
    Reader reader = new Reader(input);
    Thread thread = new Thread(reader, "copy of " + description);
    thread.setDaemon(true);
    thread.start();
    try (OutputStream out = Files.newOutputStream(spool)) {
      long total = 0;
      while (true) {
        Object item;
        try {
          item = reader.queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TransferCancelledException("cancelled while copying " + description
              + " to a temporary file");
        }
        if (item == END) {
          break;
        }
        if (item instanceof IOException) {
          IOException e = (IOException) item;
          throw new TransferException("cannot read " + description + ": " + IoFailures.describe(e), e);
        }
        byte[] chunk = (byte[]) item;
        total += chunk.length;
        if (total > maxBytes) {
          throw new LimitExceededException(description + ": the input is larger than the"
              + " limit of " + maxBytes + " bytes; if it is genuine, raise the limit"
              + " (Limits.maxDecompressedBytes)", description + ": the input is larger than"
              + " the limit of " + maxBytes + " bytes", "maxDecompressedBytes", description,
              null);
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new TransferCancelledException("cancelled while copying " + description
              + " to a temporary file");
        }
        out.write(chunk);
      }
    } catch (IOException e) {
      throw writeFailure(description, e);
    } finally {
      reader.stopped = true;
      reader.queue.clear();
    }
  }

  /** Reads the stream into chunks for the copying thread, until the end or until stopped. */
  private static final class Reader implements Runnable {
    final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    private final InputStream input;
    volatile boolean stopped;

    Reader(InputStream input) {
      this.input = input;
    }

    @Override
    public void run() {
      Object last = END;
      try {
        while (!stopped) {
          byte[] buffer = new byte[CHUNK];
          int n = input.read(buffer);
          if (n < 0) {
            break;
          }
          if (n == 0) {
            continue;
          }
          if (!hand(n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n))) {
            return;
          }
        }
      } catch (IOException e) {
        last = e;
      }
      hand(last);
    }

    /** Puts an item in the queue, waiting while it is full; false once stopped. */
    private boolean hand(Object item) {
      try {
        while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
          if (stopped) {
            return false;
          }
        }
        return !stopped;
      } catch (InterruptedException e) {
        return false;
      }
    }
  }

  /**
   * The failure to write a spool, for people: the directory, why (without Java class names), and
   * how to choose another directory.
   *
   * @param description what was being copied
   * @param e the failure
   * @return the exception to throw
   */
  static TransferException writeFailure(String description, IOException e) {
    return new TransferException("cannot copy " + description + " to a temporary file in "
        + directory() + ": " + IoFailures.describe(e) + "; " + roomAdvice(), e);
  }

  /**
   * What to do when a temporary file cannot be written, for the end of a message that names the
   * file or its directory: free space there, or choose another directory ({@code
   * java.io.tmpdir}, which the command-line tool words as its own setting).
   *
   * @return the advice
   */
  static String roomAdvice() {
    return "free space there, or choose another directory for temporary files (the system"
        + " property java.io.tmpdir)";
  }

  /**
   * Deletes a spool; a failure is logged with the file's name.
   *
   * @param spool the file, may be null
   */
  public static void delete(Path spool) {
    if (spool == null) {
      return;
    }
    try {
      Files.deleteIfExists(spool);
    } catch (IOException e) {
      LOG.warn("could not delete the temporary file {}: {}", spool, IoFailures.describe(e));
    }
  }
}
