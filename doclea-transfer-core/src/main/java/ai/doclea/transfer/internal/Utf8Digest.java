package ai.doclea.transfer.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 over the UTF-8 encoding of characters fed to it. Lone surrogates (which our writer never
 * emits raw, and a strict UTF-8 decoder never produces) are encoded as U+FFFD.
 */
final class Utf8Digest {
  private final MessageDigest sha;
  private final byte[] buf = new byte[8192 + 8];
  private int pos;
  private char pendingHigh;

  Utf8Digest() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  void update(char[] chars, int off, int len) {
    byte[] b = buf;
    int p = pos;
    for (int i = off, end = off + len; i < end; i++) {
      if (p > 8192) {
        sha.update(b, 0, p);
        p = 0;
      }
      char c = chars[i];
      if (pendingHigh != 0) {
        char high = pendingHigh;
        pendingHigh = 0;
        if (Character.isLowSurrogate(c)) {
          int cp = Character.toCodePoint(high, c);
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
          continue;
        }
        p = replacement(b, p);
      }
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        pendingHigh = c;
      } else if (Character.isLowSurrogate(c)) {
        p = replacement(b, p);
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    pos = p;
  }

  private static int replacement(byte[] b, int p) {
    b[p++] = (byte) 0xEF;
    b[p++] = (byte) 0xBF;
    b[p++] = (byte) 0xBD;
    return p;
  }

  String hex() {
    if (pendingHigh != 0) {
      pendingHigh = 0;
      pos = replacement(buf, pos);
    }
    sha.update(buf, 0, pos);
    pos = 0;
    byte[] d = sha.digest();
    StringBuilder sb = new StringBuilder(64);
    for (byte x : d) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }
}
