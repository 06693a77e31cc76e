package ai.doclea.transfer.internal;

import ai.doclea.transfer.spi.JavaScriptJson;

/**
 * Writes JSON values exactly as JavaScript's {@code JSON.stringify} does, so that our files diff
 * cleanly against Doclea's; the rules live in {@link JavaScriptJson}, shared with the adapters.
 */
public final class JsonText {
  private JsonText() {}

  /**
   * Formats a double as JavaScript's {@code Number.prototype.toString} does.
   *
   * @param d a finite number
   * @return its JavaScript text
   */
  public static String number(double d) {
    return JavaScriptJson.number(d);
  }

  /** Whether {@code s} holds a UTF-16 surrogate that is not part of a pair. */
  static boolean hasLoneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Quotes a string as {@code JSON.stringify} does.
   *
   * @param s the string
   * @return the JSON string literal, quotes included
   */
  public static String quote(String s) {
    return JavaScriptJson.quote(s);
  }
}
