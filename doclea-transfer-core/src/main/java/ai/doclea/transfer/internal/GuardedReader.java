package ai.doclea.transfer.internal;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Sits between the character decoder and Gson's {@code JsonReader}: scans every character once to
 * enforce the string-length and nesting limits before the parser buffers anything, and computes
 * the SHA-256 of the value of the top-level {@code "data"} key exactly as it appears in the file
 * (from its opening brace to its closing brace, UTF-8).
 */
final class GuardedReader extends FilterReader {
  /** A limit was hit; carries a message without the JSON path, which the parser adds. */
  static final class LimitHit extends IOException {
    private static final long serialVersionUID = 1L;

    LimitHit(String message) {
      super(message);
    }
  }

  private enum DataState { NONE, AWAIT_VALUE, HASHING, DONE }

  private final long maxString;
  private final int maxDepth;
  private boolean inString;
  private boolean escaped;
  private long stringLength;
  private int depth;
  private final StringBuilder key = new StringBuilder(8);
  private boolean keyOverflow;
  private boolean lastStringAtTop;
  private DataState data = DataState.NONE;
  private int dataKeys;
  private Utf8Digest digest;
  private String dataSha256;

  GuardedReader(Reader in, long maxString, int maxDepth) {
    super(in);
    this.maxString = maxString;
    this.maxDepth = maxDepth;
  }

  /** @return the digest of the data value once it has been read whole, else null */
  String dataSha256() {
    return dataSha256;
  }

  /** @return how many top-level "data" keys were seen */
  int dataKeys() {
    return dataKeys;
  }

  @Override
  public int read() throws IOException {
    char[] one = new char[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0];
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    int n = in.read(cbuf, off, len);
    if (n <= 0) {
      return n;
    }
    int hashFrom = data == DataState.HASHING ? off : -1;
    for (int i = off, end = off + n; i < end; i++) {
      char c = cbuf[i];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
          lastStringAtTop = depth == 1;
          continue;
        } else if (depth == 1) {
          if (key.length() < 8) {
            key.append(c);
          } else {
            keyOverflow = true;
          }
        }
        if (++stringLength > maxString) {
          throw new LimitHit("a string is longer than the limit of " + maxString
              + " characters (Limits.maxStringLength)");
        }
        continue;
      }
      switch (c) {
        case '"':
          inString = true;
          stringLength = 0;
          key.setLength(0);
          keyOverflow = false;
          break;
        case '{':
        case '[':
          if (data == DataState.AWAIT_VALUE && depth == 1) {
            data = DataState.HASHING;
            digest = new Utf8Digest();
            hashFrom = i;
          }
          if (++depth > maxDepth) {
            throw new LimitHit("nesting is deeper than the limit of " + maxDepth
                + " levels (Limits.maxDepth)");
          }
          lastStringAtTop = false;
          break;
        case '}':
        case ']':
          depth--;
          lastStringAtTop = false;
          if (data == DataState.HASHING && depth == 1) {
            digest.update(cbuf, hashFrom, i + 1 - hashFrom);
            hashFrom = -1;
            dataSha256 = digest.hex();
            data = DataState.DONE;
          }
          break;
        case ':':
          if (depth == 1 && lastStringAtTop && !keyOverflow && "data".contentEquals(key)) {
            dataKeys++;
            data = DataState.AWAIT_VALUE;
            dataSha256 = null;
          }
          lastStringAtTop = false;
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
          break;
        default:
          lastStringAtTop = false;
          if (data == DataState.AWAIT_VALUE && depth == 1) {
            data = DataState.DONE;
          }
      }
    }
    if (hashFrom >= 0 && data == DataState.HASHING) {
      digest.update(cbuf, hashFrom, off + n - hashFrom);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported");
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
