package ai.doclea.transfer.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields a memory filter looks at ({@code id}, {@code type}, {@code importance}, {@code
 * tags}, {@code relatedFiles}) from a pending memory's {@code memoryData}, a JSON object (RFC
 * 8259). The whole text is checked; values of other keys are skipped without being kept, with an
 * explicit stack, so that deep nesting cannot overflow the thread's stack. A key given twice
 * counts with its last value.
 */
final class PendingFields {
  String id;
  String type;
  /** The importance's number text, or null when absent or not a number. */
  String importance;
  List<String> tags = List.of();
  List<String> relatedFiles = List.of();

  private final String s;
  private int pos;

  private PendingFields(String s) {
    this.s = s;
  }

  /**
   * Parses a JSON object.
   *
   * @param json the text
   * @return the fields
   * @throws IllegalArgumentException naming the offset of the first problem, when the text is not
   *     one JSON value, or {@link IllegalStateException} when it is one but not an object
   */
  static PendingFields parse(String json) {
    PendingFields p = new PendingFields(json);
    p.space();
    if (p.pos == json.length()) {
      throw new IllegalStateException("empty");
    }
    if (p.pos < json.length() && json.charAt(p.pos) != '{') {
      p.skipValue();
      p.space();
      if (p.pos < json.length()) {
        throw p.error("more than one value");
      }
      throw new IllegalStateException("not an object");
    }
    p.topObject();
    p.space();
    if (p.pos < json.length()) {
      throw p.error("text after the object");
    }
    return p;
  }

  private void topObject() {
    expect('{');
    space();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      space();
      String key = string();
      space();
      expect(':');
      space();
      switch (key) {
        case "id" -> id = primitive();
        case "type" -> type = primitive();
        case "importance" -> importance = number();
        case "tags" -> tags = strings();
        case "relatedFiles" -> relatedFiles = strings();
        default -> skipValue();
      }
      space();
      char c = next();
      if (c == '}') {
        return;
      }
      if (c != ',') {
        throw error("',' or '}' expected");
      }
    }
  }

  /** A string, number or boolean as text (as Gson's {@code getAsString}); null otherwise. */
  private String primitive() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    int start = pos;
    skipValue();
    String text = s.substring(start, pos);
    return c == '{' || c == '[' || text.equals("null") ? null : text;
  }

  private String number() {
    char c = peek();
    int start = pos;
    skipValue();
    return c == '-' || (c >= '0' && c <= '9') ? s.substring(start, pos) : null;
  }

  /** The primitive elements of an array, as text; empty when the value is not an array. */
  private List<String> strings() {
    if (peek() != '[') {
      skipValue();
      return List.of();
    }
    pos++;
    List<String> out = new ArrayList<>();
    space();
    if (peek() == ']') {
      pos++;
      return out;
    }
    while (true) {
      space();
      String v = primitive();
      if (v != null) {
        out.add(v);
      }
      space();
      char c = next();
      if (c == ']') {
        return out;
      }
      if (c != ',') {
        throw error("',' or ']' expected");
      }
    }
  }

  /** Skips one value of any kind, checking it, without recursion. */
  private void skipValue() {
    StringBuilder stack = new StringBuilder();
    while (true) {
      space();
      char c = peek();
      if (c == '{' || c == '[') {
        pos++;
        stack.append(c);
        space();
        char close = c == '{' ? '}' : ']';
        if (peek() == close) {
          pos++;
          stack.setLength(stack.length() - 1);
        } else {
          if (c == '{') {
            memberName();
          }
          continue;
        }
      } else if (c == '"') {
        string();
      } else {
        literal();
      }
      // after a complete value: close containers or go on with the next element
      while (true) {
        if (stack.length() == 0) {
          return;
        }
        space();
        char open = stack.charAt(stack.length() - 1);
        char n = next();
        if (n == ',') {
          if (open == '{') {
            space();
            memberName();
          }
          break;
        }
        if (n == (open == '{' ? '}' : ']')) {
          stack.setLength(stack.length() - 1);
          continue;
        }
        throw error(open == '{' ? "',' or '}' expected" : "',' or ']' expected");
      }
    }
  }

  private void memberName() {
    space();
    string();
    space();
    expect(':');
  }

  private void literal() {
    int start = pos;
    for (String word : new String[] {"true", "false", "null"}) {
      if (s.startsWith(word, pos)) {
        pos += word.length();
        return;
      }
    }
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (digits() == 0) {
      pos = start;
      throw error("a value expected");
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      if (digits() == 0) {
        throw error("digits expected after '.'");
      }
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      if (digits() == 0) {
        throw error("digits expected in the exponent");
      }
    }
  }

  private int digits() {
    int start = pos;
    while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException x) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private void space() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw error("'" + c + "' expected");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + pos);
  }
}
