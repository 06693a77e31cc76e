package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.BuiltInConflictStrategy;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.StoredVector;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports that carry their vectors ({@code data.vectors}) and imports that restore them. */
class VectorsTest {
  static final String PROVIDER = "transformers";
  static final String MODEL = "all-MiniLM-L6-v2";

  @TempDir Path dir;

  static Memory memory(int i) {
    return Memory.builder("mem_" + i, "note", "Title " + i, "Content " + i)
        .qdrantId(i % 3 == 0 ? null : "vec_" + i).createdAt(1000L + i).accessedAt(2000L + i)
        .build();
  }

  static float[] vector(int i) {
    return new float[] {i, -0.5f, Float.MIN_VALUE, i / 7f};
  }

  /** Memories 1..n; those with an odd number have a vector. */
  static InMemoryBackend source(int n) {
    InMemoryBackend.Builder b = InMemoryBackend.builder().embedding(PROVIDER, MODEL);
    for (int i = 1; i <= n; i++) {
      b.add(memory(i));
      if (i % 2 == 1) {
        b.vector(new StoredVector("mem_" + i, PROVIDER, MODEL, vector(i),
            i == 5 ? "vec_own_5" : null));
      }
    }
    b.add(new MemoryRelation("rel_1", "mem_1", "mem_2", "related_to", 0.5, null, 5L));
    return b.build();
  }

  Path export(InMemoryBackend store, String name, boolean vectors) {
    Path file = dir.resolve(name);
    Transfer.export(store, file, ExportOptions.builder().clock(ExportFormatTest.CLOCK)
        .includeVectors(vectors).build()).orThrow();
    return file;
  }

