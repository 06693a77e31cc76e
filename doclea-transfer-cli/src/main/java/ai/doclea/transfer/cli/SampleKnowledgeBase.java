package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.WriteTransaction;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A plausible Doclea knowledge base of a fictional team ("Lumen", a TypeScript web shop): memories
 * of every type with varied, partly long and non-ASCII content, documents split into chunks,
 * memory relations, cross-layer relations to code-graph nodes, and pending memories. The same seed
 * and clock give the same records. Used by {@code demo} and by tests.
 *
 * @since 0.1.0
 */
public final class SampleKnowledgeBase {

  /**
   * The generated records, per section, in dependency order.
   *
   * @param memories the memories
   * @param documents the documents
   * @param chunks the chunks, each pointing to one of {@code documents}
   * @param memoryRelations relations between two of {@code memories}
   * @param crossLayerRelations links from one of {@code memories} to a code-graph node id
   * @param pendingMemories suggestions awaiting approval
   */
  public record Contents(List<Memory> memories, List<Document> documents, List<Chunk> chunks,
      List<MemoryRelation> memoryRelations, List<CrossLayerRelation> crossLayerRelations,
      List<PendingMemory> pendingMemories) {

    /** Copies the lists. */
    public Contents {
      memories = List.copyOf(memories);
      documents = List.copyOf(documents);
      chunks = List.copyOf(chunks);
      memoryRelations = List.copyOf(memoryRelations);
      crossLayerRelations = List.copyOf(crossLayerRelations);
      pendingMemories = List.copyOf(pendingMemories);
    }

    /**
     * The records of one section.
     *
     * @param kind the section
     * @return its records
     */
    public List<? extends TransferRecord> records(RecordKind kind) {
      return switch (kind) {
        case MEMORY -> memories;
        case DOCUMENT -> documents;
        case CHUNK -> chunks;
        case MEMORY_RELATION -> memoryRelations;
        case CROSS_LAYER_RELATION -> crossLayerRelations;
        case PENDING_MEMORY -> pendingMemories;
      };
    }

    /** @return the number of records per section */
    public Map<RecordKind, Long> counts() {
      Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
      for (RecordKind k : RecordKind.values()) {
        counts.put(k, (long) records(k).size());
      }
      return counts;
    }
  }

  private static final String[] COMPONENTS = {
    "checkout", "cart", "search", "billing", "auth", "catalog", "notifications", "inventory",
    "admin dashboard", "API gateway", "order pipeline", "recommendations", "image service",
    "feature flags", "audit log"
  };
  private static final String[] DIRS = {
    "checkout", "cart", "search", "billing", "auth", "catalog", "notifications", "inventory",
    "admin", "gateway", "orders", "recommendations", "images", "flags", "audit"
  };
  private static final String[] TECH = {
    "PostgreSQL", "Redis", "SQLite in WAL mode", "Kafka", "BullMQ", "Zod", "tRPC", "Prisma",
    "OpenTelemetry", "Qdrant", "pgvector", "Vitest", "Playwright", "esbuild", "Temporal"
  };
  private static final String[] PROBLEMS = {
    "race condition when two tabs submit the same order",
    "memory leak in the websocket reconnect loop",
    "N+1 queries on the product listing page",
    "timezone bug in invoice due dates",
    "flaky end-to-end test around payment redirects",
    "cache stampede after a deploy",
    "Unicode normalisation mismatch in search (é vs e\u0301)",
    "slow cold start of the image resizer",
    "lost events when the broker restarts",
    "deadlock between inventory reservation and refund",
    "retry storm against the payment provider",
    "session fixation after password reset",
    "off-by-one in pagination cursors",
    "JSON numbers above 2^53 losing precision"
  };
  private static final String[] PATTERNS = {
    "Outbox pattern", "Idempotency keys", "Saga with compensations", "Read-through cache",
    "Feature-flagged rollout", "Circuit breaker", "Repository per aggregate",
    "Optimistic locking with a version column", "Backpressure with bounded queues",
    "Structured logging with request ids", "Contract tests for external APIs",
    "Strangler fig migration"
  };
  private static final String[] PEOPLE = {
    "alice", "bruno", "chen.wei", "dana", "émilie", "farid", "greta", "hiro", "ines", "jonas",
    "kateryna", "liam"
  };
  private static final String[] TAGS = {
    "performance", "security", "database", "frontend", "backend", "testing", "ops", "api",
    "payments", "search", "caching", "observability", "migration", "ux", "i18n", "tech-debt"
  };
  private static final String[] SENTENCES = {
    "We measured p95 latency before and after the change on the staging cluster.",
    "The previous approach worked until traffic doubled during the spring sale.",
    "Keep the change behind a feature flag until the metrics are stable for a week.",
    "The root cause was an assumption that events arrive in order; they do not.",
    "Document every new environment variable in the deployment runbook.",
    "A regression test now covers the exact sequence that failed in production.",
    "The team agreed to revisit this once the new data model ships.",
    "Avoid holding a database transaction open across a network call.",
    "This trades a little write amplification for much simpler reads.",
    "Support tickets about this dropped from about twenty a week to almost none.",
    "The Zürich and São Paulo teams both depend on this behaviour.",
    "Watch the error budget dashboard after enabling it for all tenants.",
    "Timestamps are stored as integers in UTC; formatting happens in the client.",
    "If this alert fires at night, the on-call playbook says to roll back first.",
    "Benchmarks live in the perf/ directory and run nightly.",
    "Reviewers asked for a migration that can be rolled back without data loss.",
    "\u65e5\u672c\u8a9e customers reported the issue first because of longer product names.",
    "The fix is small, but the investigation took three days \u2014 write it down.",
    "Prefer explicit timeouts over library defaults; most defaults are infinite.",
    "We chose boring technology here on purpose. \ud83d\ude80 can wait."
  };
  private static final String[] RELATION_TYPES = {
    "related_to", "references", "implements", "supersedes"
  };
  private static final String[] CODE_KINDS = {"function", "class", "module", "interface"};
  private static final String[] CROSS_TYPES = {
    "documents", "addresses", "exemplifies", "motivates"
  };

