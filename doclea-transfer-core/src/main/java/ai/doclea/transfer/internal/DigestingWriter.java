package ai.doclea.transfer.internal;

import java.io.IOException;
import java.io.Writer;

/**
 * Passes characters through and, between {@link #arm()} and {@link #disarm()}, feeds them to a
 * SHA-256 digest of their UTF-8 encoding, starting at the first '{' or '[' written after arming.
 */
final class DigestingWriter extends Writer {
  private final Writer out;
  private Utf8Digest digest;
  private boolean waiting;
  private boolean active;
  private final char[] scratch = new char[8192];

  DigestingWriter(Writer out) {
    this.out = out;
  }

  void arm() {
    digest = new Utf8Digest();
    waiting = true;
  }

  String disarm() {
    waiting = false;
    active = false;
    return digest.hex();
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    out.write(cbuf, off, len);
    observe(cbuf, off, len);
  }

  @Override
  public void write(String str, int off, int len) throws IOException {
    out.write(str, off, len);
    if (waiting || active) {
      for (int start = off, end = off + len; start < end; ) {
        int n = Math.min(scratch.length, end - start);
        str.getChars(start, start + n, scratch, 0);
        observe(scratch, 0, n);
        start += n;
      }
    }
  }

  @Override
  public void write(int c) throws IOException {
    out.write(c);
    if (waiting || active) {
      scratch[0] = (char) c;
      observe(scratch, 0, 1);
    }
  }

  private void observe(char[] cbuf, int off, int len) {
    if (active) {
      digest.update(cbuf, off, len);
    } else if (waiting) {
      for (int i = off; i < off + len; i++) {
        if (cbuf[i] == '{' || cbuf[i] == '[') {
          waiting = false;
          active = true;
          digest.update(cbuf, i, off + len - i);
          return;
        }
      }
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
