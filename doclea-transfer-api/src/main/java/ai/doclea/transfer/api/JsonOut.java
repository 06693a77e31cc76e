package ai.doclea.transfer.api;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes result objects as JSON text. */
final class JsonOut {
  /** Writes the body of one object. */
  interface Body {
    void write(JsonWriter w) throws IOException;
  }

  private JsonOut() {}

  static String object(Body body) {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.setSerializeNulls(false);
      w.beginObject();
      body.write(w);
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static void strings(JsonWriter w, String name, List<String> values, boolean skipEmpty)
      throws IOException {
    if (!(skipEmpty && values.isEmpty())) {
      strings(w, name, values);
    }
  }

  static void strings(JsonWriter w, String name, List<String> values) throws IOException {
    w.name(name).beginArray();
    for (String v : values) {
      w.value(v);
    }
    w.endArray();
  }
}
