package ai.doclea.transfer.postgresql;

/**
 * A set of 64-bit fingerprints of strings in an open-addressing table of longs (about 16 bytes
 * per string): answers "certainly absent" exactly and "maybe present" for the strings added. A
 * write transaction keeps one per table that was empty when it began, so that the importer's
 * look-ups of ids it has not written need no query (see {@link PgWriteTransaction}).
 */
final class Fingerprints {
  private long[] slots = new long[1024];
  private int size;
  private boolean hasZero;

  /** @return the fingerprint of a string: a 64-bit hash of its characters */
  static long of(String s) {
    long h = 0x9E3779B97F4A7C15L ^ s.length();
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  /** Adds a fingerprint. */
  void add(long h) {
    if (h == 0) {
      hasZero = true;
      return;
    }
    if (size * 2 >= slots.length) {
      grow();
    }
    if (put(slots, h)) {
      size++;
    }
  }

  /** @return whether no fingerprint was added */
  boolean isEmpty() {
    return size == 0 && !hasZero;
  }

  /** @return whether the fingerprint was added (false means certainly not) */
  boolean contains(long h) {
    if (h == 0) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      long s = slots[i];
      if (s == h) {
        return true;
      }
      if (s == 0) {
        return false;
      }
    }
  }

  private static boolean put(long[] table, long h) {
    int mask = table.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      long s = table[i];
      if (s == h) {
        return false;
      }
      if (s == 0) {
        table[i] = h;
        return true;
      }
    }
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (long s : slots) {
      if (s != 0) {
        put(bigger, s);
      }
    }
    slots = bigger;
  }
}
