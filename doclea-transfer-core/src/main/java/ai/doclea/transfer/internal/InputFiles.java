package ai.doclea.transfer.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

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
    InputStream base = gzip ? new StrictGzip(in) : in;
    return new Bounded(base, maxBytes);
  }

  /**
   * Reads a file from the start through an open channel with positioned reads, so that several
   * passes read the very same file even when another file is renamed over its path meanwhile.
   * Closing the stream leaves the channel open.
   */
  static InputStream fromStart(FileChannel channel) {
    return new InputStream() {
      private long position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, len), position);
        if (n > 0) {
          position += n;
        }
        return n;
      }
    };
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
            + " bytes after decompression", "maxDecompressedBytes");
      }
    }
  }

  /**
   * Gzip (RFC 1952) that accepts one or more concatenated members and nothing else: unlike
   * {@code GZIPInputStream}, bytes after the last member that do not start another member are an
   * error, not silently ignored; each member's CRC-32 and length are checked.
   */
  static final class StrictGzip extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final PushbackInputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[65536];
    private int bufferFill;
    private long memberBytes;
    private long offset;
    private boolean eof;

    StrictGzip(InputStream raw) throws IOException {
      this.in = new PushbackInputStream(raw, 65536);
      header(readByte(), readByte());
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (!eof) {
        if (inflater.needsInput()) {
          int n = in.read(buffer);
          if (n < 0) {
            throw new EOFException("the gzip data ends too early (truncated)");
          }
          offset += n;
          bufferFill = n;
          inflater.setInput(buffer, 0, n);
        }
        int n;
        try {
          n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
          throw new ZipException(e.getMessage());
        }
        if (n > 0) {
          crc.update(b, off, n);
          memberBytes += n;
          return n;
        }
        if (inflater.finished()) {
          endOfMember();
        } else if (inflater.needsDictionary()) {
          throw new ZipException("a deflate dictionary is required");
        }
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      inflater.end();
      in.close();
    }

    private void endOfMember() throws IOException {
      int remaining = inflater.getRemaining();
      if (remaining > 0) {
        in.unread(buffer, bufferFill - remaining, remaining);
        offset -= remaining;
      }
      long storedCrc = readInt();
      long storedSize = readInt();
      if (storedCrc != crc.getValue()) {
        throw new ZipException("the gzip checksum does not match (the data is corrupt)");
      }
      if (storedSize != (memberBytes & 0xffffffffL)) {
        throw new ZipException("the gzip length field does not match the data");
      }
      int next = in.read();
      if (next < 0) {
        eof = true;
        return;
      }
      offset++;
      int second = in.read();
      if (second >= 0) {
        offset++;
      }
      if (next != 0x1f || second != 0x8b) {
        throw new ZipException("unexpected bytes after the end of the gzip data, at byte "
            + (offset - (second >= 0 ? 2 : 1)) + " of the file");
      }
      header(next, second);
      inflater.reset();
      crc.reset();
      memberBytes = 0;
    }

    private void header(int id1, int id2) throws IOException {
      if (id1 != 0x1f || id2 != 0x8b) {
        throw new ZipException("not in gzip format");
      }
      if (readByte() != 8) {
        throw new ZipException("unsupported gzip compression method");
      }
      int flags = readByte();
      if ((flags & 0xe0) != 0) {
        throw new ZipException("reserved gzip header flags are set");
      }
      skip(6); // mtime, xfl, os
      if ((flags & FEXTRA) != 0) {
        int length = readByte() | readByte() << 8;
        skip(length);
      }
      if ((flags & FNAME) != 0) {
        while (readByte() != 0) {
          // skip the file name
        }
      }
      if ((flags & FCOMMENT) != 0) {
        while (readByte() != 0) {
          // skip the comment
        }
      }
      if ((flags & FHCRC) != 0) {
        skip(2);
      }
    }

    private long readInt() throws IOException {
      return readByte() | (long) readByte() << 8 | (long) readByte() << 16
          | (long) readByte() << 24;
    }

    private void skip(int n) throws IOException {
      for (int i = 0; i < n; i++) {
        readByte();
      }
    }

    private int readByte() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the gzip data ends too early (truncated)");
      }
      offset++;
      return b;
    }
  }
}
