package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyIn;

/**
 * Rows of {@code COPY ... FROM STDIN}'s text format, built directly as UTF-8 bytes: text fields
 * are escaped (backslash, tab, newline, carriage return), stored in {@link PgText}'s form (U+0000
 * and U+0001 coded) and encoded in one pass over their characters, so a row is never built as a
 * string first and encoded again.
 */
final class CopyRows {
  private byte[] bytes;
  private int length;

  CopyRows(int capacity) {
    bytes = new byte[capacity];
  }

  /** @return the number of bytes held */
  int length() {
    return length;
  }

  /** Forgets the rows; keeps the buffer unless it grew past {@code keep} bytes. */
  void reset(int keep) {
    length = 0;
    if (bytes.length > keep) {
      bytes = new byte[keep];
    }
  }

  /** Forgets everything after the first {@code mark} bytes (a row that could not be built). */
  void truncate(int mark) {
    length = mark;
  }

  /** Removes the last byte (a row's newline, to append another column). */
  void dropLast() {
    length--;
  }

  CopyRows tab() {
    put((byte) '\t');
    return this;
  }

  CopyRows newline() {
    put((byte) '\n');
    return this;
  }

  /** Appends COPY's NULL, {@code \N}. */
  CopyRows nul() {
    ensure(2);
    bytes[length++] = '\\';
    bytes[length++] = 'N';
    return this;
  }

  /** Appends a number or other ASCII-only text that needs no escaping. */
  CopyRows ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[length++] = (byte) s.charAt(i);
    }
    return this;
  }

  /**
   * Appends a text field, or {@code \N} for null.
   *
   * @param value the string, may be null
   * @param what names the value for the error message
   * @return this
   * @throws BackendException when the string holds an unpaired UTF-16 surrogate, which UTF-8
   *     cannot represent
   */
  CopyRows text(String value, PgText.Describer what) {
    if (value == null) {
      return nul();
    }
    int n = value.length();
    ensure(3 * n); // at most three bytes per char: escapes take two, a surrogate pair four
    byte[] b = bytes;
    int at = length;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '\\') {
          b[at++] = (byte) c;
          continue;
        }
        switch (c) {
          case '\\' -> {
            b[at++] = '\\';
            b[at++] = '\\';
          }
          case '\t' -> {
            b[at++] = '\\';
            b[at++] = 't';
          }
          case '\n' -> {
            b[at++] = '\\';
            b[at++] = 'n';
          }
          case '\r' -> {
            b[at++] = '\\';
            b[at++] = 'r';
          }
          case '\u0000' -> {
            b[at++] = 1;
            b[at++] = 1;
          }
          case '\u0001' -> {
            b[at++] = 1;
            b[at++] = 2;
          }
          default -> b[at++] = (byte) c;
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xC0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[at++] = (byte) (0xE0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        b[at++] = (byte) (0xF0 | (cp >> 18));
        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[at++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        throw PgText.unpaired(c, i, what);
      }
    }
    length = at;
    return this;
  }

  /** Sends the rows to an open {@code COPY ... FROM STDIN}. */
  void writeTo(CopyIn in) throws SQLException {
    if (length > 0) {
      in.writeToCopy(bytes, 0, length);
    }
  }

  /** Writes the rows to a stream (the benchmark's files for {@code psql \copy}). */
  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private void put(byte b) {
    ensure(1);
    bytes[length++] = b;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
    }
  }
}
