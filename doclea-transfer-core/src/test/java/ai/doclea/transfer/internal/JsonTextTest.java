package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTextTest {

  // Expected values are what node -e 'console.log(String(x))' prints.
  @ParameterizedTest
  @CsvSource({
      "0.5, 0.5",
      "1.0, 1",
      "0.0, 0",
      "-0.0, 0",
      "-2.0, -2",
      "0.1, 0.1",
      "0.30000000000000004, 0.30000000000000004",
      "1.0E21, 1e+21",
      "1.0E20, 100000000000000000000",
      "1.5E-7, 1.5e-7",
      "1.0E-7, 1e-7",
      "1.0E-6, 0.000001",
      "1.23456E-5, 0.0000123456",
      "123.456, 123.456",
      "4.9E-324, 5e-324",
      "1.7976931348623157E308, 1.7976931348623157e+308",
      "-1.5E25, -1.5e+25",
      "9.007199254740993E15, 9007199254740992"
  })
  void formatsNumbersLikeJavaScript(double value, String expected) {
    assertEquals(expected, JsonText.number(value));
  }

  @Test
  void quotesLikeJsonStringify() {
    assertEquals("\"a\\\"b\\\\c\"", JsonText.quote("a\"b\\c"));
    assertEquals("\"\\b\\f\\n\\r\\t\\u0000\\u001f\"", JsonText.quote("\b\f\n\r\t\u0000\u001f"));
    assertEquals("\"\u2028\u2029\u007f\"", JsonText.quote("\u2028\u2029\u007f"));
    assertEquals("\"\\ud800x\\udc00\"", JsonText.quote("\ud800x\udc00"));
    assertEquals("\"\ud83d\ude00\"", JsonText.quote("\ud83d\ude00"));
  }
}
