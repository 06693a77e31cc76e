package ai.doclea.transfer.internal;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;

/**
 * Copies one JSON value token by token into text, keeping key order, nulls and number literals,
 * and escaping keys and strings exactly as {@code JSON.stringify} does. Compact, or indented by
 * two spaces per level as {@code JSON.stringify(value, null, 2)} lays out a value nested {@code
 * level} levels deep.
 */
final class JsonCopy {
  private JsonCopy() {}

  /**
   * Copies the next value of {@code r}.
   *
   * @param r the reader, positioned before a value
   * @param level the nesting level of the value in the indented layout, or -1 for compact text
   * @return the text
   */
  static String toText(JsonReader r, int level) throws IOException {
    return toText(r, level, false);
  }

  /**
   * Copies the next value of {@code r}.
   *
   * @param r the reader, positioned before a value
   * @param level the nesting level of the value in the indented layout, or -1 for compact text
   * @param rejectDuplicates whether a key repeated within one object is an error (reading a file)
   * @return the text
   * @throws RecordReader.WrongType for a repeated key when {@code rejectDuplicates}
   */
  static String toText(JsonReader r, int level, boolean rejectDuplicates) throws IOException {
    StringBuilder sb = new StringBuilder(128);
    value(r, sb, level, rejectDuplicates);
    return sb.toString();
  }

  private static void value(JsonReader r, StringBuilder sb, int level, boolean rejectDuplicates)
      throws IOException {
    JsonToken t = r.peek();
    switch (t) {
      case BEGIN_OBJECT: {
        r.beginObject();
        sb.append('{');
        boolean first = true;
        Keys keys = rejectDuplicates ? new Keys() : null;
        while (r.hasNext()) {
          sb.append(first ? "" : ",");
          first = false;
          newline(sb, level, 1);
          String name = keys != null ? keys.next(r) : r.nextName();
          sb.append(JsonText.quote(name)).append(level >= 0 ? ": " : ":");
          value(r, sb, level < 0 ? -1 : level + 1, rejectDuplicates);
        }
        r.endObject();
        if (!first) {
          newline(sb, level, 0);
        }
        sb.append('}');
        break;
      }
      case BEGIN_ARRAY: {
        r.beginArray();
        sb.append('[');
        boolean first = true;
        while (r.hasNext()) {
          sb.append(first ? "" : ",");
          first = false;
          newline(sb, level, 1);
          value(r, sb, level < 0 ? -1 : level + 1, rejectDuplicates);
        }
        r.endArray();
        if (!first) {
          newline(sb, level, 0);
        }
        sb.append(']');
        break;
      }
      case STRING:
        sb.append(JsonText.quote(r.nextString()));
        break;
      case NUMBER:
        sb.append(r.nextString());
        break;
      case BOOLEAN:
        sb.append(r.nextBoolean());
        break;
      case NULL:
        r.nextNull();
        sb.append("null");
        break;
      default:
        throw new IOException("unexpected " + t);
    }
  }

  private static void newline(StringBuilder sb, int level, int extra) {
    if (level < 0) {
      return;
    }
    sb.append('\n');
    for (int i = 0; i < level + extra; i++) {
      sb.append("  ");
    }
  }
}
