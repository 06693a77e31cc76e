package ai.doclea.transfer.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Small helpers to build the one-line JSON objects the tool prints on standard output. */
final class Json {
  /** Made on first use: building Gson loads about a hundred classes a short command never uses. */
  private static final class Writer {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  }

  /** How every successful result of {@link ai.doclea.transfer.internal.Results} begins. */
  private static final String SUCCEEDED = "{\"success\":true,";

  private Json() {}

  /**
   * The result of a command that failed before it had a result of its own.
   *
   * @param message the reason
   * @param usageError whether the command line was wrong
   * @return {@code {"success":false,"error":message,"errors":[message][,"usageError":true]}}
   */
  static String failure(String message, boolean usageError) {
    JsonObject o = new JsonObject();
    o.addProperty("success", false);
    o.addProperty("error", message);
    if (usageError) {
      o.addProperty("usageError", true);
    }
    return write(withErrorShape(o));
  }

  /**
   * Gives a failed command's result the one error shape every command shares: {@code error}, one
   * string saying why (the first of {@code errors} when the result had only those), and {@code
   * errors}, every reason (just {@code error} when the result had only that). A successful result
   * (or one that is not a failure object) is returned as it is.
   *
   * @param json a command's one-line result
   * @return the result with both fields when it is a failure
   */
  static String withErrorShape(String json) {
    if (json.startsWith(SUCCEEDED)) {
      return json; // not a failure: spares parsing it (and loading the parser) at every command
    }
    JsonElement e;
    try {
      e = JsonParser.parseString(json);
    } catch (RuntimeException notJson) {
      return json;
    }
    if (!isFailure(e)) {
      return json;
    }
    JsonObject o = e.getAsJsonObject();
    boolean hasError = o.has("error") && o.get("error").isJsonPrimitive();
    boolean hasErrors = o.has("errors") && o.get("errors").isJsonArray();
    if (hasError && hasErrors && !o.getAsJsonArray("errors").isEmpty()) {
      return json;
    }
    return write(withErrorShape(o));
  }

  private static boolean isFailure(JsonElement e) {
    if (!e.isJsonObject()) {
      return false;
    }
    JsonObject o = e.getAsJsonObject();
    JsonElement success = o.get("success");
    JsonElement valid = o.get("valid");
    return success != null && success.isJsonPrimitive() && !success.getAsBoolean()
        || success == null && valid != null && valid.isJsonPrimitive() && !valid.getAsBoolean();
  }

  private static JsonObject withErrorShape(JsonObject o) {
    JsonArray errors = o.has("errors") && o.get("errors").isJsonArray()
        ? o.getAsJsonArray("errors") : new JsonArray();
    String error = o.has("error") && o.get("error").isJsonPrimitive()
        ? o.get("error").getAsString()
        : !errors.isEmpty() && errors.get(0).isJsonPrimitive() ? errors.get(0).getAsString()
        : "failed";
    if (errors.isEmpty()) {
      errors.add(error);
    }
    o.addProperty("error", error);
    o.add("errors", errors);
    return o;
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
    return Writer.GSON.toJson(value);
  }
}
