package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.testkit.Generators.Overlap;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Shrinkable;

class GeneratorsTest {

  /** Values of an arbitrary from a fixed seed, so that coverage checks are deterministic. */
  static <T> List<T> sample(Arbitrary<T> arbitrary, int n) {
    return arbitrary.generator(1000).stream(new Random(42)).limit(n).map(Shrinkable::value)
        .collect(Collectors.toList());
  }

  @Provide
  Arbitrary<StoreContent> stores() {
    return Generators.storesWithVectors();
  }

  @Provide
  Arbitrary<Overlap> overlaps() {
    return Generators.overlappingStores();
  }

  static void assertConsistent(StoreContent c) {
    Set<String> memories = c.ids(RecordKind.MEMORY);
    for (Chunk chunk : c.records(Chunk.class)) {
      assertTrue(c.ids(RecordKind.DOCUMENT).contains(chunk.documentId()), "chunk " + chunk.id());
    }
    Set<List<String>> keys = new HashSet<>();
    for (MemoryRelation r : c.records(MemoryRelation.class)) {
      assertTrue(memories.contains(r.sourceId()) && memories.contains(r.targetId()), r.id());
      assertTrue(keys.add(List.of(r.sourceId(), r.targetId(), r.type())), "key of " + r.id());
    }
    keys.clear();
    for (CrossLayerRelation x : c.records(CrossLayerRelation.class)) {
      assertTrue(memories.contains(x.memoryId()), x.id());
      assertTrue(keys.add(List.of(x.memoryId(), x.codeNodeId(), x.relationType())), x.id());
    }
    for (String id : c.vectors().keySet()) {
      assertTrue(memories.contains(id), "vector of " + id);
    }
  }

