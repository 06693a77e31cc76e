package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class JsonTextProperties {

  @Property(tries = 500)
  void numbersReadBackExactly(@ForAll double d) {
    if (!Double.isFinite(d)) {
      return;
    }
    double back = Double.parseDouble(JsonText.number(d));
    assertEquals(d == 0 ? 0.0 : d, back == 0 ? 0.0 : back);
  }

  @Property(tries = 500)
  void quotedStringsParseBackExactly(@ForAll String s) {
    assertEquals(s, JsonParser.parseString(JsonText.quote(s)).getAsString());
  }
}
