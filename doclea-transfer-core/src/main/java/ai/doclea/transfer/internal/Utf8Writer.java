package ai.doclea.transfer.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * An unsynchronised, buffered UTF-8 writer for the export's hot path: whole strings go through
 * the JDK's intrinsic {@code String.getBytes(UTF_8)}, other text through a direct encoding loop.
 * Replaces {@code BufferedWriter} over {@code OutputStreamWriter}, which cost a lock, a char copy
 * and a {@code CharBuffer} round trip per write. Lone surrogates are written as U+FFFD (our JSON
 * writer escapes them before they get here).
 */
final class Utf8Writer extends Writer {
  private static final int SIZE = 1 << 16;
  private final OutputStream out;
  private final byte[] buf = new byte[SIZE];
  private int pos;
  private char pendingHigh;

  Utf8Writer(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    if (len >= 32 && off == 0 && len == s.length() && pendingHigh == 0) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > SIZE - pos) {
        drain();
        if (bytes.length > SIZE) {
          out.write(bytes);
          return;
        }
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
    if (pos > SIZE - 4) {
      drain();
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
      if (pos > SIZE - 4) {
        drain();
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

  private void replacement() {
    buf[pos++] = (byte) 0xEF;
    buf[pos++] = (byte) 0xBF;
    buf[pos++] = (byte) 0xBD;
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
