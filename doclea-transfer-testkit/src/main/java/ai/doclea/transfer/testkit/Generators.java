package ai.doclea.transfer.testkit;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.testkit.JsonLiterals.NumberLiteral;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik {@link Arbitrary arbitraries} for every record kind of a Doclea export and for whole,
 * consistent stores. They aim at the places where exporters and storage adapters break:
 *
 * <ul>
 *   <li>empty sections, empty strings and lists, and {@code null} in every optional field;
 *   <li>Unicode edge cases: surrogate pairs (emoji, flags, family sequences), CJK and
 *       right-to-left text, combining marks, NUL and other control characters, DEL, U+2028 and
 *       U+2029, the BOM, noncharacters such as U+FFFF and U+10FFFF, quotes, backslashes, text that
 *       looks like JSON or HTML, and strings of tens of thousands of characters;
 *   <li>extreme numbers: importance 0, 1, the smallest double and {@code 1 - ulp}; timestamps
 *       {@link Long#MIN_VALUE}, {@link Long#MAX_VALUE}, seconds and milliseconds; weights and
 *       confidences up to {@link Double#MAX_VALUE}; access counts up to {@link Long#MAX_VALUE};
 *   <li>{@code memoryData} objects with Doclea's keys, nested objects and arrays, nulls and
 *       unknown keys;
 *   <li>ids that are realistic ({@code mem_…}) or made of the edge-case text above.
 * </ul>
 *
 * <p>Strings never contain lone surrogates (they are not Unicode text and no UTF-8 store can
 * hold them), and doubles are never {@code -0.0} (JSON, like JavaScript, writes it as {@code 0}).
 * A generated store is consistent: chunks reference documents of the store, relations reference
 * its memories, and relation rows are unique on the columns Doclea's SQLite layout declares
 * unique ({@code source_id, target_id, type} and {@code memory_id, code_node_id,
 * relation_type}). Pending memories' {@code memoryData} is written compactly, as Doclea's server
 * stores it ({@code JSON.stringify}), and always carries {@code id} and {@code qdrantId}.
 *
 * <p>All methods return new arbitraries and are thread-safe. Use them in your own properties:
 *
 * <pre>{@code
 * @Property
 * void myAdapterKeepsEveryRecord(@ForAll("stores") StoreContent content) { ... }
 *
 * @Provide
 * Arbitrary<StoreContent> stores() {
 *   return Generators.stores();
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Generators {

  /** Text fragments every string generator mixes in. */
  public static final List<String> EDGE_TEXTS = List.of(
      "\u0000", "\u0001", "\u001f", "\u007f", "\u0080", "\u009f", "\t", "\n", "\r\n", "\r",
      "\b", "\f", "\u000b", "\"", "\\", "\\\"", "\\u0000", "\\n", "'", "/", "</script>",
      "&amp;", "<>", "=", "\u2028", "\u2029", "\uFEFF", "\u200B", "\u200D", "\u202E",
      "e\u0301", "\uD83D\uDE00", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
      "\uD83C\uDDE9\uD83C\uDDEA", "\uD800\uDC00", "\uDBFF\uDFFF", "\uFFFD", "\uFFFF", "\uFFFE",
      "\u6F22\u5B57", "\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8", "\uD55C\uAD6D\uC5B4",
      "\u0627\u0644\u0639\u0631\u0628\u064A\u0629", "\u05E2\u05D1\u05E8\u05D9\u05EA",
      "\u0395\u03BB\u03BB\u03B7\u03BD\u03B9\u03BA\u03AC", "null", "true", "{}", "[]",
      "{\"a\":1}", "0", "-0", "1e400", "NaN", " ", "  ", "%s", "${x}", "\u00e9", "\u00df");

  /** Embedding provider and model names the vector generator uses. */
  private static final List<List<String>> EMBEDDINGS = List.of(
      List.of("transformers", "all-MiniLM-L6-v2"),
      List.of("openai", "text-embedding-3-small"),
      List.of("ollama", "nomic-embed-text"));

  private Generators() {}

  /**
   * The building blocks, created once: arbitraries are immutable, and reusing one instance lets
   * jqwik reuse its generator instead of building it again for every value.
   */
  private static final class Cache {
    static final Arbitrary<String> PIECES = pieces();
    static final Arbitrary<String> TEXTS = PIECES.list().ofMaxSize(6).map(Generators::join);
    static final Arbitrary<String> NON_EMPTY_TEXTS =
        PIECES.list().ofMinSize(1).ofMaxSize(6).map(Generators::join);
    static final Arbitrary<String> OPTIONAL_TEXTS = TEXTS.injectNull(0.25);
    static final Arbitrary<String> LONG_TEXTS = Combinators.combine(NON_EMPTY_TEXTS,
        Arbitraries.integers().between(10_000, 70_000)).as(Generators::repeatTo);
    static final Arbitrary<String> CONTENTS =
        Arbitraries.frequencyOf(Tuple.of(39, TEXTS), Tuple.of(1, LONG_TEXTS));
    static final Arbitrary<Long> TIMESTAMPS = timestampsUncached();
    static final Arbitrary<Long> OPTIONAL_TIMESTAMPS = TIMESTAMPS.injectNull(0.25);
    static final Arbitrary<Double> UNIT_INTERVALS = unitIntervalsUncached();
    static final Arbitrary<Double> FINITE_DOUBLES = finiteDoublesUncached();
    static final Arbitrary<Long> COUNTS = countsUncached();
    static final Arbitrary<Object> JSON_VALUES = jsonValue(3);
    static final Arbitrary<String> JSON_TEXTS = jsonTextsUncached();
    static final Arbitrary<String> OPTIONAL_JSON_TEXTS = JSON_TEXTS.injectNull(0.5);
    static final Arbitrary<String> MEMORY_TYPES = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of(Memory.KNOWN_TYPES)), Tuple.of(1, TEXTS));
    static final Arbitrary<String> MEMORY_DATA = memoryDataUncached();
    static final Arbitrary<Double> WEIGHTS = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(1.0)), Tuple.of(3, FINITE_DOUBLES));

    private Cache() {}
  }

  // ---- text ---------------------------------------------------------------------------------

  /**
   * Short strings (up to a few dozen characters, often empty) built from ASCII words, {@link
   * #EDGE_TEXTS}, random code points of every plane and CJK characters.
   *
   * @return the arbitrary
   */
  public static Arbitrary<String> texts() {
    return Cache.TEXTS;
  }


  /**
   * Like {@link #texts()} but never empty.
   *
   * @return the arbitrary
   */
  public static Arbitrary<String> nonEmptyTexts() {
    return Cache.NON_EMPTY_TEXTS;
  }


  /**
   * {@link #texts()} or, one time in four, {@code null}.
   *
   * @return the arbitrary
   */
  public static Arbitrary<String> optionalTexts() {
    return Cache.OPTIONAL_TEXTS;
  }


  /**
   * Strings of 10,000 to 70,000 characters made of repeated edge-case text.
   *
   * @return the arbitrary
   */
  public static Arbitrary<String> longTexts() {
    return Cache.LONG_TEXTS;
  }


  /**
   * Text for content fields: usually {@link #texts()}, now and then (one time in 40) a {@linkplain
   * #longTexts() very long} string.
   *
   * @return the arbitrary
   */
  public static Arbitrary<String> contents() {
    return Cache.CONTENTS;
  }


  /**
   * Ids starting with {@code prefix}: mostly realistic ({@code prefix} followed by letters, digits,
   * {@code _} and {@code -}), now and then made of edge-case text. Never empty.
   *
   * @param prefix put before every id, for example {@code "mem_"}; ids from generators with two
   *     prefixes of equal length that differ never collide
   * @return the arbitrary
   */
  public static Arbitrary<String> ids(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z')
        .withCharRange('0', '9').withChars('_', '-').ofMinLength(1).ofMaxLength(21);
    return Arbitraries.frequencyOf(Tuple.of(6, plain), Tuple.of(1, nonEmptyTexts()))
        .map(body -> prefix + body);
  }

  // ---- numbers ------------------------------------------------------------------------------

  /**
   * Timestamps: Unix seconds and milliseconds of this era, and extremes ({@link Long#MIN_VALUE},
   * {@link Long#MAX_VALUE}, 0, -1, 2^53 + 1) and any long.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Long> timestamps() {
    return Cache.TIMESTAMPS;
  }

  private static Arbitrary<Long> timestampsUncached() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.longs().between(1_500_000_000L, 1_900_000_000L)),
        Tuple.of(3, Arbitraries.longs().between(1_500_000_000_000L, 1_900_000_000_000L)),
        Tuple.of(2, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L,
            9_007_199_254_740_993L, -9_007_199_254_740_993L)),
        Tuple.of(1, Arbitraries.longs()));
  }

  /**
   * {@link #timestamps()} or, one time in four, {@code null}.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Long> optionalTimestamps() {
    return Cache.OPTIONAL_TIMESTAMPS;
  }


  /**
   * Doubles in 0..1 at full precision, with the edges: 0, 1, {@link Double#MIN_VALUE}, {@link
   * Double#MIN_NORMAL}, 1e-7, 0.1, 0.30000000000000004, 1/3 and {@code 1 - ulp}.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Double> unitIntervals() {
    return Cache.UNIT_INTERVALS;
  }

  private static Arbitrary<Double> unitIntervalsUncached() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(0.0, 1.0, 0.5, Double.MIN_VALUE, Double.MIN_NORMAL, 1e-7,
            1e-6, 0.1, 0.30000000000000004, 1.0 / 3, 0.9999999999999999, 1e-300)),
        Tuple.of(5, Arbitraries.longs().between(0, 1L << 53)
            .map(l -> l / (double) (1L << 53))));
  }

  /**
   * Any finite double except {@code -0.0}, with the extremes: ±{@link Double#MAX_VALUE},
   * ±{@link Double#MIN_VALUE}, 1e21 (where JavaScript switches to exponent notation) and 1e-7.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Double> finiteDoubles() {
    return Cache.FINITE_DOUBLES;
  }

  private static Arbitrary<Double> finiteDoublesUncached() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(1.0, 0.0, -1.0, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.MIN_VALUE, -Double.MIN_VALUE, 1e21, 1e20, 1e-7, 123456789.125, 0.1, -2.5e-300)),
        Tuple.of(4, unitIntervalsUncached()),
        Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)
            .filter(d -> Double.isFinite(d) && !isNegativeZero(d))));
  }

  /**
   * Access counts: mostly 0 or small, sometimes {@link Integer#MAX_VALUE}, 2^53 + 1 or {@link
   * Long#MAX_VALUE}.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Long> counts() {
    return Cache.COUNTS;
  }

  private static Arbitrary<Long> countsUncached() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(0L)),
        Tuple.of(4, Arbitraries.longs().between(1, 1000)),
        Tuple.of(1, Arbitraries.of((long) Integer.MAX_VALUE, 9_007_199_254_740_993L,
            Long.MAX_VALUE)),
        Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
  }

  // ---- JSON ---------------------------------------------------------------------------------

  /**
   * Compact JSON text of objects (and now and then arrays) with nested values, nulls, edge-case
   * keys and strings, for the {@code metadata} of relations.
   *
   * @return the arbitrary
   */
  public static Arbitrary<String> jsonTexts() {
    return Cache.JSON_TEXTS;
  }

  private static Arbitrary<String> jsonTextsUncached() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, jsonObject(2)),
        Tuple.of(1, jsonValue(2).list().ofMaxSize(3).map(l -> (Object) l)))
        .map(JsonLiterals::write);
  }

  /**
   * The {@code memoryData} of a pending memory: a compact JSON object as Doclea stores it, with
   * {@code id}, {@code qdrantId} and the other memory fields (some omitted or null), followed by
   * up to three unknown keys with nested values.
   *
   * @return the arbitrary
   */
  public static Arbitrary<String> memoryData() {
    return Cache.MEMORY_DATA;
  }

  private static Arbitrary<String> memoryDataUncached() {
    return Builders.withBuilder(() -> (Map<String, Object>) new LinkedHashMap<String, Object>())
        .use(ids("mem_")).in((m, v) -> put(m, "id", v))
        .use(nonEmptyTexts()).in((m, v) -> put(m, "qdrantId", v))
        .use(memoryTypes()).in((m, v) -> put(m, "type", v))
        .use(texts()).in((m, v) -> put(m, "title", v))
        .use(contents()).in((m, v) -> put(m, "content", v))
        .use(texts()).withProbability(0.5).in((m, v) -> put(m, "summary", v))
        .use(Arbitraries.of("0", "1", "0.5", "0.25", "0.1", "1e-7", "0.123456789"))
            .in((m, v) -> put(m, "importance", new NumberLiteral(v)))
        .use(texts().list().ofMaxSize(3)).in((m, v) -> put(m, "tags", v))
        .use(texts().list().ofMaxSize(2)).withProbability(0.7)
            .in((m, v) -> put(m, "relatedFiles", v))
        .use(texts().list().ofMaxSize(2)).withProbability(0.7)
            .in((m, v) -> put(m, "experts", v))
        .use(Arbitraries.of(true, false)).withProbability(0.7)
            .in((m, v) -> put(m, "needsReview", v))
        .use(Arbitraries.just(true)).withProbability(0.2).in((m, v) -> put(m, "gitCommit", null))
        .use(Arbitraries.of("exponential", "linear", "step", "none")).withProbability(0.2)
            .in((m, v) -> put(m, "decayFunction", v))
        .use(Combinators.combine(texts(), Cache.JSON_VALUES).as(Tuple::of).list().ofMaxSize(3))
            .in((m, entries) -> {
              entries.forEach(e -> m.putIfAbsent(e.get1(), e.get2()));
              return m;
            })
        .build(JsonLiterals::write);
  }

  // ---- records ------------------------------------------------------------------------------

  /**
   * Memories with realistic {@code mem_} ids.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Memory> memories() {
    return memories(ids("mem_"));
  }

  /**
   * Memories with every field generated: known and future types, edge-case text, contents now and
   * then very long, extreme numbers, {@code null} in every optional field.
   *
   * @param ids the ids to use
   * @return the arbitrary
   */
  public static Arbitrary<Memory> memories(Arbitrary<String> ids) {
    return Builders.withBuilder(() -> Memory.builder("id", "note", "", ""))
        .use(ids).in(Memory.Builder::id)
        .use(memoryTypes()).in(Memory.Builder::type)
        .use(texts()).in(Memory.Builder::title)
        .use(contents()).in(Memory.Builder::content)
        .use(optionalTexts()).in(Memory.Builder::summary)
        .use(unitIntervals()).in(Memory.Builder::importance)
        .use(texts().list().ofMaxSize(4)).in(Memory.Builder::tags)
        .use(texts().list().ofMaxSize(3)).in(Memory.Builder::relatedFiles)
        .use(optionalTexts()).in(Memory.Builder::gitCommit)
        .use(optionalTexts()).in(Memory.Builder::sourcePr)
        .use(texts().list().ofMaxSize(3)).in(Memory.Builder::experts)
        .use(optionalTexts()).in(Memory.Builder::qdrantId)
        .use(optionalTimestamps()).in(Memory.Builder::createdAt)
        .use(optionalTimestamps()).in(Memory.Builder::accessedAt)
        .use(counts()).in(Memory.Builder::accessCount)
        .use(Arbitraries.of(true, false)).in(Memory.Builder::needsReview)
        .use(decayRates()).in(Memory.Builder::decayRate)
        .use(optionalTimestamps()).in(Memory.Builder::lastRefreshedAt)
        .use(unitIntervals().injectNull(0.4)).in(Memory.Builder::confidenceFloor)
        .use(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(Memory.KNOWN_DECAY_FUNCTIONS)),
            Tuple.of(1, texts())).injectNull(0.4)).in(Memory.Builder::decayFunction)
        .build(Memory.Builder::build);
  }

  /**
   * Documents with realistic {@code doc_} ids.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Document> documents() {
    return documents(ids("doc_"));
  }

  /**
   * Documents with every field generated.
   *
   * @param ids the ids to use
   * @return the arbitrary
   */
  public static Arbitrary<Document> documents(Arbitrary<String> ids) {
    Arbitrary<String> hashes = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)),
        Tuple.of(1, texts())).injectNull(0.3);
    return Combinators.combine(ids, texts(), contents(), hashes, optionalTimestamps(),
        optionalTimestamps()).as(Document::new);
  }

  /**
   * Chunks of the given documents, with realistic {@code chk_} ids.
   *
   * @param documentIds the documents chunks may belong to; not empty
   * @return the arbitrary
   */
  public static Arbitrary<Chunk> chunks(List<String> documentIds) {
    return chunks(ids("chk_"), documentIds);
  }

  /**
   * Chunks of the given documents with every field generated; offsets may be null, negative or
   * extreme.
   *
   * @param ids the ids to use
   * @param documentIds the documents chunks may belong to; not empty
   * @return the arbitrary
   */
  public static Arbitrary<Chunk> chunks(Arbitrary<String> ids, List<String> documentIds) {
    requireNotEmpty(documentIds, "documentIds");
    Arbitrary<Long> offsets = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().between(0, 1_000_000)),
        Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L)))
        .injectNull(0.2);
    return Combinators.combine(ids, Arbitraries.of(documentIds), contents(), optionalTexts(),
        offsets, offsets).as(Chunk::new);
  }

  /**
   * Relations between the given memories (a memory may relate to itself), with realistic {@code
   * rel_} ids, known and unknown types, extreme weights, JSON metadata or null, and timestamps in
   * milliseconds or anything else.
   *
   * @param memoryIds the memories relations may reference; not empty
   * @return the arbitrary
   */
  public static Arbitrary<MemoryRelation> memoryRelations(List<String> memoryIds) {
    return memoryRelations(ids("rel_"), memoryIds);
  }

  /**
   * Relations between the given memories.
   *
   * @param ids the ids to use
   * @param memoryIds the memories relations may reference; not empty
   * @return the arbitrary
   */
  public static Arbitrary<MemoryRelation> memoryRelations(Arbitrary<String> ids,
      List<String> memoryIds) {
    requireNotEmpty(memoryIds, "memoryIds");
    Arbitrary<String> memories = Arbitraries.of(memoryIds);
    return Combinators.combine(ids, memories, memories, relationTypes(), weights(),
        Cache.OPTIONAL_JSON_TEXTS, optionalTimestamps())
        .as(MemoryRelation::new);
  }

  /**
   * Links from the given memories to code-graph nodes, with realistic {@code clr_} ids.
   *
   * @param memoryIds the memories links may start from; not empty
   * @return the arbitrary
   */
  public static Arbitrary<CrossLayerRelation> crossLayerRelations(List<String> memoryIds) {
    return crossLayerRelations(ids("clr_"), memoryIds);
  }

  /**
   * Links from the given memories to code-graph nodes (opaque ids: realistic or edge-case text).
   *
   * @param ids the ids to use
   * @param memoryIds the memories links may start from; not empty
   * @return the arbitrary
   */
  public static Arbitrary<CrossLayerRelation> crossLayerRelations(Arbitrary<String> ids,
      List<String> memoryIds) {
    requireNotEmpty(memoryIds, "memoryIds");
    Arbitrary<String> directions = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("memory_to_code", "code_to_memory", "bidirectional")),
        Tuple.of(1, texts()));
    Arbitrary<String> types = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("documents", "addresses", "exemplifies", "references")),
        Tuple.of(1, texts()));
    Arbitrary<String> nodes = Arbitraries.frequencyOf(
        Tuple.of(3, ids("node_")),
        Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
            .map(s -> "src/" + s + ".ts:function:" + s)),
        Tuple.of(1, texts()));
    return Combinators.combine(ids, Arbitraries.of(memoryIds), nodes, types, directions,
        weights(), Cache.OPTIONAL_JSON_TEXTS, optionalTimestamps())
        .as(CrossLayerRelation::new);
  }

  /**
   * Pending memories with realistic {@code pnd_} ids.
   *
   * @return the arbitrary
   */
  public static Arbitrary<PendingMemory> pendingMemories() {
    return pendingMemories(ids("pnd_"));
  }

  /**
   * Pending memories with {@linkplain #memoryData() generated memoryData}, extreme timestamps,
   * known and unknown sources.
   *
   * @param ids the ids to use
   * @return the arbitrary
   */
  public static Arbitrary<PendingMemory> pendingMemories(Arbitrary<String> ids) {
    Arbitrary<String> sources = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("user_store", "import")), Tuple.of(1, texts()));
    return Combinators.combine(ids, memoryData(), timestamps(), sources, texts())
        .as(PendingMemory::new);
  }

  /**
   * Vectors for a memory: 1 to 8 components (now and then 384) of extreme and ordinary finite
   * floats, from one of a few provider/model pairs.
   *
   * @param memoryId the memory
   * @return the arbitrary
   */
  public static Arbitrary<StoredVector> vectors(String memoryId) {
    Arbitrary<Float> floats = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of(0f, -0f, 1f, -1f, Float.MIN_VALUE, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_NORMAL)),
        Tuple.of(4, Arbitraries.floats().between(-1f, 1f).ofScale(7)));
    Arbitrary<List<Float>> components = Arbitraries.frequencyOf(
        Tuple.of(6, floats.list().ofMinSize(1).ofMaxSize(8)),
        Tuple.of(1, floats.list().ofSize(384)));
    return Combinators.combine(Arbitraries.of(EMBEDDINGS), components).as((names, list) -> {
      float[] v = new float[list.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = list.get(i);
      }
      return new StoredVector(memoryId, names.get(0), names.get(1), v);
    });
  }

  /**
   * Records with the same id as {@code record} and other values: what a later export of the same
   * store, or another store, may hold under that id. References that unique constraints or
   * foreign keys involve are kept: a chunk keeps its document, a memory relation its source,
   * target and type, a cross-layer relation its memory, node and type. A variant may equal the
   * original.
   *
   * @param <T> the record type
   * @param record the original
   * @return the arbitrary
   */
  @SuppressWarnings("unchecked")
  public static <T extends TransferRecord> Arbitrary<T> variantsOf(T record) {
    Arbitrary<String> id = Arbitraries.just(record.id());
    if (record instanceof Memory) {
      return (Arbitrary<T>) memories(id);
    } else if (record instanceof Document) {
      return (Arbitrary<T>) documents(id);
    } else if (record instanceof Chunk) {
      return (Arbitrary<T>) chunks(id, List.of(((Chunk) record).documentId()));
    } else if (record instanceof MemoryRelation) {
      MemoryRelation r = (MemoryRelation) record;
      return (Arbitrary<T>) Combinators.combine(weights(), Cache.OPTIONAL_JSON_TEXTS,
          optionalTimestamps()).as((w, m, c) ->
              new MemoryRelation(r.id(), r.sourceId(), r.targetId(), r.type(), w, m, c));
    } else if (record instanceof CrossLayerRelation) {
      CrossLayerRelation r = (CrossLayerRelation) record;
      return (Arbitrary<T>) Combinators.combine(texts(), weights(),
          Cache.OPTIONAL_JSON_TEXTS, optionalTimestamps()).as((d, w, m, c) ->
              new CrossLayerRelation(r.id(), r.memoryId(), r.codeNodeId(), r.relationType(), d,
                  w, m, c));
    } else {
      return (Arbitrary<T>) pendingMemories(id);
    }
  }

  // ---- stores -------------------------------------------------------------------------------

  /**
   * Consistent stores with up to 6 records per section and no vectors; any section may be empty.
   *
   * @return the arbitrary
   */
  public static Arbitrary<StoreContent> stores() {
    return stores("", 6);
  }

  /**
   * Consistent stores without vectors.
   *
   * @param idPrefix put before every id; stores generated with prefixes of equal length that
   *     differ share no id
   * @param maxPerSection the most records per section
   * @return the arbitrary
   */
  public static Arbitrary<StoreContent> stores(String idPrefix, int maxPerSection) {
    return stores(idPrefix, 0, maxPerSection);
  }

  /**
   * Consistent stores without vectors, with a number of records per section in a range: for
   * stores that cross an adapter's batch sizes.
   *
   * @param idPrefix put before every id
   * @param minPerSection the fewest records per section
   * @param maxPerSection the most records per section
   * @return the arbitrary
   * @since 0.2.0
   */
  public static Arbitrary<StoreContent> stores(String idPrefix, int minPerSection,
      int maxPerSection) {
    Objects.requireNonNull(idPrefix, "idPrefix");
    if (minPerSection < 0 || maxPerSection < minPerSection) {
      throw new IllegalArgumentException("need 0 <= minPerSection <= maxPerSection");
    }
    // References are generated as indexes and resolved against the generated targets, so that
    // one combination (no flatMap) builds the whole store: faster, and it shrinks well.
    Arbitrary<Integer> index = Arbitraries.integers().between(0, Math.max(0, maxPerSection - 1));
    Arbitrary<List<Memory>> memories = memories(ids(idPrefix + "mem_")).list()
        .ofMinSize(minPerSection).ofMaxSize(maxPerSection);
    Arbitrary<List<Document>> documents = documents(ids(idPrefix + "doc_")).list()
        .ofMinSize(minPerSection).ofMaxSize(maxPerSection);
    Arbitrary<List<PendingMemory>> pending = pendingMemories(ids(idPrefix + "pnd_")).list()
        .ofMinSize(minPerSection).ofMaxSize(maxPerSection);
    Arbitrary<List<Ref<Chunk>>> chunks = Combinators.combine(index, index,
        chunks(ids(idPrefix + "chk_"), List.of(PLACEHOLDER))).as(Ref::new).list()
        .ofMinSize(minPerSection).ofMaxSize(maxPerSection);
    Arbitrary<List<Ref<MemoryRelation>>> relations = Combinators.combine(index, index,
        memoryRelations(ids(idPrefix + "rel_"), List.of(PLACEHOLDER))).as(Ref::new).list()
        .ofMinSize(minPerSection).ofMaxSize(maxPerSection);
    Arbitrary<List<Ref<CrossLayerRelation>>> links = Combinators.combine(index, index,
        crossLayerRelations(ids(idPrefix + "clr_"), List.of(PLACEHOLDER))).as(Ref::new).list()
        .ofMinSize(minPerSection).ofMaxSize(maxPerSection);
    return Combinators.combine(memories, documents, pending, chunks, relations, links)
        .as(Generators::assemble);
  }

  /**
   * Consistent stores (as {@link #stores()}) where about half the memories have a {@linkplain
   * #vectors vector}.
   *
   * @return the arbitrary
   */
  public static Arbitrary<StoreContent> storesWithVectors() {
    return storesWithVectors("", 6);
  }

  /**
   * Consistent stores (as {@link #stores(String, int)}) where about half the memories have a
   * {@linkplain #vectors vector}.
   *
   * @param idPrefix put before every id
   * @param maxPerSection the most records per section
   * @return the arbitrary
   */
  public static Arbitrary<StoreContent> storesWithVectors(String idPrefix, int maxPerSection) {
    Arbitrary<List<StoredVector>> pool =
        vectors(PLACEHOLDER).injectNull(0.5).list().ofSize(maxPerSection);
    return Combinators.combine(stores(idPrefix, maxPerSection), pool).as((content, vs) -> {
      List<StoredVector> vectors = new ArrayList<>();
      int i = 0;
      for (String id : content.ids(RecordKind.MEMORY)) {
        StoredVector v = vs.get(i++);
        if (v != null) {
          vectors.add(new StoredVector(id, v.provider(), v.model(), v.vector()));
        }
      }
      return content.withVectors(vectors);
    });
  }

  /**
   * Consistent stores (as {@link #stores(String, int)}) where about half the memories have a
   * vector, all of one provider, model and length (1 to 8 components, now and then 384), as in a
   * store that an export with vectors can write. The vectors have no id of their own (an export
   * names them by the memory's {@code qdrantId}), since an adapter need not keep vector ids.
   *
   * @param idPrefix put before every id
   * @param maxPerSection the most records per section
   * @return the arbitrary
   * @since 0.3.0
   */
  public static Arbitrary<StoreContent> storesWithModelVectors(String idPrefix,
      int maxPerSection) {
    float[] extremes = {0f, -0f, 1f, -1f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.MIN_NORMAL, 0.1f, -1.0e-30f};
    Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(1, 8)), Tuple.of(1, Arbitraries.just(384)));
    return Combinators.combine(stores(idPrefix, maxPerSection), Arbitraries.of(EMBEDDINGS),
        lengths, Arbitraries.longs()).as((content, names, length, seed) -> {
          java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
          List<StoredVector> vectors = new ArrayList<>();
          for (String id : content.ids(RecordKind.MEMORY)) {
            if (random.nextBoolean()) {
              continue;
            }
            float[] v = new float[length];
            for (int i = 0; i < length; i++) {
              v[i] = random.nextInt(5) == 0 ? extremes[random.nextInt(extremes.length)]
                  : Float.intBitsToFloat(random.nextInt()) % 1f;
              if (!Float.isFinite(v[i])) {
                v[i] = extremes[random.nextInt(extremes.length)];
              }
            }
            vectors.add(new StoredVector(id, names.get(0), names.get(1), v));
          }
          return content.withVectors(vectors);
        });
  }

  /**
   * Two consistent stores that share some ids, for conflict properties: {@code existing} (with
   * vectors for some memories) is what a target store holds, {@code incoming} what a file brings.
   * A record present in both may be identical or a {@linkplain #variantsOf variant}. Relation rows
   * of the two stores together are still unique on Doclea's unique columns.
   *
   * @return the arbitrary
   */
  public static Arbitrary<Overlap> overlappingStores() {
    int max = 5;
    Arbitrary<List<Integer>> flags =
        Arbitraries.integers().between(0, 15).list().ofSize(6 * max);
    Arbitrary<List<TransferRecord>> variants = Combinators.combine(
        memories(Arbitraries.just(PLACEHOLDER)).list().ofSize(max),
        documents(Arbitraries.just(PLACEHOLDER)).list().ofSize(max),
        chunks(Arbitraries.just(PLACEHOLDER), List.of(PLACEHOLDER)).list().ofSize(max),
        memoryRelations(Arbitraries.just(PLACEHOLDER), List.of(PLACEHOLDER)).list().ofSize(max),
        crossLayerRelations(Arbitraries.just(PLACEHOLDER), List.of(PLACEHOLDER)).list()
            .ofSize(max),
        pendingMemories(Arbitraries.just(PLACEHOLDER)).list().ofSize(max))
        .as((m, d, c, r, x, p) -> {
          List<TransferRecord> all = new ArrayList<>();
          all.addAll(m);
          all.addAll(d);
          all.addAll(c);
          all.addAll(r);
          all.addAll(x);
          all.addAll(p);
          return all;
        });
    return Combinators.combine(stores("o.", max), flags, variants)
        .as((universe, flag, pool) -> overlap(universe, flag, pool, max));
  }

  /**
   * Two stores that share some ids: what a target holds and what a file brings.
   *
   * @param existing the target store's content
   * @param incoming the imported content
   * @since 0.1.0
   */
  public record Overlap(StoreContent existing, StoreContent incoming) {

    /**
     * The ids present in both stores in one section.
     *
     * @param kind the section
     * @return the shared ids
     */
    public Set<String> commonIds(RecordKind kind) {
      Set<String> common = new LinkedHashSet<>(existing.ids(kind));
      common.retainAll(incoming.ids(kind));
      return Collections.unmodifiableSet(common);
    }

    /**
     * How many records of {@code incoming} conflict with one of {@code existing}, over all
     * sections.
     *
     * @return the number of shared ids
     */
    public int conflicts() {
      int n = 0;
      for (RecordKind kind : RecordKind.values()) {
        n += commonIds(kind).size();
      }
      return n;
    }
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Stands for an id or reference that is filled in when a store is assembled. */
  private static final String PLACEHOLDER = "?";

  /** A record with the indexes of the records it references, resolved in {@link #assemble}. */
  private record Ref<T extends TransferRecord>(int first, int second, T record) {}

  private static StoreContent assemble(List<Memory> memories, List<Document> documents,
      List<PendingMemory> pending, List<Ref<Chunk>> chunks, List<Ref<MemoryRelation>> relations,
      List<Ref<CrossLayerRelation>> links) {
    List<Memory> m = unique(memories, Memory::id);
    List<Document> d = unique(documents, Document::id);
    List<TransferRecord> all = new ArrayList<>(m);
    all.addAll(d);
    all.addAll(unique(pending, PendingMemory::id));
    if (!d.isEmpty()) {
      List<Chunk> resolved = new ArrayList<>();
      for (Ref<Chunk> ref : chunks) {
        Chunk c = ref.record();
        resolved.add(new Chunk(c.id(), d.get(ref.first() % d.size()).id(), c.content(),
            c.qdrantId(), c.startOffset(), c.endOffset()));
      }
      all.addAll(unique(resolved, Chunk::id));
    }
    if (!m.isEmpty()) {
      List<MemoryRelation> resolved = new ArrayList<>();
      for (Ref<MemoryRelation> ref : relations) {
        MemoryRelation r = ref.record();
        resolved.add(new MemoryRelation(r.id(), m.get(ref.first() % m.size()).id(),
            m.get(ref.second() % m.size()).id(), r.type(), r.weight(), r.metadata(),
            r.createdAt()));
      }
      all.addAll(unique(unique(resolved, MemoryRelation::id),
          r -> List.of(r.sourceId(), r.targetId(), r.type())));
      List<CrossLayerRelation> resolvedLinks = new ArrayList<>();
      for (Ref<CrossLayerRelation> ref : links) {
        CrossLayerRelation x = ref.record();
        resolvedLinks.add(new CrossLayerRelation(x.id(), m.get(ref.first() % m.size()).id(),
            x.codeNodeId(), x.relationType(), x.direction(), x.confidence(), x.metadata(),
            x.createdAt()));
      }
      all.addAll(unique(unique(resolvedLinks, CrossLayerRelation::id),
          r -> List.of(r.memoryId(), r.codeNodeId(), r.relationType())));
    }
    return StoreContent.of(all);
  }

  /**
   * Splits a universe into an existing and an incoming store. Four bits per record say whether
   * it is in the existing store, in the incoming one, changed there, and (for memories) has a
   * vector.
   */
  private static Overlap overlap(StoreContent universe, List<Integer> flags,
      List<TransferRecord> pool, int max) {
    List<TransferRecord> existing = new ArrayList<>();
    List<TransferRecord> incoming = new ArrayList<>();
    List<String> withVector = new ArrayList<>();
    int section = 0;
    for (RecordKind kind : POOL_ORDER) {
      List<TransferRecord> records = universe.records(kind);
      for (int i = 0; i < records.size(); i++) {
        TransferRecord r = records.get(i);
        int f = flags.get(section * max + i);
        if ((f & 1) != 0) {
          existing.add(r);
          if ((f & 8) != 0 && kind == RecordKind.MEMORY) {
            withVector.add(r.id());
          }
        }
        if ((f & 2) != 0) {
          incoming.add((f & 4) != 0 ? withIdOf(r, pool.get(section * max + i)) : r);
        }
      }
      section++;
    }
    StoreContent existingContent = StoreContent.of(consistent(existing));
    List<StoredVector> vectors = new ArrayList<>();
    for (String id : withVector) {
      if (existingContent.ids(RecordKind.MEMORY).contains(id)) {
        int n = vectors.size();
        vectors.add(new StoredVector(id, "transformers", "all-MiniLM-L6-v2",
            new float[] {n, -0.5f, 1e-3f * n}));
      }
    }
    return new Overlap(existingContent.withVectors(vectors),
        StoreContent.of(consistent(incoming)));
  }

  /** The order of the sections in the variant pool of {@link #overlappingStores()}. */
  private static final List<RecordKind> POOL_ORDER = List.of(RecordKind.MEMORY,
      RecordKind.DOCUMENT, RecordKind.CHUNK, RecordKind.MEMORY_RELATION,
      RecordKind.CROSS_LAYER_RELATION, RecordKind.PENDING_MEMORY);

  /**
   * The values of {@code payload} under the id of {@code original}, keeping the references that
   * unique constraints and foreign keys involve.
   */
  private static TransferRecord withIdOf(TransferRecord original, TransferRecord payload) {
    String id = original.id();
    if (original instanceof Memory) {
      return ((Memory) payload).toBuilder().id(id).build();
    } else if (original instanceof Document) {
      Document p = (Document) payload;
      return new Document(id, p.title(), p.content(), p.contentHash(), p.createdAt(),
          p.updatedAt());
    } else if (original instanceof Chunk) {
      Chunk p = (Chunk) payload;
      return new Chunk(id, ((Chunk) original).documentId(), p.content(), p.qdrantId(),
          p.startOffset(), p.endOffset());
    } else if (original instanceof MemoryRelation) {
      MemoryRelation o = (MemoryRelation) original;
      MemoryRelation p = (MemoryRelation) payload;
      return new MemoryRelation(id, o.sourceId(), o.targetId(), o.type(), p.weight(),
          p.metadata(), p.createdAt());
    } else if (original instanceof CrossLayerRelation) {
      CrossLayerRelation o = (CrossLayerRelation) original;
      CrossLayerRelation p = (CrossLayerRelation) payload;
      return new CrossLayerRelation(id, o.memoryId(), o.codeNodeId(), o.relationType(),
          p.direction(), p.confidence(), p.metadata(), p.createdAt());
    } else {
      PendingMemory p = (PendingMemory) payload;
      return new PendingMemory(id, p.memoryData(), p.suggestedAt(), p.source(), p.reason());
    }
  }

  private static Arbitrary<String> pieces() {
    Arbitrary<String> words = Arbitraries.strings().alpha().numeric().withChars(" _-.,:/")
        .ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> codePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
        .map(Character::toString);
    Arbitrary<String> cjk = Arbitraries.strings().withCharRange('\u4E00', '\u9FFF')
        .ofMinLength(1).ofMaxLength(6);
    return Arbitraries.frequencyOf(Tuple.of(4, words), Tuple.of(3, Arbitraries.of(EDGE_TEXTS)),
        Tuple.of(2, codePoints), Tuple.of(1, cjk));
  }

  private static Arbitrary<String> memoryTypes() {
    return Cache.MEMORY_TYPES;
  }


  private static Arbitrary<String> relationTypes() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of("implements", "references", "supersedes", "related_to",
            "causes", "solves", "requires", "conflicts_with")),
        Tuple.of(1, texts()));
  }

  private static Arbitrary<Double> weights() {
    return Cache.WEIGHTS;
  }


  private static Arbitrary<Double> decayRates() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(0.0)),
        Tuple.of(3, finiteDoubles().map(Math::abs).filter(d -> !isNegativeZero(d)))
    ).injectNull(0.4);
  }

  private static Arbitrary<Object> jsonValue(int depth) {
    Arbitrary<Object> leaves = Arbitraries.frequencyOf(
        Tuple.of(3, texts().map(s -> (Object) s)),
        Tuple.of(2, Arbitraries.of("0", "1", "-1", "42", "0.5", "-3.25", "1e-7", "1.5e+300",
            "9007199254740993", "-9223372036854775808", "123456789012345678901234567890",
            "0.1", "1E5", "2.50").map(l -> (Object) new NumberLiteral(l))),
        Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object) b)))
        .injectNull(0.1);
    if (depth <= 0) {
      return leaves;
    }
    return Arbitraries.frequencyOf(
        Tuple.of(5, leaves),
        Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(3).map(l -> (Object) l)),
        Tuple.of(1, jsonObject(depth - 1)));
  }

  private static Arbitrary<Object> jsonObject(int depth) {
    return Combinators.combine(texts(), jsonValue(depth)).as(Tuple::of).list().ofMaxSize(3)
        .map(entries -> {
          Map<String, Object> object = new LinkedHashMap<>();
          entries.forEach(e -> object.putIfAbsent(e.get1(), e.get2()));
          return (Object) object;
        });
  }

  /** Drops chunks whose document and relations whose memories are not among the records. */
  static List<TransferRecord> consistent(List<TransferRecord> records) {
    Set<String> documents = new HashSet<>();
    Set<String> memories = new HashSet<>();
    for (TransferRecord r : records) {
      if (r instanceof Document) {
        documents.add(r.id());
      } else if (r instanceof Memory) {
        memories.add(r.id());
      }
    }
    List<TransferRecord> kept = new ArrayList<>();
    for (TransferRecord r : records) {
      if (r instanceof Chunk && !documents.contains(((Chunk) r).documentId())) {
        continue;
      }
      if (r instanceof MemoryRelation && !(memories.contains(((MemoryRelation) r).sourceId())
          && memories.contains(((MemoryRelation) r).targetId()))) {
        continue;
      }
      if (r instanceof CrossLayerRelation
          && !memories.contains(((CrossLayerRelation) r).memoryId())) {
        continue;
      }
      kept.add(r);
    }
    return kept;
  }

  private static Map<String, Object> put(Map<String, Object> m, String key, Object value) {
    m.put(key, value);
    return m;
  }

  private static <T> List<T> unique(List<T> list, Function<T, ?> key) {
    Set<Object> seen = new HashSet<>();
    List<T> kept = new ArrayList<>();
    for (T t : list) {
      if (seen.add(key.apply(t))) {
        kept.add(t);
      }
    }
    return kept;
  }

  private static String join(List<String> parts) {
    return String.join("", parts);
  }

  private static String repeatTo(String piece, int length) {
    StringBuilder sb = new StringBuilder(length + piece.length());
    while (sb.length() < length) {
      sb.append(piece);
    }
    int end = length;
    if (Character.isHighSurrogate(sb.charAt(end - 1))) {
      end--;
    }
    return sb.substring(0, end);
  }

  private static boolean isNegativeZero(double d) {
    return d == 0.0 && Double.doubleToRawLongBits(d) != 0L;
  }

  private static void requireNotEmpty(List<String> ids, String name) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