  static JsonObject json(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  /** Rewrites a file, dropping our digest (so that edits are read, not refused as tampering). */
  Path edited(Path file, String name, Consumer<JsonObject> edit) throws IOException {
    JsonObject o = json(file);
    o.getAsJsonObject("metadata").remove("sha256");
    edit.accept(o);
    return Files.writeString(dir.resolve(name), o.toString(), StandardCharsets.UTF_8);
  }

  static JsonArray vectors(JsonObject o) {
    return o.getAsJsonObject("data").getAsJsonArray("vectors");
  }

  static String base64(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  static void assertSameBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          "component " + i);
    }
  }

  @Test
  void theSectionHoldsOneEntryPerMemoryWithAVectorAndMetadataNamesTheModel() throws IOException {
    JsonObject o = json(export(source(6), "a.json", true));
    JsonArray vs = vectors(o);
    assertEquals(3, vs.size());
    List<String> ids = new ArrayList<>();
    for (JsonElement e : vs) {
      JsonObject v = e.getAsJsonObject();
      String memoryId = v.get("memoryId").getAsString();
      ids.add(memoryId);
      int i = Integer.parseInt(memoryId.substring(4));
      assertEquals(base64(vector(i)), v.get("vector").getAsString(), memoryId);
      // The vector's own id, else the memory's qdrantId, else none.
      String expectedId = i == 5 ? "vec_own_5" : i % 3 == 0 ? null : "vec_" + i;
      assertEquals(expectedId, v.has("id") ? v.get("id").getAsString() : null, memoryId);
    }
    assertEquals(List.of("mem_1", "mem_3", "mem_5"), ids);
    JsonObject metadata = o.getAsJsonObject("metadata");
    assertEquals(PROVIDER, metadata.get("embeddingProvider").getAsString());
    assertEquals(MODEL, metadata.get("embeddingModel").getAsString());
    assertEquals(4, metadata.get("dimensions").getAsInt());
    assertEquals(3, metadata.getAsJsonObject("counts").get("vectors").getAsLong());
  }

  @Test
  void withoutTheOptionTheFileHasNoTraceOfVectors() throws IOException {
    JsonObject o = json(export(source(6), "a.json", false));
    assertFalse(o.getAsJsonObject("data").has("vectors"));
    assertFalse(o.getAsJsonObject("metadata").has("dimensions"));
    assertFalse(o.getAsJsonObject("metadata").getAsJsonObject("counts").has("vectors"));
  }

  @Test
  void anImportRestoresTheVectorsBitForBitAndTheNextExportIsTheSame() throws IOException {
    InMemoryBackend src = source(7);
    Path file = export(src, "a.json", true);
    InMemoryBackend target = InMemoryBackend.builder().embedding(PROVIDER, MODEL).build();
    ImportResult r = Transfer.importFrom(target, file, ImportOptions.defaults());
    assertTrue(r.success(), r::toJson);
    assertEquals(4, r.restoredVectors());
    assertEquals(0, r.reembedded());
    assertFalse(r.reembeddingRequired());
    for (StoredVector expected : src.vectors()) {
      StoredVector got = target.vector(expected.memoryId()).orElseThrow();
      assertSameBits(expected.vector(), got.vector());
      assertEquals(PROVIDER, got.provider());
      assertEquals(MODEL, got.model());
    }
    assertEquals(src.vectors().size(), target.vectors().size());
    assertArrayEquals(Files.readAllBytes(file),
        Files.readAllBytes(export(target, "b.json", true)));
    assertTrue(JsonParser.parseString(r.toJson()).getAsJsonObject().get("vectorsRestored")
        .getAsLong() == 4);
  }

  @Test
  void aStoreWithoutAModelTakesTheFilesVectorsWithTheFilesModel() {
    Path file = export(source(3), "a.json", true);
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(target, file, ImportOptions.defaults());
    assertTrue(r.success(), r::toJson);
    assertEquals(2, r.restoredVectors());
    assertEquals(MODEL, target.vector("mem_3").orElseThrow().model());
  }

  @Test
  void anotherModelIsRefusedNamingBothAndChangesNothing() {
    Path file = export(source(5), "a.json", true);
    InMemoryBackend target = InMemoryBackend.builder().embedding(PROVIDER, "mxbai-embed-xsmall-v1")
        .add(memory(99)).build();
    var before = target.contents();
    ImportResult r = Transfer.importFrom(target, file, ImportOptions.defaults());
    assertFalse(r.success());
    String message = r.failure().orElseThrow().getMessage();
    assertTrue(message.contains(PROVIDER + "/" + MODEL) && message.contains("mxbai-embed-xsmall-v1")
        && message.contains("--reembed") && message.contains("nothing was imported"), message);
    assertEquals(before, target.contents());
    assertTrue(target.vectors().isEmpty());
  }

  @Test
  void reembedIgnoresTheFilesVectorsAndSaysSo() {
    Path file = export(source(3), "a.json", true);
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(target, file,
        ImportOptions.builder().reembed(new LengthEmbedder()).build());
    assertTrue(r.success(), r::toJson);
    assertEquals(3, r.reembedded());
    assertEquals(0, r.restoredVectors());
    assertEquals("other-model", target.vector("mem_1").orElseThrow().model());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("2 vectors")
        && w.contains("re-embedded with fake/other-model")), r.warnings().toString());
  }

  @Test
  void vectorsOfSkippedMemoriesAreNotWritten() {
    Path file = export(source(5), "a.json", true);
    StoredVector existing = new StoredVector("mem_3", PROVIDER, MODEL, new float[] {9, 9, 9, 9});
    InMemoryBackend target = InMemoryBackend.builder().embedding(PROVIDER, MODEL)
        .add(memory(3)).vector(existing).build();
    ImportResult r = Transfer.importFrom(target, file, ImportOptions.builder()
        .conflictStrategy(BuiltInConflictStrategy.SKIP).build());
    assertTrue(r.success(), r::toJson);
    assertEquals(2, r.restoredVectors());
    assertSameBits(existing.vector(), target.vector("mem_3").orElseThrow().vector());
    assertSameBits(vector(5), target.vector("mem_5").orElseThrow().vector());
    assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("1 of the file's vectors")),
        r.warnings().toString());
    // With overwrite the replaced memory takes the file's vector.
    ImportResult o = Transfer.importFrom(target, file, ImportOptions.builder()
        .conflictStrategy(BuiltInConflictStrategy.OVERWRITE).build());
    assertTrue(o.success(), o::toJson);
    assertSameBits(vector(3), target.vector("mem_3").orElseThrow().vector());
  }

  @Test
  void aDryRunCountsWhatItWouldRestoreAndWritesNothing() {
    Path file = export(source(5), "a.json", true);
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(target, file,
        ImportOptions.builder().dryRun(true).build());
    assertTrue(r.success(), r::toJson);
    assertEquals(3, r.restoredVectors());
    assertTrue(target.isEmpty() && target.vectors().isEmpty());
  }

  @Test
  void vectorsBeforeTheMemoriesInTheFileAreRestoredToo() throws IOException {
    Path file = export(source(5), "a.json", true);
    Path reordered = edited(file, "b.json", o -> {
      JsonObject data = o.getAsJsonObject("data");
      JsonObject moved = new JsonObject();
      moved.add("vectors", data.get("vectors"));
      for (String key : data.keySet()) {
        if (!key.equals("vectors")) {
          moved.add(key, data.get(key));
        }
      }
      o.add("data", moved);
    });
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(target, reordered, ImportOptions.defaults());
    assertTrue(r.success(), r::toJson);
    assertEquals(3, r.restoredVectors());
    assertTrue(Transfer.verify(reordered).valid());
  }

  @Test
  void gzipFilesCarryVectorsToo() {
    Path file = dir.resolve("a.json.gz");
    Transfer.export(source(5), file, ExportOptions.builder().gzip(true).includeVectors(true)
        .build()).orThrow();
    InMemoryBackend target = InMemoryBackend.create();
    assertEquals(3, Transfer.importFrom(target, file, ImportOptions.defaults()).orThrow()
        .restoredVectors());
  }

  @Test
  void verifyAndInspectReportTheVectors() {
    Path file = export(source(5), "a.json", true);
    VerifyResult v = Transfer.verify(file);
    assertTrue(v.valid(), v::toJson);
    assertEquals(3, v.vectors());
    assertEquals(4, v.dimensions());
    VerifyResult i = Transfer.inspect(file);
    assertEquals(3, i.vectors());
    assertEquals(4, i.dimensions());
    assertEquals(MODEL, i.embeddingModel());
    JsonObject json = JsonParser.parseString(i.toJson()).getAsJsonObject();
    assertEquals(3, json.get("vectors").getAsLong());
    assertEquals(4, json.get("dimensions").getAsInt());
  }

  /** A broken file: the import fails naming what and where, the store stays as it was. */
  void assertRefused(Path file, String... expected) {
    InMemoryBackend target = InMemoryBackend.builder().add(memory(42)).build();
    var before = target.contents();
    ImportResult r = Transfer.importFrom(target, file, ImportOptions.defaults());
    assertFalse(r.success(), r::toJson);
    String message = r.failure().orElseThrow().getMessage();
    for (String part : expected) {
      assertTrue(message.contains(part), "'" + part + "' in: " + message);
    }
    assertEquals(before, target.contents());
    assertTrue(target.vectors().isEmpty());
    VerifyResult v = Transfer.verify(file);
    assertFalse(v.valid(), v::toJson);
    for (String part : expected) {
      assertTrue(v.errors().get(0).contains(part), "'" + part + "' in: " + v.errors());
    }
  }

  Path withEntry(String name, int index, Consumer<JsonObject> edit) throws IOException {
    return edited(export(source(5), "src-" + name, true), name,
        o -> edit.accept(vectors(o).get(index).getAsJsonObject()));
  }

  @Test
  void aVectorOfAnotherLengthIsRefused() throws IOException {
    assertRefused(withEntry("len.json", 1, v -> v.addProperty("vector", base64(1, 2, 3))),
        "memory 'mem_3'", "$.data.vectors[1]", "3 components", "earlier vectors 4");
  }

  @Test
  void badBase64IsRefused() throws IOException {
    assertRefused(withEntry("b64.json", 0, v -> v.addProperty("vector", "AAAA*AAA")),
        "memory 'mem_1'", "$.data.vectors[0]", "not valid base64");
  }

  /**
   * A character outside base64's alphabet is named by its code point and index: the JDK's own
   * message names a line break as "Illegal base64 character a", which reads as the letter a.
   */
  @Test
  void aCharacterOutsideBase64sAlphabetIsNamedPlainly() throws IOException {
    String encoded = base64(1, 2, 3, 4);
    assertRefused(withEntry("lf.json", 0, v -> v.addProperty("vector",
        encoded.substring(0, 8) + "\n" + encoded.substring(8))), "memory 'mem_1'",
        "$.data.vectors[0]", "the character U+000A at index 8 is not in base64's alphabet");
    assertRefused(withEntry("url.json", 0, v -> v.addProperty("vector", "AAAA_AAA")),
        "memory 'mem_1'", "the character U+005F at index 4 is not in base64's alphabet");
  }

  @Test
  void aNonWholeNumberOfFloatsIsRefused() throws IOException {
    assertRefused(withEntry("odd.json", 0, v -> v.addProperty("vector", "AAAAAAA=")),
        "memory 'mem_1'", "5 bytes");
  }

  @Test
  void nonFiniteComponentsAreRefused() throws IOException {
    assertRefused(withEntry("nan.json", 2, v -> v.addProperty("vector",
        base64(1, Float.NaN, 0, 0))), "memory 'mem_5'", "non-finite", "index 1");
    assertRefused(withEntry("inf.json", 2, v -> v.addProperty("vector",
        base64(1, 0, Float.NEGATIVE_INFINITY, 0))), "memory 'mem_5'", "non-finite");
  }

  @Test
  void aVectorForAMemoryNotInTheFileIsRefused() throws IOException {
    assertRefused(withEntry("stray.json", 0, v -> v.addProperty("memoryId", "mem_42")),
        "memory 'mem_42'", "not in the file's data.memories");
  }

  @Test
  void twoVectorsForOneMemoryAreRefused() throws IOException {
    assertRefused(withEntry("twice.json", 1, v -> v.addProperty("memoryId", "mem_1")),
        "memory 'mem_1'", "second vector", "$.data.vectors[1]");
  }

  @Test
  void metadataThatDisagreesWithTheVectorsIsRefused() throws IOException {
    Path file = export(source(5), "m.json", true);
    assertRefused(edited(file, "dims.json", o -> o.getAsJsonObject("metadata")
        .addProperty("dimensions", 5)), "metadata.dimensions is 5", "4 components");
    assertRefused(edited(file, "nodims.json", o -> o.getAsJsonObject("metadata")
        .remove("dimensions")), "metadata.dimensions is missing");
    assertRefused(edited(file, "nomodel.json", o -> o.getAsJsonObject("metadata")
        .remove("embeddingModel")), "embedding provider and model");
    assertRefused(edited(file, "count.json", o -> o.getAsJsonObject("metadata")
        .getAsJsonObject("counts").addProperty("vectors", 2)), "metadata.counts.vectors is 2",
        "holds 3");
    assertRefused(edited(file, "cut.json", o -> vectors(o).remove(2)),
        "metadata.counts.vectors is 3", "holds 2");
  }

  @Test
  void theDigestCoversTheVectors() throws IOException {
    Path file = export(source(5), "a.json", true);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String first = vectors(json(file)).get(0).getAsJsonObject().get("vector").getAsString();
    Path tampered = Files.writeString(dir.resolve("t.json"),
        text.replace(first, base64(0, 0, 0, 0)), StandardCharsets.UTF_8);
    InMemoryBackend target = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(target, tampered, ImportOptions.defaults());
    assertFalse(r.success());
    assertInstanceOf(InvalidFileException.class, r.failure().orElseThrow());
    assertTrue(r.failure().orElseThrow().getMessage().contains("SHA-256"));
    assertTrue(target.isEmpty());
  }

  /** An embedder of another model: each vector is the text's length. */
  static final class LengthEmbedder implements EmbeddingProvider {
    @Override
    public String providerName() {
      return "fake";
    }

    @Override
    public String modelName() {
      return "other-model";
    }

    @Override
    public int dimensions() {
      return 1;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      for (String t : texts) {
        out.add(new float[] {t.length()});
      }
      return out;
    }
  }
}
