package ai.doclea.transfer.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The string arrays of Doclea's TEXT columns, read with and without the JSON parser. */
class JsonTextTest {

  @Provide
  Arbitrary<List<String>> arrays() {
    // plain strings (read without the parser) mixed with any characters (escapes: the parser)
    Arbitrary<String> plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12);
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(12);
    return Arbitraries.oneOf(plain, plain, any).list().ofMaxSize(6);
  }

  @Property(tries = 500)
  void anArrayWrittenAsJsonStringifyDoesReadsBackEqual(@ForAll("arrays") List<String> values)
      throws Exception {
    assertEquals(values, JsonText.parseStringArray(JsonText.stringArray(values)));
  }

  @Example
  void readsPlainArraysAndLeavesEverythingElseToTheParser() throws Exception {
    assertEquals(List.of(), JsonText.parseStringArray("[]"));
    assertEquals(List.of("a", "b c", "ü😀"), JsonText.parseStringArray("[\"a\",\"b c\",\"ü😀\"]"));
    assertEquals(List.of("a\"b", "c"), JsonText.parseStringArray("[\"a\\\"b\", \"c\"]"));
    assertEquals(List.of("1", "true"), JsonText.parseStringArray("[1,true]"));
    assertEquals(List.of("x"), JsonText.parseStringArray(" [\"x\"] "));
    assertThrows(JsonText.BadJsonException.class, () -> JsonText.parseStringArray("{}"));
    assertThrows(JsonText.BadJsonException.class,
        () -> JsonText.parseStringArray("[\"a\",[\"b\"]]"));
  }
}
