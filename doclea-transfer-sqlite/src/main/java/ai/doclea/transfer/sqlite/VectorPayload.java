package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.spi.JavaScriptJson;

/**
 * The text columns of a {@code vector_memories} row as Doclea's {@code LibSqlVectorStore.upsert}
 * writes them: {@code tags} and {@code related_files} are {@code JSON.stringify} of the arrays, and
 * {@code payload} is {@code JSON.stringify({memoryId, type, title, tags, relatedFiles,
 * importance})}, keys in that order, numbers as JavaScript prints them.
 */
final class VectorPayload {
  private VectorPayload() {}

  static String payload(Memory m) {
    StringBuilder out = new StringBuilder(128 + m.title().length());
    out.append("{\"memoryId\":");
    JavaScriptJson.quote(m.id(), out);
    out.append(",\"type\":");
    JavaScriptJson.quote(m.type(), out);
    out.append(",\"title\":");
    JavaScriptJson.quote(m.title(), out);
    out.append(",\"tags\":").append(JavaScriptJson.stringArray(m.tags()));
    out.append(",\"relatedFiles\":").append(JavaScriptJson.stringArray(m.relatedFiles()));
    out.append(",\"importance\":").append(JavaScriptJson.number(m.importance()));
    return out.append('}').toString();
  }
}
