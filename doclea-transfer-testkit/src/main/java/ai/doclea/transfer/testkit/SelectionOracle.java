package ai.doclea.transfer.testkit;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Generates selections that pick values out of a store, and computes from the closure rules of
 * {@link Selection}, written out again here independently of the library's code, which records a
 * selective read must return. Globs are limited to {@code **} and literal names, so that the
 * oracle needs no glob matcher of its own.
 */
final class SelectionOracle {
  private SelectionOracle() {}

  /** A store with a selection drawn from its values. */
  static Arbitrary<Tuple2<StoreContent, Selection>> storesWithSelections() {
    return storesWithSelections(Generators.stores());
  }

  /** Stores with a selection drawn from their values. */
  static Arbitrary<Tuple2<StoreContent, Selection>> storesWithSelections(
      Arbitrary<StoreContent> stores) {
    return stores.flatMap(content -> selections(content)
        .map(s -> Tuple.of(content, s)));
  }

  static Arbitrary<Selection> selections(StoreContent content) {
    List<Memory> memories = content.records(Memory.class);
    Set<String> types = new TreeSet<>(Memory.KNOWN_TYPES);
    Set<String> tags = new TreeSet<>();
    Set<String> files = new TreeSet<>(List.of("**"));
    Set<Long> times = new TreeSet<>(List.of(0L));
    for (Memory m : memories) {
      if (!m.type().isBlank()) {
        types.add(m.type());
      }
      m.tags().stream().filter(t -> !t.isBlank()).forEach(tags::add);
      m.relatedFiles().stream().filter(SelectionOracle::literal).forEach(files::add);
      if (m.createdAt() != null) {
        times.add(m.createdAt());
      }
      if (m.accessedAt() != null) {
        times.add(m.accessedAt());
      }
    }
    Set<String> ids = new TreeSet<>(List.of("mem_absent"));
    memories.forEach(m -> ids.add(m.id()));
    Set<String> docIds = new TreeSet<>(List.of("doc_absent"));
    Set<String> titles = new TreeSet<>(List.of("**"));
    for (Document d : content.records(Document.class)) {
      docIds.add(d.id());
      if (literal(d.title())) {
        titles.add(d.title());
      }
    }
    Arbitrary<List<String>> typeSel = some(types);
    Arbitrary<List<String>> tagSel = tags.isEmpty() ? Arbitraries.just(List.of()) : some(tags);
    Arbitrary<List<String>> fileSel = some(files);
    Arbitrary<List<String>> idSel = some(ids);
    Arbitrary<Long> since = Arbitraries.of(times).injectNull(0.7);
    Arbitrary<Long> until = Arbitraries.of(times).map(SelectionOracle::plusOne).injectNull(0.7);
    Arbitrary<Double> min = Arbitraries.of(0.0, 0.25, 0.5, 1.0).injectNull(0.7);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<List<String>> docSel = some(docIds);
    Arbitrary<List<String>> titleSel = some(titles);
    Arbitrary<Selection.Builder> memoryPart = Combinators.combine(typeSel, tagSel, fileSel, idSel,
        since, until, min, flag).as((ty, ta, fi, id, s, u, m, byAccessed) -> {
          Selection.Builder b = Selection.builder().types(ty).tags(ta).files(fi).ids(id)
              .minImportance(m).timeField(byAccessed ? Selection.TimeField.ACCESSED
                  : Selection.TimeField.CREATED);
          if (s != null && u != null && s >= u) {
            long from = u == Long.MIN_VALUE ? u : u - 1;
            long to = plusOne(s);
            return from < to ? b.since(from).until(to) : b;
          }
          return b.since(s).until(u);
        });
    return Combinators.combine(memoryPart, flag, Arbitraries.of(true, true, true, false),
        docSel, titleSel).as((b, pending, docs, d, t) -> b.includePendingMatching(pending)
            .includeDocuments(docs).documentIds(d).documentTitles(t).build());
  }

  /** t + 1, saturating at the largest long (generated timestamps reach it). */
  private static long plusOne(long t) {
    return t == Long.MAX_VALUE ? t : t + 1;
  }

