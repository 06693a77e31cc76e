package ai.doclea.transfer.api;

/**
 * The six kinds of record an export carries, each with the name of its section in the file's
 * {@code data} object. Declared in the order Doclea's server writes the sections.
 *
 * <p>A closed set: these are the sections of export format 1.x, and a new kind of record would be
 * a new format version. A {@code switch} over it may cover the six constants without a {@code
 * default}.
 *
 * @since 0.1.0
 */
public enum RecordKind {
  /** Memories, {@code data.memories}. */
  MEMORY("memories", "memory", Memory.class),
  /** Ingested documents, {@code data.documents}. */
  DOCUMENT("documents", "document", Document.class),
  /** Document chunks, {@code data.chunks}; each belongs to a document. */
  CHUNK("chunks", "chunk", Chunk.class),
  /** Relations between two memories, {@code data.memoryRelations}. */
  MEMORY_RELATION("memoryRelations", "memory relation", MemoryRelation.class),
  /** Links from a memory to a code-graph node, {@code data.crossLayerRelations}. */
  CROSS_LAYER_RELATION("crossLayerRelations", "cross-layer relation", CrossLayerRelation.class),
  /** Memory suggestions awaiting approval, {@code data.pendingMemories}. */
  PENDING_MEMORY("pendingMemories", "pending memory", PendingMemory.class);

  private final String sectionName;
  private final String displayName;
  private final Class<? extends TransferRecord> recordType;

  RecordKind(String sectionName, String displayName, Class<? extends TransferRecord> recordType) {
    this.sectionName = sectionName;
    this.displayName = displayName;
    this.recordType = recordType;
  }

  /**
   * The key of this kind's array in the export file's {@code data} object.
   *
   * @return for example {@code "memoryRelations"}
   */
  public String sectionName() {
    return sectionName;
  }

  /**
   * A human name for messages.
   *
   * @return for example {@code "memory relation"}
   */
  public String displayName() {
    return displayName;
  }

  /**
   * The record class of this kind.
   *
   * @return the class
   */
  public Class<? extends TransferRecord> recordType() {
    return recordType;
  }

  /**
   * Whether this kind is one of the two relation sections that {@code includeRelations} and
   * {@code importRelations} control.
   *
   * @return true for memory and cross-layer relations
   */
  public boolean isRelation() {
    return this == MEMORY_RELATION || this == CROSS_LAYER_RELATION;
  }

  /**
   * Finds a kind by its section name.
   *
   * @param sectionName a key of the {@code data} object
   * @return the kind, or null when the name is not a known section
   */
  public static RecordKind forSection(String sectionName) {
    for (RecordKind kind : values()) {
      if (kind.sectionName.equals(sectionName)) {
        return kind;
      }
    }
    return null;
  }
}
