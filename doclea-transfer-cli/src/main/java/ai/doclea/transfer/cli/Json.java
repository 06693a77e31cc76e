package ai.doclea.transfer.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Small helpers to build the one-line JSON objects the tool prints on standard output. */
final class Json {
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private Json() {}

  /**
   * The result of a command that failed before it had a result of its own.
   *
   * @param message the reason
   * @param usageError whether the command line was wrong
   * @return {@code {"success":false,"error":message[,"usageError":true]}}
   */
  static String failure(String message, boolean usageError) {
    JsonObject o = new JsonObject();
    o.addProperty("success", false);
    o.addProperty("error", message);
    if (usageError) {
      o.addProperty("usageError", true);
    }
    return write(o);
  }

  /**
   * Parses a result object's JSON text, to nest it in a larger object.
   *
   * @param json the text of one JSON value
   * @return the value
   */
  static JsonElement parse(String json) {
    return JsonParser.parseString(json);
  }

  /**
   * Writes a value as one line of JSON, non-ASCII characters raw.
   *
   * @param value the value
   * @return the text
   */
  static String write(JsonElement value) {
    return GSON.toJson(value);
  }
}
