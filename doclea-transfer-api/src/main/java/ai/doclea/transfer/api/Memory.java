package ai.doclea.transfer.api;

import java.util.List;

/**
 * A memory: one piece of a team's knowledge (a decision, a solution, a pattern, an architecture
 * note, a note). Field names are those of the export file ({@code data.memories[]}).
 *
 * <p>Timestamps are carried through unchanged, whatever their unit. A negative zero in a number
 * field becomes zero, as JavaScript writes it. {@code type} and {@code
 * decayFunction} are free strings so that values added by a future Doclea version import without
 * failing; {@link #KNOWN_TYPES} and {@link #KNOWN_DECAY_FUNCTIONS} list today's values.
 *
 * @param id primary key, for example {@code mem_…}; required
 * @param type {@code decision}, {@code solution}, {@code pattern}, {@code architecture}, {@code
 *     note} or a future value; required
 * @param title required
 * @param content required, any length
 * @param summary optional
 * @param importance 0..1
 * @param tags never null (null becomes an empty list)
 * @param relatedFiles never null
 * @param gitCommit optional
 * @param sourcePr optional
 * @param experts never null
 * @param qdrantId optional id of the memory's vector in the vector store
 * @param createdAt optional timestamp
 * @param accessedAt optional timestamp
 * @param accessCount at least 0
 * @param needsReview whether the memory is flagged for review
 * @param decayRate optional, at least 0; null means the global default, 0 means pinned
 * @param lastRefreshedAt optional timestamp
 * @param confidenceFloor optional, 0..1
 * @param decayFunction optional: {@code exponential}, {@code linear}, {@code step}, {@code none}
 *     or a future value
 * @since 0.1.0
 */
