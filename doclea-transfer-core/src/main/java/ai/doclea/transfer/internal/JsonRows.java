package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.RecordKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes records from rows a store rendered as JSON arrays ({@link
 * ai.doclea.transfer.spi.JsonRowCursor}): the keys, key order and omission rules of {@link
 * RecordWriter}, the values copied from the row's bytes. A row is checked whole before anything
 * is written, and accepted only when every value is exactly what {@link RecordWriter} would write
 * for the record the row stands for: strings well-formed UTF-8 with only {@code JSON.stringify}'s
 * escapes, integers, flags 0 or 1, arrays of such strings, real numbers (given apart, exactly) in
 * the record's range, which are then written as JavaScript prints them, and JSON objects (given
 * apart as their text) in strict JSON with such strings, laid out as {@link JsonRelayout} says.
 * Anything else is refused, and the caller writes the row as a record instead.
 */
final class JsonRows {
  /** How a field's value is checked and written. */
  enum Type {
    /** A required, non-empty string. */
    ID,
    /** A required string. */
    TEXT,
    /** A string, the key left out when null. */
    TEXT_OMIT,
    /** A string or {@code null} (a raw table row's nullable column). */
    TEXT_OR_NULL,
    /** A required integer at least 0. */
    COUNT,
    /** An integer, the key left out when null. */
    LONG_OMIT,
    /** An integer or {@code null}. */
    LONG_OR_NULL,
    /** 0 or 1, written as false or true. */
    FLAG,
    /** A required real number in 0..1. */
    UNIT,
    /** A real number in 0..1, the key left out when null. */
    UNIT_OMIT,
    /** A finite real number at least 0, the key left out when null. */
    NON_NEGATIVE_OMIT,
    /** A required finite real number. */
    FINITE,
    /** An array of strings. */
    STRINGS,
    /** A required integer. */
    LONG,
    /**
     * A JSON object given apart as its text ({@link Apart#jsonText}), laid out as {@link
     * RecordWriter} lays out a pending memory's {@code memoryData} ({@link JsonRelayout}).
     */
    OBJECT
  }

  /** The values a row's array holds apart, {@code 1} standing in their place. */
  interface Apart {
    /**
     * The exact value of a real-number field.
     *
     * @param field the field's index
     * @return the value
     */
    double real(int field);

    /**
     * The UTF-8 text of a JSON-object field ({@link Type#OBJECT}).
     *
     * @param field the field's index
     * @return the text, or null when there is none
     */
    byte[] jsonText(int field);
  }

  /** A field: its key in the file and its type. */
  record Field(String key, Type type) {}

  private static final Map<RecordKind, List<Field>> FIELDS = fields();

  private JsonRows() {}

  private static Map<RecordKind, List<Field>> fields() {
    Map<RecordKind, List<Field>> m = new EnumMap<>(RecordKind.class);
    // In RecordWriter's order; the types follow its null rules and the records' checks.
    m.put(RecordKind.MEMORY, List.of(f("id", Type.ID), f("type", Type.TEXT),
        f("title", Type.TEXT), f("content", Type.TEXT), f("summary", Type.TEXT_OMIT),
        f("importance", Type.UNIT), f("tags", Type.STRINGS), f("relatedFiles", Type.STRINGS),
        f("gitCommit", Type.TEXT_OMIT), f("sourcePr", Type.TEXT_OMIT),
        f("experts", Type.STRINGS), f("qdrantId", Type.TEXT_OMIT),
        f("createdAt", Type.LONG_OMIT), f("accessedAt", Type.LONG_OMIT),
        f("accessCount", Type.COUNT), f("needsReview", Type.FLAG),
        f("decayRate", Type.NON_NEGATIVE_OMIT), f("lastRefreshedAt", Type.LONG_OMIT),
        f("confidenceFloor", Type.UNIT_OMIT), f("decayFunction", Type.TEXT_OMIT)));
    m.put(RecordKind.DOCUMENT, List.of(f("id", Type.ID), f("title", Type.TEXT),
        f("content", Type.TEXT), f("contentHash", Type.TEXT_OMIT),
        f("createdAt", Type.LONG_OMIT), f("updatedAt", Type.LONG_OMIT)));
    m.put(RecordKind.CHUNK, List.of(f("id", Type.ID), f("documentId", Type.TEXT),
        f("content", Type.TEXT), f("qdrantId", Type.TEXT_OMIT),
        f("startOffset", Type.LONG_OMIT), f("endOffset", Type.LONG_OMIT)));
    m.put(RecordKind.MEMORY_RELATION, List.of(f("id", Type.ID), f("source_id", Type.TEXT),
        f("target_id", Type.TEXT), f("type", Type.TEXT), f("weight", Type.FINITE),
        f("metadata", Type.TEXT_OR_NULL), f("created_at", Type.LONG_OR_NULL)));
    m.put(RecordKind.CROSS_LAYER_RELATION, List.of(f("id", Type.ID),
        f("memory_id", Type.TEXT), f("code_node_id", Type.TEXT),
        f("relation_type", Type.TEXT), f("direction", Type.TEXT),
        f("confidence", Type.FINITE), f("metadata", Type.TEXT_OR_NULL),
        f("created_at", Type.LONG_OR_NULL)));
    m.put(RecordKind.PENDING_MEMORY, List.of(f("id", Type.ID), f("memoryData", Type.OBJECT),
        f("suggestedAt", Type.LONG), f("source", Type.TEXT), f("reason", Type.TEXT)));
    return m;
  }