  private static Arbitrary<List<String>> some(Set<String> values) {
    return Arbitraries.of(values).set().ofMaxSize(2).map(l -> (List<String>) new ArrayList<>(l));
  }

  private static boolean literal(String s) {
    return !s.isBlank() && s.indexOf('*') < 0 && s.indexOf('?') < 0;
  }

  // ---- the rules, written out ------------------------------------------------------------

  /** The records of {@code all} (one section, in read order) that the selection exports. */
  static List<TransferRecord> expected(Selection s, StoreContent content, RecordKind kind,
      List<TransferRecord> all) {
    boolean memoryFilter = !s.types().isEmpty() || !s.tags().isEmpty() || !s.fileGlobs().isEmpty()
        || s.since() != null || s.until() != null || !s.ids().isEmpty()
        || s.minImportance() != null;
    Set<String> memories = new HashSet<>();
    for (Memory m : content.records(Memory.class)) {
      if (memory(s, m.id(), m.type(), m.importance(), m.tags(), m.relatedFiles(),
          s.timeField() == Selection.TimeField.ACCESSED ? m.accessedAt() : m.createdAt())) {
        memories.add(m.id());
      }
    }
    Set<String> documents = new HashSet<>();
    for (Document d : content.records(Document.class)) {
      if (document(s, d)) {
        documents.add(d.id());
      }
    }
    List<TransferRecord> out = new ArrayList<>();
    for (TransferRecord r : all) {
      boolean keep = switch (kind) {
        case MEMORY -> memories.contains(r.id());
        case MEMORY_RELATION -> !memoryFilter
            || (memories.contains(((MemoryRelation) r).sourceId())
                && memories.contains(((MemoryRelation) r).targetId()));
        case CROSS_LAYER_RELATION -> !memoryFilter
            || memories.contains(((CrossLayerRelation) r).memoryId());
        case PENDING_MEMORY -> !memoryFilter
            || (s.includePendingMatching() && pending(s, (PendingMemory) r));
        case DOCUMENT -> documents.contains(r.id());
        case CHUNK -> documents.contains(((Chunk) r).documentId());
      };
      if (keep) {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean memory(Selection s, String id, String type, double importance,
      List<String> tags, List<String> files, Long time) {
    boolean ok = s.ids().isEmpty() || s.ids().contains(id);
    ok &= s.types().isEmpty() || s.types().contains(type);
    ok &= s.minImportance() == null || importance >= s.minImportance();
    ok &= s.tags().isEmpty() || tags.stream().anyMatch(s.tags()::contains);
    ok &= s.fileGlobs().isEmpty() || files.stream().anyMatch(
        f -> s.fileGlobs().contains("**") || s.fileGlobs().contains(f));
    if (s.since() != null || s.until() != null) {
      ok &= time != null && (s.since() == null || time >= s.since())
          && (s.until() == null || time < s.until());
    }
    return ok;
  }

  private static boolean pending(Selection s, PendingMemory p) {
    JsonObject o = JsonParser.parseString(p.memoryData()).getAsJsonObject();
    double importance = o.has("importance") && o.get("importance").isJsonPrimitive()
        && o.get("importance").getAsJsonPrimitive().isNumber()
        ? o.get("importance").getAsDouble() : Memory.DEFAULT_IMPORTANCE;
    return memory(s, text(o.get("id")), text(o.get("type")), importance,
        strings(o.get("tags")), strings(o.get("relatedFiles")), null);
  }

  private static String text(JsonElement e) {
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static List<String> strings(JsonElement e) {
    List<String> out = new ArrayList<>();
    if (e != null && e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> {
        if (x.isJsonPrimitive()) {
          out.add(x.getAsString());
        }
      });
    }
    return out;
  }

  private static boolean document(Selection s, Document d) {
    if (!s.includeDocuments()) {
      return false;
    }
    if (s.documentIds().isEmpty() && s.documentTitles().isEmpty()) {
      return true;
    }
    return s.documentIds().contains(d.id()) || s.documentTitles().contains("**")
        || s.documentTitles().contains(d.title());
  }
}
