package ai.doclea.transfer.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes JSON in the layout of {@code JSON.stringify(value, null, 2)} straight into a {@link
 * Utf8Writer}'s byte buffer: every element of a non-empty object or array on its own line,
 * indented two spaces per level, {@code "name": value}, {@code []} and {@code {}} for empty
 * containers, no trailing newline. Names are encoded once and kept (they are the format's fixed
 * keys); strings are escaped by {@link Utf8Writer#writeJsonString}. Not thread-safe; the caller
 * keeps the calls well-formed.
 */
final class JsonBytesWriter {
  private static final int MAX_DEPTH = 64;
  private static final byte[] INDENT = newLine(MAX_DEPTH);
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final int MAX_CACHED_NAMES = 256;

  private final Utf8Writer out;
  private final boolean[] nonEmpty = new boolean[MAX_DEPTH + 1];
  private final Map<String, byte[]> names = new HashMap<>();
  private int depth;
  private boolean afterName;
  /** The text of recently written numbers, direct-mapped by their bits (see {@link #number}). */
  private final long[] numberBits = new long[NUMBER_SLOTS];
  private final byte[][] numberText = new byte[NUMBER_SLOTS][];
  private static final int NUMBER_SLOTS = 256;

  JsonBytesWriter(Utf8Writer out) {
    this.out = out;
  }

  /**
   * A writer that starts inside containers, {@code depth} levels deep (for rendering the elements
   * of a section's array apart from the file, see {@link #rawElements}).
   */
  JsonBytesWriter(Utf8Writer out, int depth) {
    this.out = out;
    this.depth = depth;
  }

  /**
   * A new line and the indentation of {@code depth}, as this writer writes them before an element.
   *
   * @return a new array
   */
  static byte[] newLine(int depth) {
    byte[] b = new byte[1 + 2 * depth];
    java.util.Arrays.fill(b, (byte) ' ');
    b[0] = '\n';
    return b;
  }

  /**
   * The text of a boolean.
   *
   * @return the shared bytes of {@code true} or {@code false}, never to be changed
   */
  static byte[] literal(boolean v) {
    return v ? TRUE : FALSE;
  }

  /**
   * The text of null.
   *
   * @return the shared bytes of {@code null}, never to be changed
   */
  static byte[] nullLiteral() {
    return NULL;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  JsonBytesWriter beginObject() throws IOException {
    open('{');
    return this;
  }

  JsonBytesWriter endObject() throws IOException {
    close('}');
    return this;
  }

  JsonBytesWriter beginArray() throws IOException {
    open('[');
    return this;
  }

  JsonBytesWriter endArray() throws IOException {
    close(']');
    return this;
  }

  /** Writes a member name and the separator {@code ": "}; a value must follow. */
  JsonBytesWriter name(String name) throws IOException {
    element();
    byte[] encoded = names.get(name);
    if (encoded == null) {
      encoded = encodeName(name);
      if (names.size() < MAX_CACHED_NAMES) {
        names.put(name, encoded);
      }
    }
    out.putBytes(encoded, 0, encoded.length);
    afterName = true;
    return this;
  }

  /** Writes a member name encoded by {@link #encodeName}; a value must follow. */
  JsonBytesWriter name(byte[] encoded) throws IOException {
    element();
    out.putBytes(encoded, 0, encoded.length);
    afterName = true;
    return this;
  }

  /** A member name as {@link #name(String)} writes it: quoted, then {@code ": "}. */
  static byte[] encodeName(String name) {
    return (JsonText.quote(name) + ": ").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a string value, escaped as {@code JSON.stringify} does. */
  JsonBytesWriter value(String s) throws IOException {
    beforeValue();
    out.writeJsonString(s);
    return this;
  }

  /**
   * Writes a string value given as a store's UTF-8 bytes: the same output as {@link
   * #value(String)} of {@code new String(utf8, UTF_8)}.
   */
  JsonBytesWriter utf8Value(byte[] utf8) throws IOException {
    beforeValue();
    out.writeJsonUtf8(utf8);
    return this;
  }

  /**
   * Writes a finite double as JavaScript prints it ({@link JsonText#number}). Formatting the
   * shortest round-tripping decimal exactly costs microseconds per number; a store holds few
   * distinct values (importance, weight, confidence), so the text of recent ones is kept.
   */
  JsonBytesWriter number(double v) throws IOException {
    beforeValue();
    byte[] text = numberText(v);
    out.putBytes(text, 0, text.length);
    return this;
  }

  /** A finite double's text as {@link #number} writes it, from the cache of recent ones. */
  byte[] numberText(double v) {
    long bits = Double.doubleToRawLongBits(v);
    int slot = (int) ((bits ^ (bits >>> 29) ^ (bits >>> 47)) & (NUMBER_SLOTS - 1));
    byte[] text = numberText[slot];
    if (text == null || numberBits[slot] != bits) {
      text = JsonText.number(v).getBytes(StandardCharsets.US_ASCII);
      numberText[slot] = text;
      numberBits[slot] = bits;
    }
    return text;
  }

  JsonBytesWriter value(long v) throws IOException {
    beforeValue();
    out.putLong(v);
    return this;
  }

  JsonBytesWriter value(boolean v) throws IOException {
    beforeValue();
    byte[] b = literal(v);
    out.putBytes(b, 0, b.length);
    return this;
  }

  JsonBytesWriter nullValue() throws IOException {
    beforeValue();
    out.putBytes(NULL, 0, NULL.length);
    return this;
  }

  /** Writes a value given as JSON text (a number's text, or indented JSON from JsonCopy). */
  JsonBytesWriter rawValue(String json) throws IOException {
    beforeValue();
    out.write(json);
    return this;
  }

  /** Writes a value given as JSON bytes, already in the file's form. */
  JsonBytesWriter rawValue(byte[] b, int off, int len) throws IOException {
    beforeValue();
    out.putBytes(b, off, len);
    return this;
  }

  /**
   * Writes elements of the current array rendered by a writer made with {@link
   * #JsonBytesWriter(Utf8Writer, int)} at this depth, which began at this array's start and has
   * written everything before them: the bytes carry their own commas and indentation.
   */
  void rawElements(byte[] b, int off, int len) throws IOException {
    if (len > 0) {
      nonEmpty[depth] = true;
      out.putBytes(b, off, len);
    }
  }

  /**
   * Starts an element of the current array that the caller writes whole into room made here (see
   * {@link JsonRows.Renderer}): makes room for {@code n} bytes after the element's comma, new line
   * and indentation, and writes those. The caller then writes with {@link #putReserved} exactly
   * the text {@link #beginObject} and the calls after it up to the matching {@link #endObject}
   * would write, nested one level below the current depth, at most {@code n} bytes.
   *
   * @return false, having written nothing, when {@code n} is more than the buffer holds
   */
  boolean beginReservedElement(long n) throws IOException {
    if (afterName || depth == 0 || !out.reserve(n + 2 + 2L * depth)) {
      return false;
    }
    element();
    return true;
  }

  /** Writes bytes into room made by {@link #beginReservedElement}. */
  void putReserved(byte[] b, int off, int len) {
    out.putReserved(b, off, len);
  }

  /** Writes a byte into room made by {@link #beginReservedElement}. */
  void putReserved(byte b) {
    out.putReserved(b);
  }

  /** The nesting depth: 0 at the top, 1 inside one container, and so on. */
  int depth() {
    return depth;
  }

  /** Bytes written but not yet drained into the stream beneath. */
  int buffered() {
    return out.buffered();
  }

  /** Drains the buffer into the stream beneath and flushes it. */
  void flush() throws IOException {
    out.flush();
  }

  private void open(char bracket) throws IOException {
    beforeValue();
    out.putByte(bracket);
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH + " levels");
    }
    depth++;
    nonEmpty[depth] = false;
  }

  private void close(char bracket) throws IOException {
    boolean hadElements = nonEmpty[depth];
    depth--;
    if (hadElements) {
      out.putBytes(INDENT, 0, 1 + 2 * depth);
    }
    out.putByte(bracket);
  }

  /** Before a value: nothing after a name; otherwise a new element of the enclosing array. */
  private void beforeValue() throws IOException {
    if (afterName) {
      afterName = false;
    } else if (depth > 0) {
      element();
    }
  }

  /** Starts an element of the current container: a comma after the first, a new line, indent. */
  private void element() throws IOException {
    if (nonEmpty[depth]) {
      out.putByte(',');
    }
    nonEmpty[depth] = true;
    out.putBytes(INDENT, 0, 1 + 2 * depth);
  }
}