  private static Field f(String key, Type type) {
    return new Field(key, type);
  }

  /**
   * The fields of a kind's rows, or null when the kind is not written from rendered rows.
   *
   * @param kind the kind
   * @return the fields, in the file's order
   */
  static List<Field> fieldsOf(RecordKind kind) {
    return FIELDS.get(kind);
  }

  /**
   * The keys of a kind's rows, as {@link ai.doclea.transfer.spi.ReadSnapshot#readJsonRows} asks
   * for them, or null when the kind is not written from rendered rows.
   *
   * @param kind the kind
   * @return the keys
   */
  static List<String> keysOf(RecordKind kind) {
    List<Field> fields = FIELDS.get(kind);
    if (fields == null) {
      return null;
    }
    List<String> keys = new ArrayList<>(fields.size());
    for (Field field : fields) {
      keys.add(field.key());
    }
    return keys;
  }

  /**
   * Checks and writes the rows of one kind. A row is written into room made for it whole ({@link
   * JsonBytesWriter#beginReservedElement}), with the separators, new lines and indentation before
   * each key prepared once per depth: one copy per key and one per value, no check per write,
   * and little code for the compiler (issue 14). A row larger than the writer's buffer goes
   * through the writer's calls instead. Not thread-safe.
   */
  static final class Renderer {
    // What each field is, by category. The loops switch on these few categories, not on the
    // types, so that a later section with new types but no new category does not send the
    // compiled loops back to the interpreter (each section's first rows would otherwise meet
    // switch cases the compiler had left out as never taken, issue 14).
    private static final byte STRING = 0;
    private static final byte INTEGER = 1;
    private static final byte FLAG = 2;
    private static final byte REAL = 3;
    private static final byte STRINGS = 4;
    private static final byte OBJECT = 5;

    private final byte[] categories;
    /** Per field: whether null is accepted, and whether its key is then left out. */
    private final boolean[] nullable;
    private final boolean[] omittedWhenNull;
    /** Per field: an integer may be negative; a string may not be empty (an id). */
    private final boolean[] signed;
    private final boolean[] nonEmpty;
    /** Per field: the range of a real number (NaN is outside every range). */
    private final double[] lowest;
    private final double[] highest;
    private final byte[][] names;
    /** Per field: where its value starts and ends in the row (end exclusive). */
    private final int[] starts;
    private final int[] ends;
    /** Per field: the value of a real number. */
    private final double[] reals;
    /** Per field: the text of a real number, for the row being written. */
    private final byte[][] numbers;
    /** Per field: the text of a JSON object, for the row being checked. */
    private final byte[][] objects;
    /** Per field: the layout of a JSON object, made for the row being written. */
    private final JsonRelayout[] layouts;
    /** The separators for the depth last written at ({@link #layoutDepth}). */
    private byte[][] prefixes;
    private byte[] elementIndent;
    private byte[] arrayClose;
    private byte[] objectClose;
    private int layoutDepth = -1;