public record Memory(
    String id,
    String type,
    String title,
    String content,
    String summary,
    double importance,
    List<String> tags,
    List<String> relatedFiles,
    String gitCommit,
    String sourcePr,
    List<String> experts,
    String qdrantId,
    Long createdAt,
    Long accessedAt,
    long accessCount,
    boolean needsReview,
    Double decayRate,
    Long lastRefreshedAt,
    Double confidenceFloor,
    String decayFunction)
    implements TransferRecord {

  /** The memory types Doclea knows today. Other values are accepted and carried through. */
  public static final List<String> KNOWN_TYPES =
      List.of("decision", "solution", "pattern", "architecture", "note");

  /** The decay functions Doclea knows today. Other values are accepted and carried through. */
  public static final List<String> KNOWN_DECAY_FUNCTIONS =
      List.of("exponential", "linear", "step", "none");

  /** The importance a memory gets when none is given. */
  public static final double DEFAULT_IMPORTANCE = 0.5;

  private static final String KIND = "memory";

  /**
   * Validates and normalises the fields.
   *
   * @param id primary key, for example {@code mem_…}; required
   * @param type {@code decision}, {@code solution}, {@code pattern}, {@code architecture}, {@code
   *     note} or a future value; required
   * @param title required
   * @param content required, any length
   * @param summary optional
   * @param importance 0..1
   * @param tags never null (null becomes an empty list)
   * @param relatedFiles never null
   * @param gitCommit optional
   * @param sourcePr optional
   * @param experts never null
   * @param qdrantId optional id of the memory's vector in the vector store
   * @param createdAt optional timestamp
   * @param accessedAt optional timestamp
   * @param accessCount at least 0
   * @param needsReview whether the memory is flagged for review
   * @param decayRate optional, at least 0; null means the global default, 0 means pinned
   * @param lastRefreshedAt optional timestamp
   * @param confidenceFloor optional, 0..1
   * @param decayFunction optional: {@code exponential}, {@code linear}, {@code step}, {@code none}
   *     or a future value
   * @throws InvalidRecordException when a required field is missing or a number is out of range
   */
  public Memory {
    Checks.id(KIND, id);
    Checks.required(KIND, id, "type", type);
    Checks.required(KIND, id, "title", title);
    Checks.required(KIND, id, "content", content);
    importance = Checks.unit(KIND, id, "importance", importance);
    tags = Checks.strings(KIND, id, "tags", tags);
    relatedFiles = Checks.strings(KIND, id, "relatedFiles", relatedFiles);
    experts = Checks.strings(KIND, id, "experts", experts);
    if (accessCount < 0) {
      throw new InvalidRecordException(KIND, id, "accessCount", accessCount + " is negative");
    }
    if (decayRate != null && !(decayRate >= 0.0 && Double.isFinite(decayRate))) {
      throw new InvalidRecordException(
          KIND, id, "decayRate", decayRate + " is not a finite number >= 0");
    }
    confidenceFloor = Checks.unitOrNull(KIND, id, "confidenceFloor", confidenceFloor);
    decayRate = decayRate == null ? null : decayRate + 0.0;
  }

  @Override
  public RecordKind kind() {
    return RecordKind.MEMORY;
  }

  /**
   * Starts a builder with the required fields and Doclea's defaults for the rest.
   *
   * @param id the memory id
   * @param type the memory type
   * @param title the title
   * @param content the content
   * @return a builder
   */
  public static Builder builder(String id, String type, String title, String content) {
    return new Builder().id(id).type(type).title(title).content(content);
  }

  /**
   * A builder initialised with this memory's fields, to derive a changed copy.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.type = type;
    b.title = title;
    b.content = content;
    b.summary = summary;
    b.importance = importance;
    b.tags = tags;
    b.relatedFiles = relatedFiles;
    b.gitCommit = gitCommit;
    b.sourcePr = sourcePr;
    b.experts = experts;
    b.qdrantId = qdrantId;
    b.createdAt = createdAt;
    b.accessedAt = accessedAt;
    b.accessCount = accessCount;
    b.needsReview = needsReview;
    b.decayRate = decayRate;
    b.lastRefreshedAt = lastRefreshedAt;
    b.confidenceFloor = confidenceFloor;
    b.decayFunction = decayFunction;
    return b;
  }

  /**
   * A mutable builder for {@link Memory}; not thread-safe. Defaults: importance 0.5, empty lists,
   * access count 0, not flagged for review, all optional fields null.
   */
  public static final class Builder {
    private String id;
    private String type;
    private String title;
    private String content;
    private String summary;
    private double importance = DEFAULT_IMPORTANCE;
    private List<String> tags = List.of();
    private List<String> relatedFiles = List.of();
    private String gitCommit;
    private String sourcePr;
    private List<String> experts = List.of();
    private String qdrantId;
    private Long createdAt;
    private Long accessedAt;
    private long accessCount;
    private boolean needsReview;
    private Double decayRate;
    private Long lastRefreshedAt;
    private Double confidenceFloor;
    private String decayFunction;

    private Builder() {}

    /**
     * Sets the id.
     *
     * @param v the id
     * @return this builder
     */
    public Builder id(String v) { id = v; return this; }

    /**
     * Sets the type.
     *
     * @param v the type
     * @return this builder
     */
    public Builder type(String v) { type = v; return this; }

    /**
     * Sets the title.
     *
     * @param v the title
     * @return this builder
     */
    public Builder title(String v) { title = v; return this; }

    /**
     * Sets the content.
     *
     * @param v the content
     * @return this builder
     */
    public Builder content(String v) { content = v; return this; }

    /**
     * Sets the summary.
     *
     * @param v the summary, may be null
     * @return this builder
     */
    public Builder summary(String v) { summary = v; return this; }

    /**
     * Sets the importance, 0..1.
     *
     * @param v the importance, 0..1
     * @return this builder
     */
    public Builder importance(double v) { importance = v; return this; }

    /**
     * Sets the tags.
     *
     * @param v the tags
     * @return this builder
     */
    public Builder tags(List<String> v) { tags = v; return this; }

    /**
     * Sets the related files.
     *
     * @param v the related files
     * @return this builder
     */
    public Builder relatedFiles(List<String> v) { relatedFiles = v; return this; }

    /**
     * Sets the git commit.
     *
     * @param v the git commit, may be null
     * @return this builder
     */
    public Builder gitCommit(String v) { gitCommit = v; return this; }

    /**
     * Sets the source pull request.
     *
     * @param v the source pull request, may be null
     * @return this builder
     */
    public Builder sourcePr(String v) { sourcePr = v; return this; }

    /**
     * Sets the experts.
     *
     * @param v the experts
     * @return this builder
     */
    public Builder experts(List<String> v) { experts = v; return this; }

    /**
     * Sets the vector-store id.
     *
     * @param v the vector-store id, may be null
     * @return this builder
     */
    public Builder qdrantId(String v) { qdrantId = v; return this; }

    /**
     * Sets the creation time.
     *
     * @param v the creation time, may be null
     * @return this builder
     */
    public Builder createdAt(Long v) { createdAt = v; return this; }

    /**
     * Sets the last access time.
     *
     * @param v the last access time, may be null
     * @return this builder
     */
    public Builder accessedAt(Long v) { accessedAt = v; return this; }

    /**
     * Sets how often the memory was accessed.
     *
     * @param v the access count
     * @return this builder
     */
    public Builder accessCount(long v) { accessCount = v; return this; }

    /**
     * Sets whether the memory needs review.
     *
     * @param v the review flag
     * @return this builder
     */
    public Builder needsReview(boolean v) { needsReview = v; return this; }

    /**
     * Sets the decay rate.
     *
     * @param v the decay rate, may be null
     * @return this builder
     */
    public Builder decayRate(Double v) { decayRate = v; return this; }

    /**
     * Sets the last refresh time.
     *
     * @param v the last refresh time, may be null
     * @return this builder
     */
    public Builder lastRefreshedAt(Long v) { lastRefreshedAt = v; return this; }

    /**
     * Sets the confidence floor.
     *
     * @param v the confidence floor, may be null
     * @return this builder
     */
    public Builder confidenceFloor(Double v) { confidenceFloor = v; return this; }

    /**
     * Sets the decay function.
     *
     * @param v the decay function, may be null
     * @return this builder
     */
    public Builder decayFunction(String v) { decayFunction = v; return this; }

    /**
     * Builds the memory.
     *
     * @return the validated memory
     * @throws InvalidRecordException when a field is invalid
     */
    public Memory build() {
      return new Memory(id, type, title, content, summary, importance, tags, relatedFiles,
          gitCommit, sourcePr, experts, qdrantId, createdAt, accessedAt, accessCount, needsReview,
          decayRate, lastRefreshedAt, confidenceFloor, decayFunction);
    }
  }
}
