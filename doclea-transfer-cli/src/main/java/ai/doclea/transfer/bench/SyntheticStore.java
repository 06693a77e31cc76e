package ai.doclea.transfer.bench;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fills a store with a deterministic synthetic knowledge base in the proportions of issue 7: per
 * memory (content 300–1,500 characters) a quarter of a document, one chunk, half a memory
 * relation, a quarter of a cross-layer relation and a tenth of a pending memory.
 */
public final class SyntheticStore {
  private static final String[] WORDS = ("the auth service token cache decision we chose jwt "
      + "because latency matters pattern retry backoff queue database index migration schema "
      + "review rollback feature flag deploy pipeline test coverage api gateway rate limit "
      + "error budget trace span log metric alert on-call runbook ownership module boundary "
      + "refactor interface adapter port contract version release note naïve café 数据 ✓")
      .split(" ");
  private static final String[] TYPES = {"decision", "solution", "pattern", "architecture",
      "note"};

  private SyntheticStore() {}

  /** Record counts for {@code n} memories. */
  public static long[] counts(int n) {
    return new long[] {n, n / 4, n, n / 2, n / 4, n / 10};
  }

  /** Writes the whole synthetic store through one transaction of {@code backend}. */
  public static void fill(StorageBackend backend, int n) {
    SplittableRandom random = new SplittableRandom(42);
    long base = 1_700_000_000L;
    try (WriteTransaction tx = backend.beginTransaction()) {
      List<TransferRecord> batch = new ArrayList<>(1000);
      int docs = n / 4;
      for (int i = 0; i < docs; i++) {
        add(tx, batch, new Document("doc_" + i, "Document " + i, text(random, 400, 2000),
            "h" + i, base + i, base + i + 5));
      }
      flush(tx, batch);
      for (int i = 0; i < n; i++) {
        int doc = docs == 0 ? 0 : i % docs;
        add(tx, batch, new Chunk("chk_" + i, "doc_" + doc, text(random, 200, 800), "q_chk_" + i,
            (long) (i / Math.max(1, docs)) * 800, (long) (i / Math.max(1, docs)) * 800 + 799));
      }
      flush(tx, batch);
      for (int i = 0; i < n; i++) {
        add(tx, batch, memory(random, i, base));
      }
      flush(tx, batch);
      for (int i = 0; i < n / 2; i++) {
        add(tx, batch, new MemoryRelation("rel_" + i, "mem_" + i, "mem_" + ((i * 7 + 1) % n),
            i % 3 == 0 ? "supersedes" : "related_to", 0.5 + (i % 5) / 10.0,
            i % 4 == 0 ? "{\"reason\":\"similar\"}" : null, (base + i) * 1000));
      }
      flush(tx, batch);
      for (int i = 0; i < n / 4; i++) {
        add(tx, batch, new CrossLayerRelation("clr_" + i, "mem_" + (i * 3 % n), "node_" + i,
            "documents", "memory_to_code", 0.8, null, base + i));
      }
      flush(tx, batch);
      for (int i = 0; i < n / 10; i++) {
        add(tx, batch, new PendingMemory("pnd_" + i, "{\"id\":\"mem_p" + i
            + "\",\"type\":\"note\",\"title\":\"Suggested " + i + "\",\"content\":\""
            + text(random, 100, 400).replace("\n", "\\n") + "\",\"tags\":[\"x\"],\"qdrantId\":\"q_p" + i
            + "\",\"needsReview\":false}", base + i, i % 2 == 0 ? "user_store" : "import",
            "auto-detected"));
      }
      flush(tx, batch);
      tx.commit();
    }
  }

  static Memory memory(SplittableRandom random, int i, long base) {
    return Memory.builder("mem_" + i, TYPES[i % TYPES.length], "Memory " + i + " " + word(random),
            text(random, 300, 1500))
        .summary(i % 3 == 0 ? "summary " + i : null)
        .importance((i % 11) / 10.0)
        .tags(List.of(word(random), word(random)))
        .relatedFiles(i % 2 == 0 ? List.of("src/main/App" + (i % 100) + ".java") : List.of())
        .gitCommit(i % 5 == 0 ? "c0ffee" + i : null)
        .qdrantId("q_mem_" + i)
        .createdAt(base + i).accessedAt(base + i * 2L).accessCount(i % 17)
        .needsReview(i % 13 == 0)
        .decayRate(i % 9 == 0 ? 0.0 : null)
        .build();
  }

  private static String word(SplittableRandom random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String text(SplittableRandom random, int min, int max) {
    int target = min + random.nextInt(max - min + 1);
    StringBuilder sb = new StringBuilder(target + 16);
    while (sb.length() < target) {
      sb.append(word(random)).append(random.nextInt(12) == 0 ? ".\n" : " ");
    }
    sb.setLength(target);
    return sb.toString().replace("\"", "'");
  }

  private static void add(WriteTransaction tx, List<TransferRecord> batch, TransferRecord r) {
    batch.add(r);
    if (batch.size() == 1000) {
      flush(tx, batch);
    }
  }

  private static void flush(WriteTransaction tx, List<TransferRecord> batch) {
    if (!batch.isEmpty()) {
      tx.insertAll(batch);
      batch.clear();
    }
  }
}