    Renderer(List<Field> fields) {
      int n = fields.size();
      categories = new byte[n];
      nullable = new boolean[n];
      omittedWhenNull = new boolean[n];
      signed = new boolean[n];
      nonEmpty = new boolean[n];
      lowest = new double[n];
      highest = new double[n];
      names = new byte[n][];
      for (int i = 0; i < n; i++) {
        Type t = fields.get(i).type();
        categories[i] = categoryOf(t);
        omittedWhenNull[i] = t == Type.TEXT_OMIT || t == Type.LONG_OMIT || t == Type.UNIT_OMIT
            || t == Type.NON_NEGATIVE_OMIT;
        nullable[i] = omittedWhenNull[i] || t == Type.TEXT_OR_NULL || t == Type.LONG_OR_NULL;
        signed[i] = t != Type.COUNT;
        nonEmpty[i] = t == Type.ID;
        lowest[i] = t == Type.FINITE ? -Double.MAX_VALUE : 0.0;
        highest[i] = t == Type.UNIT || t == Type.UNIT_OMIT ? 1.0 : Double.MAX_VALUE;
        names[i] = JsonBytesWriter.encodeName(fields.get(i).key());
      }
      if (n == 0 || fields.get(0).type() != Type.ID) {
        // The first key is always written, so every later one is preceded by a comma.
        throw new IllegalArgumentException("a row's first field must be its id");
      }
      starts = new int[n];
      ends = new int[n];
      reals = new double[n];
      numbers = new byte[n][];
      objects = new byte[n][];
      layouts = new JsonRelayout[n];
      for (int i = 0; i < n; i++) {
        if (categories[i] == OBJECT) {
          layouts[i] = new JsonRelayout();
        }
      }
    }

    private static byte categoryOf(Type t) {
      switch (t) {
        case ID: case TEXT: case TEXT_OMIT: case TEXT_OR_NULL:
          return STRING;
        case COUNT: case LONG_OMIT: case LONG_OR_NULL: case LONG:
          return INTEGER;
        case FLAG:
          return FLAG;
        case STRINGS:
          return STRINGS;
        case OBJECT:
          return OBJECT;
        default:
          return REAL;
      }
    }

    /**
     * Writes a row as a record object, an element of the array {@code w} is in, when the row is
     * accepted; otherwise writes nothing. The row is the first {@code length} bytes of {@code row}
     * (a buffer reused from row to row: nothing after them is read).
     *
     * @param w the writer, inside a section's array
     * @param row the array holding the row's JSON array
     * @param length the row's length
     * @param apart the values the row holds apart (real numbers, JSON objects), by field index
     * @return whether the row was accepted and written
     */
    boolean render(JsonBytesWriter w, byte[] row, int length, Apart apart) throws IOException {
      if (!check(row, length, apart)) {
        return false;
      }
      prepare(w.depth());
      // A long: a hostile row's arrays of tiny strings could make an int bound wrap around.
      long size = 1 + objectClose.length;
      for (int i = 0; i < categories.length; i++) {
        int s = starts[i];
        int e = ends[i];
        size += prefixes[i].length;
        switch (categories[i]) {
          case FLAG:
            size += 5;
            break;
          case REAL:
            if (row[s] != 'n') {
              numbers[i] = w.numberText(reals[i]);
              size += numbers[i].length;
            }
            break;
          case STRINGS:
            size += e - s + arrayClose.length
                + (long) count(row, s, e) * (1 + elementIndent.length);
            break;
          case OBJECT:
            // Laid out here, where the depth is known; refused with nothing written yet.
            if (!layouts[i].layout(objects[i], layoutDepth + 1)) {
              return false;
            }
            size += layouts[i].length();
            break;
          default:
            size += e - s;
        }
      }
      if (!w.beginReservedElement(size)) {
        writeThroughCalls(w, row);
        return true;
      }
      w.putReserved((byte) '{');
      for (int i = 0; i < categories.length; i++) {
        int s = starts[i];
        int e = ends[i];
        if (omitted(i, row)) {
          continue;
        }
        byte[] prefix = prefixes[i];
        w.putReserved(prefix, 0, prefix.length);
        switch (categories[i]) {
          case FLAG: {
            byte[] flag = JsonBytesWriter.literal(row[s] == '1');
            w.putReserved(flag, 0, flag.length);
            break;
          }
          case REAL:
            w.putReserved(numbers[i], 0, numbers[i].length);
            break;
          case STRINGS:
            writeStrings(w, row, s, e);
            break;
          case OBJECT:
            w.putReserved(layouts[i].bytes(), 0, layouts[i].length());
            break;
          default:
            w.putReserved(row, s, e - s);
        }
      }
      w.putReserved(objectClose, 0, objectClose.length);
      return true;
    }

    /** Whether field {@code i} of a checked row is null and its key left out of the record. */
    private boolean omitted(int i, byte[] row) {
      return omittedWhenNull[i] && row[starts[i]] == 'n';
    }

