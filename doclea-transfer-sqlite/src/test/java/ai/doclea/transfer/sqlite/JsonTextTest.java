package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** JSON text columns: written as JavaScript's JSON.stringify writes them, read leniently. */
class JsonTextTest {

  @Test
  void arraysAreWrittenLikeJsonStringify() {
    // Expected strings are what node prints for JSON.stringify of the same arrays.
    assertEquals("[]", JsonText.stringArray(List.of()));
    assertEquals("[\"auth\",\"security\"]", JsonText.stringArray(List.of("auth", "security")));
    assertEquals("[\"a\\\"b\",\"c\\\\d\",\"<>&='\",\"\\n\\r\\t\\b\\f\",\"\\u0001\\u001f\"]",
        JsonText.stringArray(List.of("a\"b", "c\\d", "<>&='", "\n\r\t\b\f", "\u0001\u001f")));
    assertEquals("[\"Grüße 🎉\u2028\u2029\u007f\"]",
        JsonText.stringArray(List.of("Grüße 🎉\u2028\u2029\u007f")));
    assertEquals("[\"\\ud800x\\udc00\"]", JsonText.stringArray(List.of("\ud800x\udc00")));
  }

  @Test
  void nullReadsAsEmptyAndScalarsReadAsText() throws Exception {
    assertEquals(List.of(), JsonText.parseStringArray(null));
    assertEquals(List.of("1", "true", "x"), JsonText.parseStringArray("[1, true, \"x\"]"));
  }

  @Test
  void whatIsNotAnArrayOfScalarsIsRefused() {
    assertThrows(JsonText.BadJsonException.class, () -> JsonText.parseStringArray("{}"));
    assertThrows(JsonText.BadJsonException.class, () -> JsonText.parseStringArray("[[1]]"));
    assertThrows(JsonText.BadJsonException.class, () -> JsonText.parseStringArray("[null]"));
    assertThrows(JsonText.BadJsonException.class, () -> JsonText.parseStringArray("[\"a\""));
  }

  @Test
  void qdrantIdComesFromTheMemoryData() throws Exception {
    assertEquals("vec_1", JsonText.qdrantIdOf("{\"id\":\"m\",\"qdrantId\":\"vec_1\"}"));
    assertEquals("", JsonText.qdrantIdOf("{\"id\":\"m\"}"));
    assertEquals("", JsonText.qdrantIdOf("{\"qdrantId\":null}"));
    assertEquals("42", JsonText.qdrantIdOf("{\"qdrantId\":42}"));
    assertThrows(JsonText.BadJsonException.class, () -> JsonText.qdrantIdOf("[1]"));
    assertThrows(JsonText.BadJsonException.class, () -> JsonText.qdrantIdOf("{oops"));
  }

  @Property(tries = 300)
  void anyStringArrayReadsBackAsWritten(@ForAll @Size(max = 6) List<String> values)
      throws Exception {
    assertEquals(values, JsonText.parseStringArray(JsonText.stringArray(values)));
  }
}
