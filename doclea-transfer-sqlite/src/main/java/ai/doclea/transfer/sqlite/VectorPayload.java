package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.Memory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The text columns of a {@code vector_memories} row as Doclea's {@code LibSqlVectorStore.upsert}
 * writes them: {@code tags} and {@code related_files} are {@code JSON.stringify} of the arrays, and
 * {@code payload} is {@code JSON.stringify({memoryId, type, title, tags, relatedFiles,
 * importance})}, keys in that order, numbers as JavaScript prints them.
 */
final class VectorPayload {
  private VectorPayload() {}

  static String payload(Memory m) {
    StringBuilder out = new StringBuilder(128 + m.title().length());
    out.append("{\"memoryId\":");
    JsonText.quote(m.id(), out);
    out.append(",\"type\":");
    JsonText.quote(m.type(), out);
    out.append(",\"title\":");
    JsonText.quote(m.title(), out);
    out.append(",\"tags\":").append(JsonText.stringArray(m.tags()));
    out.append(",\"relatedFiles\":").append(JsonText.stringArray(m.relatedFiles()));
    out.append(",\"importance\":").append(number(m.importance()));
    return out.append('}').toString();
  }

  /**
   * Formats a double as JavaScript's {@code Number.prototype.toString} does.
   *
   * @param d a finite number
   * @return its JavaScript text
   */
  static String number(double d) {
    if (d == 0) {
      return "0";
    }
    if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
      return Long.toString((long) d);
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
}
