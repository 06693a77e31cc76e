package ai.doclea.transfer.spi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * JSON text exactly as JavaScript writes it, for adapters that store what Doclea stores: strings
 * as {@code JSON.stringify} quotes them (only quotes, backslashes, control characters and lone
 * surrogates escaped; U+2028/U+2029 raw), numbers as {@code Number.prototype.toString} prints
 * them, and string arrays as Doclea's TEXT columns hold them. The one implementation the core's
 * file writer and every adapter share. Stateless and thread-safe.
 *
 * @since 0.2.0
 */
public final class JavaScriptJson {
  private JavaScriptJson() {}

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
   * length, the even one of two equally close (ECMAScript Number::toString). Java 17's {@code
   * Double.toString} is neither always the shortest (JDK-4511638) nor always the closest of its
   * length, so it only bounds the search.
   */
  private static BigDecimal shortest(double d) {
    BigDecimal candidate = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    BigDecimal value = sticky(new BigDecimal(d));
    // Reading back is monotone in the length (a nearer decimal never reads back worse), so the
    // shortest length that reads back is found by bisection.
    int low = 1;
    int high = candidate.precision();
    BigDecimal found = null;
    if (high > 1) {
      // Java's digits are mostly the shortest already: one look a digit shorter settles that
      // (then only their length is left to check) before a bisection of the shorter lengths.
      BigDecimal shorter = value.round(new MathContext(high - 1, RoundingMode.HALF_EVEN));
      if (shorter.doubleValue() == d) {
        found = shorter;
        high -= 2;
      } else {
        low = high;
      }
    }
    while (low <= high) {
      int p = (low + high) >>> 1;
      BigDecimal nearest = value.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (nearest.doubleValue() == d) {
        found = nearest;
        high = p - 1;
      } else {
        low = p + 1;
      }
    }
    int length = found == null ? candidate.precision() : found.stripTrailingZeros().precision();
    if (isPowerOfTwo(d) && length > 1) {
      // At the edge of a binade the interval that reads back as d is lopsided: a shorter decimal
      // on its wide side may read back although the nearest one of that length does not.
      for (int p = 1; p < length; p++) {
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
          BigDecimal c = value.round(new MathContext(p, mode));
          if (c.doubleValue() == d) {
            return c.stripTrailingZeros();
          }
        }
      }
    }
    return found == null ? candidate : found.stripTrailingZeros();
  }

  /**
   * The exact value cut to 26 significant digits plus a sticky 27th digit when anything was cut:
   * rounding that to 17 digits or fewer gives what rounding the exact value gives (a tie stays a
   * tie only when it was one), at the cost of short numbers instead of hundreds of digits.
   */
  private static BigDecimal sticky(BigDecimal exact) {
    BigDecimal cut = exact.round(new MathContext(26, RoundingMode.DOWN));
    if (cut.compareTo(exact) == 0) {
      return cut;
    }
    BigDecimal stickyDigit = BigDecimal.ONE.scaleByPowerOfTen(-(cut.scale() + 1));
    return exact.signum() < 0 ? cut.subtract(stickyDigit) : cut.add(stickyDigit);
  }

  private static boolean isPowerOfTwo(double d) {
    long bits = Double.doubleToRawLongBits(d);
    return (bits & 0x000fffffffffffffL) == 0 && (bits & 0x7ff0000000000000L) != 0;
  }

  /**
   * Writes a string array as {@code JSON.stringify} does, compact: {@code ["a","b"]}.
   *
   * @param values the strings, no nulls
   * @return the JSON text
   */
  public static String stringArray(List<String> values) {
    StringBuilder out = new StringBuilder(2 + values.size() * 8);
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      quote(values.get(i), out);
    }
    return out.append(']').toString();
  }

  /**
   * Quotes a string as {@code JSON.stringify} does.
   *
   * @param s the string
   * @return the JSON string literal, quotes included
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    quote(s, sb);
    return sb.toString();
  }

  /**
   * Appends a string quoted as {@code JSON.stringify} does.
   *
   * @param s the string
   * @param sb where to append the JSON string literal, quotes included
   */
  public static void quote(String s, StringBuilder sb) {
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
    sb.append('"');
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
