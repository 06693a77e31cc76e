package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConflictException;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.SectionStats;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportTest {
  @TempDir Path dir;

  static InMemoryBackend sampleStore() {
    return InMemoryBackend.create().load(ExportFormatTest.sample());
  }

  Path export(InMemoryBackend store, String name) {
    Path file = dir.resolve(name);
    Transfer.export(store, file, ExportOptions.builder().clock(ExportFormatTest.CLOCK).build())
        .orThrow();
    return file;
  }

  Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** A file without our digest and counts, as Doclea's server writes it. */
  String docleaStyle(String ours) {
    JsonObject o = JsonParser.parseString(ours).getAsJsonObject();
    o.getAsJsonObject("metadata").remove("sha256");
    o.getAsJsonObject("metadata").remove("counts");
    return o.toString();
  }

  @Test
  void exportImportExportIsByteIdentical() throws IOException {
    Path first = export(sampleStore(), "a.json");
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult result = Transfer.importFrom(target, first, ImportOptions.defaults());
    assertTrue(result.success(), result::toJson);
    Path second = export(target, "b.json");
    assertEquals(read(first), read(second));
    assertEquals(sampleStore().contents(), target.contents());
  }

  @Test
  void resultCarriesDocumentedStatsAndRicherDetail() throws IOException {
    ImportResult result = Transfer.importFrom(InMemoryBackend.create(),
        export(sampleStore(), "a.json"), ImportOptions.defaults());
    JsonObject json = JsonParser.parseString(result.toJson()).getAsJsonObject();
    assertTrue(json.get("success").getAsBoolean());
    JsonObject stats = json.getAsJsonObject("stats");
    for (String key : List.of("memoriesImported", "documentsImported", "chunksImported",
        "memoryRelationsImported", "crossLayerRelationsImported", "pendingImported")) {
      assertEquals(1, stats.get(key).getAsInt(), key);
    }
    assertEquals(0, stats.get("memoriesSkipped").getAsInt());
    assertFalse(json.has("errors"), "no errors key on a clean import");
    assertEquals(1, json.getAsJsonObject("sections").getAsJsonObject("chunks")
        .get("imported").getAsInt());
    assertTrue(json.get("reembeddingRequired").getAsBoolean(),
        "a memory store with no embedding facts needs re-embedding");
  }

  @Test
  void relationWhoseMemoryIsMissingIsSkippedAndReported() throws IOException {
    String text = docleaStyle(read(export(sampleStore(), "a.json")))
        .replace("\"target_id\":\"mem_1\"", "\"target_id\":\"mem_gone\"");
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult result = Transfer.importFrom(target, write("b.json", text),
        ImportOptions.defaults());
    assertTrue(result.success(), result::toJson);
    assertEquals(0, result.section(RecordKind.MEMORY_RELATION).imported());
    assertEquals(1, result.section(RecordKind.MEMORY_RELATION).skipped());
    assertEquals(1, result.errors().size());
    assertTrue(result.errors().get(0).contains("rel_1")
        && result.errors().get(0).contains("mem_gone"), result.errors().get(0));
    assertEquals(1, target.size(RecordKind.CROSS_LAYER_RELATION));
  }

  @Test
  void sectionsInAnyOrderAndMissingSectionsAreAccepted() throws IOException {
    String text = "{\"data\":{\"memoryRelations\":[{\"id\":\"r\",\"sourceId\":\"m\","
        + "\"targetId\":\"m\",\"relationType\":\"supersedes\",\"confidence\":0.5,"
        + "\"createdAt\":5}],\"chunks\":[{\"id\":\"c\",\"documentId\":\"d\",\"content\":\"x\"}],"
        + "\"memories\":[{\"id\":\"m\",\"type\":\"note\",\"title\":\"t\",\"content\":\"c\"}],"
        + "\"documents\":[{\"id\":\"d\",\"title\":\"t\",\"content\":\"c\"}]},"
        + "\"version\":\"1.0.0\"}";
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult result = Transfer.importFrom(target, write("o.json", text),
        ImportOptions.defaults());
    assertTrue(result.success(), result::toJson);
    assertEquals(List.of(new MemoryRelation("r", "m", "m", "supersedes", 0.5, null, 5L)),
        target.records(RecordKind.MEMORY_RELATION));
    assertEquals(1, target.size(RecordKind.CHUNK));
    assertEquals(1, target.size(RecordKind.MEMORY));
  }

  @Test
  void unknownKeysAreIgnoredWithWarnings() throws IOException {
    String text = "{\"version\":\"1.0.0\",\"future\":1,\"data\":{\"memories\":[{\"id\":\"m\","
        + "\"type\":\"note\",\"title\":\"t\",\"content\":\"c\",\"mood\":\"happy\"}],"
        + "\"widgets\":[]},\"metadata\":{\"totalMemories\":1,\"extra\":true}}";
    ImportResult result = Transfer.importFrom(InMemoryBackend.create(), write("u.json", text),
        ImportOptions.defaults());
    assertTrue(result.success(), result::toJson);
    String warnings = String.join("\n", result.warnings());
    assertTrue(warnings.contains("'future'"), warnings);
    assertTrue(warnings.contains("'mood' in data.memories[]"), warnings);
    assertTrue(warnings.contains("data.widgets"), warnings);
    assertTrue(warnings.contains("metadata.extra"), warnings);
  }

  @Test
  void conflictStrategiesDecidePerRecord() throws IOException {
    Path file = export(sampleStore(), "a.json");
    Memory older = Memory.builder("mem_1", "note", "old", "old").build();
    Document otherDoc = new Document("doc_1", "old", "old", null, 1L, 1L);

    InMemoryBackend skip = InMemoryBackend.create().load(older, otherDoc);
    ImportResult skipped = Transfer.importFrom(skip, file, ImportOptions.defaults());
    assertEquals(SectionStats.of(0, 0, 1, 1, 0), skipped.section(RecordKind.MEMORY));
    assertEquals(List.of(older), skip.records(RecordKind.MEMORY));
    assertEquals(List.of(otherDoc), skip.records(RecordKind.DOCUMENT));

    InMemoryBackend over = InMemoryBackend.create().load(older, otherDoc);
    ImportResult overwritten = Transfer.importFrom(over, file,
        ImportOptions.builder().conflictStrategy("overwrite").build());
    assertEquals(SectionStats.of(0, 1, 0, 1, 0), overwritten.section(RecordKind.MEMORY));
    assertEquals(SectionStats.of(0, 1, 0, 1, 0), overwritten.section(RecordKind.DOCUMENT));
    assertEquals(sampleStore().contents(), over.contents());

    InMemoryBackend err = InMemoryBackend.create().load(older, otherDoc);
    Map<RecordKind, List<TransferRecord>> before = err.contents();
    ImportResult failed = Transfer.importFrom(err, file,
        ImportOptions.builder().conflictStrategy("error").build());
    assertFalse(failed.success());
    assertInstanceOf(ConflictException.class, failed.failure().orElseThrow());
    assertTrue(failed.errors().get(0).contains("'mem_1'")
        && failed.errors().get(0).contains("$.data.memories[0]"), failed.errors().get(0));
    assertEquals(before, err.contents());
  }

  @Test
  void duplicateIdInFileIsSkippedAndReportedUnderEveryStrategy() throws IOException {
    String text = "{\"version\":\"1.0.0\",\"data\":{\"memories\":["
        + "{\"id\":\"m\",\"type\":\"note\",\"title\":\"first\",\"content\":\"c\"},"
        + "{\"id\":\"m\",\"type\":\"note\",\"title\":\"second\",\"content\":\"c\"}]}}";
    for (String strategy : List.of("skip", "overwrite", "error")) {
      InMemoryBackend target = InMemoryBackend.create();
      ImportResult result = Transfer.importFrom(target, write("d.json", text),
          ImportOptions.builder().conflictStrategy(strategy).batchSize(1).build());
      assertTrue(result.success(), strategy + ": " + result.toJson());
      assertEquals("first", target.records(Memory.class).get(0).title(), strategy);
      assertEquals(1, result.section(RecordKind.MEMORY).skipped(), strategy);
      assertTrue(result.errors().get(0).contains("$.data.memories[1]"), result.errors().get(0));
    }
  }

  @Test
  void dryRunCountsExactlyWhatARealImportDoesAndWritesNothing() throws IOException {
    String text = docleaStyle(read(export(sampleStore(), "a.json")))
        .replace("\"source_id\":\"mem_1\"", "\"source_id\":\"nope\"");
    Path file = write("b.json", text);
    Memory existing = Memory.builder("mem_1", "note", "old", "old").build();
    InMemoryBackend dry = InMemoryBackend.create().load(existing);
    ImportResult dryResult = Transfer.importFrom(dry, file,
        ImportOptions.builder().dryRun(true).build());
    assertEquals(List.of(existing), dry.records(RecordKind.MEMORY));
    assertEquals(1, dry.size(RecordKind.MEMORY) + dry.size(RecordKind.DOCUMENT));
    InMemoryBackend real = InMemoryBackend.create().load(existing);
    ImportResult realResult = Transfer.importFrom(real, file, ImportOptions.defaults());
    assertTrue(dryResult.dryRun());
    for (RecordKind k : RecordKind.values()) {
      assertEquals(realResult.section(k), dryResult.section(k), k.sectionName());
    }
    assertEquals(realResult.errors(), dryResult.errors());
  }

  @Test
  void excludedSectionsAreNotImported() throws IOException {
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult result = Transfer.importFrom(target, export(sampleStore(), "a.json"),
        ImportOptions.builder().importRelations(false).importPending(false).build());
    assertTrue(result.success(), result::toJson);
    assertEquals(0, target.size(RecordKind.MEMORY_RELATION));
    assertEquals(0, target.size(RecordKind.CROSS_LAYER_RELATION));
    assertEquals(0, target.size(RecordKind.PENDING_MEMORY));
    assertEquals(1, target.size(RecordKind.CHUNK));
  }

  @Test
  void versionsOtherThanOneAreRefused() throws IOException {
    String text = read(export(sampleStore(), "a.json"));
    ImportResult v2 = Transfer.importFrom(InMemoryBackend.create(),
        write("v2.json", text.replace("\"1.0.0\"", "\"2.0.0\"")), ImportOptions.defaults());
    assertFalse(v2.success());
    assertTrue(v2.errors().get(0).contains("'2.0.0'") && v2.errors().get(0).contains("1.x"),
        v2.errors().get(0));
    ImportResult v11 = Transfer.importFrom(InMemoryBackend.create(),
        write("v11.json", text.replace("\"1.0.0\"", "\"1.1.0\"")), ImportOptions.defaults());
    assertTrue(v11.success(), v11::toJson);
    assertTrue(String.join(" ", v11.warnings()).contains("1.1.0"), v11.warnings()::toString);
  }

  @Test
  void editedFileFailsTheDigestAndChangesNothing() throws IOException {
    String text = read(export(sampleStore(), "a.json")).replace("Use JWT", "Use XYZ");
    InMemoryBackend target = InMemoryBackend.create().load(
        Memory.builder("keep", "note", "k", "k").build());
    Map<RecordKind, List<TransferRecord>> before = target.contents();
    ImportResult result = Transfer.importFrom(target, write("e.json", text),
        ImportOptions.defaults());
    assertFalse(result.success());
    assertTrue(result.errors().get(0).contains("SHA-256"), result.errors().get(0));
    assertTrue(result.errors().get(0).contains("e.json"), result.errors().get(0));
    assertEquals(before, target.contents());
  }

  @Test
  void docleaFilesWithoutDigestImport() throws IOException {
    String text = docleaStyle(read(export(sampleStore(), "a.json")));
    InMemoryBackend target = InMemoryBackend.create();
    assertTrue(Transfer.importFrom(target, write("d.json", text), ImportOptions.defaults())
        .success());
    assertEquals(sampleStore().contents(), target.contents());
  }

  /**
   * A pending memory's memoryData is a JSON value; the store keeps it spelled as Doclea's server
   * re-spells it (JSON.parse, then JSON.stringify): escapes of characters that need none (U+2028,
   * é, the solidus) become the characters, control characters stay escaped. Two files that spell
   * the same value differently give the same store.
   */
  @Test
  void memoryDataIsStoredSpelledAsJsonStringifySpellsIt() throws IOException {
    JsonObject o = JsonParser.parseString(docleaStyle(read(export(sampleStore(), "a.json"))))
        .getAsJsonObject();
    o.getAsJsonObject("data").getAsJsonArray("pendingMemories").get(0).getAsJsonObject()
        .add("memoryData",
        JsonParser.parseString("{\"id\":\"mem_2\",\"title\":\"a\u2028b\u00e9/c\\u0001\"}"));
    // Gson writes U+2028 and U+0001 as escapes and é raw; spell é and the solidus as escapes too.
    String text = o.toString().replace("\u00e9", "\\u00e9").replace("b\\u00e9/", "b\\u00e9\\/");
    assertTrue(text.contains("\"a\\u2028b\\u00e9\\/c\\u0001\""), text);

    InMemoryBackend target = InMemoryBackend.create();
    assertTrue(Transfer.importFrom(target, write("escaped.json", text), ImportOptions.defaults())
        .success());
    PendingMemory stored = (PendingMemory) target.contents().get(RecordKind.PENDING_MEMORY).get(0);
    assertEquals("{\"id\":\"mem_2\",\"title\":\"a\u2028b\u00e9/c\\u0001\"}",
        stored.memoryData());
  }

  @Test
  void countMismatchIsAnError() throws IOException {
    String text = read(export(sampleStore(), "a.json"))
        .replace("\"totalMemories\": 1", "\"totalMemories\": 2");
    ImportResult result = Transfer.importFrom(InMemoryBackend.create(), write("c.json", text),
        ImportOptions.defaults());
    assertFalse(result.success());
    assertTrue(result.errors().get(0).contains("metadata.totalMemories is 2"),
        result.errors().get(0));
  }

  @Test
  void invalidRecordNamesPathAndId() throws IOException {
    String text = docleaStyle(read(export(sampleStore(), "a.json")))
        .replace("\"importance\":1", "\"importance\":1.5");
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult result = Transfer.importFrom(target, write("i.json", text),
        ImportOptions.defaults());
    assertFalse(result.success());
    InvalidFileException e = (InvalidFileException) result.failure().orElseThrow();
    assertEquals("$.data.memories[0].importance", e.jsonPath());
    assertEquals("mem_1", e.recordId());
    assertTrue(e.getMessage().contains("i.json") && e.getMessage().contains("1.5"),
        e.getMessage());
    assertTrue(target.isEmpty());
  }

  @Test
  void wrongTypeNamesPathAndLine() throws IOException {
    Path file = write("w.json", "{\"version\":\"1.0.0\",\"data\":{\"memories\":[\n"
        + "{\"id\":\"m\",\"type\":\"note\",\"title\":\"t\",\"content\":\"c\",\"tags\":\"x\"}]}}");
    ImportResult result = Transfer.importFrom(InMemoryBackend.create(), file,
        ImportOptions.defaults());
    String message = result.errors().get(0);
    assertTrue(message.contains("$.data.memories[0].tags") && message.contains("line 2")
        && message.contains("'m'") && message.contains("array of strings"), message);
  }

  @Test
  void truncatedAndNonJsonFilesAreRefused() throws IOException {
    String text = read(export(sampleStore(), "a.json"));
    ImportResult truncated = Transfer.importFrom(InMemoryBackend.create(),
        write("t.json", text.substring(0, text.length() / 2)), ImportOptions.defaults());
    assertFalse(truncated.success());
    assertTrue(truncated.errors().get(0).contains("truncated"), truncated.errors().get(0));
    ImportResult notJson = Transfer.importFrom(InMemoryBackend.create(),
        write("n.json", "hello"), ImportOptions.defaults());
    assertFalse(notJson.success());
    assertTrue(notJson.errors().get(0).contains("n.json"), notJson.errors().get(0));
    ImportResult missing = Transfer.importFrom(InMemoryBackend.create(),
        dir.resolve("none.json"), ImportOptions.defaults());
    assertTrue(missing.errors().get(0).contains("does not exist"), missing.errors().get(0));
  }

  @Test
  void gzipIsDetectedByMagicBytesNotName() throws IOException {
    Path file = dir.resolve("backup.json");
    Transfer.export(sampleStore(), file, ExportOptions.builder().gzip(true).build()).orThrow();
    byte[] head = Files.readAllBytes(file);
    assertEquals((byte) 0x1f, head[0]);
    InMemoryBackend target = InMemoryBackend.create();
    assertTrue(Transfer.importFrom(target, file, ImportOptions.defaults()).success());
    assertEquals(sampleStore().contents(), target.contents());
  }

  @Test
  void reembedStoresOneVectorPerImportedMemory() throws IOException {
    List<List<String>> calls = new ArrayList<>();
    EmbeddingProvider fake = new EmbeddingProvider() {
      @Override public String providerName() { return "fake"; }
      @Override public String modelName() { return "m1"; }
      @Override public int dimensions() { return 2; }
      @Override public List<float[]> embed(List<String> texts) {
        calls.add(List.copyOf(texts));
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
          out.add(new float[] {t.length(), 1});
        }
        return out;
      }
    };
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult result = Transfer.importFrom(target, export(sampleStore(), "a.json"),
        ImportOptions.builder().reembed(fake).build());
    assertTrue(result.success(), result::toJson);
    assertFalse(result.reembeddingRequired());
    assertEquals(1, result.reembedded());
    String text = "Use JWT\n\nWe chose \"JWT\"\n\u2028✓";
    assertEquals(List.of(List.of(text)), calls);
    StoredVector v = target.vector("mem_1").orElseThrow();
    assertEquals("fake", v.provider());
    assertEquals(text.length(), v.vector()[0]);
  }

  @Test
  void failingEmbeddingProviderRollsEverythingBack() throws IOException {
    EmbeddingProvider broken = new EmbeddingProvider() {
      @Override public String providerName() { return "broken"; }
      @Override public String modelName() { return "m"; }
      @Override public int dimensions() { return 2; }
      @Override public List<float[]> embed(List<String> texts) {
        throw new IllegalStateException("model crashed");
      }
    };
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult result = Transfer.importFrom(target, export(sampleStore(), "a.json"),
        ImportOptions.builder().reembed(broken).build());
    assertFalse(result.success());
    assertTrue(result.errors().get(0).contains("model crashed"), result.errors().get(0));
    assertTrue(target.isEmpty());
  }

  @Test
  void sameEmbeddingModelWithoutVectorsInTheFileStillRequiresReembedding() throws IOException {
    Path file = export(InMemoryBackend.builder().embedding("transformers", "all-MiniLM-L6-v2")
        .build().load(ExportFormatTest.sample()), "a.json");
    InMemoryBackend same = InMemoryBackend.builder()
        .embedding("transformers", "all-MiniLM-L6-v2").build();
    ImportResult result = Transfer.importFrom(same, file, ImportOptions.defaults());
    long written = result.section(RecordKind.MEMORY).imported();
    assertTrue(written > 0, result::toJson);
    assertTrue(result.reembeddingRequired(), "the store keeps vectors and got none: "
        + result.toJson());
    assertEquals(List.of("re-embedding is required: the file carries no vectors, so the "
        + written + " memories written have none in the target store (export with vectors to"
        + " carry them); import again with reembed, or re-embed later"), result.warnings());
    assertTrue(same.vectors().isEmpty());
  }

  @Test
  void embeddingModelsAreComparedWhenTheTargetKeepsNoVectors() throws IOException {
    Path file = export(InMemoryBackend.builder().embedding("transformers", "all-MiniLM-L6-v2")
        .build().load(ExportFormatTest.sample()), "a.json");
    InMemoryBackend store = InMemoryBackend.builder()
        .embedding("transformers", "all-MiniLM-L6-v2").build();
    StorageBackend same = new StorageBackend() { // a store like a bare Doclea database
      @Override public BackendInfo info() { return store.info(); }
      @Override public ReadSnapshot openSnapshot() { return store.openSnapshot(); }
      @Override public WriteTransaction beginTransaction() { return store.beginTransaction(); }
      @Override public boolean storesVectors() { return false; }
      @Override public void close() { store.close(); }
    };
    ImportResult result = Transfer.importFrom(same, file, ImportOptions.defaults());
    assertTrue(result.success(), result::toJson);
    assertFalse(result.reembeddingRequired(), result::toJson);
    assertEquals(List.of(), result.warnings());
    InMemoryBackend other = InMemoryBackend.builder().embedding("openai", "x").build();
    ImportResult differs = Transfer.importFrom(other, file, ImportOptions.defaults());
    assertTrue(differs.reembeddingRequired());
    assertTrue(differs.warnings().contains("re-embedding is required: the file's embedding"
        + " provider and model (transformers/all-MiniLM-L6-v2) differ from the target's"
        + " (openai/x); import again with reembed, or re-embed later"), differs.warnings()
        .toString());
    ImportResult unnamedTarget = Transfer.importFrom(InMemoryBackend.create(), file,
        ImportOptions.defaults());
    assertTrue(unnamedTarget.warnings().contains("re-embedding is required: the target does not"
        + " name its embedding provider and model (the file's: transformers/all-MiniLM-L6-v2);"
        + " import again with reembed, or re-embed later"), unnamedTarget.warnings().toString());
    ImportResult unnamedFile = Transfer.importFrom(InMemoryBackend.builder()
        .embedding("openai", "x").build(), export(sampleStore(), "b.json"),
        ImportOptions.defaults());
    assertTrue(unnamedFile.warnings().contains("re-embedding is required: the file does not name"
        + " the embedding provider and model of its memories; import again with reembed, or"
        + " re-embed later"), unnamedFile.warnings().toString());
  }
}
