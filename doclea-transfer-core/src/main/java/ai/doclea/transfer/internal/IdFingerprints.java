package ai.doclea.transfer.internal;

/**
 * A set of 64-bit fingerprints of ids, in an open-addressing table of longs (about 16 bytes per
 * id): detects an id seen twice in one section of a file without keeping the ids themselves. Two
 * different ids share a fingerprint with probability about n²/2⁶⁵ (under 10⁻⁷ for a million ids);
 * such a pair would be reported as a duplicate.
 */
final class IdFingerprints {
  private long[] table = new long[1024];
  private int size;
  private boolean hasZero;

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
    if (size * 2 >= table.length) {
      grow();
    }
    return insert(table, h);
  }

  boolean contains(String id) {
    long h = fingerprint(id);
    if (h == 0) {
      return hasZero;
    }
    int mask = table.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      long v = table[i];
      if (v == 0) {
        return false;
      }
      if (v == h) {
        return true;
      }
    }
  }

  private boolean insert(long[] t, long h) {
    int mask = t.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      long v = t[i];
      if (v == 0) {
        t[i] = h;
        if (t == table) {
          size++;
        }
        return true;
      }
      if (v == h) {
        return false;
      }
    }
  }

  private void grow() {
    long[] old = table;
    long[] bigger = new long[old.length * 2];
    for (long v : old) {
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
}