    /** A non-empty array's elements one per line, indented one level below its key. */
    private void writeStrings(JsonBytesWriter w, byte[] row, int s, int e) {
      if (e - s == 2) {
        w.putReserved(row, s, 2); // []
        return;
      }
      w.putReserved((byte) '[');
      for (int j = s + 1; j < e - 1; ) {
        if (j > s + 1) {
          w.putReserved((byte) ',');
        }
        int end = stringEnd(row, j);
        w.putReserved(elementIndent, 0, elementIndent.length);
        w.putReserved(row, j, end - j);
        j = end + 1; // past the comma
      }
      w.putReserved(arrayClose, 0, arrayClose.length);
    }

    /**
     * The separators of an object written as an element of an array at {@code depth}. Made on
     * the first row at a depth; a caller that knows the depth calls it before the rows, so that
     * the compiled row loop never meets a new renderer's first row (issue 14).
     *
     * @param depth the writer's depth
     */
    void prepare(int depth) {
      if (depth == layoutDepth) {
        return;
      }
      byte[] fieldIndent = JsonBytesWriter.newLine(depth + 1);
      prefixes = new byte[categories.length][];
      for (int i = 0; i < categories.length; i++) {
        int comma = i == 0 ? 0 : 1;
        byte[] prefix = new byte[comma + fieldIndent.length + names[i].length];
        prefix[0] = ',';
        System.arraycopy(fieldIndent, 0, prefix, comma, fieldIndent.length);
        System.arraycopy(names[i], 0, prefix, comma + fieldIndent.length, names[i].length);
        prefixes[i] = prefix;
      }
      elementIndent = JsonBytesWriter.newLine(depth + 2);
      arrayClose = java.util.Arrays.copyOf(fieldIndent, fieldIndent.length + 1);
      arrayClose[fieldIndent.length] = ']';
      byte[] objectIndent = JsonBytesWriter.newLine(depth);
      objectClose = java.util.Arrays.copyOf(objectIndent, objectIndent.length + 1);
      objectClose[objectIndent.length] = '}';
      layoutDepth = depth;
    }

    /** A checked row, through the writer's own calls (for a row larger than its buffer). */
    private void writeThroughCalls(JsonBytesWriter w, byte[] row) throws IOException {
      w.beginObject();
      for (int i = 0; i < categories.length; i++) {
        int s = starts[i];
        int e = ends[i];
        if (omitted(i, row)) {
          continue;
        }
        w.name(names[i]);
        switch (categories[i]) {
          case FLAG:
            w.value(row[s] == '1');
            break;
          case REAL:
            w.number(reals[i]);
            break;
          case STRINGS:
            w.beginArray();
            for (int j = s + 1; j < e - 1; ) {
              int end = stringEnd(row, j);
              w.rawValue(row, j, end - j);
              j = end + 1; // past the comma
            }
            w.endArray();
            break;
          case OBJECT:
            w.rawValue(layouts[i].bytes(), 0, layouts[i].length());
            break;
          default:
            w.rawValue(row, s, e - s);
        }
      }
      w.endObject();
    }

    /** Parses and checks the whole row, filling {@link #starts}, {@link #ends}, reals. */
    private boolean check(byte[] row, int n, Apart apart) {
      if (n < 2 || row[0] != '[') {
        return false;
      }
      int i = 1;
      for (int f = 0; f < categories.length; f++) {
        if (f > 0) {
          if (i >= n || row[i] != ',') {
            return false;
          }
          i++;
        }
        if (i >= n) {
          return false;
        }
        starts[f] = i;
        boolean isNull = row[i] == 'n';
        if (isNull) {
          if (!nullable[f] || !isNullAt(row, i, n)) {
            return false;
          }
          i += 4;
          ends[f] = i;
          continue;
        }
        switch (categories[f]) {
          case STRING:
            i = scanString(row, i, n);
            if (i < 0 || nonEmpty[f] && i == starts[f] + 2) {
              return false;
            }
            break;
          case INTEGER:
            i = scanInteger(row, i, signed[f], n);
            if (i < 0) {
              return false;
            }
            break;
          case FLAG:
            if (row[i] != '0' && row[i] != '1') {
              return false;
            }
            i++;
            break;
          case STRINGS:
            i = scanStrings(row, i, n);
            if (i < 0) {
              return false;
            }
            break;
          case OBJECT:
            if (row[i] != '1') {
              return false;
            }
            i++;
            objects[f] = apart.jsonText(f);
            if (objects[f] == null) {
              return false;
            }
            break;
          default: {
            if (row[i] != '1') {
              return false;
            }
            i++;
            double value = apart.real(f) + 0.0;
            if (!(value >= lowest[f] && value <= highest[f])) {
              return false; // out of the record's range, infinite or NaN
            }
            reals[f] = value;
          }
        }
        ends[f] = i;
      }
      return i == n - 1 && row[i] == ']';
    }
  }