  private final Random random;
  private final long now;
  private final HexFormat hex = HexFormat.of();

  private SampleKnowledgeBase(long seed, long now) {
    this.random = new Random(seed);
    this.now = now;
  }

  /**
   * Generates a knowledge base.
   *
   * @param memoryCount how many memories (relations, documents and pending memories scale with
   *     it); at least 10
   * @param seed the seed; the same seed and {@code nowEpochSeconds} give the same records
   * @param nowEpochSeconds the "current" time: every timestamp lies before it
   * @return the records
   */
  public static Contents generate(int memoryCount, long seed, long nowEpochSeconds) {
    if (memoryCount < 10) {
      throw new IllegalArgumentException("memoryCount must be at least 10, was " + memoryCount);
    }
    return new SampleKnowledgeBase(seed, nowEpochSeconds).build(memoryCount);
  }

  /**
   * Writes the records into a store in one transaction, in dependency order.
   *
   * @param backend the target store; it should not hold any of the ids yet
   * @param contents the records
   * @throws BackendException when the store fails or refuses a record; nothing is written then
   */
  public static void writeTo(StorageBackend backend, Contents contents) {
    try (WriteTransaction tx = backend.beginTransaction()) {
      for (RecordKind kind : List.of(RecordKind.DOCUMENT, RecordKind.CHUNK, RecordKind.MEMORY,
          RecordKind.PENDING_MEMORY, RecordKind.MEMORY_RELATION,
          RecordKind.CROSS_LAYER_RELATION)) {
        List<? extends TransferRecord> records = contents.records(kind);
        for (int i = 0; i < records.size(); i += 500) {
          List<TransferRecord> refused =
              tx.insertAll(records.subList(i, Math.min(records.size(), i + 500)));
          if (!refused.isEmpty()) {
            throw new BackendException(backend + " refused " + refused.size() + " sample "
                + kind.displayName() + " record(s) as duplicates, the first "
                + refused.get(0).id());
          }
        }
      }
      tx.commit();
    }
  }

  private Contents build(int memoryCount) {
    List<Memory> memories = new ArrayList<>();
    for (int i = 0; i < memoryCount; i++) {
      memories.add(memory(i, memoryCount));
    }
    List<Document> documents = new ArrayList<>();
    List<Chunk> chunks = new ArrayList<>();
    int documentCount = Math.max(3, memoryCount / 15);
    for (int i = 0; i < documentCount; i++) {
      document(i, documents, chunks);
    }
    List<MemoryRelation> relations = memoryRelations(memories, memoryCount / 2);
    List<CrossLayerRelation> cross = crossLayerRelations(memories, memoryCount / 4);
    List<PendingMemory> pending = new ArrayList<>();
    for (int i = 0; i < Math.max(2, memoryCount / 12); i++) {
      pending.add(pending(i));
    }
    return new Contents(memories, documents, chunks, relations, cross, pending);
  }

