package ai.doclea.transfer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Decodes UTF-8 strictly and hands the characters to Gson's {@code JsonReader}: scans every
 * character once to enforce the string-length and nesting limits before the parser buffers
 * anything, and computes the SHA-256 of the raw bytes of the value of the top-level {@code "data"}
 * key (from its opening brace to its closing brace) as they appear in the file.
 */
final class GuardedReader extends Reader {
  /** A limit was hit; carries a message without the JSON path, which the parser adds. */
  static final class LimitHit extends IOException {
    private static final long serialVersionUID = 1L;

    /** The name of the {@code Limits} component that was hit. */
    final String limit;
    /** Where in the text the limit was hit, or null when the parser's position is right. */
    final String location;

    LimitHit(String message, String limit) {
      this(message, limit, null);
    }

    LimitHit(String message, String limit, String location) {
      super(message);
      this.limit = limit;
      this.location = location;
    }
  }

  /**
   * The bytes are not well-formed UTF-8; carries where they are, which the parser's position
   * cannot say (it has read ahead, or not yet reached them).
   */
  static final class MalformedText extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedText(String message) {
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
  private MessageDigest digest;
  private String dataSha256;
  private boolean carriageReturnInData;
  private final InputStream in;
  /** Characters scanned before the current buffer, line number and where the line started. */
  private long chars;
  private long line = 1;
  private long lineStart;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(65536).flip();
  private boolean eof;
  private int pending = -1;
  /** Bytes of the text before the start of {@link #bytes} (dropped by its compaction). */
  private long bytesBefore;

  GuardedReader(InputStream in, long maxString, int maxDepth) {
    this.in = in;
    this.maxString = maxString;
    this.maxDepth = maxDepth;
  }

  /** @return the digest of the data value once it has been read whole, else null */
  String dataSha256() {
    return dataSha256;
  }

  /** @return whether the data value holds a carriage return between its tokens */
  boolean carriageReturnInData() {
    return carriageReturnInData;
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
    if (len == 0) {
      return 0;
    }
    if (pending >= 0) {
      cbuf[off] = (char) pending;
      pending = -1;
      return 1;
    }
    CharBuffer out = CharBuffer.wrap(cbuf, off, len);
    while (true) {
      int p0 = bytes.position();
      CoderResult result = decoder.decode(bytes, out, eof);
      int n = out.position() - off;
      if (result.isError()) {
        throw malformed(cbuf, off, n, p0, result);
      }
      if (n > 0) {
        scan(cbuf, off, n, p0, bytes.position());
        return n;
      }
      if (result.isOverflow()) {
        // Room for one char only, but the next code point needs a surrogate pair.
        char[] pair = new char[2];
        CoderResult r2 = decoder.decode(bytes, CharBuffer.wrap(pair), eof);
        if (r2.isError()) {
          throw malformed(pair, 0, 0, p0, r2);
        }
        scan(pair, 0, 2, p0, bytes.position());
        cbuf[off] = pair[0];
        pending = pair[1];
        return 1;
      }
      if (eof) {
        return -1;
      }
      bytesBefore += bytes.position();
      bytes.compact();
      int got = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (got < 0) {
        eof = true;
      } else {
        bytes.position(bytes.position() + got);
      }
      bytes.flip();
    }
  }

  /**
   * The error for ill-formed bytes at the decoder's position, after the {@code n} characters
   * decoded before them (scanned first, so that the line and column are those of the bad bytes).
   */
  private MalformedText malformed(char[] cbuf, int off, int n, int p0, CoderResult result)
      throws IOException {
    if (n > 0) {
      scan(cbuf, off, n, p0, bytes.position());
    }
    int at = bytes.position();
    int length = Math.min(result.length(), bytes.limit() - at);
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < length; i++) {
      shown.append(String.format(" 0x%02X", bytes.get(at + i) & 0xff));
    }
    return new MalformedText((length > 1 ? "the bytes" + shown + " are" : "the byte" + shown
        + " is") + " not well-formed UTF-8 at line " + line + " column " + (chars - lineStart + 1)
        + " (character " + (chars + 1) + " of the text, byte " + (bytesBefore + at + 1) + ")");
  }

  private String location(long at) {
    return " at line " + line + " column " + (at - lineStart + 1) + " (character " + (at + 1)
        + " of the text)";
  }

  private static int utf8Length(char[] c, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char ch = c[i];
      n += ch < 0x80 ? 1 : ch < 0x800 || Character.isSurrogate(ch) ? 2 : 3;
    }
    return n;
  }

  private void hash(int fromByte, int toByte) {
    digest.update(bytes.array(), fromByte, toByte - fromByte);
  }

  /** Scans chars {@code [off, off+n)} that were decoded from bytes {@code [p0, p1)}. */
  private void scan(char[] cbuf, int off, int n, int p0, int p1) throws IOException {
    int hashFrom = data == DataState.HASHING ? p0 : -1;
    for (int i = off, end = off + n; i < end; i++) {
      char c = cbuf[i];
      if (c == '\n') {
        line++;
        lineStart = chars + i - off + 1;
      }
      if (inString) {
        if (!escaped && depth != 1 && c != '"' && c != '\\') {
          // Fast path through the body of a string: only its length matters until the next
          // quote, backslash or line break (record texts and base64 vectors are long).
          int j = i + 1;
          while (j < end) {
            char d = cbuf[j];
            if (d == '"' || d == '\\' || d == '\n') {
              break;
            }
            j++;
          }
          long run = j - i;
          if (stringLength + run > maxString) {
            long at = i + (maxString - stringLength);
            throw new LimitHit("a string is longer than the limit of " + maxString
                + " characters", "maxStringLength", location(chars + at - off));
          }
          stringLength += run;
          i = j - 1;
          continue;
        }
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
              + " characters", "maxStringLength", location(chars + i - off));
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
            digest = sha256();
            hashFrom = p0 + utf8Length(cbuf, off, i);
          }
          if (++depth > maxDepth) {
            throw new LimitHit("nesting is deeper than the limit of " + maxDepth
                + " levels", "maxDepth", location(chars + i - off));
          }
          lastStringAtTop = false;
          break;
        case '}':
        case ']':
          depth--;
          lastStringAtTop = false;
          if (data == DataState.HASHING && depth == 1) {
            hash(hashFrom, p0 + utf8Length(cbuf, off, i + 1));
            hashFrom = -1;
            dataSha256 = java.util.HexFormat.of().formatHex(digest.digest());
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
        case '\r':
          // Outside strings (inside, JSON has it escaped): white space, which an export never
          // writes; there, a sign that the line endings were converted.
          carriageReturnInData |= data == DataState.HASHING;
          break;
        case ' ':
        case '\t':
        case '\n':
          break;
        default:
          lastStringAtTop = false;
          if (data == DataState.AWAIT_VALUE && depth == 1) {
            data = DataState.DONE;
          }
      }
    }
    if (hashFrom >= 0 && data == DataState.HASHING) {
      hash(hashFrom, p1);
    }
    chars += n;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
