package ai.doclea.transfer.internal;

/**
 * Lays out a JSON object text, given as UTF-8 bytes, as {@link JsonCopy#toText} lays it out at a
 * nesting level (two spaces per level, {@code ": "} after keys, empty containers as {@code {}}
 * and {@code []}), without decoding it: for a pending memory's {@code memoryData} rendered by the
 * store (issue 14). Only strict JSON (RFC 8259) whose strings are exactly as {@code
 * JSON.stringify} writes them ({@link JsonRows#scanString}) is accepted; its tokens are copied
 * as they are, which is what the token-by-token copy writes for them (it keeps number literals
 * and key order). A key repeated within one object is refused, as the record path refuses it.
 * One exception: Gson's reader refuses some integers of 20 digits or more (its overflow check can
 * wrap around to 0 and then see a leading zero), on which the record path fails the export; they
 * are valid JSON, and copied. Anything else (JSON5, other escapes, ill-formed UTF-8, text after
 * the object, nesting deeper than {@link #MAX_DEPTH}) is refused, and the caller takes the record
 * path, which handles it as before. Not thread-safe; the laid-out bytes stay until the next call.
 */
final class JsonRelayout {
  /** Deepest nesting accepted; deeper texts take the record path (Gson's limit is 255). */
  static final int MAX_DEPTH = 64;

  /** The longest layout an array can hold here. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

  /** The longest layout accepted: {@link #MAX_LENGTH}, or less for a test. */
  private final int maxLength;
  private byte[] out = new byte[1024];
  private int length;
  private byte[] src;

  JsonRelayout() {
    this(MAX_LENGTH);
  }

  /**
   * A relayout that refuses layouts longer than {@code maxLength}, at least 1024 (its buffer
   * starts at that size and never grows past the limit); for tests: a layout larger than an array
   * cannot be made in one.
   */
  JsonRelayout(int maxLength) {
    this.maxLength = maxLength;
  }

  /**
   * Lays out {@code text}, which must be one JSON object with nothing but JSON white space
   * around it.
   *
   * @param text the object's UTF-8 bytes
   * @param level the nesting level of the object in the file's layout
   * @return whether the text was accepted; then {@link #bytes()} up to {@link #length()} hold
   *     the layout
   */
  boolean layout(byte[] text, int level) {
    src = text;
    length = 0;
    if (out.length > 1 << 20) {
      out = new byte[1024]; // a large text passed: do not keep its room for the whole export
    }
    int i = skipSpace(0);
    if (i >= text.length || text[i] != '{') {
      return false;
    }
    try {
      i = value(i, level, 0);
    } catch (TooLarge e) {
      return false;
    } finally {
      src = null;
    }
    return i >= 0 && skipSpaceIn(text, i) == text.length;
  }

  /** The laid-out bytes (valid up to {@link #length()}). */
  byte[] bytes() {
    return out;
  }

  /** The number of laid-out bytes. */
  int length() {
    return length;
  }

  /** Copies the value at {@code i}; the index after it, or -1. */
  private int value(int i, int level, int depth) {
    byte[] b = src;
    if (i >= b.length) {
      return -1;
    }
    switch (b[i]) {
      case '{':
        return container(i, level, depth, true);
      case '[':
        return container(i, level, depth, false);
      case '"': {
        int end = JsonRows.scanString(b, i);
        if (end < 0) {
          return -1;
        }
        put(b, i, end - i);
        return end;
      }
      case 't':
        return keyword(i, JsonBytesWriter.literal(true));
      case 'f':
        return keyword(i, JsonBytesWriter.literal(false));
      case 'n':
        return keyword(i, JsonBytesWriter.nullLiteral());
      default:
        return number(i);
    }
  }