  private Memory memory(int i, int total) {
    String type = Memory.KNOWN_TYPES.get(i % Memory.KNOWN_TYPES.size());
    int c = random.nextInt(COMPONENTS.length);
    String component = COMPONENTS[c];
    String title;
    String content;
    switch (type) {
      case "decision" -> {
        String tech = pick(TECH);
        title = "Use " + tech + " for the " + component;
        content = "Context: the " + component + " needs " + pick("durable", "fast", "simple",
            "auditable") + " storage for its state.\n\nDecision: use " + tech + ". "
            + paragraph(3) + "\n\nConsequences: " + paragraph(2);
      }
      case "solution" -> {
        String problem = pick(PROBLEMS);
        title = "Fix " + problem + " in " + component;
        content = "Symptom: " + problem + ".\n\nCause: " + paragraph(2) + "\n\nFix: "
            + paragraph(2) + "\n\n```ts\nawait withRetry(() => " + DIRS[c]
            + ".commit(tx), { attempts: 3, backoffMs: 200 });\n```";
      }
      case "pattern" -> {
        String pattern = pick(PATTERNS);
        title = pattern + " in the " + component;
        content = pattern + " is how the " + component + " handles " + pick("retries",
            "partial failures", "concurrent writers", "slow dependencies") + ". " + paragraph(4);
      }
      case "architecture" -> {
        title = "How the " + component + " is structured";
        content = "The " + component + " is split into an HTTP layer, a domain module and an"
            + " adapter to " + pick(TECH) + ".\n\n" + paragraph(5);
      }
      default -> {
        title = "Note: " + pick("gotcha", "reminder", "tip", "open question") + " about the "
            + component;
        content = paragraph(1 + random.nextInt(3));
      }
    }
    if (i == total / 2) {
      // One long memory, as real knowledge bases have: a pasted incident review.
      StringBuilder sb = new StringBuilder("Incident review (full transcript).\n\n");
      while (sb.length() < 24_000) {
        sb.append(paragraph(4)).append("\n\n");
      }
      content = sb.toString();
      title = "Incident review: checkout outage during the spring sale";
    }
    long created = now - random.nextInt(540 * 86_400) - 3_600;
    long accessed = created + (long) (random.nextDouble() * (now - created));
    Memory.Builder b = Memory.builder(id("mem_", 16), type, title, content)
        .importance(Math.round((0.2 + random.nextDouble() * 0.8) * 100) / 100.0)
        .tags(some(TAGS, 1 + random.nextInt(4)))
        .relatedFiles(files(DIRS[c], random.nextInt(4)))
        .experts(some(PEOPLE, random.nextInt(3)))
        .createdAt(created)
        .accessedAt(accessed)
        .accessCount(random.nextInt(60))
        .needsReview(random.nextInt(12) == 0);
    if (random.nextInt(3) > 0) {
      b.summary(title + ". " + SENTENCES[random.nextInt(SENTENCES.length)]);
    }
    if (random.nextInt(4) > 0) {
      b.gitCommit(hex.formatHex(bytes(20)));
    }
    if (random.nextInt(3) == 0) {
      b.sourcePr("#" + (100 + random.nextInt(2_900)));
    }
    if (random.nextInt(10) > 0) {
      b.qdrantId(uuid());
    }
    switch (random.nextInt(5)) {
      case 0 -> b.decayRate(0.0).decayFunction("none");
      case 1 -> b.decayRate(0.01 + Math.round(random.nextDouble() * 500) / 10_000.0)
          .decayFunction(pick("exponential", "linear", "step"))
          .lastRefreshedAt(accessed)
          .confidenceFloor(Math.round(random.nextDouble() * 40) / 100.0);
      default -> { }
    }
    return b.build();
  }

  private void document(int i, List<Document> documents, List<Chunk> chunks) {
    String component = COMPONENTS[i % COMPONENTS.length];
    String title = switch (i % 4) {
      case 0 -> "ADR-" + String.format("%03d", i + 1) + ": " + component + " data model";
      case 1 -> "Runbook: " + component;
      case 2 -> "Onboarding guide \u2014 " + component;
      default -> "RFC: rework the " + component;
    };
    List<String> sections = new ArrayList<>();
    int sectionCount = 3 + random.nextInt(6);
    for (int s = 0; s < sectionCount; s++) {
      sections.add("## " + pick("Background", "Goals", "Design", "Operations", "Risks",
          "Rollout", "FAQ") + "\n\n" + paragraph(2 + random.nextInt(4)));
    }
    String content = "# " + title + "\n\n" + String.join("\n\n", sections);
    String id = id("doc_", 12);
    long created = now - random.nextInt(400 * 86_400) - 86_400;
    long updated = created + random.nextInt((int) Math.max(1, now - created));
    documents.add(new Document(id, title, content, sha256(content), created, updated));
    int offset = content.indexOf("## ");
    for (String section : sections) {
      int start = content.indexOf(section, offset);
      int end = start + section.length();
      chunks.add(new Chunk(id("chk_", 14), id, section, random.nextInt(8) == 0 ? null : uuid(),
          (long) start, (long) end));
      offset = end;
    }
  }

