package ai.doclea.transfer.api;

/**
 * A memory suggestion awaiting approval ({@code data.pendingMemories[]}).
 *
 * <p>{@code memoryData} is the suggested memory as a JSON object, carried opaquely as JSON text so
 * that keys a future Doclea version adds survive a round trip. Doclea stores the same text in its
 * {@code memory_data} column. The constructor checks only that the text looks like a JSON object;
 * the importer checks it fully.
 *
 * @param id primary key, for example {@code pnd_…}; required
 * @param memoryData JSON object text; required
 * @param suggestedAt timestamp, carried unchanged
 * @param source {@code user_store}, {@code import} or a future value; required
 * @param reason why the memory was suggested; required
 * @since 0.1.0
 */
public record PendingMemory(
    String id, String memoryData, long suggestedAt, String source, String reason)
    implements TransferRecord {
  private static final String KIND = "pending memory";

  /**
   * Validates the fields.
   *
   * @param id primary key, for example {@code pnd_…}; required
   * @param memoryData JSON object text; required
   * @param suggestedAt timestamp, carried unchanged
   * @param source {@code user_store}, {@code import} or a future value; required
   * @param reason why the memory was suggested; required
   * @throws InvalidRecordException when a required field is missing or {@code memoryData} is not
   *     object text
   */
  public PendingMemory {
    Checks.id(KIND, id);
    Checks.required(KIND, id, "memoryData", memoryData);
    String trimmed = memoryData.strip();
    if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
      throw new InvalidRecordException(KIND, id, "memoryData", "is not a JSON object");
    }
    Checks.required(KIND, id, "source", source);
    Checks.required(KIND, id, "reason", reason);
  }

  @Override
  public RecordKind kind() {
    return RecordKind.PENDING_MEMORY;
  }
}
