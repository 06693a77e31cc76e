package ai.doclea.transfer.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which records a selective export writes: filters on memories and on documents, and the closure
 * rules that decide which other records go with them. Immutable; build with {@link #builder()};
 * {@link #ALL} selects everything.
 *
 * <p><b>Memory filters.</b> Filters of different kinds are combined with AND, the values of one
 * kind with OR: {@code types(decision) tags(auth, security)} selects decisions tagged
 * {@code auth} or {@code security}. The kinds are: type; tag (any of the memory's tags); file glob
 * (any of the memory's {@code relatedFiles}; {@code *} and {@code ?} stay within one path
 * segment, {@code **} crosses {@code /}); time range on {@code createdAt} or, with {@link
 * TimeField#ACCESSED}, {@code accessedAt} ({@code since <= t < until}; a memory without that
 * timestamp does not match a time filter); id; minimum importance (inclusive).
 *
 * <p><b>Closure rules</b> (only when a memory filter is set; without one every memory, relation
 * and pending memory goes as in a full export):
 *
 * <ul>
 *   <li>a memory relation is exported only when both its source and its target are exported;
 *   <li>a cross-layer relation is exported when its memory is exported;
 *   <li>pending memories are exported only with {@link Builder#includePendingMatching}, and then
 *       those whose {@code memoryData} matches the memory filters (read as a memory: its {@code
 *       id}, {@code type}, {@code tags}, {@code relatedFiles}, {@code importance}; pending
 *       memories carry no timestamps in {@code memoryData}, so a time filter matches none);
 *   <li>documents are exported unless {@link Builder#includeDocuments} is false; {@link
 *       Builder#documentIds} and {@link Builder#documentTitles} (globs, OR-combined with each
 *       other) select some of them; a chunk is exported exactly when its document is.
 * </ul>
 *
 * <p>The export file's {@code metadata.selection} records the selection ({@link #toJson()}) and
 * {@code metadata.totalMemories} the number of memories exported.
 *
 * @since 0.2.0
 */
public final class Selection {
  /** Selects everything: a full export. */
  public static final Selection ALL = builder().build();

  /**
   * The timestamp a time filter applies to. May grow in a 1.x release (another timestamp of a
   * memory); a {@code switch} over it needs a {@code default} branch.
   */
  public enum TimeField {
    /** {@code createdAt}, the default. */
    CREATED,
    /** {@code accessedAt}. */
    ACCESSED
  }

  private final Set<String> types;
  private final Set<String> tags;
  private final List<String> fileGlobs;
  private final List<Pattern> filePatterns;
  private final Long since;
  private final Long until;
  private final TimeField timeField;
  private final Set<String> ids;
  private final Double minImportance;
  private final boolean includePendingMatching;
  private final boolean includeDocuments;
  private final Set<String> documentIds;
  private final List<String> documentTitles;
  private final List<Pattern> titlePatterns;

  private Selection(Builder b) {
    types = Set.copyOf(b.types);
    tags = Set.copyOf(b.tags);
    fileGlobs = List.copyOf(b.fileGlobs);
    filePatterns = fileGlobs.stream().map(Selection::globPattern).toList();
    since = b.since;
    until = b.until;
    timeField = b.timeField;
    ids = Set.copyOf(b.ids);
    minImportance = b.minImportance;
    includePendingMatching = b.includePendingMatching;
    includeDocuments = b.includeDocuments;
    documentIds = Set.copyOf(b.documentIds);
    documentTitles = List.copyOf(b.documentTitles);
    titlePatterns = documentTitles.stream().map(Selection::globPattern).toList();
  }

  /**
   * A builder that starts from {@link #ALL}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the selected memory types; empty means any */
  public Set<String> types() {
    return types;
  }

  /** @return the tags of which a memory must carry one; empty means any */
  public Set<String> tags() {
    return tags;
  }

  /** @return globs of which one must match one of a memory's related files; empty means any */
  public List<String> fileGlobs() {
    return fileGlobs;
  }

  /** @return the inclusive lower bound of the time filter, or null */
  public Long since() {
    return since;
  }

  /** @return the exclusive upper bound of the time filter, or null */
  public Long until() {
    return until;
  }

  /** @return the timestamp the time filter applies to */
  public TimeField timeField() {
    return timeField;
  }

  /** @return the selected memory ids; empty means any */
  public Set<String> ids() {
    return ids;
  }

  /** @return the minimum importance (inclusive), or null */
  public Double minImportance() {
    return minImportance;
  }

  /** @return whether pending memories matching the memory filters are exported */
  public boolean includePendingMatching() {
    return includePendingMatching;
  }

  /** @return whether documents and chunks are exported at all (default true) */
  public boolean includeDocuments() {
    return includeDocuments;
  }

  /** @return the selected document ids; with {@link #documentTitles()} empty too: all */
  public Set<String> documentIds() {
    return documentIds;
  }

  /** @return globs on document titles; with {@link #documentIds()} empty too: all */
  public List<String> documentTitles() {
    return documentTitles;
  }

  /**
   * Whether any memory filter is set, which turns the closure rules on.
   *
   * @return true unless every memory filter is empty
   */
  public boolean filtersMemories() {
    return !types.isEmpty() || !tags.isEmpty() || !fileGlobs.isEmpty() || since != null
        || until != null || !ids.isEmpty() || minImportance != null;
  }

  /**
   * Whether documents are filtered (left out or only some selected).
   *
   * @return true unless every document goes
   */
  public boolean filtersDocuments() {
    return !includeDocuments || !documentIds.isEmpty() || !documentTitles.isEmpty();
  }

  /**
   * Whether this selection selects everything (a full export).
   *
   * @return true when no filter is set
   */
  public boolean isAll() {
    return !filtersMemories() && !filtersDocuments();
  }

  /**
   * Whether a memory passes the memory filters.
   *
   * @param memory the memory
   * @return true when it is selected
   */
  public boolean matches(Memory memory) {
    Objects.requireNonNull(memory, "memory");
    return matchesMemory(memory.id(), memory.type(), memory.importance(), memory.tags(),
        memory.relatedFiles(), memory.createdAt(), memory.accessedAt());
  }

  /**
   * Whether a memory given by the fields the filters look at passes them; for adapters that
   * evaluate the filter without building a {@link Memory}.
   *
   * @param id the id
   * @param type the type
   * @param importance the importance
   * @param tags the tags; null counts as empty
   * @param relatedFiles the related files; null counts as empty
   * @param createdAt the creation time, or null
   * @param accessedAt the access time, or null
   * @return true when selected
   */
  public boolean matchesMemory(String id, String type, double importance,
      Collection<String> tags, Collection<String> relatedFiles, Long createdAt, Long accessedAt) {
    if (!ids.isEmpty() && !ids.contains(id)) {
      return false;
    }
    if (!types.isEmpty() && !types.contains(type)) {
      return false;
    }
    if (minImportance != null && !(importance >= minImportance)) {
      return false;
    }
    if (!this.tags.isEmpty() && (tags == null || tags.stream().noneMatch(this.tags::contains))) {
      return false;
    }
    if (!filePatterns.isEmpty() && (relatedFiles == null || relatedFiles.stream().noneMatch(
        f -> f != null && filePatterns.stream().anyMatch(p -> p.matcher(f).matches())))) {
      return false;
    }
    if (since != null || until != null) {
      Long t = timeField == TimeField.ACCESSED ? accessedAt : createdAt;
      if (t == null || (since != null && t < since) || (until != null && t >= until)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a pending memory is exported: always when no memory filter is set; otherwise only
   * with {@link #includePendingMatching()} and when its {@code memoryData} passes the memory
   * filters.
   *
   * @param memoryData the pending memory's {@code memoryData} JSON object text
   * @return true when selected
   * @throws InvalidRecordException when a filter must look into {@code memoryData} and it is not
   *     a JSON object
   */
  public boolean matchesPending(String memoryData) {
    if (!filtersMemories()) {
      return true;
    }
    if (!includePendingMatching) {
      return false;
    }
    PendingFields o;
    try {
      o = PendingFields.parse(memoryData);
    } catch (IllegalStateException e) {
      throw new InvalidRecordException("pending memory", null, "memoryData",
          "is not a JSON object");
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordException("pending memory", null, "memoryData",
          "is not valid JSON: " + e.getMessage());
    }
    double importance = o.importance == null ? Memory.DEFAULT_IMPORTANCE
        : Double.parseDouble(o.importance);
    return matchesMemory(o.id, o.type, importance, o.tags, o.relatedFiles, null, null);
  }

  /**
   * Whether a document (and its chunks) is exported.
   *
   * @param id the document id
   * @param title the document title
   * @return true when selected
   */
  public boolean matchesDocument(String id, String title) {
    if (!includeDocuments) {
      return false;
    }
    if (documentIds.isEmpty() && titlePatterns.isEmpty()) {
      return true;
    }
    return documentIds.contains(id)
        || (title != null && titlePatterns.stream().anyMatch(p -> p.matcher(title).matches()));
  }

  /**
   * The selection as the JSON object written to an export file's {@code metadata.selection}:
   * only the filters that are set, values sorted, for example {@code
   * {"types":["decision"],"tags":["auth"]}}.
   *
   * @return compact JSON object text
   */
  public String toJson() {
    StringBuilder w = new StringBuilder("{");
    strings(w, "types", sorted(types));
    strings(w, "tags", sorted(tags));
    strings(w, "files", fileGlobs);
    if (since != null) {
      name(w, "since").append(since);
    }
    if (until != null) {
      name(w, "until").append(until);
    }
    if (since != null || until != null) {
      name(w, "by");
      quote(w, timeField == TimeField.ACCESSED ? "accessed" : "created");
    }
    strings(w, "ids", sorted(ids));
    if (minImportance != null) {
      name(w, "minImportance").append(minImportance);
    }
    if (filtersMemories()) {
      name(w, "includePendingMatching").append(includePendingMatching);
    }
    if (!includeDocuments) {
      name(w, "documents").append(false);
    }
    strings(w, "documentIds", sorted(documentIds));
    strings(w, "documentTitles", documentTitles);
    return w.append('}').toString();
  }

  /** Appends a member name (and the comma before it, when it is not the first). */
  private static StringBuilder name(StringBuilder w, String name) {
    if (w.length() > 1) {
      w.append(',');
    }
    quote(w, name);
    return w.append(':');
  }

  /** Appends a non-empty array of strings; nothing for an empty one. */
  private static void strings(StringBuilder w, String name, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    name(w, name).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        w.append(',');
      }
      quote(w, values.get(i));
    }
    w.append(']');
  }

  /**
   * Appends a JSON string escaped as the export file has always written this object (Gson's
   * writer): {@code "} and {@code \}, the short escapes {@code \b \t \n \f \r}, other
   * control characters and U+2028/U+2029 as a backslash, {@code u} and four lower-case hex
   * digits; everything else as it is.
   */
  static void quote(StringBuilder w, String s) {
    w.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> w.append("\\\"");
        case '\\' -> w.append("\\\\");
        case '\b' -> w.append("\\b");
        case '\t' -> w.append("\\t");
        case '\n' -> w.append("\\n");
        case '\f' -> w.append("\\f");
        case '\r' -> w.append("\\r");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            w.append(String.format("\\u%04x", (int) c));
          } else {
            w.append(c);
          }
        }
      }
    }
    w.append('"');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Selection s && toJson().equals(s.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return "Selection" + toJson();
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  /**
   * Compiles a glob: {@code **} matches anything, {@code *} anything but {@code /}, {@code ?} one
   * character but {@code /}; every other character stands for itself.
   */
  static Pattern globPattern(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        if (c == '?') {
          re.append("[^/]");
        } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** A mutable builder; not thread-safe. Every repeatable filter accumulates. */
  public static final class Builder {
    private final Set<String> types = new LinkedHashSet<>();
    private final Set<String> tags = new LinkedHashSet<>();
    private final List<String> fileGlobs = new ArrayList<>();
    private Long since;
    private Long until;
    private TimeField timeField = TimeField.CREATED;
    private final Set<String> ids = new LinkedHashSet<>();
    private Double minImportance;
    private boolean includePendingMatching;
    private boolean includeDocuments = true;
    private final Set<String> documentIds = new LinkedHashSet<>();
    private final List<String> documentTitles = new ArrayList<>();

    private Builder() {}

    /**
     * Selects memories by type: a memory matches when it has one of these types.
     *
     * @param v memory types to select (OR)
     * @return this builder
     */
    public Builder types(Collection<String> v) {
      types.addAll(nonBlank(v, "type"));
      return this;
    }

    /**
     * Selects memories by tag: a memory matches when it carries one of these tags.
     *
     * @param v tags of which a memory must carry one
     * @return this builder
     */
    public Builder tags(Collection<String> v) {
      tags.addAll(nonBlank(v, "tag"));
      return this;
    }

    /**
     * Selects memories by related file: a memory matches when one of its related files matches one
     * of these globs.
     *
     * @param v globs on related files (OR)
     * @return this builder
     */
    public Builder files(Collection<String> v) {
      fileGlobs.addAll(nonBlank(v, "file glob"));
      return this;
    }

    /**
     * Sets the inclusive lower bound of the time filter.
     *
     * @param v inclusive lower time bound in the store's unit, or null
     * @return this builder
     */
    public Builder since(Long v) {
      since = v;
      return this;
    }

    /**
     * Sets the exclusive upper bound of the time filter.
     *
     * @param v exclusive upper time bound, or null
     * @return this builder
     */
    public Builder until(Long v) {
      until = v;
      return this;
    }

    /**
     * Sets which timestamp the time filter applies to.
     *
     * @param v the timestamp the time filter applies to
     * @return this builder
     */
    public Builder timeField(TimeField v) {
      timeField = Objects.requireNonNull(v, "timeField");
      return this;
    }

    /**
     * Selects memories by id: a memory matches when its id is one of these.
     *
     * @param v memory ids to select (OR)
     * @return this builder
     */
    public Builder ids(Collection<String> v) {
      ids.addAll(nonBlank(v, "id"));
      return this;
    }

    /**
     * @param v minimum importance, 0..1 inclusive, or null
     * @return this builder
     * @throws IllegalArgumentException when outside 0..1
     */
    public Builder minImportance(Double v) {
      if (v != null && !(v >= 0.0 && v <= 1.0)) {
        throw new IllegalArgumentException("minimum importance " + v + " is not within 0..1");
      }
      minImportance = v;
      return this;
    }

    /**
     * Sets whether the pending memories whose suggested memory matches are selected too.
     *
     * @param v whether matching pending memories are exported
     * @return this builder
     */
    public Builder includePendingMatching(boolean v) {
      includePendingMatching = v;
      return this;
    }

    /**
     * Sets whether documents and their chunks are selected.
     *
     * @param v whether documents and chunks are exported (default true)
     * @return this builder
     */
    public Builder includeDocuments(boolean v) {
      includeDocuments = v;
      return this;
    }

    /**
     * Selects documents by id.
     *
     * @param v document ids to select
     * @return this builder
     */
    public Builder documentIds(Collection<String> v) {
      documentIds.addAll(nonBlank(v, "document id"));
      return this;
    }

    /**
     * Selects documents by title: a document matches when its title matches one of these globs.
     *
     * @param v globs on document titles
     * @return this builder
     */
    public Builder documentTitles(Collection<String> v) {
      documentTitles.addAll(nonBlank(v, "document title glob"));
      return this;
    }

    /**
     * @return the selection
     * @throws IllegalArgumentException when {@code since} is not before {@code until}
     */
    public Selection build() {
      if (since != null && until != null && since >= until) {
        throw new IllegalArgumentException("the time range is empty: since " + since
            + " is not before until " + until);
      }
      return new Selection(this);
    }

    private static List<String> nonBlank(Collection<String> values, String what) {
      Objects.requireNonNull(values, what + "s");
      for (String v : values) {
        if (v == null || v.isBlank()) {
          throw new IllegalArgumentException("a " + what + " filter value is empty");
        }
      }
      return List.copyOf(values);
    }
  }
}
