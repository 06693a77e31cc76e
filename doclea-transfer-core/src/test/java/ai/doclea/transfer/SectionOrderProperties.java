package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.memory.InMemoryBackend;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Doclea's files and hand-made ones may list the sections of {@code data} in any order: whatever
 * the order (720 of them), an import restores exactly the store that was exported, and verify
 * finds the file valid, references included. Sections that come before the section they refer to
 * are taken in a second pass over the file.
 */
class SectionOrderProperties {

  private static final List<String> SECTIONS = List.of("memories", "documents", "chunks",
      "memoryRelations", "crossLayerRelations", "pendingMemories");

  @Provide
  Arbitrary<List<String>> orders() {
    return Arbitraries.shuffle(SECTIONS);
  }

  @Property(tries = 60)
  void anyOrderOfTheSectionsImportsTheSameStoreAndVerifies(@ForAll("orders") List<String> order)
      throws IOException {
    Path dir = Files.createTempDirectory("section-order");
    try {
      InMemoryBackend source = ImportTest.sampleStore();
      Path exported = dir.resolve("export.json");
      Transfer.export(source, exported, ExportOptions.builder()
          .clock(ExportFormatTest.CLOCK).build()).orThrow();
      JsonObject file = JsonParser.parseString(
          Files.readString(exported, StandardCharsets.UTF_8)).getAsJsonObject();
      JsonObject data = file.getAsJsonObject("data");
      JsonObject reordered = new JsonObject();
      for (String section : order) {
        reordered.add(section, data.get(section));
      }
      assertEquals(new java.util.HashSet<>(SECTIONS), data.keySet(),
          "the export has exactly the six sections this property reorders");
      file.add("data", reordered);
      // The digest covers the sections as written; a reordered file is one without it.
      file.getAsJsonObject("metadata").remove("sha256");
      Path input = Files.writeString(dir.resolve("reordered.json"), file.toString(),
          StandardCharsets.UTF_8);

      VerifyResult verified = Transfer.verify(input);
      assertTrue(verified.valid(), verified.toJson());
      assertEquals(List.of(), verified.warnings(), "no dangling references: " + order);

      InMemoryBackend target = InMemoryBackend.create();
      ImportResult result = Transfer.importFrom(target, input, ImportOptions.defaults());
      assertTrue(result.success(), result.toJson());
      assertEquals(source.contents(), target.contents(), "order " + order);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : new ArrayList<>(files.toList())) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
