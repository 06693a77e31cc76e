package ai.doclea.transfer.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes JSON values exactly as JavaScript's {@code JSON.stringify} does, so that our files diff
 * cleanly against Doclea's: numbers as JavaScript prints them, strings with only control
 * characters and lone surrogates escaped (U+2028/U+2029 raw).
 */
public final class JsonText {
  private JsonText() {}

  /**
   * Formats a double as JavaScript's {@code Number.prototype.toString} does (integral values
   * without a fraction, exponent outside 1e-7..1e21).
   *
   * @param d a finite number
   * @return its JavaScript text
   */
  public static String number(double d) {
    if (d == 0) {
      return "0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      if (Math.abs(d) < 9.007199254740992E15) {
        return Long.toString((long) d);
      }
    }
    BigDecimal bd = shortest(d);
    boolean negative = bd.signum() < 0;
    String digits = bd.unscaledValue().abs().toString();
    int k = digits.length();
    int n = k - bd.scale();
    StringBuilder sb = new StringBuilder(k + 8);
    if (negative) {
      sb.append('-');
    }
    if (k <= n && n <= 21) {
      sb.append(digits);
      for (int i = k; i < n; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = n; i < 0; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else {
      int e = n - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }

  /**
   * The shortest decimal that reads back as {@code d}, the closest one when several have that
   * length (ECMAScript Number::toString). Java 17's {@code Double.toString} is not always the
   * shortest (JDK-4511638), so shorter precisions are tried.
   */
  private static BigDecimal shortest(double d) {
    BigDecimal candidate = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int digits = candidate.precision();
    if (digits > 1) {
      BigDecimal exact = new BigDecimal(d);
      for (int p = 1; p < digits; p++) {
        BigDecimal shorter = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (shorter.doubleValue() == d) {
          return shorter.stripTrailingZeros();
        }
      }
    }
    return candidate;
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
    StringBuilder sb = new StringBuilder(s.length() + 16);
    sb.append('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            hex(sb, c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
              sb.append(c).append(s.charAt(i + 1));
              i++;
            } else {
              hex(sb, c);
            }
          } else if (Character.isLowSurrogate(c)) {
            hex(sb, c);
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  private static void hex(StringBuilder sb, char c) {
    String h = Integer.toHexString(c);
    sb.append("\\u");
    for (int i = h.length(); i < 4; i++) {
      sb.append('0');
    }
    sb.append(h);
  }
}
