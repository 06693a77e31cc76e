package ai.doclea.transfer.api;

/**
 * A record of one of the six kinds an export carries. Every record has a string id, unique within
 * its kind.
 *
 * @since 0.1.0
 */
public sealed interface TransferRecord
    permits Memory, Document, Chunk, MemoryRelation, CrossLayerRelation, PendingMemory {

  /**
   * The primary key of the record within its kind.
   *
   * @return the id, never null or empty
   */
  String id();

  /**
   * The kind of this record.
   *
   * @return the kind
   */
  RecordKind kind();
}
