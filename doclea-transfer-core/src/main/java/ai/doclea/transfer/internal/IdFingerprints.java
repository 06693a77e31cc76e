package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.LimitExceededException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.IoFailures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A set of 64-bit fingerprints of ids, in an open-addressing table of longs: detects an id seen
 * twice in a file without keeping the ids themselves. Two different ids share a fingerprint with
 * probability about n²/2⁶⁵ (under 10⁻⁷ for a million ids); such a pair would be reported as a
 * duplicate.
 *
 * <p>Memory is bounded: the table lives on the Java heap up to {@code heapSlots} slots (2 MiB by
 * default, enough for about 130,000 ids); a larger table moves to a memory-mapped temporary file
 * (deleted as soon as it is mapped), which the operating system pages in and out, so that ten
 * million ids need no Java heap at all. A table that would pass 2³¹ slots is a {@link
 * LimitExceededException}.
 */
final class IdFingerprints {
  /** Default number of slots kept on the heap before the table moves to a mapped file. */
  static final int DEFAULT_HEAP_SLOTS = 1 << 18;
  private static final long MAX_SLOTS = 1L << 31;
  private static final int SEGMENT_SHIFT = 24; // 2^24 longs = 128 MiB per mapping
  private static final long SEGMENT_SLOTS = 1L << SEGMENT_SHIFT;

  private final int heapSlots;
  private Table table = new HeapTable(1024);
  private long size;
  private boolean hasZero;

  IdFingerprints() {
    this(DEFAULT_HEAP_SLOTS);
  }

  /** For tests: moves to a mapped file once the table needs more than {@code heapSlots}. */
  IdFingerprints(int heapSlots) {
    this.heapSlots = heapSlots;
  }

  /** Adds an id; returns false when its fingerprint was already present. */
  boolean add(String id) {
    long h = fingerprint(id);
    if (h == 0) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      return true;
    }
    if (size * 2 >= table.capacity()) {
      grow();
    }
    boolean added = insert(table, h);
    if (added) {
      size++;
    }
    return added;
  }

  boolean contains(String id) {
    long h = fingerprint(id);
    if (h == 0) {
      return hasZero;
    }
    Table t = table;
    long mask = t.capacity() - 1;
    for (long i = slot(h) & mask; ; i = (i + 1) & mask) {
      long v = t.get(i);
      if (v == 0) {
        return false;
      }
      if (v == h) {
        return true;
      }
    }
  }

  /** Whether the table has moved off the heap (for tests). */
  boolean mapped() {
    return table instanceof MappedTable;
  }

  long size() {
    return size + (hasZero ? 1 : 0);
  }

  private static long slot(long h) {
    return h ^ (h >>> 32);
  }

  private static boolean insert(Table t, long h) {
    long mask = t.capacity() - 1;
    for (long i = slot(h) & mask; ; i = (i + 1) & mask) {
      long v = t.get(i);
      if (v == 0) {
        t.set(i, h);
        return true;
      }
      if (v == h) {
        return false;
      }
    }
  }

  private void grow() {
    Table old = table;
    long capacity = old.capacity() * 2;
    if (capacity > MAX_SLOTS) {
      throw new LimitExceededException("more than " + (MAX_SLOTS / 2) + " distinct ids in one"
          + " section: too many to check for duplicates", null, null);
    }
    Table bigger = capacity <= heapSlots ? new HeapTable((int) capacity) : MappedTable.create(
        capacity);
    for (long i = 0, n = old.capacity(); i < n; i++) {
      long v = old.get(i);
      if (v != 0) {
        insert(bigger, v);
      }
    }
    table = bigger;
  }

  static long fingerprint(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0, n = s.length(); i < n; i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= (long) s.length() << 32 | (s.hashCode() & 0xffffffffL);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Slots of longs; 0 marks an empty slot. Capacity is a power of two. */
  private interface Table {
    long capacity();

    long get(long i);

    void set(long i, long v);
  }

  private static final class HeapTable implements Table {
    private final long[] slots;

    HeapTable(int capacity) {
      slots = new long[capacity];
    }

    @Override
    public long capacity() {
      return slots.length;
    }

    @Override
    public long get(long i) {
      return slots[(int) i];
    }

    @Override
    public void set(long i, long v) {
      slots[(int) i] = v;
    }
  }

  /**
   * A table in a temporary file mapped into memory in segments of 128 MiB. The file is filled
   * with zeros through the channel first (so that a full disk is an error here, not a fault
   * when a page is touched) and deleted when the channel closes, right after mapping; the
   * mappings stay valid until they are garbage-collected.
   */
  private static final class MappedTable implements Table {
    private final long capacity;
    private final LongBuffer[] segments;

    private MappedTable(long capacity, LongBuffer[] segments) {
      this.capacity = capacity;
      this.segments = segments;
    }

    static MappedTable create(long capacity) {
      Path file = null;
      try {
        file = TempFiles.createFile(null, "doclea-transfer-ids-", ".tmp");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
          file = null; // the channel deletes it
          long bytes = capacity * Long.BYTES;
          ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
          for (long at = 0; at < bytes; at += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) {
              channel.write(zeros, at + zeros.position());
            }
          }
          int count = (int) Math.max(1, capacity / SEGMENT_SLOTS);
          long segmentSlots = Math.min(capacity, SEGMENT_SLOTS);
          LongBuffer[] segments = new LongBuffer[count];
          for (int s = 0; s < count; s++) {
            segments[s] = channel.map(FileChannel.MapMode.READ_WRITE,
                s * segmentSlots * Long.BYTES, segmentSlots * Long.BYTES)
                .order(ByteOrder.nativeOrder()).asLongBuffer();
          }
          return new MappedTable(capacity, segments);
        }
      } catch (IOException e) {
        throw new TransferException("cannot keep the set of ids seen so far in a temporary file"
            + " of " + (capacity * Long.BYTES >> 20) + " MiB in " + System.getProperty(
                "java.io.tmpdir") + ": " + IoFailures.describe(e) + " (free some disk space"
            + " there, or point java.io.tmpdir elsewhere)", e);
      } finally {
        if (file != null) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            // Only a temporary file in the temp directory; nothing to tell the caller.
          }
        }
      }
    }

    @Override
    public long capacity() {
      return capacity;
    }

    @Override
    public long get(long i) {
      return segments[(int) (i >>> SEGMENT_SHIFT)].get((int) (i & (SEGMENT_SLOTS - 1)));
    }

    @Override
    public void set(long i, long v) {
      segments[(int) (i >>> SEGMENT_SHIFT)].put((int) (i & (SEGMENT_SLOTS - 1)), v);
    }
  }
}
