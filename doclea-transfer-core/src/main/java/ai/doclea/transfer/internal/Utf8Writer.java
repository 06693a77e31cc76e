package ai.doclea.transfer.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An unsynchronised, buffered UTF-8 writer for the export's hot path: whole strings go through
 * the JDK's intrinsic {@code String.getBytes(UTF_8)}, other text through a direct encoding loop.
 * Replaces {@code BufferedWriter} over {@code OutputStreamWriter}, which cost a lock, a char copy
 * and a {@code CharBuffer} round trip per write. Lone surrogates are written as U+FFFD (our JSON
 * writer escapes them before they get here).
 */
final class Utf8Writer extends Writer {
  /**
   * The most the buffer holds: it is written to the stream beneath only once it has this size
   * and the next bytes do not fit.
   */
  static final int SIZE = 1 << 18;
  /**
   * The buffer's first size; it doubles up to {@link #SIZE} as it fills. A short export renders
   * each of its sections through a writer of its own, and fresh arrays of {@code SIZE} cost it
   * about 20 ms of zeroing new pages (100 memories, issue 14).
   */
  static final int INITIAL = 1 << 14;
  private final OutputStream out;
  private byte[] buf = new byte[INITIAL];
  private int pos;
  private char pendingHigh;

  Utf8Writer(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    if (len >= 32 && off == 0 && len == s.length() && pendingHigh == 0) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > buf.length - pos && !room(bytes.length)) {
        out.write(bytes);
        return;
      }
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
      return;
    }
    for (int i = off, end = off + len; i < end; i++) {
      put(s.charAt(i));
    }
  }

  @Override
  public void write(char[] c, int off, int len) throws IOException {
    for (int i = off, end = off + len; i < end; i++) {
      put(c[i]);
    }
  }

  @Override
  public void write(int c) throws IOException {
    put((char) c);
  }

  private void put(char c) throws IOException {
    if (pos > buf.length - 4) {
      room(4);
    }
    byte[] b = buf;
    if (pendingHigh != 0) {
      char high = pendingHigh;
      pendingHigh = 0;
      if (Character.isLowSurrogate(c)) {
        int cp = Character.toCodePoint(high, c);
        b[pos++] = (byte) (0xF0 | (cp >> 18));
        b[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[pos++] = (byte) (0x80 | (cp & 0x3F));
        return;
      }
      replacement();
      if (pos > buf.length - 4) {
        room(4);
        b = buf;
      }
    }
    if (c < 0x80) {
      b[pos++] = (byte) c;
    } else if (c < 0x800) {
      b[pos++] = (byte) (0xC0 | (c >> 6));
      b[pos++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c)) {
      pendingHigh = c;
    } else if (Character.isLowSurrogate(c)) {
      replacement();
    } else {
      b[pos++] = (byte) (0xE0 | (c >> 12));
      b[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      b[pos++] = (byte) (0x80 | (c & 0x3F));
    }
  }

  /**
   * Writes a JSON string literal for {@code s}, escaped exactly as {@code JSON.stringify} does,
   * working on the UTF-8 bytes: one intrinsic encoding, one byte scan, bulk copies. A string with
   * a lone surrogate (which UTF-8 cannot carry) takes the char-level path of {@link
   * JsonText#quote}, which escapes it.
   */
  void writeJsonString(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    // getBytes writes '?' for a lone surrogate; only then can the string hold one.
    if (hasQuestionMark(b) && JsonText.hasLoneSurrogate(s)) {
      write(JsonText.quote(s));
      return;
    }
    writeQuoted(b);
  }

  /**
   * Writes a JSON string literal for text given as UTF-8 bytes from a store, as {@link
   * #writeJsonString} writes the string that Doclea's (JavaScript's) decoder makes of them:
   * well-formed UTF-8 (the usual case) is escaped and copied as it is, which is exactly what the
   * string path writes for {@code new String(b, UTF_8)}; in ill-formed bytes each maximal subpart
   * becomes U+FFFD ({@link Utf8Check#replaceMalformed}).
   */
  void writeJsonUtf8(byte[] b) throws IOException {
    writeQuoted(Utf8Check.replaceMalformed(b));
  }

  /** Whether UTF-8 bytes hold a '?'. */
  private static boolean hasQuestionMark(byte[] b) {
    int i = 0;
    for (int end = b.length - 7; i < end; i += 8) {
      if (zeroByte((long) LONGS.get(b, i) ^ (ONES * '?')) != 0) {
        return true;
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == '?') {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes well-formed UTF-8 as a JSON string literal, escaped as {@code JSON.stringify} escapes:
   * control characters, '"' and '\\'; everything else as it is (a well-formed sequence holds no
   * lone surrogate).
   */
  private void writeQuoted(byte[] b) throws IOException {
    if (pendingHigh != 0) {
      put('\uFFFD');
    }
    putByte('"');
    int start = 0;
    for (int i = nextSpecial(b, 0); i < b.length; i = nextSpecial(b, i + 1)) {
      putBytes(b, start, i - start);
      escape(b[i] & 0xff);
      start = i + 1;
    }
    putBytes(b, start, b.length - start);
    putByte('"');
  }

  /**
   * The index of the first control byte, '"' or '\\' at or after {@code i}, or {@code b.length}:
   * eight bytes at a time (SWAR), then straight to the byte that stopped the word.
   */
  static int nextSpecial(byte[] b, int i) {
    for (int end = b.length - 7; i < end; i += 8) {
      long special = specials((long) LONGS.get(b, i));
      if (special != 0) {
        return i + (Long.numberOfTrailingZeros(special) >>> 3);
      }
    }
    for (; i < b.length; i++) {
      int x = b[i] & 0xff;
      if (x < 0x20 || x == '"' || x == '\\') {
        return i;
      }
    }
    return b.length;
  }

  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  static final long HIGHS = 0x8080808080808080L;

  /**
   * The high bits of a word's bytes below 0x20 or equal to '"' or '\\' (little-endian: byte 0 is
   * the lowest). Bits above the lowest may be false (a borrow), but the lowest set bit marks the
   * first such byte exactly, and the word has one exactly when the mask is not 0.
   */
  static long specials(long w) {
    long below = (w - ONES * 0x20) & ~w & HIGHS;
    return below | zeroByte(w ^ (ONES * '"')) | zeroByte(w ^ (ONES * '\\'));
  }

  private static long zeroByte(long v) {
    return (v - ONES) & ~v & HIGHS;
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private void escape(int x) throws IOException {
    if (pos > buf.length - 6) {
      room(6);
    }
    buf[pos++] = '\\';
    switch (x) {
      case '"': buf[pos++] = '"'; break;
      case '\\': buf[pos++] = '\\'; break;
      case '\b': buf[pos++] = 'b'; break;
      case '\f': buf[pos++] = 'f'; break;
      case '\n': buf[pos++] = 'n'; break;
      case '\r': buf[pos++] = 'r'; break;
      case '\t': buf[pos++] = 't'; break;
      default:
        buf[pos++] = 'u';
        buf[pos++] = '0';
        buf[pos++] = '0';
        buf[pos++] = HEX[x >> 4];
        buf[pos++] = HEX[x & 0xF];
    }
  }

  void putByte(int x) throws IOException {
    if (pos == buf.length) {
      room(1);
    }
    buf[pos++] = (byte) x;
  }

  /** Writes a long in decimal, as JavaScript prints an integer. */
  void putLong(long v) throws IOException {
    if (pos > buf.length - 20) {
      room(20);
    }
    if (v == Long.MIN_VALUE) {
      byte[] b = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
      putBytes(b, 0, b.length);
      return;
    }
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    pos = end;
  }

  void putBytes(byte[] b, int off, int len) throws IOException {
    if (len >= SIZE / 2) {
      // A large block (an element batch rendered elsewhere) goes down without another copy.
      drain();
      out.write(b, off, len);
      return;
    }
    if (len > buf.length - pos && buf.length < SIZE) {
      room(len);
    }
    while (len > 0) {
      if (pos == buf.length) {
        drain();
      }
      int n = Math.min(len, buf.length - pos);
      System.arraycopy(b, off, buf, pos, n);
      pos += n;
      off += n;
      len -= n;
    }
  }

  private void replacement() {
    buf[pos++] = (byte) 0xEF;
    buf[pos++] = (byte) 0xBF;
    buf[pos++] = (byte) 0xBD;
  }

  /** Bytes in the buffer, not yet written to the stream beneath. */
  int buffered() {
    return pos;
  }

  /**
   * Makes room for {@code n} bytes at once, for a caller that then writes them with {@link
   * #putReserved}, without a check per write.
   *
   * @return false, having done nothing, when {@code n} is more than the buffer holds
   */
  boolean reserve(long n) throws IOException {
    return n <= buf.length - pos || n <= SIZE && room((int) n);
  }

  /** Writes bytes into room made by {@link #reserve}. */
  void putReserved(byte[] b, int off, int len) {
    System.arraycopy(b, off, buf, pos, len);
    pos += len;
  }

  /** Writes a byte into room made by {@link #reserve}. */
  void putReserved(byte b) {
    buf[pos++] = b;
  }

  /**
   * Makes room for {@code n} more bytes: a larger buffer while it is smaller than {@link #SIZE},
   * else the buffer written to the stream beneath (so nothing goes down before the buffer has
   * grown to {@code SIZE}, and {@link #buffered} can reach a batch's size).
   *
   * @return whether {@code n} bytes now fit, false only when {@code n > SIZE}
   */
  private boolean room(int n) throws IOException {
    if (buf.length < SIZE) {
      int size = buf.length;
      while (size < SIZE && size - pos < n) {
        size *= 2;
      }
      buf = java.util.Arrays.copyOf(buf, size);
      if (n <= size - pos) {
        return true;
      }
    }
    drain();
    return n <= SIZE;
  }

  private void drain() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    flush();
    out.close();
  }
}
