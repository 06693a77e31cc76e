package ai.doclea.transfer.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An output stream that accepts a given number of bytes and then fails every write with an {@link
 * IOException}, as a full disk does. The accepted bytes are passed on to the wrapped stream.
 *
 * @since 0.1.0
 */
public final class FailingOutputStream extends FilterOutputStream {
  private final long limit;
  private long written;
  private boolean failed;

  /**
   * Wraps a stream.
   *
   * @param out the stream that receives the accepted bytes
   * @param limit how many bytes to accept, at least 0
   */
  public FailingOutputStream(OutputStream out, long limit) {
    super(Objects.requireNonNull(out, "out"));
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    this.limit = limit;
  }

  /**
   * Whether a write failed.
   *
   * @return true once a write went past the limit
   */
  public boolean failed() {
    return failed;
  }

  /**
   * How many bytes were accepted.
   *
   * @return the count, at most the limit
   */
  public long written() {
    return written;
  }

  @Override
  public void write(int b) throws IOException {
    if (written >= limit) {
      throw full();
    }
    out.write(b);
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    long room = limit - written;
    if (len <= room) {
      out.write(b, off, len);
      written += len;
      return;
    }
    if (room > 0) {
      out.write(b, off, (int) room);
      written += room;
    }
    throw full();
  }

  private IOException full() {
    failed = true;
    return new IOException("No space left on device (injected after " + limit + " bytes)");
  }
}
