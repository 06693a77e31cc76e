package ai.doclea.transfer.sqlite;

import java.util.List;

/**
 * What a Doclea project holds, as {@code status} reports it.
 *
 * @param config the project's configuration
 * @param memories rows in {@code memories}
 * @param vectors rows in {@code vector_memories}
 * @param memoriesWithoutVector memories with no vector row (Doclea's search cannot find them)
 * @param vectorsWithoutMemory vector rows whose memory does not exist (leaked)
 * @param dimensions the dimensions the vector table declares ({@code F32_BLOB(N)}), or -1 when
 *     there is no vector table
 * @param vectorIndex whether libSQL's DiskANN index exists; when false and there are vectors,
 *     Doclea's server rebuilds it at its next start (restart it)
 * @param vectorStore whether the vector database file exists
 * @param recovered what opening the project repaired, possibly empty
 * @since 0.1.0
 */
public record ProjectStatus(DocleaProjectConfig config, long memories, long vectors,
    long memoriesWithoutVector, long vectorsWithoutMemory, int dimensions, boolean vectorIndex,
    boolean vectorStore, List<String> recovered) {

  /**
   * Whether Doclea's server must be restarted before it can search: there are vectors but libSQL's
   * index is missing.
   *
   * @return whether a restart is needed
   */
  public boolean indexRebuildPending() {
    return vectors > 0 && !vectorIndex;
  }
}
