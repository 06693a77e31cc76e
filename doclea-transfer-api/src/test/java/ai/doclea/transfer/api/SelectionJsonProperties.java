package ai.doclea.transfer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The API module writes and reads its bits of JSON by hand (it depends on no library). These
 * properties hold it to Gson, what the export file's {@code metadata.selection} was written with
 * before and what a pending memory's {@code memoryData} was read with.
 */
class SelectionJsonProperties {

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.strings().withChars("\"\\\b\f\n\r\t\u0000\u001f\u007f\u2028\u2029\ud800é/ a")
            .ofMaxLength(12));
  }

  @Provide
  Arbitrary<List<String>> textLists() {
    return texts().list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<Selection> selections() {
    Arbitrary<List<String>> values = texts().filter(t -> !t.isBlank()).list().ofMaxSize(3);
    return Combinators.combine(values, values, values, values,
        Arbitraries.longs().between(-5, 1_800_000_000_000L).injectNull(0.5),
        Arbitraries.doubles().between(0, 1).injectNull(0.5), Arbitraries.of(true, false),
        Arbitraries.of(true, false)).as((types, tags, files, titles, since, min, pending, docs) ->
            Selection.builder().types(types).tags(tags).files(files).documentTitles(titles)
                .since(since).minImportance(min).includePendingMatching(pending)
                .includeDocuments(docs).build());
  }

  /** The same object Gson's writer makes from the same values (the old implementation). */
  private static String gson(Selection s) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonWriter w = new JsonWriter(out)) {
      w.beginObject();
      strings(w, "types", s.types().stream().sorted().toList());
      strings(w, "tags", s.tags().stream().sorted().toList());
      strings(w, "files", s.fileGlobs());
      if (s.since() != null) {
        w.name("since").value(s.since());
        w.name("by").value("created");
      }
      if (s.minImportance() != null) {
        w.name("minImportance").value(s.minImportance());
      }
      if (s.filtersMemories()) {
        w.name("includePendingMatching").value(s.includePendingMatching());
      }
      if (!s.includeDocuments()) {
        w.name("documents").value(false);
      }
      strings(w, "documentTitles", s.documentTitles());
      w.endObject();
    }
    return out.toString();
  }

  private static void strings(JsonWriter w, String name, List<String> values)
      throws IOException {
    if (!values.isEmpty()) {
      w.name(name).beginArray();
      for (String v : values) {
        w.value(v);
      }
      w.endArray();
    }
  }

  @Property
  void theSelectionIsWrittenByteForByteAsGsonWroteIt(@ForAll("selections") Selection s)
      throws IOException {
    assertEquals(gson(s), s.toJson());
  }

  @Property
  void pendingFieldsAreReadAsGsonReadsThem(@ForAll("texts") String id,
      @ForAll("texts") String type, @ForAll("textLists") List<String> tags,
      @ForAll("texts") String filler) {
    JsonObject o = new JsonObject();
    o.addProperty("content", filler);
    JsonArray nested = new JsonArray();
    nested.add(new JsonArray());
    nested.add(new JsonObject());
    o.add("nested", nested);
    o.addProperty("id", id);
    o.addProperty("type", type);
    JsonArray a = new JsonArray();
    tags.forEach(a::add);
    a.add(3.25);
    a.add(true);
    a.add(new JsonObject());
    o.add("tags", a);
    o.addProperty("importance", 0.75);
    PendingFields f = PendingFields.parse(o.toString());
    assertEquals(id, f.id);
    assertEquals(type, f.type);
    List<String> expected = new ArrayList<>(tags);
    expected.add("3.25");
    expected.add("true");
    assertEquals(expected, f.tags);
    assertEquals("0.75", f.importance);
    assertEquals(List.of(), f.relatedFiles);
  }

  @Example
  void notAnObjectAndNotJsonAreToldApart() {
    assertThrows(IllegalStateException.class, () -> PendingFields.parse("[1,2]"));
    assertThrows(IllegalStateException.class, () -> PendingFields.parse("  "));
    for (String bad : List.of("{", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":[1 2]}",
        "{\"a\":\"\\x\"}", "{\"a\":01}", "{\"a\":1.}", "{} x", "{\"a\":tru}")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PendingFields.parse(bad), bad);
      assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }
  }

  @Example
  void deepNestingIsSkippedWithoutRecursion() {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    PendingFields f = PendingFields.parse("{\"x\":" + deep + ",\"id\":\"m\"}");
    assertEquals("m", f.id);
  }

  @Example
  void aMatchingPendingMemoryIsFoundAndBadMemoryDataNamesTheField() {
    Selection s = Selection.builder().tags(List.of("auth")).minImportance(0.5)
        .includePendingMatching(true).build();
    assertTrue(s.matchesPending("{\"tags\":[\"auth\"],\"importance\":0.5}"));
    assertEquals(false, s.matchesPending("{\"tags\":[\"auth\"],\"importance\":0.25}"));
    assertEquals(true, s.matchesPending("{\"tags\":[\"auth\"]}"), "default importance 0.5");
    InvalidRecordException e = assertThrows(InvalidRecordException.class,
        () -> s.matchesPending("{\"tags\":"));
    assertTrue(e.getMessage().contains("memoryData") && e.getMessage().contains("not valid JSON"),
        e.getMessage());
    e = assertThrows(InvalidRecordException.class, () -> s.matchesPending("[]"));
    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
  }

  @Example
  void unusedGsonParserStaysTheReferenceForValidText() {
    String text = "{\"id\":\"a\\u00e9\",\"tags\":[\"x\",1e3,null,false]}";
    JsonObject o = JsonParser.parseString(text).getAsJsonObject();
    PendingFields f = PendingFields.parse(text);
    assertEquals(o.get("id").getAsString(), f.id);
    assertEquals(List.of("x", "1e3", "false"), f.tags);
  }
}
