package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Rows a store rendered as JSON arrays ({@link JsonRows}) are written exactly as {@link
 * RecordWriter} writes the records they stand for, when the store renders them as the SPI says
 * (strings escaped as {@code JSON.stringify} escapes them, reals given apart); and any row whose
 * rendering differs from that in the smallest way (another escape of the same character, a raw
 * control character, ill-formed UTF-8, an empty id, a number out of range, a count below 0, a
 * flag of 2, a non-string in a list, a missing value) is refused with nothing written, so that
 * the caller writes the record instead.
 */
class JsonRowsProperties {
  private static final List<String> PIECES = List.of("a", "Z", " ", "\"", "\\", "/", "?",
      "\n", "\t", "\b", "\f", "\r", "\u0000", "\u0001", "\u001f", "\u007f", "é", "日本",
      "\u2028", "\u2029", "🎉", "\uFFFD", "\uFEFF", "0123456789abcdef");

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(PIECES).list().ofMaxSize(12).map(l -> String.join("", l));
  }

  private Arbitrary<String> optionalTexts() {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, texts()),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  private Arbitrary<Long> optionalLongs() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.longs()),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  private Arbitrary<Double> units() {
    return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1),
        Arbitraries.of(0.0, -0.0, 1.0, 0.1, 0.5, 0.30000000000000004, 5e-324, 1e-7));
  }

  @Provide
  Arbitrary<Memory> memories() {
    Arbitrary<String> ids = texts().filter(s -> !s.isEmpty());
    Arbitrary<List<String>> lists = texts().list().ofMaxSize(3);
    Arbitrary<Double> optionalUnits = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, units()), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    return Combinators.combine(ids, texts(), texts(), optionalTexts(), units(), lists, lists,
            optionalLongs()).as((id, type, content, summary, importance, tags, files, created) ->
            new Object[] {id, type, content, summary, importance, tags, files, created})
        .flatMap(a -> Combinators.combine(optionalTexts(), Arbitraries.longs().between(0, 1L << 40),
            Arbitraries.of(true, false), optionalUnits, optionalUnits, optionalLongs())
            .as((commit, count, review, decay, floor, refreshed) -> new Memory((String) a[0],
                (String) a[1], (String) a[1] + "!", (String) a[2], (String) a[3],
                (Double) a[4], list(a[5]), list(a[6]), commit, null, List.of("x"),
                commit, (Long) a[7], refreshed, count, review,
                decay == null ? null : decay * 1e6, refreshed, floor, commit)));
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Object o) {
    return (List<String>) o;
  }

  @Provide
  Arbitrary<MemoryRelation> relations() {
    Arbitrary<Double> weights = Arbitraries.oneOf(Arbitraries.doubles(),
        Arbitraries.of(-0.0, 1e300, -2.5, 123456789.0));
    return Combinators.combine(texts().filter(s -> !s.isEmpty()), texts(), texts(), weights,
        optionalTexts(), optionalLongs()).as((id, source, type, weight, metadata, created) ->
        new MemoryRelation(id, source, source + "2", type, weight, metadata, created));
  }

  @Property(tries = 300)
  void aMemoryRenderedAsTheSpiSaysIsWrittenAsTheRecord(@ForAll("memories") Memory m)
      throws IOException {
    assertArrayEquals(viaRecord(RecordKind.MEMORY, m),
        viaRow(RecordKind.MEMORY, join(row(m)), reals(m)));
  }

  @Property(tries = 200)
  void aRelationRenderedAsTheSpiSaysIsWrittenAsTheRecord(@ForAll("relations") MemoryRelation r)
      throws IOException {
    assertArrayEquals(viaRecord(RecordKind.MEMORY_RELATION, r),
        viaRow(RecordKind.MEMORY_RELATION, join(row(r)), reals(r)));
  }

  /** JSON white space, or none, between tokens. */
  private static final List<String> SPACES = List.of("", "", "", " ", "\n  ", "\t", "\r\n");

  /** Numbers as a store may hold them; the record path copies each literal as it is. */
  private static final List<String> NUMBERS = List.of("0", "-0", "7", "-12", "3.25", "0.5e-3",
      "1e5", "1E+5", "-2.5E-3", "1.50", "123456789012345678901234567890", "9223372036854775807",
      "-9223372036854775808", "9223372036854775808");

  private Arbitrary<String> jsonValues(int depth) {
    Arbitrary<String> scalars = Arbitraries.oneOf(texts().map(JsonText::quote),
        Arbitraries.of(NUMBERS), Arbitraries.of("true", "false", "null"));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<String> inner = jsonValues(depth - 1);
    Arbitrary<String> space = Arbitraries.of(SPACES);
    Arbitrary<String> arrays = Combinators.combine(space, inner, space).as((a, v, b) -> a + v + b)
        .list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
    return Arbitraries.oneOf(scalars, arrays, objects(inner));
  }

  private Arbitrary<String> objects(Arbitrary<String> values) {
    Arbitrary<String> space = Arbitraries.of(SPACES);
    // Keys unique within an object: a repeated key is refused by both paths (an import would
    // refuse the file), see aKeyRepeatedInOneObjectIsRefusedByBothPaths.
    return Combinators.combine(space, texts().map(JsonText::quote), space, space, values, space)
        .as((a, k, b, c, v, d) -> new String[] {k, a + k + b + ":" + c + v + d})
        .list().ofMaxSize(4).uniqueElements(e -> e[0])
        .map(l -> "{" + String.join(",", l.stream().map(e -> e[1]).toList()) + "}");
  }

  /** JSON objects in strict JSON, strings as {@code JSON.stringify} writes them. */
  @Provide
  Arbitrary<String> memoryData() {
    return Combinators.combine(Arbitraries.of(SPACES), objects(jsonValues(3)),
        Arbitraries.of(SPACES)).as((a, o, b) -> a + o + b);
  }

  @Provide
  Arbitrary<PendingMemory> pendingMemories() {
    return Combinators.combine(texts().filter(t -> !t.isEmpty()), memoryData(),
        Arbitraries.longs(), texts(), texts()).as(PendingMemory::new);
  }

  @Property(tries = 300)
  void aPendingMemoryRenderedAsTheSpiSaysIsWrittenAsTheRecord(
      @ForAll("pendingMemories") PendingMemory p) throws IOException {
    assertArrayEquals(viaRecord(RecordKind.PENDING_MEMORY, p),
        viaRow(RecordKind.PENDING_MEMORY, join(row(p)),
            apart(new double[5], p.memoryData().getBytes(StandardCharsets.UTF_8))));
  }

  /** One change to a JSON text: what is put in, at a random place (sometimes nothing). */
  private static final List<String> JSON_CHANGES = List.of("", "", "", "", "", " ", "01", "1.",
      ".5", "+1", "1e", "-",
      "TRUE", "Null", "NaN", "'a'", "a", ",", ":", "}", "]", "{", "[", "\"\\/\"",
      "\"\\u0041\"", "\"\\u001F\"", "\"\u0001\"", "//c\n", "/*c*/", "\ufeff", "\u00a0",
      "\"x", "\\", "1 2", "[1,]", "{\"k\":1,}", "\"k\"", "\f");

  /**
   * Whatever the relayout accepts of a strict JSON object with one change made to it, it lays out
   * exactly as the record path's token-by-token copy does (which must then read it too); a text
   * it refuses takes the record path.
   */
  @Property(tries = 600)
  void anyTextTheRelayoutAcceptsIsLaidOutAsTheRecordPathLaysItOut(
      @ForAll("memoryData") String data, @ForAll("changes") int change,
      @ForAll("fractions") double where) throws IOException {
    int at = (int) (where * data.length());
    // As a store holds it; the record path reads the text decoded from these bytes.
    byte[] bytes = (data.substring(0, at) + JSON_CHANGES.get(change) + data.substring(at))
        .getBytes(StandardCharsets.UTF_8);
    String text = new String(bytes, StandardCharsets.UTF_8);
    JsonRelayout relayout = new JsonRelayout();
    boolean accepted = relayout.layout(bytes, 4);
    // Both outcomes must be common, or the property would check little.
    net.jqwik.api.statistics.Statistics.collect(accepted);
    net.jqwik.api.statistics.Statistics.coverage(c -> {
      c.check(true).percentage(p -> p > 10);
      c.check(false).percentage(p -> p > 10);
    });
    if (accepted) {
      String copied;
      try (com.google.gson.stream.JsonReader r =
          new com.google.gson.stream.JsonReader(new java.io.StringReader(text))) {
        r.setStrictness(com.google.gson.Strictness.STRICT); // as RecordWriter reads it
        copied = JsonCopy.toText(r, 4, true);
        assertEquals(com.google.gson.stream.JsonToken.END_DOCUMENT, r.peek(),
            () -> JsonText.quote(text));
      } catch (com.google.gson.stream.MalformedJsonException e) {
        // The one valid JSON Gson's reader refuses: an integer of 20 digits or more whose
        // running value wraps around to 0 in its overflow check (-9223372036854775808 and one
        // more 0 and digit, say), which it then takes for a leading zero. The record path fails
        // on it; the relayout copies it, as JSON allows.
        assertTrue(LONG_INTEGER.matcher(text).find(), () -> JsonText.quote(text) + ": " + e);
        return;
      }
      assertEquals(copied, new String(relayout.bytes(), 0, relayout.length(),
          StandardCharsets.UTF_8), () -> JsonText.quote(text));
    }
  }

  private static final java.util.regex.Pattern LONG_INTEGER =
      java.util.regex.Pattern.compile("-?[0-9]{20,}");

  @Example
  void anIntegerGsonsReaderRefusesIsCopiedAsJsonAllowsIt() throws IOException {
    String text = "{\"n\":-922337203685477580801}";
    assertThrows(com.google.gson.stream.MalformedJsonException.class, () -> {
      try (com.google.gson.stream.JsonReader r =
          new com.google.gson.stream.JsonReader(new java.io.StringReader(text))) {
        JsonCopy.toText(r, 0);
      }
    });
    JsonRelayout relayout = new JsonRelayout();
    assertTrue(relayout.layout(text.getBytes(StandardCharsets.UTF_8), 0));
    assertEquals("{\n  \"n\": -922337203685477580801\n}", new String(relayout.bytes(), 0,
        relayout.length(), StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<Integer> changes() {
    return Arbitraries.integers().between(0, JSON_CHANGES.size() - 1);
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.doubles().between(0, 1);
  }

  @Example
  void theRelayoutIsJavaScriptsIndentedLayout() {
    JsonRelayout relayout = new JsonRelayout();
    String text = " {\"a\" : [1, {}, [ ], -2.5E-3, \"\\n\"],\n\"b\":{\"d\":null,\"c\":true}} ";
    assertTrue(relayout.layout(text.getBytes(StandardCharsets.UTF_8), 1));
    // JSON.stringify(value, null, 2) nested one level deep; number literals and keys as given.
    assertEquals("{\n    \"a\": [\n      1,\n      {},\n      [],\n      -2.5E-3,\n"
        + "      \"\\n\"\n    ],\n    \"b\": {\n      \"d\": null,\n      \"c\": true\n"
        + "    }\n  }", new String(relayout.bytes(), 0, relayout.length(),
            StandardCharsets.UTF_8));
  }

  /**
   * A layout longer than an array holds is refused (the record path then reports the text);
   * shown with a smaller limit, since a layout of two gigabytes cannot be made in a test. The
   * refusal leaves the relayout usable.
   */
  @Example
  void aLayoutLongerThanTheLimitIsRefusedAndTheRelayoutStaysUsable() {
    byte[] text = ("{\"a\":\"" + "x".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8);
    JsonRelayout exact = new JsonRelayout();
    assertTrue(exact.layout(text, 1));
    int length = exact.length();
    JsonRelayout limited = new JsonRelayout(length - 1);
    assertFalse(limited.layout(text, 1));
    assertTrue(limited.layout("{\"b\":[1,2]}".getBytes(StandardCharsets.UTF_8), 1));
    assertEquals("{\n    \"b\": [\n      1,\n      2\n    ]\n  }",
        new String(limited.bytes(), 0, limited.length(), StandardCharsets.UTF_8));
    JsonRelayout enough = new JsonRelayout(length);
    assertTrue(enough.layout(text, 1));
    assertEquals(new String(exact.bytes(), 0, length, StandardCharsets.UTF_8),
        new String(enough.bytes(), 0, enough.length(), StandardCharsets.UTF_8));
  }

  @Example
  void textsNotInStrictJsonOrWithOtherEscapesAreRefused() {
    String deep = "{\"a\":" + "[".repeat(JsonRelayout.MAX_DEPTH)
        + "]".repeat(JsonRelayout.MAX_DEPTH) + "}";
    String deepEnough = "{\"a\":" + "[".repeat(JsonRelayout.MAX_DEPTH - 1)
        + "]".repeat(JsonRelayout.MAX_DEPTH - 1) + "}";
    JsonRelayout relayout = new JsonRelayout();
    assertTrue(relayout.layout(deepEnough.getBytes(StandardCharsets.UTF_8), 0));
    for (String text : List.of("", " ", "[]", "\"{}\"", "{} {}", "{}x", "{\"a\":01}",
        "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}",
        "{\"a\":TRUE}", "{\"a\":nul}", "{\"a\":NaN}", "{'a':1}", "{a:1}", "{\"a\":1,}",
        "{\"a\" 1}", "{\"a\":1 2}", "{\"a\":[1,]}", "{\"a\":\"\\/\"}",
        "{\"a\":\"\\u0041\"}", "{\"a\":\"\u0001\"}", "\ufeff{}", "{}\u00a0", "/*c*/{}",
        "{\"a\":1", "{\"a\":\"x}", deep)) {
      assertFalse(relayout.layout(text.getBytes(StandardCharsets.UTF_8), 0), text);
    }
    byte[] illFormed = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    assertFalse(relayout.layout(illFormed, 0));
  }

  @Example
  void aPendingRowWithoutItsTextOrWithATextTheRelayoutRefusesIsRefused() throws IOException {
    PendingMemory p = new PendingMemory("p1", "{\"a\":1}", 5, "s", "r");
    for (byte[] text : new byte[][] {null, "{\"a\":01}".getBytes(StandardCharsets.UTF_8)}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), 3);
      assertFalse(render(new JsonRows.Renderer(JsonRows.fieldsOf(RecordKind.PENDING_MEMORY)), w,
          join(row(p)), apart(new double[5], text)));
      w.flush();
      assertEquals(0, out.size());
    }
  }

  @Example
  void theRecordPathRefusesAMemoryDataWithMoreTextAfterTheObject() {
    PendingMemory p = new PendingMemory("p1", "{\"a\":1} {\"b\":2}", 5, "s", "r");
    BackendException e = assertThrows(
        BackendException.class, () -> viaRecord(RecordKind.PENDING_MEMORY, p));
    assertTrue(e.getMessage().contains("pending memory 'p1' cannot be exported: its memoryData is"
        + " not valid JSON: more text follows the object"), e.getMessage());
  }

  /**
   * A key repeated within one object of memoryData, at any depth, is refused by the relayout and
   * by the record path, which names it: the file's reader refuses repeated keys, so writing one
   * would make an export that its own import and verify refuse.
   */
  @Example
  void aKeyRepeatedInOneObjectIsRefusedByBothPaths() {
    JsonRelayout relayout = new JsonRelayout();
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      many.append("\"k").append(i).append("\":").append(i).append(',');
    }
    String manyKeys = many.append("\"k0\":0}").toString(); // past the linear scan's 16 keys
    for (String text : List.of("{\"a\":1,\"a\":1}", "{\"x\":[{\"b\":1,\"c\":2,\"b\":3}]}",
        "{\"\":1,\"\":2}", "{\"\\n\":1,\"\\n\":2}", manyKeys)) {
      assertFalse(relayout.layout(text.getBytes(StandardCharsets.UTF_8), 4), text);
      PendingMemory p = new PendingMemory("p1", text, 5, "s", "r");
      BackendException e = assertThrows(
          BackendException.class, () -> viaRecord(RecordKind.PENDING_MEMORY, p));
      assertTrue(e.getMessage().contains("appears twice in the same object (an import of the"
          + " file would refuse it as ambiguous)"), e.getMessage());
    }
    // The same key in two different objects is no repetition.
    assertTrue(relayout.layout("{\"a\":{\"a\":1},\"b\":{\"a\":2}}"
        .getBytes(StandardCharsets.UTF_8), 4));
  }

  /** Ways to spoil one memory row, each a change the renderer must refuse. */
  private static final List<UnaryOperator<List<String>>> SPOILERS = List.of(
      row -> set(row, 0, "\"\""),                                   // empty id
      row -> set(row, 1, "\"a\\/b\""),                              // an escaped slash
      row -> set(row, 1, "\"\\u0041\""),                            // an escaped letter
      row -> set(row, 1, "\"\\u001F\""),                            // upper-case hex
      row -> set(row, 1, "\"\\u000a\""),                            // not the short form
      row -> set(row, 1, "\"\\u007f\""),                            // DEL is written raw
      row -> set(row, 1, "\"\\ud83c\\udf89\""),                     // an escaped pair
      row -> set(row, 2, "\"a\u0001b\""),                           // a raw control character
      row -> set(row, 2, "\"a\u00ffb\""),                           // marks an ill-formed byte
      row -> set(row, 2, null),                                     // title missing
      row -> set(row, 5, "\"0.5\""),                                // a real's own text
      row -> set(row, 5, "0.5"),
      row -> set(row, 5, "null"),                                   // importance is required
      row -> set(row, 6, "[1]"),                                    // a tag that is no string
      row -> set(row, 6, "[\"a\",]"),
      row -> set(row, 12, "007"),                                   // leading zeros
      row -> set(row, 12, "-0"),
      row -> set(row, 12, "1.5"),
      row -> set(row, 14, "-1"),                                    // accessCount below 0
      row -> set(row, 15, "2"),                                     // a flag of 2
      row -> new ArrayList<>(row.subList(0, row.size() - 1)),       // a value missing
      row -> { List<String> r = new ArrayList<>(row); r.add("null"); return r; });

  private static List<String> set(List<String> row, int i, String value) {
    List<String> r = new ArrayList<>(row);
    r.set(i, value == null ? "null" : value);
    return r;
  }

  /** Real numbers out of their record's range: field index and value. */
  private static final List<double[]> REAL_SPOILERS = List.of(new double[] {5, 1.5},
      new double[] {5, -0.25}, new double[] {5, Double.NaN}, new double[] {16, -1},
      new double[] {16, Double.POSITIVE_INFINITY}, new double[] {18, 1.0000000000000002});

  @Property(tries = 300)
  void aMemoryRowRenderedOtherwiseIsRefusedAndNothingWritten(@ForAll("memories") Memory m,
      @ForAll("spoilerIndexes") int spoiler) throws IOException {
    List<String> values = row(m);
    double[] reals = reals(m);
    if (spoiler < SPOILERS.size()) {
      values = SPOILERS.get(spoiler).apply(values);
    } else {
      double[] bad = REAL_SPOILERS.get(spoiler - SPOILERS.size());
      values.set((int) bad[0], "1");
      reals[(int) bad[0]] = bad[1];
    }
    // The marker U+00FF stands for a byte that is not UTF-8.
    byte[] row = replaceMarker(join(values));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), 3);
    String shown = String.join(",", values) + " " + java.util.Arrays.toString(reals);
    assertFalse(render(new JsonRows.Renderer(JsonRows.fieldsOf(RecordKind.MEMORY)), w, row,
        apart(reals, null)), () -> "accepted " + shown);
    w.flush();
    assertEquals(0, out.size(), "a refused row must leave nothing written");
  }

  /**
   * A row in a buffer reused from row to row ({@code JsonRowCursor.jsonLength}): the bytes after
   * its length do not matter. The row followed by other bytes is written as the row alone; a
   * row cut short is refused even when the buffer holds the rest of it after the cut.
   */
  @Property(tries = 300)
  void onlyTheRowsLengthOfAReusedBufferIsRead(@ForAll("memories") Memory m,
      @ForAll @IntRange(min = 1, max = 1_000_000) int cutAt,
      @ForAll @Size(max = 64) byte[] after) throws IOException {
    byte[] row = join(row(m));
    double[] reals = reals(m);
    byte[] buffer = java.util.Arrays.copyOf(row, row.length + after.length);
    System.arraycopy(after, 0, buffer, row.length, after.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), 3);
    assertTrue(new JsonRows.Renderer(JsonRows.fieldsOf(RecordKind.MEMORY))
        .render(w, buffer, row.length, apart(reals, null)));
    w.flush();
    assertArrayEquals(viaRow(RecordKind.MEMORY, row, reals), out.toByteArray());

    int cut = cutAt % row.length; // 0 to row.length - 1: the row without its end
    out.reset();
    assertFalse(new JsonRows.Renderer(JsonRows.fieldsOf(RecordKind.MEMORY))
        .render(w, row, cut, apart(reals, null)), () -> "accepted the row cut at " + cut);
    w.flush();
    assertEquals(0, out.size(), "a refused row must leave nothing written");
  }

  @Provide
  Arbitrary<Integer> spoilerIndexes() {
    return Arbitraries.integers().between(0, SPOILERS.size() + REAL_SPOILERS.size() - 1);
  }

  /**
   * Rows written one after another into one writer, as a section's array elements, equal the
   * records written by {@link RecordWriter}: the commas between elements, rows that fill the
   * writer's buffer (it is drained between them) and rows larger than the whole buffer (written
   * through the writer's calls instead of into room made for them).
   */
  @Property(tries = 40)
  void rowsAfterRowsInOneWriterAreWrittenAsTheirRecords(
      @ForAll @Size(min = 1, max = 8) List<@From("memories") Memory> memories,
      @ForAll @Size(max = 4) List<@From("contentSizes") Integer> sizes)
      throws IOException {
    List<Memory> sized = new ArrayList<>();
    for (int i = 0; i < memories.size(); i++) {
      Memory m = memories.get(i);
      int size = sizes.isEmpty() ? 0 : sizes.get(i % sizes.size());
      sized.add(size == 0 ? m : withContent(m, "é\"".repeat(size / 4) + m.content()));
    }
    JsonRows.Renderer renderer = new JsonRows.Renderer(JsonRows.fieldsOf(RecordKind.MEMORY));
    ByteArrayOutputStream viaRows = new ByteArrayOutputStream();
    ByteArrayOutputStream viaRecords = new ByteArrayOutputStream();
    JsonBytesWriter rows = new JsonBytesWriter(new Utf8Writer(viaRows), 3);
    JsonBytesWriter records = new JsonBytesWriter(new Utf8Writer(viaRecords), 3);
    for (Memory m : sized) {
      double[] reals = reals(m);
      assertTrue(render(renderer, rows, join(row(m)), apart(reals, null)));
      RecordWriter.writeOne(records, RecordKind.MEMORY, m, null);
    }
    rows.flush();
    records.flush();
    assertArrayEquals(viaRecords.toByteArray(), viaRows.toByteArray());
  }

  @Example
  void roomBeyondTheBufferIsRefusedWithNothingWritten() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), 3);
    // Past an int, as the bound of a hostile row of many tiny strings could be.
    for (long n : new long[] {Utf8Writer.SIZE, Integer.MAX_VALUE, 1L << 33}) {
      assertFalse(w.beginReservedElement(n), "room for " + n);
    }
    w.flush();
    assertEquals(0, out.size());
    assertTrue(w.beginReservedElement(100));
    w.flush();
    assertEquals("\n      ", out.toString(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<Integer> contentSizes() {
    // Bytes of extra content: none, some, about a batch (192 KiB) and the buffer (256 KiB),
    // more than it holds.
    return Arbitraries.of(0, 0, 100, 20_000, 65_000, 196_000, 200_000, 262_000, 300_000);
  }

  private static Memory withContent(Memory m, String content) {
    return new Memory(m.id(), m.type(), m.title(), content, m.summary(), m.importance(),
        m.tags(), m.relatedFiles(), m.gitCommit(), m.sourcePr(), m.experts(), m.qdrantId(),
        m.createdAt(), m.accessedAt(), m.accessCount(), m.needsReview(), m.decayRate(),
        m.lastRefreshedAt(), m.confidenceFloor(), m.decayFunction());
  }

  @Example
  void theSameRendererTakesRowAfterRowWithTheirNumbersRight() throws IOException {
    // The writer keeps the text of recent numbers: a slot reused by another must not leak.
    JsonRows.Renderer renderer = new JsonRows.Renderer(JsonRows.fieldsOf(RecordKind.MEMORY_RELATION));
    for (int i = 0; i < 2000; i++) {
      double weight = i % 7 == 0 ? 0.1 * i : i / 3.0;
      MemoryRelation r = new MemoryRelation("r" + i, "a", "b", "t", weight, null, (long) i);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), 3);
      double[] reals = reals(r);
      assertTrue(render(renderer, w, join(row(r)), apart(reals, null)));
      w.flush();
      assertArrayEquals(viaRecord(RecordKind.MEMORY_RELATION, r), out.toByteArray());
    }
  }

  @Example
  void truncatedValuesAreRefusedNotFailed() {
    for (String text : List.of("-", "", "\"", "\"ab", "\"a\\", "\"a\\u00", "[", "[\"a\"")) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      assertEquals(-1, JsonRows.scanInteger(b, 0, true, b.length), text);
      assertEquals(-1, JsonRows.scanString(b, 0), text);
    }
  }

  private static byte[] replaceMarker(byte[] row) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < row.length; i++) {
      if ((row[i] & 0xff) == 0xC3 && i + 1 < row.length && (row[i + 1] & 0xff) == 0xBF) {
        out.write(0xFF);
        i++;
      } else {
        out.write(row[i]);
      }
    }
    return out.toByteArray();
  }

  // ------------------------------------------------------------ rendering as a store would

  private static List<String> row(Memory m) {
    List<String> r = new ArrayList<>();
    r.add(str(m.id()));
    r.add(str(m.type()));
    r.add(str(m.title()));
    r.add(str(m.content()));
    r.add(str(m.summary()));
    r.add(real(m.importance()));
    r.add(strings(m.tags()));
    r.add(strings(m.relatedFiles()));
    r.add(str(m.gitCommit()));
    r.add(str(m.sourcePr()));
    r.add(strings(m.experts()));
    r.add(str(m.qdrantId()));
    r.add(lng(m.createdAt()));
    r.add(lng(m.accessedAt()));
    r.add(Long.toString(m.accessCount()));
    r.add(m.needsReview() ? "1" : "0");
    r.add(real(m.decayRate()));
    r.add(lng(m.lastRefreshedAt()));
    r.add(real(m.confidenceFloor()));
    r.add(str(m.decayFunction()));
    return r;
  }

  private static double[] reals(Memory m) {
    double[] reals = new double[20];
    reals[5] = m.importance();
    reals[16] = m.decayRate() == null ? Double.NaN : m.decayRate();
    reals[18] = m.confidenceFloor() == null ? Double.NaN : m.confidenceFloor();
    return reals;
  }

  private static List<String> row(MemoryRelation r) {
    List<String> row = new ArrayList<>();
    row.add(str(r.id()));
    row.add(str(r.sourceId()));
    row.add(str(r.targetId()));
    row.add(str(r.type()));
    row.add(real(r.weight()));
    row.add(str(r.metadata()));
    row.add(lng(r.createdAt()));
    return row;
  }

  private static double[] reals(MemoryRelation r) {
    double[] reals = new double[7];
    reals[4] = r.weight();
    return reals;
  }

  private static String str(String s) {
    return s == null ? "null" : JsonText.quote(s);
  }

  private static String lng(Long v) {
    return v == null ? "null" : Long.toString(v);
  }

  /** A real number's place in the array: 1 when present, the value given apart. */
  private static String real(Double d) {
    return d == null ? "null" : "1";
  }

  private static String strings(List<String> values) {
    List<String> quoted = new ArrayList<>();
    values.forEach(v -> quoted.add(JsonText.quote(v)));
    return "[" + String.join(",", quoted) + "]";
  }

  private static byte[] join(List<String> values) {
    return ("[" + String.join(",", values) + "]").getBytes(StandardCharsets.UTF_8);
  }

  private static JsonRows.Apart apart(double[] reals, byte[] jsonText) {
    return new JsonRows.Apart() {
      @Override
      public double real(int field) {
        return reals[field];
      }

      @Override
      public byte[] jsonText(int field) {
        return jsonText;
      }
    };
  }

  private static List<String> row(PendingMemory p) {
    return List.of(str(p.id()), "1", Long.toString(p.suggestedAt()), str(p.source()),
        str(p.reason()));
  }

  // ------------------------------------------------------------ the two writers

  private static byte[] viaRow(RecordKind kind, byte[] row, double[] reals) throws IOException {
    return viaRow(kind, row, apart(reals, null));
  }

  /** Renders a whole array as the row. */
  private static boolean render(JsonRows.Renderer renderer, JsonBytesWriter w, byte[] row,
      JsonRows.Apart apart) throws IOException {
    return renderer.render(w, row, row.length, apart);
  }

  private static byte[] viaRow(RecordKind kind, byte[] row, JsonRows.Apart apart)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), 3);
    assertTrue(render(new JsonRows.Renderer(JsonRows.fieldsOf(kind)), w, row, apart),
        () -> "refused " + new String(row, StandardCharsets.UTF_8));
    w.flush();
    return out.toByteArray();
  }

  private static byte[] viaRecord(RecordKind kind, TransferRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonBytesWriter w = new JsonBytesWriter(new Utf8Writer(out), 3);
    RecordWriter.writeOne(w, kind, record, null);
    w.flush();
    return out.toByteArray();
  }
}
