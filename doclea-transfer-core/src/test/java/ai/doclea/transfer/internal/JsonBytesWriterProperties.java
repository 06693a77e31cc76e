package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The export's byte writer lays JSON out exactly as Gson's pretty printer does with a two-space
 * indent (which is also {@code JSON.stringify(value, null, 2)}'s layout), for any nesting of
 * objects, arrays, strings, integers, booleans and nulls. Strings are drawn from characters both
 * escape alike (Gson escapes U+2028 where JSON.stringify does not; that is tested elsewhere).
 */
class JsonBytesWriterProperties {

  /** One step of a document: open/close a container, a name, or a scalar. */
  sealed interface Node permits Obj, Arr, Str, Num, Bool, Null {}

  record Obj(List<String> names, List<Node> values) implements Node {}

  record Arr(List<Node> values) implements Node {}

  record Str(String value) implements Node {}

  record Num(long value) implements Node {}

  record Bool(boolean value) implements Node {}

  record Null() implements Node {}

  @Provide
  Arbitrary<Node> documents() {
    return node(4);
  }

  private Arbitrary<String> strings() {
    return Arbitraries.strings().withChars("ab Z09\"\\\n\t\u0001/é日".toCharArray())
        .ofMaxLength(8).map(s -> s.replace("Z", "🎉"));
  }

  private Arbitrary<Node> node(int depth) {
    Arbitrary<Node> scalar = Arbitraries.oneOf(strings().map(Str::new),
        Arbitraries.longs().map(Num::new), Arbitraries.of(true, false).map(Bool::new),
        Arbitraries.just(new Null()));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Node> child = Arbitraries.lazy(() -> node(depth - 1));
    Arbitrary<Node> array = child.list().ofMaxSize(3).map(Arr::new);
    Arbitrary<Node> object = child.list().ofMaxSize(3).flatMap(values ->
        strings().list().ofSize(values.size()).map(names -> new Obj(names, values)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(1, array),
        net.jqwik.api.Tuple.of(1, object));
  }

  @Property(tries = 150)
  void layoutEqualsGsonsPrettyPrinter(@ForAll("documents") Node root) throws IOException {
    StringWriter expected = new StringWriter();
    JsonWriter gson = new JsonWriter(expected);
    gson.setIndent("  ");
    gson.setHtmlSafe(false);
    gson.setSerializeNulls(true);
    gson.beginArray();
    writeGson(gson, root);
    gson.endArray();
    gson.flush();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonBytesWriter ours = new JsonBytesWriter(new Utf8Writer(bytes));
    ours.beginArray();
    writeOurs(ours, root);
    ours.endArray();
    ours.flush();
    assertEquals(expected.toString(), bytes.toString(StandardCharsets.UTF_8));
  }

  private static void writeGson(JsonWriter w, Node n) throws IOException {
    if (n instanceof Obj o) {
      w.beginObject();
      for (int i = 0; i < o.values().size(); i++) {
        w.name(o.names().get(i));
        writeGson(w, o.values().get(i));
      }
      w.endObject();
    } else if (n instanceof Arr a) {
      w.beginArray();
      for (Node c : new ArrayList<>(a.values())) {
        writeGson(w, c);
      }
      w.endArray();
    } else if (n instanceof Str s) {
      w.value(s.value());
    } else if (n instanceof Num x) {
      w.value(x.value());
    } else if (n instanceof Bool b) {
      w.value(b.value());
    } else {
      w.nullValue();
    }
  }

  private static void writeOurs(JsonBytesWriter w, Node n) throws IOException {
    if (n instanceof Obj o) {
      w.beginObject();
      for (int i = 0; i < o.values().size(); i++) {
        w.name(o.names().get(i));
        writeOurs(w, o.values().get(i));
      }
      w.endObject();
    } else if (n instanceof Arr a) {
      w.beginArray();
      for (Node c : a.values()) {
        writeOurs(w, c);
      }
      w.endArray();
    } else if (n instanceof Str s) {
      w.value(s.value());
    } else if (n instanceof Num x) {
      w.value(x.value());
    } else if (n instanceof Bool b) {
      w.value(b.value());
    } else {
      w.nullValue();
    }
  }
}
