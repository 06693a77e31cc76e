package ai.doclea.transfer.testkit;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a store holds, as plain values that tests can compare: the records of each section,
 * sorted by id, and the stored vectors by memory id. It is meant for stores of test size; it holds
 * everything in memory.
 *
 * <p>Two contents are {@linkplain #equals equal} when they hold equal records (every field, as the
 * records' own {@code equals} compares them) and vectors with equal memory id, provider, model and
 * components ({@link Arrays#equals(float[], float[])}). The order a backend streams records in
 * does not matter: {@link #read} sorts by id. {@link #differencesFrom} says field by field what
 * differs, for assertion messages.
 *
 * <pre>{@code
 * StoreContent before = StoreContent.read(backend);
 * ImportResult result = Transfer.importFrom(backend, file, options);
 * StoreContent after = StoreContent.read(backend);
 * assertEquals("", after.differencesFrom(before));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class StoreContent {
  /**
   * The order in which {@link #insertInto} writes sections: referenced records before the records
   * that reference them, as an import does.
   */
  public static final List<RecordKind> DEPENDENCY_ORDER = List.of(RecordKind.DOCUMENT,
      RecordKind.CHUNK, RecordKind.MEMORY, RecordKind.PENDING_MEMORY, RecordKind.MEMORY_RELATION,
      RecordKind.CROSS_LAYER_RELATION);

  private static final StoreContent EMPTY = new StoreContent(emptySections(), new TreeMap<>());
  private static final int MAX_REPORTED_DIFFERENCES = 25;

  private final Map<RecordKind, List<TransferRecord>> sections;
  private final Map<String, StoredVector> vectors;

  private StoreContent(Map<RecordKind, List<TransferRecord>> sections,
      Map<String, StoredVector> vectors) {
    this.sections = sections;
    this.vectors = Collections.unmodifiableMap(vectors);
  }

  /**
   * No records and no vectors.
   *
   * @return the empty content
   */
  public static StoreContent empty() {
    return EMPTY;
  }

  /**
   * Content holding the given records and no vectors.
   *
   * @param records records of any kinds, in any order
   * @return the content
   * @throws IllegalArgumentException when two records of one kind share an id
   */
  public static StoreContent of(TransferRecord... records) {
    return of(Arrays.asList(records));
  }

  /**
   * Content holding the given records and no vectors.
   *
   * @param records records of any kinds, in any order
   * @return the content
   * @throws IllegalArgumentException when two records of one kind share an id
   */
  public static StoreContent of(Collection<? extends TransferRecord> records) {
    Map<RecordKind, Map<String, TransferRecord>> byKind = new EnumMap<>(RecordKind.class);
    for (TransferRecord record : records) {
      Objects.requireNonNull(record, "records must not contain null");
      TransferRecord previous = byKind.computeIfAbsent(record.kind(), k -> new TreeMap<>())
          .put(record.id(), record);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two " + record.kind().sectionName() + " have the id " + show(record.id()));
      }
    }
    EnumMap<RecordKind, List<TransferRecord>> sections = emptySections();
    byKind.forEach((kind, map) -> sections.put(kind, List.copyOf(map.values())));
    return new StoreContent(sections, new TreeMap<>());
  }

  /**
   * Reads everything a backend holds, from one snapshot: every section, and the vector of every
   * memory.
   *
   * @param backend the backend
   * @return its content
   * @throws AssertionError when the backend streams one id twice in a section or a record of the
   *     wrong kind
   */
  public static StoreContent read(StorageBackend backend) {
    try (ReadSnapshot snapshot = backend.openSnapshot()) {
      return read(snapshot);
    }
  }

  /**
   * Reads everything a snapshot holds: every section, and the vector of every memory.
   *
   * @param snapshot an open snapshot; not closed by this method
   * @return its content
   * @throws AssertionError when the snapshot streams one id twice in a section or a record of the
   *     wrong kind
   */
  public static StoreContent read(ReadSnapshot snapshot) {
    EnumMap<RecordKind, List<TransferRecord>> sections = emptySections();
    for (RecordKind kind : RecordKind.values()) {
      TreeMap<String, TransferRecord> byId = new TreeMap<>();
      try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind)) {
        while (cursor.hasNext()) {
          TransferRecord record = cursor.next();
          if (record == null || record.kind() != kind) {
            throw new AssertionError("the " + kind.sectionName() + " cursor yielded " + record);
          }
          if (byId.put(record.id(), record) != null) {
            throw new AssertionError("the " + kind.sectionName() + " cursor yielded the id "
                + show(record.id()) + " twice");
          }
        }
      }
      sections.put(kind, List.copyOf(byId.values()));
    }
    TreeMap<String, StoredVector> vectors = new TreeMap<>();
    for (TransferRecord memory : sections.get(RecordKind.MEMORY)) {
      snapshot.vector(memory.id()).ifPresent(v -> vectors.put(memory.id(), copy(v)));
    }
    return new StoreContent(sections, vectors);
  }

  /**
   * Writes this content into a backend in one transaction and commits; on failure the transaction
   * is rolled back and the exception rethrown.
   *
   * @param backend a backend holding none of these ids
   */
  public void loadInto(StorageBackend backend) {
    try (WriteTransaction tx = backend.beginTransaction()) {
      insertInto(tx);
      tx.commit();
    }
  }

  /**
   * Inserts every record (section by section in {@link #DEPENDENCY_ORDER}, with {@link
   * WriteTransaction#insertAll}) and stores every vector, without committing.
   *
   * @param tx an open transaction
   */
  public void insertInto(WriteTransaction tx) {
    for (RecordKind kind : DEPENDENCY_ORDER) {
      List<TransferRecord> records = sections.get(kind);
      if (!records.isEmpty()) {
        tx.insertAll(records);
      }
    }
    for (StoredVector v : vectors.values()) {
      tx.storeVector(copy(v));
    }
  }

  /**
   * A copy holding these vectors instead of the current ones.
   *
   * @param newVectors vectors whose memories this content holds; one per memory
   * @return the copy
   * @throws IllegalArgumentException when a vector's memory is missing or a memory has two
   */
  public StoreContent withVectors(Collection<StoredVector> newVectors) {
    TreeMap<String, StoredVector> map = new TreeMap<>();
    Set<String> memoryIds = ids(RecordKind.MEMORY);
    for (StoredVector v : newVectors) {
      if (!memoryIds.contains(v.memoryId())) {
        throw new IllegalArgumentException("no memory " + show(v.memoryId()) + " for a vector");
      }
      if (map.put(v.memoryId(), copy(v)) != null) {
        throw new IllegalArgumentException("two vectors for memory " + show(v.memoryId()));
      }
    }
    return new StoreContent(sections, map);
  }

  /**
   * A copy without vectors, for comparing with a store filled by an import (export files carry no
   * vectors).
   *
   * @return the copy
   */
  public StoreContent withoutVectors() {
    return vectors.isEmpty() ? this : new StoreContent(sections, new TreeMap<>());
  }

  /**
   * A copy with the given sections emptied. Emptying memories also drops the vectors.
   *
   * @param kinds the sections to empty
   * @return the copy
   */
  public StoreContent withoutSections(RecordKind... kinds) {
    return withoutSections(Arrays.asList(kinds));
  }

  /**
   * A copy with the given sections emptied. Emptying memories also drops the vectors.
   *
   * @param kinds the sections to empty
   * @return the copy
   */
  public StoreContent withoutSections(Collection<RecordKind> kinds) {
    EnumMap<RecordKind, List<TransferRecord>> copy = new EnumMap<>(sections);
    for (RecordKind kind : kinds) {
      copy.put(kind, List.of());
    }
    return new StoreContent(copy,
        kinds.contains(RecordKind.MEMORY) ? new TreeMap<>() : new TreeMap<>(vectors));
  }

  /**
   * What a store with this content holds after importing {@code incoming} with the {@code skip}
   * strategy: every record of this content unchanged, plus the records of {@code incoming} whose
   * ids are new in their section (and their vectors).
   *
   * @param incoming the imported content
   * @return the merged content
   */
  public StoreContent mergeKeepingExisting(StoreContent incoming) {
    EnumMap<RecordKind, List<TransferRecord>> merged = emptySections();
    for (RecordKind kind : RecordKind.values()) {
      TreeMap<String, TransferRecord> byId = index(incoming.sections.get(kind));
      byId.putAll(index(sections.get(kind)));
      merged.put(kind, List.copyOf(byId.values()));
    }
    TreeMap<String, StoredVector> mergedVectors = new TreeMap<>();
    Set<String> existingMemories = ids(RecordKind.MEMORY);
    incoming.vectors.forEach((id, v) -> {
      if (!existingMemories.contains(id)) {
        mergedVectors.put(id, v);
      }
    });
    mergedVectors.putAll(vectors);
    return new StoreContent(merged, mergedVectors);
  }

  /**
   * What a store with this content holds after importing {@code incoming} with the {@code
   * overwrite} strategy: the records of {@code incoming} replace the records with the same ids
   * and are added where the ids are new; a replaced memory loses its vector (as {@link
   * WriteTransaction#replace} requires); the vectors of {@code incoming} are added.
   *
   * @param incoming the imported content
   * @return the merged content
   */
  public StoreContent mergeReplacingExisting(StoreContent incoming) {
    EnumMap<RecordKind, List<TransferRecord>> merged = emptySections();
    for (RecordKind kind : RecordKind.values()) {
      TreeMap<String, TransferRecord> byId = index(sections.get(kind));
      byId.putAll(index(incoming.sections.get(kind)));
      merged.put(kind, List.copyOf(byId.values()));
    }
    TreeMap<String, StoredVector> mergedVectors = new TreeMap<>(vectors);
    mergedVectors.keySet().removeAll(incoming.ids(RecordKind.MEMORY));
    mergedVectors.putAll(incoming.vectors);
    return new StoreContent(merged, mergedVectors);
  }

  /**
   * The records of one section, sorted by id.
   *
   * @param kind the section
   * @return an unmodifiable list
   */
  public List<TransferRecord> records(RecordKind kind) {
    return sections.get(Objects.requireNonNull(kind, "kind"));
  }

  /**
   * The records of one type, sorted by id, for example {@code records(Memory.class)}.
   *
   * @param <T> the record type
   * @param type the record class
   * @return an unmodifiable list
   */
  public <T extends TransferRecord> List<T> records(Class<T> type) {
    for (RecordKind kind : RecordKind.values()) {
      if (kind.recordType() == type) {
        List<T> typed = new ArrayList<>();
        sections.get(kind).forEach(r -> typed.add(type.cast(r)));
        return Collections.unmodifiableList(typed);
      }
    }
    throw new IllegalArgumentException(type + " is not a record kind");
  }

  /**
   * Every record, section by section in {@link RecordKind} order, each section sorted by id.
   *
   * @return an unmodifiable list
   */
  public List<TransferRecord> records() {
    List<TransferRecord> all = new ArrayList<>();
    for (RecordKind kind : RecordKind.values()) {
      all.addAll(sections.get(kind));
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * The ids of one section.
   *
   * @param kind the section
   * @return the ids, sorted
   */
  public Set<String> ids(RecordKind kind) {
    Set<String> ids = new LinkedHashSet<>();
    records(kind).forEach(r -> ids.add(r.id()));
    return Collections.unmodifiableSet(ids);
  }

  /**
   * One record.
   *
   * @param kind the section
   * @param id the id
   * @return the record, or empty
   */
  public Optional<TransferRecord> record(RecordKind kind, String id) {
    for (TransferRecord r : records(kind)) {
      if (r.id().equals(id)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /**
   * The vectors, by memory id. Treat the arrays as read-only.
   *
   * @return an unmodifiable sorted map
   */
  public Map<String, StoredVector> vectors() {
    return vectors;
  }

  /**
   * How many records a section holds.
   *
   * @param kind the section
   * @return the count
   */
  public int size(RecordKind kind) {
    return records(kind).size();
  }

  /**
   * How many records all sections hold together (vectors not counted).
   *
   * @return the count
   */
  public int size() {
    int n = 0;
    for (List<TransferRecord> section : sections.values()) {
      n += section.size();
    }
    return n;
  }

  /**
   * Whether there are no records and no vectors.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return size() == 0 && vectors.isEmpty();
  }

  /**
   * Says what differs between this content (the actual one) and an expected one: ids missing or
   * unexpected per section, and for records present in both the fields that differ, with both
   * values; likewise for vectors. At most 25 differences are listed.
   *
   * @param expected the content this one should equal
   * @return an empty string when the two are equal, otherwise one difference per line
   */
  public String differencesFrom(StoreContent expected) {
    List<String> lines = new ArrayList<>();
    for (RecordKind kind : RecordKind.values()) {
      Map<String, TransferRecord> mine = index(sections.get(kind));
      Map<String, TransferRecord> theirs = index(expected.sections.get(kind));
      for (Map.Entry<String, TransferRecord> e : theirs.entrySet()) {
        TransferRecord actual = mine.get(e.getKey());
        if (actual == null) {
          lines.add(kind.displayName() + " " + show(e.getKey()) + " is missing");
        } else if (!actual.equals(e.getValue())) {
          lines.add(kind.displayName() + " " + show(e.getKey()) + " differs: "
              + fieldDifferences(e.getValue(), actual));
        }
      }
      for (String id : mine.keySet()) {
        if (!theirs.containsKey(id)) {
          lines.add(kind.displayName() + " " + show(id) + " is unexpected");
        }
      }
    }
    for (Map.Entry<String, StoredVector> e : expected.vectors.entrySet()) {
      StoredVector actual = vectors.get(e.getKey());
      if (actual == null) {
        lines.add("vector of memory " + show(e.getKey()) + " is missing");
      } else if (!sameVector(actual, e.getValue())) {
        lines.add("vector of memory " + show(e.getKey()) + " differs: expected "
            + describe(e.getValue()) + " but was " + describe(actual));
      }
    }
    for (String id : vectors.keySet()) {
      if (!expected.vectors.containsKey(id)) {
        lines.add("vector of memory " + show(id) + " is unexpected");
      }
    }
    if (lines.size() > MAX_REPORTED_DIFFERENCES) {
      int more = lines.size() - MAX_REPORTED_DIFFERENCES;
      lines = new ArrayList<>(lines.subList(0, MAX_REPORTED_DIFFERENCES));
      lines.add("... and " + more + " more differences");
    }
    return String.join("\n", lines);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StoreContent)) {
      return false;
    }
    StoreContent other = (StoreContent) o;
    if (!sections.equals(other.sections) || !vectors.keySet().equals(other.vectors.keySet())) {
      return false;
    }
    for (Map.Entry<String, StoredVector> e : vectors.entrySet()) {
      if (!sameVector(e.getValue(), other.vectors.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = sections.hashCode();
    for (StoredVector v : vectors.values()) {
      h = 31 * h + Objects.hash(v.memoryId(), v.provider(), v.model())
          + Arrays.hashCode(v.vector());
    }
    return h;
  }

  /** @return the number of records per section and of vectors, for test reports */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("StoreContent[");
    for (RecordKind kind : RecordKind.values()) {
      sb.append(kind.sectionName()).append('=').append(sections.get(kind).size()).append(", ");
    }
    return sb.append("vectors=").append(vectors.size()).append(']').toString();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static EnumMap<RecordKind, List<TransferRecord>> emptySections() {
    EnumMap<RecordKind, List<TransferRecord>> sections = new EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      sections.put(kind, List.of());
    }
    return sections;
  }

  private static TreeMap<String, TransferRecord> index(List<TransferRecord> records) {
    TreeMap<String, TransferRecord> byId = new TreeMap<>();
    for (TransferRecord r : records) {
      byId.put(r.id(), r);
    }
    return byId;
  }

  static boolean sameVector(StoredVector a, StoredVector b) {
    return a != null && b != null && Objects.equals(a.memoryId(), b.memoryId())
        && Objects.equals(a.provider(), b.provider()) && Objects.equals(a.model(), b.model())
        && Arrays.equals(a.vector(), b.vector());
  }

  static StoredVector copy(StoredVector v) {
    return new StoredVector(v.memoryId(), v.provider(), v.model(),
        v.vector() == null ? null : v.vector().clone());
  }

  private static String describe(StoredVector v) {
    float[] c = v.vector();
    String components = c == null ? "null" : c.length <= 8 ? Arrays.toString(c)
        : Arrays.toString(Arrays.copyOf(c, 8)) + "... (" + c.length + " components)";
    return show(v.provider()) + "/" + show(v.model()) + " " + components;
  }

  private static String fieldDifferences(TransferRecord expected, TransferRecord actual) {
    if (expected.getClass() != actual.getClass()) {
      return "expected a " + expected.getClass().getSimpleName() + " but was a "
          + actual.getClass().getSimpleName();
    }
    List<String> fields = new ArrayList<>();
    for (RecordComponent c : expected.getClass().getRecordComponents()) {
      try {
        Object e = c.getAccessor().invoke(expected);
        Object a = c.getAccessor().invoke(actual);
        if (!Objects.equals(e, a)) {
          fields.add(c.getName() + " " + compare(e, a));
        }
      } catch (IllegalAccessException | InvocationTargetException ex) {
        fields.add(c.getName() + " could not be read: " + ex);
      }
    }
    return String.join("; ", fields);
  }

  /** Says how two values differ; for strings, shows both around the first difference. */
  static String compare(Object expected, Object actual) {
    if (expected instanceof String && actual instanceof String) {
      String e = (String) expected;
      String a = (String) actual;
      int at = 0;
      while (at < e.length() && at < a.length() && e.charAt(at) == a.charAt(at)) {
        at++;
      }
      if (at > 20 || e.length() > 80 || a.length() > 80) {
        int from = Math.max(0, at - 20);
        return "differs at char " + at + " (lengths " + e.length() + " and " + a.length()
            + "): expected ..." + show(e.substring(from, Math.min(e.length(), at + 40)))
            + "... but was ..." + show(a.substring(from, Math.min(a.length(), at + 40))) + "...";
      }
    }
    return "expected " + show(expected) + " but was " + show(actual);
  }

  /**
   * A value for a message: strings quoted, with control and non-ASCII characters escaped so that
   * the message shows exactly which characters differ, and long strings abbreviated.
   */
  static String show(Object value) {
    if (!(value instanceof String)) {
      if (value instanceof List) {
        List<String> shown = new ArrayList<>();
        for (Object o : (List<?>) value) {
          shown.add(show(o));
        }
        return shown.toString();
      }
      return String.valueOf(value);
    }
    String s = (String) value;
    StringBuilder sb = new StringBuilder("\"");
    int limit = 80;
    for (int i = 0; i < s.length() && i < limit; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append(c);
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    sb.append('"');
    if (s.length() > limit) {
      sb.append("... (").append(s.length()).append(" chars)");
    }
    return sb.toString();
  }
}
