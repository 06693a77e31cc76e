package ai.doclea.transfer.internal;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens export input: detects gzip by its magic bytes and bounds the decompressed size. */
final class InputFiles {
  private InputFiles() {}

  static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b;
  }

  /** Returns the decompressed, size-bounded stream. */
  static InputStream decoded(BufferedInputStream in, boolean gzip, long maxBytes)
      throws IOException {
    InputStream base = gzip ? new GZIPInputStream(in, 65536) : in;
    return new Bounded(base, maxBytes);
  }

  private static final class Bounded extends FilterInputStream {
    private final long max;
    private long count;

    Bounded(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(int n) throws IOException {
      count += n;
      if (count > max) {
        throw new GuardedReader.LimitHit("the input is larger than the limit of " + max
            + " bytes after decompression (Limits.maxDecompressedBytes)");
      }
    }
  }
}