  /** The number of strings in an accepted array of strings from {@code s} to {@code e}. */
  private static int count(byte[] b, int s, int e) {
    int count = 0;
    for (int j = s + 1; j < e - 1; j = stringEnd(b, j) + 1) {
      count++;
    }
    return count;
  }

  private static boolean isNullAt(byte[] b, int i, int n) {
    return i + 3 < n && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l';
  }

  /**
   * {@code -?[0-9]+} (no sign when not {@code signed}), reading no byte from {@code n} on; the
   * index after it, or -1.
   */
  static int scanInteger(byte[] b, int i, boolean signed, int n) {
    boolean negative = signed && i < n && b[i] == '-';
    if (negative) {
      i++;
    }
    int digits = 0;
    while (i < n && b[i] >= '0' && b[i] <= '9') {
      i++;
      digits++;
    }
    // At most 19 digits: every 64-bit integer, and nothing RecordWriter would print otherwise.
    if (digits == 0 || digits > 19) {
      return -1;
    }
    boolean leadingZero = b[i - digits] == '0' && (digits > 1 || negative);
    return leadingZero ? -1 : i;
  }

  /** A JSON array of accepted strings; the index after it, or -1. */
  private static int scanStrings(byte[] b, int i, int n) {
    if (b[i] != '[') {
      return -1;
    }
    i++;
    if (i < n && b[i] == ']') {
      return i + 1;
    }
    while (true) {
      if (i >= n || b[i] != '"') {
        return -1;
      }
      i = scanString(b, i, n);
      if (i < 0 || i >= n) {
        return -1;
      }
      if (b[i] == ']') {
        return i + 1;
      }
      if (b[i] != ',') {
        return -1;
      }
      i++;
    }
  }

  /** The index just after the closing quote of an accepted string starting at {@code i}. */
  private static int stringEnd(byte[] b, int i) {
    for (i++; ; i++) {
      if (b[i] == '\\') {
        i++;
      } else if (b[i] == '"') {
        return i + 1;
      }
    }
  }

  /**
   * Checks a JSON string literal starting at {@code i} (its opening quote): well-formed UTF-8,
   * no raw control character, and only the escapes {@code JSON.stringify} writes for text that
   * UTF-8 can carry ({@code \" \\ \b \f \n \r \t}, and <code>&#92;u00XX</code> in lower case
   * for the other control characters). Returns the index just after the closing quote, or -1.
   */
  static int scanString(byte[] b, int i) {
    return scanString(b, i, b.length);
  }

  /** As {@link #scanString(byte[], int)}, reading no byte from {@code n} on. */
  static int scanString(byte[] b, int i, int n) {
    if (i >= n || b[i] != '"') {
      return -1;
    }
    i++;
    while (true) {
      // Eight plain ASCII bytes at a time (SWAR), then straight to the byte that stopped the
      // word (the lowest marked byte is exact: Utf8Writer.specials).
      while (i + 8 <= n) {
        long word = (long) Utf8Writer.LONGS.get(b, i);
        long stop = (word & Utf8Writer.HIGHS) | Utf8Writer.specials(word);
        if (stop != 0) {
          i += Long.numberOfTrailingZeros(stop) >>> 3;
          break;
        }
        i += 8;
      }
      if (i >= n) {
        return -1;
      }
      int x = b[i] & 0xff;
      if (x == '"') {
        return i + 1;
      }
      if (x == '\\') {
        if (i + 1 >= n) {
          return -1;
        }
        switch (b[i + 1]) {
          case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
            i += 2;
            continue;
          case 'u':
            if (i + 5 >= n || b[i + 2] != '0' || b[i + 3] != '0' || (b[i + 4] != '0'
                && b[i + 4] != '1')) {
              return -1;
            }
            int low = hex(b[i + 5]);
            int c = (b[i + 4] - '0') * 16 + low;
            if (low < 0 || c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
              return -1;
            }
            i += 6;
            continue;
          default:
            return -1;
        }
      }
      if (x < 0x20) {
        return -1;
      }
      if (x < 0x80) {
        i++;
        continue;
      }
      int length = Utf8Check.sequenceLength(b, i, n);
      if (length == 0) {
        return -1;
      }
      i += length;
    }
  }

  /** A lower-case hex digit's value, or -1. */
  private static int hex(byte c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }
}
