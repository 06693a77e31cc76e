package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.spi.BackendInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportFormatTest {
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1705432800), ZoneOffset.UTC);
  static final BackendInfo INFO =
      new BackendInfo("sqlite", "manual", "012", "transformers", "all-MiniLM-L6-v2");

  static List<ai.doclea.transfer.api.TransferRecord> sample() {
    Memory m = Memory.builder("mem_1", "decision", "Use JWT", "We chose \"JWT\"\n\u2028✓")
        .importance(1.0).tags(List.of("auth", "security")).createdAt(1705000000L)
        .accessedAt(1705000100L).accessCount(3).needsReview(true).decayRate(0.0)
        .build();
    Document d = new Document("doc_1", "Guide", "text", null, 1705000000L, 1705000001L);
    Chunk c = new Chunk("chk_1", "doc_1", "text", "q1", 0L, 4L);
    MemoryRelation r = new MemoryRelation("rel_1", "mem_1", "mem_1", "related_to", 0.75, null,
        1705000000123L);
    CrossLayerRelation x = new CrossLayerRelation("clr_1", "mem_1", "node_9", "documents",
        "memory_to_code", 0.9, "{\"k\":1}", 1705000000L);
    PendingMemory p = new PendingMemory("pnd_1",
        "{\"id\":\"mem_2\",\"type\":\"note\",\"qdrantId\":\"q\",\"x\":{\"deep\":[1.50,null]}}",
        1705000200L, "user_store", "why");
    return List.of(m, d, c, r, x, p);
  }

  // Written by hand from the spec (JSON.stringify(value, null, 2), nulls omitted), then the
  // digest and counts that our metadata adds.
  static final String DATA = "{\n"
      + "    \"memories\": [\n"
      + "      {\n"
      + "        \"id\": \"mem_1\",\n"
      + "        \"type\": \"decision\",\n"
      + "        \"title\": \"Use JWT\",\n"
      + "        \"content\": \"We chose \\\"JWT\\\"\\n\u2028✓\",\n"
      + "        \"importance\": 1,\n"
      + "        \"tags\": [\n"
      + "          \"auth\",\n"
      + "          \"security\"\n"
      + "        ],\n"
      + "        \"relatedFiles\": [],\n"
      + "        \"experts\": [],\n"
      + "        \"createdAt\": 1705000000,\n"
      + "        \"accessedAt\": 1705000100,\n"
      + "        \"accessCount\": 3,\n"
      + "        \"needsReview\": true,\n"
      + "        \"decayRate\": 0\n"
      + "      }\n"
      + "    ],\n"
      + "    \"documents\": [\n"
      + "      {\n"
      + "        \"id\": \"doc_1\",\n"
      + "        \"title\": \"Guide\",\n"
      + "        \"content\": \"text\",\n"
      + "        \"createdAt\": 1705000000,\n"
      + "        \"updatedAt\": 1705000001\n"
      + "      }\n"
      + "    ],\n"
      + "    \"chunks\": [\n"
      + "      {\n"
      + "        \"id\": \"chk_1\",\n"
      + "        \"documentId\": \"doc_1\",\n"
      + "        \"content\": \"text\",\n"
      + "        \"qdrantId\": \"q1\",\n"
      + "        \"startOffset\": 0,\n"
      + "        \"endOffset\": 4\n"
      + "      }\n"
      + "    ],\n"
      + "    \"memoryRelations\": [\n"
      + "      {\n"
      + "        \"id\": \"rel_1\",\n"
      + "        \"source_id\": \"mem_1\",\n"
      + "        \"target_id\": \"mem_1\",\n"
      + "        \"type\": \"related_to\",\n"
      + "        \"weight\": 0.75,\n"
      + "        \"metadata\": null,\n"
      + "        \"created_at\": 1705000000123\n"
      + "      }\n"
      + "    ],\n"
      + "    \"crossLayerRelations\": [\n"
      + "      {\n"
      + "        \"id\": \"clr_1\",\n"
      + "        \"memory_id\": \"mem_1\",\n"
      + "        \"code_node_id\": \"node_9\",\n"
      + "        \"relation_type\": \"documents\",\n"
      + "        \"direction\": \"memory_to_code\",\n"
      + "        \"confidence\": 0.9,\n"
      + "        \"metadata\": \"{\\\"k\\\":1}\",\n"
      + "        \"created_at\": 1705000000\n"
      + "      }\n"
      + "    ],\n"
      + "    \"pendingMemories\": [\n"
      + "      {\n"
      + "        \"id\": \"pnd_1\",\n"
      + "        \"memoryData\": {\n"
      + "          \"id\": \"mem_2\",\n"
      + "          \"type\": \"note\",\n"
      + "          \"qdrantId\": \"q\",\n"
      + "          \"x\": {\n"
      + "            \"deep\": [\n"
      + "              1.50,\n"
      + "              null\n"
      + "            ]\n"
      + "          }\n"
      + "        },\n"
      + "        \"suggestedAt\": 1705000200,\n"
      + "        \"source\": \"user_store\",\n"
      + "        \"reason\": \"why\"\n"
      + "      }\n"
      + "    ]\n"
      + "  }";

  @Test
  void writesDocleasLayoutByteForByte() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportResult result = Transfer.export(new FixedBackend(INFO, sample(), -1), out, "memory",
        ExportOptions.builder().clock(CLOCK).build());
    assertTrue(result.success(), result::toJson);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(DATA.getBytes(StandardCharsets.UTF_8)));
    String expected = "{\n"
        + "  \"version\": \"1.0.0\",\n"
        + "  \"exportedAt\": 1705432800,\n"
        + "  \"backendType\": \"sqlite\",\n"
        + "  \"storageMode\": \"manual\",\n"
        + "  \"schemaVersion\": \"012\",\n"
        + "  \"data\": " + DATA + ",\n"
        + "  \"metadata\": {\n"
        + "    \"totalMemories\": 1,\n"
        + "    \"embeddingProvider\": \"transformers\",\n"
        + "    \"embeddingModel\": \"all-MiniLM-L6-v2\",\n"
        + "    \"counts\": {\n"
        + "      \"memories\": 1,\n"
        + "      \"documents\": 1,\n"
        + "      \"chunks\": 1,\n"
        + "      \"memoryRelations\": 1,\n"
        + "      \"crossLayerRelations\": 1,\n"
        + "      \"pendingMemories\": 1\n"
        + "    },\n"
        + "    \"sha256\": \"" + sha + "\"\n"
        + "  }\n"
        + "}";
    assertEquals(expected, out.toString(StandardCharsets.UTF_8));
    assertEquals(sha, result.sha256());
    assertEquals(out.size(), result.bytes());
    for (RecordKind k : RecordKind.values()) {
      assertEquals(1, result.count(k), k.sectionName());
    }
  }

  @Test
  void excludedSectionsAreEmptyArrays() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportResult result = Transfer.export(new FixedBackend(INFO, sample(), -1), out, "memory",
        ExportOptions.builder().clock(CLOCK).includeRelations(false).includePending(false)
            .build());
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("\"memoryRelations\": [],"), text);
    assertTrue(text.contains("\"crossLayerRelations\": [],"), text);
    assertTrue(text.contains("\"pendingMemories\": []\n"), text);
    assertFalse(text.contains("rel_1"));
    assertEquals(0, result.count(RecordKind.MEMORY_RELATION));
    assertEquals(1, result.count(RecordKind.MEMORY));
  }
}
