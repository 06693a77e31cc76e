package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.JavaScriptJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generates small, valid stores: unique ids per kind, chunks of existing documents, relations
 * between existing memories with unique (source, target, type) and (memory, code node, type), any
 * Unicode text (including NUL, U+2028 and supplementary characters), nulls in optional fields.
 * Pending memories' {@code memoryData} is spelled as {@code JSON.stringify} spells it (U+2028 and
 * U+2029 raw, not escaped as Gson writes them): that is how Doclea stores it and how an import
 * stores the value it reads, so a round trip gives back the same text.
 */
final class GeneratedStores {
  private GeneratedStores() {}

  /**
   * Well-formed text: any char but surrogates, sometimes with a supplementary character. SQLite
   * cannot store an unpaired surrogate in a TEXT column; the adapter refuses those (tested apart).
   */
  static Arbitrary<String> text() {
    Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\ud7ff')
        .withCharRange('\ue000', '\uffff').ofMaxLength(30);
    return Combinators.combine(bmp, Arbitraries.of("", "", "\ud83d\ude00", "\ud834\udd1ex"), bmp)
        .as((a, b, c) -> a + b + c);
  }

  /** Any chars, unpaired surrogates included: fine in the JSON-text array columns. */
  static Arbitrary<String> anyChars() {
    return Arbitraries.strings().all().ofMaxLength(20);
  }

  static Arbitrary<String> optionalText() {
    return text().injectNull(0.3);
  }

  static Arbitrary<Long> optionalTime() {
    return Arbitraries.longs().injectNull(0.2);
  }

  static Arbitrary<Memory> memory(String id) {
    Arbitrary<List<String>> list = anyChars().list().ofMaxSize(3);
    Arbitrary<Memory> first = Combinators.combine(
            Arbitraries.of("decision", "solution", "pattern", "architecture", "note", "future"),
            text(), text(), optionalText(), Arbitraries.doubles().between(0, 1), list, list, list)
        .as((type, title, content, summary, importance, tags, files, experts) ->
            Memory.builder(id, type, title, content).summary(summary).importance(importance)
                .tags(tags).relatedFiles(files).experts(experts).build());
    return Combinators.combine(first, optionalText(), optionalText(), optionalText(),
            optionalTime(), optionalTime(), Arbitraries.longs().greaterOrEqual(0),
            Arbitraries.of(true, false))
        .as((m, git, pr, qdrant, created, accessed, count, review) -> m.toBuilder()
            .gitCommit(git).sourcePr(pr).qdrantId(qdrant).createdAt(created)
            .accessedAt(accessed).accessCount(count).needsReview(review).build())
        .flatMap(m -> Combinators.combine(
                Arbitraries.doubles().between(0, 1e6).injectNull(0.5), optionalTime(),
                Arbitraries.doubles().between(0, 1).injectNull(0.5),
                Arbitraries.of("exponential", "linear", "step", "none").injectNull(0.5))
            .as((rate, refreshed, floor, function) -> m.toBuilder().decayRate(rate)
                .lastRefreshedAt(refreshed).confidenceFloor(floor).decayFunction(function)
                .build()));
  }

  /** A whole store as a list of records of every kind. */
  static Arbitrary<List<TransferRecord>> stores() {
    return Combinators.combine(Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3))
        .flatAs((memories, documents, pending) -> {
          List<Arbitrary<Object>> parts = new ArrayList<>();
          for (int i = 0; i < memories; i++) {
            parts.add(memory("mem_" + i).map(Object.class::cast));
          }
          for (int i = 0; i < documents; i++) {
            String id = "doc_" + i;
            parts.add(Combinators.combine(text(), text(), optionalText(), optionalTime(),
                    optionalTime())
                .as((title, content, hash, created, updated) ->
                    (Object) new Document(id, title, content, hash, created, updated)));
            for (int j = 0; j < 2; j++) {
              String chunkId = "chk_" + i + "_" + j;
              parts.add(Combinators.combine(text(), optionalText(),
                      Arbitraries.longs().between(0, 1 << 20).injectNull(0.2),
                      Arbitraries.longs().between(0, 1 << 20).injectNull(0.2))
                  .as((content, qdrant, start, end) ->
                      (Object) new Chunk(chunkId, id, content, qdrant, start, end)));
            }
          }
          for (int i = 0; i < pending; i++) {
            String id = "pnd_" + i;
            parts.add(Combinators.combine(text(), Arbitraries.longs(), text(), text(),
                    optionalText())
                .as((title, at, source, reason, qdrant) -> (Object) new PendingMemory(id,
                    "{\"title\":" + JavaScriptJson.quote(title)
                        + (qdrant == null ? "" : ",\"qdrantId\":" + JavaScriptJson.quote(qdrant))
                        + "}",
                    at, source, reason)));
          }
          if (memories > 0) {
            parts.add(relations(memories).map(Object.class::cast));
          }
          if (parts.isEmpty()) {
            return Arbitraries.just(List.<TransferRecord>of());
          }
          return Combinators.combine(parts).as(records -> {
            List<TransferRecord> flat = new ArrayList<>();
            for (Object r : records) {
              if (r instanceof RelationList list) {
                flat.addAll(list);
              } else {
                flat.add((TransferRecord) r);
              }
            }
            return flat;
          });
        });
  }

  /** Memory and cross-layer relations, unique in Doclea's UNIQUE keys. */
  private static Arbitrary<RelationList> relations(int memories) {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, memories - 1);
    Arbitrary<MemoryRelation> relation = Combinators.combine(index, index,
            Arbitraries.of("implements", "references", "supersedes", "related_to"),
            Arbitraries.doubles().between(-10, 10), optionalText(),
            optionalTime())
        .as((s, t, type, weight, metadata, created) -> new MemoryRelation("placeholder",
            "mem_" + s, "mem_" + t, type, weight, metadata, created));
    Arbitrary<CrossLayerRelation> cross = Combinators.combine(index,
            Arbitraries.of("node_a", "node_b", "node_c"),
            Arbitraries.of("documents", "addresses", "exemplifies"),
            Arbitraries.of("memory_to_code", "code_to_memory"),
            Arbitraries.doubles().between(0, 1), optionalText(), optionalTime())
        .as((m, node, type, direction, confidence, metadata, created) ->
            new CrossLayerRelation("placeholder", "mem_" + m, node, type, direction, confidence,
                metadata, created));
    return Combinators.combine(relation.list().ofMaxSize(5), cross.list().ofMaxSize(4))
        .as((rs, xs) -> {
          RelationList out = new RelationList();
          Set<String> keys = new HashSet<>();
          int n = 0;
          for (MemoryRelation r : rs) {
            if (keys.add(r.sourceId() + "|" + r.targetId() + "|" + r.type())) {
              out.add(new MemoryRelation("rel_" + n++, r.sourceId(), r.targetId(), r.type(),
                  r.weight(), r.metadata(), r.createdAt()));
            }
          }
          for (CrossLayerRelation x : xs) {
            if (keys.add(x.memoryId() + "|" + x.codeNodeId() + "|" + x.relationType())) {
              out.add(new CrossLayerRelation("xl_" + n++, x.memoryId(), x.codeNodeId(),
                  x.relationType(), x.direction(), x.confidence(), x.metadata(),
                  x.createdAt()));
            }
          }
          return out;
        });
  }

  /** A list of relations generated together. */
  static final class RelationList extends ArrayList<TransferRecord> {
    private static final long serialVersionUID = 1L;
  }
}
