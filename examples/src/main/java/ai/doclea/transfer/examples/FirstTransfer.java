package ai.doclea.transfer.examples;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The first program to run: fills an {@link InMemoryBackend} with a few records, exports it to a
 * file, imports the file into a second in-memory store, and prints both results as JSON.
 *
 * <pre>{@code
 * java -cp examples/target/doclea-transfer.jar ai.doclea.transfer.examples.FirstTransfer
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FirstTransfer {

  /**
   * What the program did.
   *
   * @param file the export file it wrote
   * @param exported the export's result
   * @param imported the import's result
   */
  public record Outcome(Path file, ExportResult exported, ImportResult imported) {}

  private FirstTransfer() {}

  /**
   * Runs the program in a new temporary directory.
   *
   * @param args ignored
   * @throws IOException when the temporary directory cannot be created
   */
  public static void main(String[] args) throws IOException {
    Outcome outcome = run(Files.createTempDirectory("doclea-first-transfer-"), System.out);
    System.exit(outcome.exported().success() && outcome.imported().success() ? 0 : 1);
  }

  /**
   * Exports a small store and imports it into another one.
   *
   * @param dir where to write {@code export.json}
   * @param out receives the two result objects, one JSON line each
   * @return what happened
   */
  public static Outcome run(Path dir, PrintStream out) {
    Path file = dir.resolve("export.json");
    InMemoryBackend source = InMemoryBackend.builder().name("source").addAll(sampleRecords())
        .build();
    InMemoryBackend target = InMemoryBackend.builder().name("target").build();
    try (source; target) {
      ExportResult exported = Transfer.export(source, file, ExportOptions.defaults());
      out.println(exported.toJson());
      ImportResult imported = Transfer.importFrom(target, file, ImportOptions.defaults());
      out.println(imported.toJson());
      return new Outcome(file, exported, imported);
    }
  }

  /**
   * A few records of every kind: two memories, a document with two chunks, a pending memory and
   * one relation of each sort.
   *
   * @return the records
   */
  public static List<TransferRecord> sampleRecords() {
    long now = 1_705_432_800L;
    Memory decision = Memory.builder("mem_sqlite_wal", "decision",
            "Use SQLite in WAL mode for the local store",
            "Readers never block the writer, and a crash loses at most the last transaction.")
        .tags(List.of("database", "storage"))
        .relatedFiles(List.of("src/storage/sqlite.ts"))
        .importance(0.8)
        .createdAt(now - 86_400)
        .accessedAt(now)
        .accessCount(3)
        .build();
    Memory solution = Memory.builder("mem_busy_timeout", "solution",
            "Set busy_timeout to stop SQLITE_BUSY under load",
            "PRAGMA busy_timeout = 5000 makes a second writer wait instead of failing at once.")
        .tags(List.of("database"))
        .createdAt(now - 3_600)
        .accessedAt(now - 60)
        .build();
    return List.of(
        new Document("doc_storage_adr", "ADR-001: local storage",
            "# ADR-001\n\nWe store memories in SQLite.\n\nWAL mode is on.", null, now - 90_000,
            now - 80_000),
        new Chunk("chk_1", "doc_storage_adr", "We store memories in SQLite.", null, 11L, 39L),
        new Chunk("chk_2", "doc_storage_adr", "WAL mode is on.", null, 41L, 56L),
        decision,
        solution,
        new PendingMemory("pnd_vacuum", "{\"id\":\"mem_vacuum\",\"type\":\"note\","
            + "\"title\":\"Run VACUUM monthly\",\"content\":\"The file grows otherwise.\","
            + "\"importance\":0.4,\"tags\":[],\"relatedFiles\":[],\"experts\":[],"
            + "\"qdrantId\":\"q-vacuum\",\"needsReview\":false}", now - 100, "user_store",
            "Suggested from a code review comment"),
        new MemoryRelation("rel_1", "mem_busy_timeout", "mem_sqlite_wal", "references", 0.9,
            null, now * 1000),
        new CrossLayerRelation("clr_1", "mem_sqlite_wal",
            "src/storage/sqlite.ts:function:openDatabase", "documents", "memory_to_code", 0.95,
            null, now));
  }
}
