package ai.doclea.transfer.postgresql;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import ai.doclea.transfer.spi.JavaScriptJson;
import java.util.List;

/**
 * The JSON text Doclea keeps in its TEXT columns: string arrays ({@code tags}, {@code
 * related_files}, {@code experts}) and the pending memory's {@code memory_data}. Arrays are written
 * exactly as JavaScript's {@code JSON.stringify} writes them (compact, only quotes, backslashes and
 * control characters escaped, lone surrogates as {@code \\uXXXX}), so a restored row is the row
 * Doclea would have written.
 */
final class JsonText {
  private JsonText() {}

  /** Why a JSON text could not be used. */
  static final class BadJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    BadJsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Writes a string array as {@code JSON.stringify} does.
   *
   * @param values the strings, no nulls
   * @return for example {@code ["a","b"]}
   */
  static String stringArray(List<String> values) {
    return JavaScriptJson.stringArray(values);
  }

  /**
   * Reads a string array. SQL NULL reads as an empty list, as Doclea's column default {@code '[]'}
   * would; scalar elements (numbers, booleans) read as their text.
   *
   * @param text the column's text, may be null
   * @return the strings
   * @throws BadJsonException when the text is not a JSON array of scalars
   */
  static List<String> parseStringArray(String text) throws BadJsonException {
    if (text == null) {
      return List.of();
    }
    List<String> plain = plainStringArray(text);
    if (plain != null) {
      return plain;
    }
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new BadJsonException("is not valid JSON: " + e.getMessage(), e);
    }
    if (!parsed.isJsonArray()) {
      throw new BadJsonException("is not a JSON array: " + abbreviate(text), null);
    }
    JsonArray array = parsed.getAsJsonArray();
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonElement element = array.get(i);
      if (!element.isJsonPrimitive()) {
        throw new BadJsonException(
            "element " + i + " is not a string but " + element + ": " + abbreviate(text), null);
      }
      values.add(element.getAsString());
    }
    return values;
  }

  /**
   * Reads the common case without a JSON parser: a compact array of strings without escapes
   * ({@code ["a","b"]}, as {@code JSON.stringify} writes strings without quotes, backslashes and
   * control characters), whose elements are their text between the quotes.
   *
   * @return the strings, or null when the text is anything else (the JSON parser decides then)
   */
  private static List<String> plainStringArray(String text) {
    int n = text.length();
    if (n < 2 || text.charAt(0) != '[' || text.charAt(n - 1) != ']') {
      return null;
    }
    List<String> values = new ArrayList<>();
    if (n == 2) {
      return values;
    }
    for (int i = 1; ; i++) {
      if (text.charAt(i) != '"') {
        return null;
      }
      int start = ++i;
      while (i < n && text.charAt(i) != '"') {
        char c = text.charAt(i);
        if (c == '\\' || c < 0x20) {
          return null;
        }
        i++;
      }
      if (i >= n - 1) {
        return null;
      }
      values.add(text.substring(start, i));
      char next = text.charAt(++i);
      if (next == ']') {
        return i == n - 1 ? values : null;
      }
      if (next != ',' || i + 1 >= n) {
        return null;
      }
    }
  }

  /**
   * The value Doclea keeps in {@code pending_memories.qdrant_id}: the {@code qdrantId} of the
   * memory data, or the empty string when it has none (the column is NOT NULL).
   *
   * @param memoryData the memory data JSON object text
   * @return the vector-store id, never null
   * @throws BadJsonException when the text is not a JSON object
   */
  static String qdrantIdOf(String memoryData) throws BadJsonException {
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(memoryData);
    } catch (JsonParseException e) {
      throw new BadJsonException("is not valid JSON: " + e.getMessage(), e);
    }
    if (!parsed.isJsonObject()) {
      throw new BadJsonException("is not a JSON object", null);
    }
    JsonObject object = parsed.getAsJsonObject();
    JsonElement id = object.get("qdrantId");
    if (id == null || id.isJsonNull()) {
      return "";
    }
    if (id instanceof JsonPrimitive) {
      return id.getAsString();
    }
    return id.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