  static void assertWellFormedText(TransferRecord record) throws Exception {
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Object value = component.getAccessor().invoke(record);
      List<Object> values = value instanceof List ? new ArrayList<>((List<?>) value)
          : new ArrayList<>(java.util.Collections.singletonList(value));
      for (Object v : values) {
        if (v instanceof String) {
          String s = (String) v;
          for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              i++;
            } else {
              assertFalse(Character.isSurrogate(ch), "lone surrogate in " + component.getName()
                  + " of " + record.id());
            }
          }
        } else if (v instanceof Double) {
          double d = (Double) v;
          assertTrue(Double.isFinite(d), component.getName());
          assertFalse(d == 0 && 1 / d < 0, "-0.0 in " + component.getName());
        }
      }
    }
  }

  @Property(tries = 100)
  void generatedStoresAreConsistentAndWellFormed(@ForAll("stores") StoreContent content)
      throws Exception {
    assertConsistent(content);
    for (TransferRecord r : content.records()) {
      assertWellFormedText(r);
    }
    for (PendingMemory p : content.records(PendingMemory.class)) {
      JsonObject data = JsonParser.parseString(p.memoryData()).getAsJsonObject();
      assertTrue(data.get("id").isJsonPrimitive(), "memoryData.id of " + p.id());
      assertTrue(data.get("qdrantId").isJsonPrimitive(), "memoryData.qdrantId of " + p.id());
    }
    for (MemoryRelation r : content.records(MemoryRelation.class)) {
      if (r.metadata() != null) {
        JsonElement parsed = JsonParser.parseString(r.metadata());
        assertTrue(parsed.isJsonObject() || parsed.isJsonArray(), r.metadata());
      }
    }
  }

  @Property(tries = 100)
  void overlappingStoresAreConsistentAndTheirKeysStayUnique(@ForAll("overlaps") Overlap o) {
    assertConsistent(o.existing());
    assertConsistent(o.incoming());
    assertTrue(o.incoming().vectors().isEmpty(), "incoming vectors");
    // After an overwrite the relation keys must still be unique.
    assertConsistent(o.existing().mergeReplacingExisting(o.incoming()).withoutVectors());
    for (RecordKind kind : RecordKind.values()) {
      for (String id : o.commonIds(kind)) {
        TransferRecord before = o.existing().record(kind, id).orElseThrow();
        TransferRecord after = o.incoming().record(kind, id).orElseThrow();
        if (before instanceof Chunk) {
          assertEquals(((Chunk) before).documentId(), ((Chunk) after).documentId());
        }
      }
    }
  }

  @Example
  void overlapsOftenConflictAndOftenChangeTheConflictingRecord() {
    int conflicts = 0;
    int changed = 0;
    for (Overlap o : sample(Generators.overlappingStores(), 100)) {
      conflicts += o.conflicts() > 0 ? 1 : 0;
      for (RecordKind kind : RecordKind.values()) {
        for (String id : o.commonIds(kind)) {
          if (!o.existing().record(kind, id).equals(o.incoming().record(kind, id))) {
            changed++;
          }
        }
      }
    }
    assertTrue(conflicts > 50, "overlaps with conflicts: " + conflicts);
    assertTrue(changed > 50, "changed conflicting records: " + changed);
  }

  @Example
  void textsCoverTheUnicodeEdgeCases() {
    List<String> texts = sample(Generators.texts(), 3000);
    Map<String, Boolean> seen = new HashMap<>();
    Map<String, java.util.function.Predicate<String>> cases = Map.ofEntries(
        Map.entry("empty", String::isEmpty),
        Map.entry("surrogate pair", s -> s.codePoints().anyMatch(cp -> cp > 0xFFFF)),
        Map.entry("NUL", s -> s.indexOf('\0') >= 0),
        Map.entry("other control", s -> s.chars().anyMatch(ch -> ch > 0 && ch < 0x20)),
        Map.entry("U+2028", s -> s.indexOf('\u2028') >= 0),
        Map.entry("U+2029", s -> s.indexOf('\u2029') >= 0),
        Map.entry("quote", s -> s.indexOf('"') >= 0),
        Map.entry("backslash", s -> s.indexOf('\\') >= 0),
        Map.entry("CJK", s -> s.chars().anyMatch(ch -> ch >= 0x4E00 && ch <= 0x9FFF)),
        Map.entry("emoji", s -> s.contains("\uD83D\uDE00")),
        Map.entry("noncharacter", s -> s.indexOf('\uFFFF') >= 0));
    for (String text : texts) {
      cases.forEach((name, test) -> {
        if (test.test(text)) {
          seen.put(name, true);
        }
      });
    }
    assertEquals(cases.keySet(), seen.keySet(), "edge cases seen in 3000 texts");
  }

  @Example
  void longTextsAreTensOfThousandsOfCharacters() {
    for (String s : sample(Generators.longTexts(), 20)) {
      assertTrue(s.length() >= 9_999 && s.length() <= 70_000, "length " + s.length());
      assertFalse(Character.isHighSurrogate(s.charAt(s.length() - 1)), "cut inside a pair");
    }
    long longOnes = sample(Generators.contents(), 2000).stream()
        .filter(s -> s.length() >= 10_000).count();
    assertTrue(longOnes > 10 && longOnes < 200, "long contents in 2000: " + longOnes);
  }

  @Example
  void numbersCoverTheExtremes() {
    List<Long> timestamps = sample(Generators.timestamps(), 2000);
    assertTrue(timestamps.contains(Long.MIN_VALUE) && timestamps.contains(Long.MAX_VALUE)
        && timestamps.contains(0L), "timestamp extremes");
    List<Double> units = sample(Generators.unitIntervals(), 2000);
    assertTrue(units.contains(0.0) && units.contains(1.0) && units.contains(Double.MIN_VALUE)
        && units.contains(0.9999999999999999), "unit interval edges");
    assertTrue(units.stream().allMatch(d -> d >= 0 && d <= 1), "units in 0..1");
    List<Double> doubles = sample(Generators.finiteDoubles(), 2000);
    assertTrue(doubles.contains(Double.MAX_VALUE) && doubles.contains(-Double.MAX_VALUE),
        "double extremes");
    assertTrue(doubles.stream().allMatch(d -> Double.isFinite(d)
        && Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits(-0.0)), "finite, no -0");
    assertTrue(sample(Generators.counts(), 2000).contains(Long.MAX_VALUE), "count extreme");
  }

  @Example
  void memoriesUseNullInEveryOptionalField() {
    List<Memory> memories = sample(Generators.memories(), 500);
    assertTrue(memories.stream().anyMatch(m -> m.summary() == null));
    assertTrue(memories.stream().anyMatch(m -> m.createdAt() == null));
    assertTrue(memories.stream().anyMatch(m -> m.decayRate() == null));
    assertTrue(memories.stream().anyMatch(m -> m.decayRate() != null && m.decayRate() == 0.0));
    assertTrue(memories.stream().anyMatch(m -> m.confidenceFloor() == null));
    assertTrue(memories.stream().anyMatch(m -> m.decayFunction() == null));
    assertTrue(memories.stream().anyMatch(m -> !Memory.KNOWN_TYPES.contains(m.type())),
        "a future memory type");
  }

  @Example
  void storesHaveEmptyAndFullSections() {
    List<StoreContent> stores = sample(Generators.stores(), 150);
    for (RecordKind kind : RecordKind.values()) {
      assertTrue(stores.stream().anyMatch(s -> s.size(kind) == 0), "empty " + kind);
      assertTrue(stores.stream().anyMatch(s -> s.size(kind) >= 3), "several " + kind);
    }
    assertTrue(stores.stream().anyMatch(s -> s.size() == 0), "an empty store");
  }

  @Example
  void variantsKeepTheIdAndTheKeyColumns() {
    MemoryRelation r = new MemoryRelation("rel", "a", "b", "implements", 1.0, null, 1L);
    for (MemoryRelation v : sample(Generators.variantsOf(r), 50)) {
      assertEquals(List.of("rel", "a", "b", "implements"),
          List.of(v.id(), v.sourceId(), v.targetId(), v.type()));
    }
    Chunk c = new Chunk("chk", "doc", "text", null, null, null);
    for (Chunk v : sample(Generators.variantsOf(c), 50)) {
      assertEquals(List.of("chk", "doc"), List.of(v.id(), v.documentId()));
    }
    Memory m = Memory.builder("mem", "note", "t", "c").build();
    assertTrue(sample(Generators.variantsOf(m), 50).stream().allMatch(v -> v.id().equals("mem")));
  }

  @Example
  void vectorsBelongToTheirMemoryAndAreFinite() {
    for (StoredVector v : sample(Generators.vectors("mem_x"), 200)) {
      assertEquals("mem_x", v.memoryId());
      assertNotNull(v.provider());
      assertTrue(v.vector().length >= 1);
      for (float f : v.vector()) {
        assertTrue(Float.isFinite(f));
      }
    }
  }
}
