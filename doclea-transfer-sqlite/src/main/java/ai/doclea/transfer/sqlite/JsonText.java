package ai.doclea.transfer.sqlite;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import ai.doclea.transfer.spi.JavaScriptJson;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON text Doclea keeps in its TEXT columns: string arrays ({@code tags}, {@code
 * related_files}, {@code experts}) and the pending memory's {@code memory_data}. Arrays are written
 * exactly as JavaScript's {@code JSON.stringify} writes them (compact, only quotes, backslashes and
 * control characters escaped, lone surrogates as {@code \\uXXXX}), so a restored row is the row
 * Doclea would have written.
 */
final class JsonText {
  /** Where Gson says a syntax error is: {@code " at line L column C path P"}. */
  private static final Pattern LOCATION =
      Pattern.compile(" at line (-?\\d+) column (-?\\d+) path (\\S*)");

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
    return parseStringArray(text, null);
  }

  /**
   * As {@link #parseStringArray(String)}, telling whether an element was a number or a boolean.
   *
   * @param text the column's text, may be null
   * @param scalars when not null, its first element is set to true if an element was a number
   *     or a boolean (read as its text), and left alone otherwise
   * @return the strings
   * @throws BadJsonException when the text is not a JSON array of scalars
   */
  static List<String> parseStringArray(String text, boolean[] scalars) throws BadJsonException {
    if (text == null) {
      return List.of();
    }
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new BadJsonException("is not valid JSON: " + syntaxError(e.getMessage()) + " in "
          + abbreviate(text), e);
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
      if (scalars != null && !element.getAsJsonPrimitive().isString()) {
        scalars[0] = true;
      }
      values.add(element.getAsString());
    }
    return values;
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
      throw new BadJsonException("is not valid JSON: " + syntaxError(e.getMessage()) + " in "
          + abbreviate(memoryData), e);
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

  /**
   * Gson's message about malformed JSON in words for the user of the file: what is wrong and
   * where (line, column, JSON path), without Gson's advice to programmers (read leniently) and its
   * link to Gson's troubleshooting page.
   *
   * @param gsonMessage the message of Gson's exception, may be null
   * @return for example {@code "unterminated string at line 1 column 7 (JSON path $[0])"}; the
   *     caller says that the text is not valid JSON
   */
  static String syntaxError(String gsonMessage) {
    if (gsonMessage == null) {
      return "malformed JSON";
    }
    // Gson wraps a reader's exception with its class name: "java.io.EOFException: End of input"
    String m = gsonMessage.replaceFirst("^(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
    int see = m.indexOf("\nSee https://");
    if (see >= 0) {
      m = m.substring(0, see);
    }
    String where = "";
    Matcher at = LOCATION.matcher(m);
    if (at.find()) {
      where = " at line " + at.group(1) + " column " + at.group(2) + " (JSON path " + at.group(3)
          + ")";
      m = m.substring(0, at.start());
    }
    if (m.contains("setStrictness") || m.contains("setLenient") || m.contains("LENIENT")) {
      m = "unexpected text (for example an unquoted word, a single-quoted string, a comment, or"
          + " text after the value)";
    } else if (!m.isEmpty()) {
      m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
    return m.strip() + where;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
