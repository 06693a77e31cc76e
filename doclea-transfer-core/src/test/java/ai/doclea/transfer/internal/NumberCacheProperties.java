package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The writer keeps the text of recently written numbers; whatever the sequence (repeats, values
 * sharing a slot, 0 and -0, extremes), every number comes out as {@link JsonText#number} prints
 * it on its own.
 */
class NumberCacheProperties {

  @Provide
  Arbitrary<List<Double>> sequences() {
    Arbitrary<Double> few = Arbitraries.of(0.0, -0.0, 0.5, 0.1 + 0.2, 1.0, 1e-7, 5e-324,
        Double.MAX_VALUE, -2.5e-5, 1e21, 123456789.125);
    Arbitrary<Double> any = Arbitraries.longs().map(Double::longBitsToDouble)
        .filter(Double::isFinite);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, few), net.jqwik.api.Tuple.of(1, any))
        .list().ofMaxSize(2000);
  }

  @Property(tries = 60)
  void everyNumberIsWrittenAsJavaScriptPrintsIt(@ForAll("sequences") List<Double> numbers)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out));
    StringBuilder expected = new StringBuilder("[");
    w.beginArray();
    for (int i = 0; i < numbers.size(); i++) {
      w.number(numbers.get(i));
      expected.append(i == 0 ? "\n  " : ",\n  ").append(JsonText.number(numbers.get(i)));
    }
    w.endArray();
    w.flush();
    expected.append(numbers.isEmpty() ? "]" : "\n]");
    assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
  }
}
