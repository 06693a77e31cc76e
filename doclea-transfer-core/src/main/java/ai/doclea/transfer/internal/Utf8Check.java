package ai.doclea.transfer.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks bytes for well-formed UTF-8 (RFC 3629, the Unicode standard's table 3-7): no overlong
 * forms, no encoded surrogates (U+D800 to U+DFFF), nothing above U+10FFFF, no truncated or stray
 * continuation bytes. Exactly the byte strings that Java's UTF-8 decoder decodes without a
 * replacement character, and that {@code String.getBytes(UTF_8)} gives back unchanged. Repairs
 * ill-formed bytes as JavaScript's and Rust's decoders do, Doclea's among them.
 */
final class Utf8Check {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGHS = 0x8080808080808080L;

  private Utf8Check() {}

  static boolean isWellFormed(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      while (i + 8 <= n) {
        long high = (long) LONGS.get(b, i) & HIGHS;
        if (high != 0) {
          i += Long.numberOfTrailingZeros(high) >>> 3;
          break;
        }
        i += 8;
      }
      if (i >= n) {
        return true;
      }
      if (b[i] >= 0) {
        i++;
        continue;
      }
      int length = sequenceLength(b, i);
      if (length == 0) {
        return false;
      }
      i += length;
    }
    return true;
  }

  /**
   * The length of the well-formed multi-byte sequence starting at {@code b[i]} (a byte of 0x80 or
   * more), or 0 when it is ill-formed or truncated: the rules of {@link #isWellFormed}.
   */
  static int sequenceLength(byte[] b, int i) {
    return sequenceLength(b, i, b.length);
  }

  /** As {@link #sequenceLength(byte[], int)}, reading no byte from {@code n} on. */
  static int sequenceLength(byte[] b, int i, int n) {
    int x = b[i] & 0xff;
    if (x < 0xC2) {
      return 0;
    }
    if (x < 0xE0) {
      return i + 1 < n && continuation(b[i + 1]) ? 2 : 0;
    }
    if (x < 0xF0) {
      if (i + 2 >= n) {
        return 0;
      }
      int y = b[i + 1] & 0xff;
      if (x == 0xE0 ? (y < 0xA0 || y > 0xBF)
          : x == 0xED ? (y < 0x80 || y > 0x9F)
          : !continuation(b[i + 1])) {
        return 0;
      }
      return continuation(b[i + 2]) ? 3 : 0;
    }
    if (x < 0xF5) {
      if (i + 3 >= n) {
        return 0;
      }
      int y = b[i + 1] & 0xff;
      if (x == 0xF0 ? (y < 0x90 || y > 0xBF)
          : x == 0xF4 ? (y < 0x80 || y > 0x8F)
          : !continuation(b[i + 1])) {
        return 0;
      }
      return continuation(b[i + 2]) && continuation(b[i + 3]) ? 4 : 0;
    }
    return 0;
  }

  /**
   * The bytes with every maximal subpart of an ill-formed sequence replaced by U+FFFD (EF BF BD):
   * the Unicode standard's "substitution of maximal subparts" (chapter 3, U+FFFD substitution),
   * which the WHATWG encoding standard's decoder (JavaScript's {@code TextDecoder}, V8, Node)
   * and Rust's {@code String::from_utf8_lossy} follow. An encoded surrogate such as {@code ED A0
   * 80} becomes three U+FFFD (Java's decoder makes one of it; everywhere else it agrees).
   *
   * @param b any bytes
   * @return well-formed UTF-8; {@code b} itself when it already is
   */
  static byte[] replaceMalformed(byte[] b) {
    if (isWellFormed(b)) {
      return b;
    }
    int n = b.length;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 16);
    int i = 0;
    while (i < n) {
      int x = b[i] & 0xff;
      int length;   // of the well-formed sequence starting at i, or 0
      int subpart;  // of the maximal subpart to replace when it is ill-formed
      if (x < 0x80) {
        length = 1;
        subpart = 0;
      } else if (x >= 0xC2 && x <= 0xDF) {
        length = i + 1 < n && continuation(b[i + 1]) ? 2 : 0;
        subpart = 1;
      } else if (x >= 0xE0 && x <= 0xEF) {
        int lo = x == 0xE0 ? 0xA0 : 0x80;
        int hi = x == 0xED ? 0x9F : 0xBF;
        if (i + 1 < n && inRange(b[i + 1], lo, hi)) {
          length = i + 2 < n && continuation(b[i + 2]) ? 3 : 0;
          subpart = 2;
        } else {
          length = 0;
          subpart = 1;
        }
      } else if (x >= 0xF0 && x <= 0xF4) {
        int lo = x == 0xF0 ? 0x90 : 0x80;
        int hi = x == 0xF4 ? 0x8F : 0xBF;
        if (i + 1 < n && inRange(b[i + 1], lo, hi)) {
          if (i + 2 < n && continuation(b[i + 2])) {
            length = i + 3 < n && continuation(b[i + 3]) ? 4 : 0;
            subpart = 3;
          } else {
            length = 0;
            subpart = 2;
          }
        } else {
          length = 0;
          subpart = 1;
        }
      } else {
        length = 0;
        subpart = 1;
      }
      if (length > 0) {
        out.write(b, i, length);
        i += length;
      } else {
        out.write(0xEF);
        out.write(0xBF);
        out.write(0xBD);
        i += subpart;
      }
    }
    return out.toByteArray();
  }

  private static boolean inRange(byte b, int lo, int hi) {
    int x = b & 0xff;
    return x >= lo && x <= hi;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
