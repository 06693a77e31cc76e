package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Integer fields are read exactly or refused: never rounded, clamped or truncated. */
class ExactIntegerProperties {
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  @Property
  void everySpellingOfALongReadsAsThatLong(@ForAll long v, @ForAll @IntRange(max = 3) int zeros) {
    assertEquals(v, RecordReader.exactInteger(Long.toString(v)));
    assertEquals(v, RecordReader.exactInteger(v + "." + "0".repeat(zeros + 1)));
    assertEquals(v, RecordReader.exactInteger(
        new BigDecimal(v).scaleByPowerOfTen(-3).toPlainString() + "e3"));
    assertEquals(v, RecordReader.exactInteger(
        new BigDecimal(v).scaleByPowerOfTen(2).toPlainString() + "E-2"));
  }

  @Property
  void valuesOutsideTheRangeAreRefused(@ForAll BigInteger v) {
    BigInteger outside = v.signum() >= 0 ? MAX.add(BigInteger.ONE).add(v)
        : MIN.subtract(BigInteger.ONE).add(v);
    assertThrows(RecordReader.WrongType.class,
        () -> RecordReader.exactInteger(outside.toString()));
    assertThrows(RecordReader.WrongType.class,
        () -> RecordReader.exactInteger(outside + ".0"));
  }

  @Property
  void fractionsAreRefused(@ForAll long v, @ForAll @IntRange(min = 1, max = 9) int digit) {
    assertThrows(RecordReader.WrongType.class,
        () -> RecordReader.exactInteger(v + "." + digit));
  }
}
