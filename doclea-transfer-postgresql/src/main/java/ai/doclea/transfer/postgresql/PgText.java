package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;

/**
 * How text is kept in PostgreSQL, which cannot store U+0000 in a {@code text} value. Every text
 * column holds its string with U+0000 written as U+0001 U+0001 and U+0001 as U+0001 U+0002; all
 * other characters are themselves. The code is reversible and keeps the byte order of UTF-8,
 * so {@code ORDER BY id COLLATE "C"} sorts exactly as SQLite's BINARY collation sorts the
 * original ids. Text without U+0000 and U+0001 (all real text) is stored unchanged.
 */
final class PgText {
  private PgText() {}

  /**
   * The stored form of a string.
   *
   * @param value the string, may be null
   * @return the stored form, or null
   */
  static String encode(String value) {
    if (value == null) {
      return null;
    }
    int i = 0;
    int n = value.length();
    while (i < n && value.charAt(i) > '\u0001') {
      i++;
    }
    if (i == n) {
      return value;
    }
    StringBuilder out = new StringBuilder(n + 8).append(value, 0, i);
    for (; i < n; i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        out.append("\u0001\u0001");
      } else if (c == '\u0001') {
        out.append("\u0001\u0002");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The string a stored form stands for.
   *
   * @param stored the stored form, may be null
   * @return the string, or null
   */
  static String decode(String stored) {
    if (stored == null || stored.indexOf('\u0001') < 0) {
      return stored;
    }
    StringBuilder out = new StringBuilder(stored.length());
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c == '\u0001' && i + 1 < stored.length()) {
        char next = stored.charAt(++i);
        out.append(next == '\u0001' ? '\u0000' : next == '\u0002' ? '\u0001' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Checks a string for unpaired surrogates before it goes to the driver as a parameter.
   *
   * @param value the string, may be null
   * @param what names the value for the error message
   * @return {@link #encode encode(value)}
   */
  static String param(String value, Describer what) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          throw unpaired(c, i, what);
        }
      }
    }
    return encode(value);
  }

  static BackendException unpaired(char c, int index, Describer what) {
    return new BackendException("Cannot store " + what.describe() + ": it holds an unpaired"
        + " UTF-16 surrogate" + String.format(" (U+%04X at index %d)", (int) c, index) + ", which"
        + " PostgreSQL's UTF-8 text cannot represent. Fix the text in the export file (it appears"
        + " there as a \\u escape), then import again.");
  }

  /** Names a value for an error message, built only when needed. */
  @FunctionalInterface
  interface Describer {
    /** @return for example {@code "memory 'mem_1' (column content)"} */
    String describe();
  }
}
