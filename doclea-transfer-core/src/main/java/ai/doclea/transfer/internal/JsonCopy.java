package ai.doclea.transfer.internal;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/** Copies one JSON value token by token, keeping key order, nulls and number literals. */
final class JsonCopy {
  private JsonCopy() {}

  static void copyValue(JsonReader r, JsonWriter w) throws IOException {
    int depth = 0;
    do {
      JsonToken t = r.peek();
      switch (t) {
        case BEGIN_OBJECT:
          r.beginObject();
          w.beginObject();
          depth++;
          break;
        case END_OBJECT:
          r.endObject();
          w.endObject();
          depth--;
          break;
        case BEGIN_ARRAY:
          r.beginArray();
          w.beginArray();
          depth++;
          break;
        case END_ARRAY:
          r.endArray();
          w.endArray();
          depth--;
          break;
        case NAME:
          String name = r.nextName();
          if (hasLoneSurrogate(name)) {
            throw new IOException("object key with a lone surrogate: " + JsonText.quote(name));
          }
          w.name(name);
          break;
        case STRING:
          JsonText.string(w, r.nextString());
          break;
        case NUMBER:
          w.jsonValue(r.nextString());
          break;
        case BOOLEAN:
          w.value(r.nextBoolean());
          break;
        case NULL:
          r.nextNull();
          w.nullValue();
          break;
        default:
          throw new IOException("unexpected " + t);
      }
    } while (depth > 0);
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
