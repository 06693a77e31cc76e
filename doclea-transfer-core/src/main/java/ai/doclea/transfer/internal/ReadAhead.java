package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.spi.ReadSnapshot;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an export's later sections ahead, through the snapshot's {@link ReadSnapshot#sibling}, on
 * a thread of its own while the first section is read and written: each section's array elements,
 * as {@link ExportWriter} would write them, go to a spool ({@link Spools}, kind {@code export}),
 * and the writer copies them from there when it reaches the section. The store is read by two
 * connections at once instead of one after the other: for a large SQLite database the later
 * sections cost nearly half the reading (issue 14).
 *
 * <p>Nothing here decides what the file holds: a section the thread could not spool (it failed,
 * or was not reached) is read by the writer from the snapshot itself, as without a sibling, so
 * that a failure of the store is reported as it would be then and a full disk for the spool only
 * costs the time saved.
 */
public final class ReadAhead implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadAhead.class);
  /**
   * The most a spool holds: the temporary directory may be a RAM disk, and memory use must not
   * grow with the store. Past it the thread stops, and the writer reads the sections not spooled.
   */
  static final long MAX_SPOOL_BYTES = 256L << 20;

  /**
   * The free space the spool leaves in its directory: SQLite's own temporary files (its sorter,
   * both connections') go to the same directory, and an export that worked without reading
   * ahead must not fail for the room the spool took. Checked every {@link #CHECK_EVERY} bytes.
   */
  static final long RESERVE_BYTES = 1L << 30;

  /** Bytes written between two looks at the free space. */
  private static final long CHECK_EVERY = 8L << 20;

  /** Bytes copied from the spool at a time. */
  private static final int COPY_BYTES = ExportWriter.RENDERED_BATCH_BYTES;

  /** Sections copied from a spool in this JVM ({@link #sectionsCopied}). */
  private static final java.util.concurrent.atomic.AtomicLong COPIED =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * How many sections exports in this JVM have copied from a spool, for tests that must know the
   * sections were read ahead rather than read again by the writer.
   *
   * @return the count so far
   */
  public static long sectionsCopied() {
    return COPIED.get();
  }

  /** Where a spooled section lies, and its record count. */
  private record Spooled(RecordKind kind, long offset, long length, long records) {}

  private final ReadSnapshot sibling;
  private final Path spool;
  private final List<RecordKind> kinds;
  /** The spooled sections, in order, handed from the thread that reads ahead. */
  private final Pipe<Spooled> sections;
  private FileChannel reader;
  /** {@link #MAX_SPOOL_BYTES}, or less in tests. */
  private final long maxBytes;
  /** {@link #RESERVE_BYTES}, or other in tests. */
  private final long reserveBytes;

  private ReadAhead(ReadSnapshot sibling, Path spool, List<RecordKind> kinds, long maxBytes,
      long reserveBytes) {
    this.maxBytes = maxBytes;
    this.reserveBytes = reserveBytes;
    this.sibling = sibling;
    this.spool = spool;
    this.kinds = kinds;
    // Room for every section and the end: the thread never waits for the writer. It starts here,
    // after the fields it reads are set.
    this.sections = new Pipe<>("doclea-export-ahead", "reading ahead", kinds.size() + 1,
        this::run);
  }

  /**
   * Starts reading {@code kinds} ahead when the snapshot has a sibling.
   *
   * @param snapshot the export's snapshot
   * @param kinds the sections to read ahead, in the file's order
   * @return the read-ahead, or null when there is no sibling, no section or no spool
   */
  static ReadAhead start(ReadSnapshot snapshot, List<RecordKind> kinds) {
    return start(snapshot, kinds, MAX_SPOOL_BYTES, RESERVE_BYTES);
  }

  /**
   * As {@link #start(ReadSnapshot, List)}, with a spool of at most {@code maxBytes} that leaves
   * {@code reserveBytes} free.
   */
  static ReadAhead start(ReadSnapshot snapshot, List<RecordKind> kinds, long maxBytes,
      long reserveBytes) {
    if (kinds.isEmpty()) {
      return null;
    }
    ReadSnapshot sibling = snapshot.sibling().orElse(null);
    if (sibling == null) {
      return null;
    }
    Path spool;
    try {
      spool = Spools.create("export");
    } catch (IOException | RuntimeException e) {
      LOG.debug("no spool to read ahead into: {}", e.toString());
      sibling.close();
      return null;
    }
    return new ReadAhead(sibling, spool, kinds, maxBytes, reserveBytes);
  }

  /** Whether this reads {@code kind} ahead. */
  boolean covers(RecordKind kind) {
    return kinds.contains(kind);
  }

  /** The thread's work: each section into the spool, handed over once it is there whole. */
  private void run(Pipe<Spooled> pipe) throws IOException {
    try (CountingStream out = new CountingStream(new BufferedOutputStream(
        Files.newOutputStream(spool, StandardOpenOption.WRITE), 1 << 16), pipe)) {
      for (RecordKind kind : kinds) {
        long offset = out.count;
        JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), ExportWriter.SECTION_DEPTH);
        long records = ExportWriter.sectionRecords(sibling, kind, w);
        w.flush();
        out.flush();
        pipe.put(new Spooled(kind, offset, out.count - offset, records));
      }
    }
  }

  /**
   * Writes a section's spooled elements into the current array of {@code w}, once the thread
   * has spooled them; returns its record count, or -1 when the thread did not spool it (then the
   * caller reads it from its own snapshot). Sections are asked for in the order of {@code kinds}.
   *
   * @throws IOException when the spool cannot be read or the file written
   * @throws ai.doclea.transfer.api.TransferCancelledException when the thread is interrupted
   */
  long copy(RecordKind kind, JsonBytesWriter w) throws IOException {
    Spooled s;
    try {
      s = sections.take();
    } catch (ai.doclea.transfer.api.TransferCancelledException e) {
      throw e;
    } catch (RuntimeException e) {
      // The writer reads this section and the rest itself, and meets a failure of the store
      // again there; a full spool or temporary directory only costs the time saved.
      LOG.debug("reading ahead stopped: {}", e.toString());
      return -1;
    }
    if (s == null) {
      return -1;
    }
    if (s.kind() != kind) {
      throw new IllegalStateException("asked for " + kind + ", spooled " + s.kind());
    }
    if (reader == null) {
      reader = FileChannel.open(spool, StandardOpenOption.READ);
    }
    byte[] bytes = new byte[(int) Math.min(COPY_BYTES, Math.max(1, s.length()))];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long position = s.offset();
    long end = s.offset() + s.length();
    while (position < end) {
      buffer.clear().limit((int) Math.min(bytes.length, end - position));
      int n = reader.read(buffer, position);
      if (n < 0) {
        throw new IOException("the spool " + spool + " ended early");
      }
      w.rawElements(bytes, 0, n);
      position += n;
      if (Thread.currentThread().isInterrupted()) {
        throw new ai.doclea.transfer.api.TransferCancelledException("export cancelled while"
            + " writing " + kind.sectionName());
      }
    }
    COPIED.incrementAndGet();
    return s.records();
  }

  /** Stops the thread, waits for it, closes the sibling and deletes the spool. */
  @Override
  public void close() {
    try {
      sections.close();
      if (reader != null) {
        reader.close();
      }
    } catch (IOException e) {
      LOG.debug("could not close the spool {}: {}", spool, e.toString());
    } finally {
      try {
        sibling.close();
      } finally {
        Spools.delete(spool);
      }
    }
  }

  /** Thrown in the thread when the spool is as large as it may be. */
  private static final class SpoolFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SpoolFull(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Counts the bytes written; stops the thread when {@link #close} asked ({@link Pipe.Aborted})
   * or the spool may not grow ({@link SpoolFull}).
   */
  private final class CountingStream extends OutputStream {
    private final OutputStream out;
    private final Pipe<Spooled> pipe;
    long count;
    /** The count at which to look at the free space again. */
    private long nextSpaceCheck;

    CountingStream(OutputStream out, Pipe<Spooled> pipe) {
      this.out = out;
      this.pipe = pipe;
    }

    @Override
    public void write(int b) throws IOException {
      check(1);
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check(len);
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }

    private void check(int len) throws IOException {
      if (pipe.aborted()) {
        throw new Pipe.Aborted();
      }
      if (count + len > maxBytes) {
        throw new SpoolFull("the spool " + spool + " reached " + maxBytes + " bytes");
      }
      if (count + len >= nextSpaceCheck) {
        nextSpaceCheck = count + len + CHECK_EVERY;
        if (Files.getFileStore(spool).getUsableSpace() < reserveBytes + CHECK_EVERY + len) {
          throw new SpoolFull("the temporary directory of " + spool + " is nearly full");
        }
      }
    }
  }
}
