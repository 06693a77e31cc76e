package ai.doclea.transfer.internal;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * Gson's {@link JsonWriter} for the structure (names, commas, indentation), with string values
 * written straight to the UTF-8 byte buffer beneath it: Gson writes the separator through an
 * empty {@code jsonValue}, then {@link Utf8Writer#writeJsonString} appends the literal. Gson's
 * writer has no buffer of its own, so the order of bytes is kept.
 */
final class FastJsonWriter extends JsonWriter {
  private final Utf8Writer raw;

  FastJsonWriter(Utf8Writer raw) {
    super(raw);
    this.raw = raw;
  }

  void string(String s) throws IOException {
    jsonValue("");
    raw.writeJsonString(s);
  }
}