  private List<MemoryRelation> memoryRelations(List<Memory> memories, int count) {
    List<MemoryRelation> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (out.size() < count) {
      Memory a = memories.get(random.nextInt(memories.size()));
      Memory b = memories.get(random.nextInt(memories.size()));
      String type = pick(RELATION_TYPES);
      if (a == b || !seen.add(a.id() + '\u0000' + b.id() + '\u0000' + type)) {
        continue;
      }
      String metadata = random.nextInt(3) == 0
          ? "{\"reason\":\"" + pick("same component", "mentioned in review", "found by tagger",
              "linked by " + pick(PEOPLE)) + "\"}" : null;
      long createdMs = (Math.max(a.createdAt(), b.createdAt()) + random.nextInt(86_400)) * 1000L
          + random.nextInt(1000);
      out.add(new MemoryRelation(id("rel_", 14), a.id(), b.id(), type,
          Math.round((0.3 + random.nextDouble() * 0.7) * 100) / 100.0, metadata,
          Math.min(createdMs, now * 1000L)));
    }
    return out;
  }

  private List<CrossLayerRelation> crossLayerRelations(List<Memory> memories, int count) {
    List<CrossLayerRelation> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (out.size() < count) {
      Memory m = memories.get(random.nextInt(memories.size()));
      String dir = DIRS[random.nextInt(DIRS.length)];
      String node = "src/" + dir + "/" + pick("service", "routes", "repository", "schema",
          "worker") + ".ts:" + pick(CODE_KINDS) + ":" + pick("handle", "create", "update",
          "validate", "load") + pick("Order", "Cart", "Invoice", "Session", "Query", "Batch");
      String type = pick(CROSS_TYPES);
      if (!seen.add(m.id() + '\u0000' + node + '\u0000' + type)) {
        continue;
      }
      out.add(new CrossLayerRelation(id("clr_", 14), m.id(), node, type,
          pick("memory_to_code", "code_to_memory"),
          Math.round((0.5 + random.nextDouble() * 0.5) * 100) / 100.0,
          random.nextInt(4) == 0 ? "{\"detectedBy\":\"" + pick("scanner", "user") + "\"}" : null,
          Math.min(m.createdAt() + random.nextInt(86_400), now)));
    }
    return out;
  }

  private PendingMemory pending(int i) {
    String component = pick(COMPONENTS);
    String type = Memory.KNOWN_TYPES.get(random.nextInt(Memory.KNOWN_TYPES.size()));
    JsonObject data = new JsonObject();
    String qdrantId = uuid();
    data.addProperty("id", id("mem_", 16));
    data.addProperty("type", type);
    data.addProperty("title", "Suggested: " + pick(PATTERNS).toLowerCase(Locale.ROOT)
        + " for the " + component);
    data.addProperty("content", paragraph(2));
    data.addProperty("importance", Math.round(random.nextDouble() * 100) / 100.0);
    JsonArray tags = new JsonArray();
    some(TAGS, 1 + random.nextInt(2)).forEach(tags::add);
    data.add("tags", tags);
    JsonArray files = new JsonArray();
    files(DIRS[random.nextInt(DIRS.length)], 1 + random.nextInt(2)).forEach(files::add);
    data.add("relatedFiles", files);
    data.add("experts", new JsonArray());
    data.addProperty("qdrantId", qdrantId);
    data.addProperty("needsReview", false);
    return new PendingMemory(id("pnd_", 14), Json.write(data),
        now - random.nextInt(30 * 86_400), i % 3 == 0 ? "import" : "user_store",
        pick("Detected a recurring fix in recent commits",
            "Pattern seen in three merged pull requests",
            "Suggested from a code review comment",
            "Similar question asked twice this week"));
  }

  private String paragraph(int sentences) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(SENTENCES[random.nextInt(SENTENCES.length)]);
    }
    return sb.toString();
  }

  private List<String> files(String dir, int n) {
    List<String> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String f = "src/" + dir + "/" + pick("service", "routes", "repository", "schema", "worker",
          "index") + ".ts";
      if (!files.contains(f)) {
        files.add(f);
      }
    }
    return files;
  }

  private List<String> some(String[] pool, int n) {
    List<String> out = new ArrayList<>();
    while (out.size() < Math.min(n, pool.length)) {
      String v = pool[random.nextInt(pool.length)];
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private String pick(String... values) {
    return values[random.nextInt(values.length)];
  }

  private String id(String prefix, int length) {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private String uuid() {
    byte[] b = bytes(16);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    String h = hex.formatHex(b);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
        + h.substring(16, 20) + "-" + h.substring(20);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private String sha256(String text) {
    try {
      return hex.formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