  private int container(int i, int level, int depth, boolean object) {
    if (depth >= MAX_DEPTH) {
      return -1;
    }
    byte[] b = src;
    byte close = (byte) (object ? '}' : ']');
    put(b[i]);
    i = skipSpace(i + 1);
    if (i < b.length && b[i] == close) {
      put(close);
      return i + 1;
    }
    SeenKeys keys = object ? new SeenKeys() : null;
    while (true) {
      newLine(level + 1);
      if (object) {
        if (i >= b.length || b[i] != '"') {
          return -1;
        }
        int end = JsonRows.scanString(b, i);
        if (end < 0 || !keys.add(b, i, end)) {
          return -1;
        }
        put(b, i, end - i);
        i = skipSpace(end);
        if (i >= b.length || b[i] != ':') {
          return -1;
        }
        put((byte) ':');
        put((byte) ' ');
        i = skipSpace(i + 1);
      }
      i = value(i, level + 1, depth + 1);
      if (i < 0) {
        return -1;
      }
      i = skipSpace(i);
      if (i >= b.length) {
        return -1;
      }
      if (b[i] == close) {
        newLine(level);
        put(close);
        return i + 1;
      }
      if (b[i] != ',') {
        return -1;
      }
      put((byte) ',');
      i = skipSpace(i + 1);
    }
  }

  private int keyword(int i, byte[] word) {
    byte[] b = src;
    if (i + word.length > b.length) {
      return -1;
    }
    for (int k = 0; k < word.length; k++) {
      if (b[i + k] != word[k]) {
        return -1;
      }
    }
    put(word, 0, word.length);
    return i + word.length;
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, copied as it is. */
  private int number(int i) {
    byte[] b = src;
    int n = b.length;
    int start = i;
    if (i < n && b[i] == '-') {
      i++;
    }
    if (i < n && b[i] == '0') {
      i++;
    } else {
      int digits = digits(b, i);
      if (digits == 0) {
        return -1;
      }
      i += digits;
    }
    if (i < n && b[i] == '.') {
      int digits = digits(b, i + 1);
      if (digits == 0) {
        return -1;
      }
      i += 1 + digits;
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < n && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int digits = digits(b, i);
      if (digits == 0) {
        return -1;
      }
      i += digits;
    }
    put(b, start, i - start);
    return i;
  }

  private static int digits(byte[] b, int i) {
    int start = i;
    while (i < b.length && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i - start;
  }

  private int skipSpace(int i) {
    return skipSpaceIn(src, i);
  }

  private static int skipSpaceIn(byte[] b, int i) {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  private void newLine(int level) {
    int n = 1 + 2 * level;
    ensure(n);
    out[length] = '\n';
    java.util.Arrays.fill(out, length + 1, length + n, (byte) ' ');
    length += n;
  }

  private void put(byte c) {
    ensure(1);
    out[length++] = c;
  }

  private void put(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, out, length, len);
    length += len;
  }

  private void ensure(int more) {
    if (out.length - length < more) {
      long needed = (long) length + more;
      if (needed > maxLength) {
        throw new TooLarge();
      }
      out = java.util.Arrays.copyOf(out, (int) Math.min(maxLength,
          Math.max(2L * out.length, needed)));
    }
  }

  /**
   * The keys of one object, as their bytes in the text. The strings are escaped exactly as
   * {@code JSON.stringify} escapes them, so equal keys have equal bytes. A linear scan for small
   * objects, a hash set for larger ones.
   */
  private static final class SeenKeys {
    private static final int LINEAR = 16;
    private final int[] starts = new int[LINEAR];
    private final int[] ends = new int[LINEAR];
    private int count;
    private java.util.Set<String> more;

    /** Adds the key at {@code [start, end)}; whether it was new. */
    boolean add(byte[] b, int start, int end) {
      if (more == null) {
        for (int k = 0; k < count; k++) {
          if (java.util.Arrays.equals(b, starts[k], ends[k], b, start, end)) {
            return false;
          }
        }
        if (count < LINEAR) {
          starts[count] = start;
          ends[count++] = end;
          return true;
        }
        more = new java.util.HashSet<>();
        for (int k = 0; k < count; k++) {
          more.add(latin1(b, starts[k], ends[k]));
        }
      }
      return more.add(latin1(b, start, end));
    }

    private static String latin1(byte[] b, int start, int end) {
      return new String(b, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  /** A layout larger than an array holds: refused (the record path reports it). */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }
}
