package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.spi.EmbeddingProvider;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore checked against the real libSQL engine (the npm package {@code libsql}, pinned in
 * {@code src/test/node/package.json} to the version Doclea's lock file pins, installed by {@code
 * .ci/run} with {@code npm ci}). libSQL creates {@code vectors.db} with Doclea's own statements
 * and vectors; our restore writes into it with plain SQLite; then Doclea's {@code CREATE INDEX IF
 * NOT EXISTS} and its exact {@code vector_top_k} query must find every restored memory by its own
 * vector, still find the earlier ones, and every payload must parse with Doclea's keys.
 *
 * <p>Skipped, with a loud message, only when {@code node} is not on the PATH.
 */
class RealLibSqlTest {
  private static final int DIMS = 32;
  private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void docleasOwnSearchFindsEveryRestoredMemoryAfterItsIndexRebuild() throws Exception {
    requireNodeAndLibSql();
    Path project = newProject("p");
    Path vectorsDb = project.resolve(".doclea/vectors.db");
    seedEarlierVectors(vectorsDb);
    Path file = ProjectFixtures.exportFile(dir, "backup.json", memories());
    try (DocleaProjectBackend b = DocleaProjectBackend.open(project, Map.of("create", "true"))) {
      ImportResult r = Transfer.importFrom(b, file, ImportOptions.builder()
          .reembed(new Embedder()).build());
      assertTrue(r.success(), r.toJson());
      assertEquals(200, r.reembedded());
    }
    assertDocleaFindsEveryMemory(vectorsDb);
  }

  /**
   * The same check on a project restored from a backup with vectors ({@code export --vectors}):
   * no model runs on the target, and Doclea's index rebuild and search work on the rows.
   */
  @Test
  void docleasOwnSearchWorksOnAProjectRestoredFromAFileWithVectors() throws Exception {
    requireNodeAndLibSql();
    Path source = newProject("source");
    try (DocleaProjectBackend b = DocleaProjectBackend.open(source, Map.of("create", "true"))) {
      assertTrue(Transfer.importFrom(b, ProjectFixtures.exportFile(dir, "seed.json",
          memories()), ImportOptions.builder().reembed(new Embedder()).build()).success());
    }
    Path backup = dir.resolve("with-vectors.json");
    try (DocleaProjectBackend b = DocleaProjectBackend.open(source, Map.of("readOnly",
        "true"))) {
      Transfer.export(b, backup, ExportOptions.builder().includeVectors(true).build()).orThrow();
    }
    Path project = newProject("p");
    Path vectorsDb = project.resolve(".doclea/vectors.db");
    seedEarlierVectors(vectorsDb);
    try (DocleaProjectBackend b = DocleaProjectBackend.open(project, Map.of("create", "true"))) {
      ImportResult r = Transfer.importFrom(b, backup, ImportOptions.defaults());
      assertTrue(r.success(), r.toJson());
      assertEquals(200, r.restoredVectors());
      assertEquals(0, r.reembedded());
    }
    assertDocleaFindsEveryMemory(vectorsDb);
  }

  private Path newProject(String name) throws IOException {
    Path project = dir.resolve(name);
    Files.createDirectories(project.resolve(".doclea"));
    Files.writeString(project.resolve(".doclea/config.json"), "{\"embedding\":{\"provider\":"
        + "\"transformers\",\"model\":\"fake\"},\"vector\":{\"provider\":\"libsql\","
        + "\"vectorSize\":" + DIMS + "}}", StandardCharsets.UTF_8);
    return project;
  }

  /** Doclea's server (libSQL) creates the store and writes 40 vectors into it. */
  private void seedEarlierVectors(Path vectorsDb) throws Exception {
    JsonArray earlier = new JsonArray();
    for (int i = 0; i < 40; i++) {
      JsonObject row = new JsonObject();
      row.addProperty("id", "vec_earlier" + i);
      JsonArray v = new JsonArray();
      for (float f : vectorOf("earlier " + i)) {
        v.add(f);
      }
      row.add("vector", v);
      JsonObject payload = new JsonObject();
      payload.addProperty("memoryId", "mem_earlier" + i);
      payload.addProperty("type", "note");
      payload.addProperty("title", "Earlier " + i);
      payload.add("tags", new JsonArray());
      payload.add("relatedFiles", new JsonArray());
      payload.addProperty("importance", 0.5);
      row.add("payload", payload);
      earlier.add(row);
    }
    Path rows = dir.resolve("rows.json");
    Files.writeString(rows, earlier.toString(), StandardCharsets.UTF_8);
    node("create", vectorsDb.toString(), String.valueOf(DIMS), rows.toString());
  }

  private static List<Memory> memories() {
    List<Memory> memories = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      memories.add(Memory.builder("mem_r" + i, i % 2 == 0 ? "decision" : "note", "Restored " + i,
          "Content " + i + " \u6F22\u5B57 \"quoted\"").tags(List.of("t" + i % 7, "x"))
          .relatedFiles(List.of("src/f" + i + ".ts")).importance((i % 10) / 10.0)
          .qdrantId(i % 3 == 0 ? null : "vec_file" + i).build());
    }
    return memories;
  }

  /**
   * Runs Doclea's index statement and its exact vector_top_k query on libSQL: every restored
   * memory's own vector finds it first (99 %), the earlier vectors are found, payloads parse.
   */
  private void assertDocleaFindsEveryMemory(Path vectorsDb) throws Exception {
    JsonObject check = JsonParser.parseString(node("check", vectorsDb.toString(),
        String.valueOf(DIMS))).getAsJsonObject();
    assertEquals(0, check.get("indexBefore").getAsInt(), "our restore dropped libSQL's index");
    assertEquals(240, check.get("rows").getAsInt());
    int restored = 0;
    int restoredFirst = 0;
    int earlierFound = 0;
    for (JsonElement e : check.getAsJsonArray("results")) {
      JsonObject r = e.getAsJsonObject();
      String memoryId = r.get("memoryId").getAsString();
      assertEquals("[\"memoryId\",\"type\",\"title\",\"tags\",\"relatedFiles\",\"importance\"]",
          r.get("payload").toString(), "payload of " + memoryId);
      if (memoryId.startsWith("mem_r")) {
        restored++;
        if (memoryId.equals(r.get("first").getAsString())) {
          restoredFirst++;
        }
      } else if (r.get("found").getAsBoolean()) {
        earlierFound++;
      }
    }
    assertEquals(200, restored);
    assertTrue(restoredFirst >= 198, "Doclea's search found " + restoredFirst + " of 200"
        + " restored memories first by their own vector (need 99 %)");
    assertEquals(40, earlierFound, "earlier vectors found by Doclea's search");
  }

  private static void requireNodeAndLibSql() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("node --version failed");
      }
    } catch (IOException | InterruptedException e) {
      String message = "\n\n*** RealLibSqlTest SKIPPED: node is not on the PATH (" + e.getMessage()
          + "). The restore is NOT checked against the real libSQL engine. Install Node.js and"
          + " run .ci/run. ***\n";
      System.err.println(message);
      Assumptions.abort(message);
    }
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules/libsql"))) {
      fail("The npm package libsql is not installed in " + NODE_DIR + "/node_modules: run"
          + " .ci/run, or `npm ci --prefix doclea-transfer-sqlite/src/test/node` once.");
    }
  }

  private String node(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node",
        NODE_DIR.resolve("libsql-check.mjs").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("node-" + args[0] + ".out");
    Process p = new ProcessBuilder(command).directory(NODE_DIR.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("node " + args[0] + " did not finish");
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "node " + args[0] + " failed:\n" + text);
    return text.trim();
  }

  /** Spread-out deterministic vectors of the configured size. */
  static float[] vectorOf(String text) {
    SplittableRandom random = new SplittableRandom(text.hashCode() * 31L + text.length());
    float[] v = new float[DIMS];
    double norm = 0;
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIMS; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static final class Embedder implements EmbeddingProvider {
    @Override
    public String providerName() {
      return "transformers";
    }

    @Override
    public String modelName() {
      return "fake";
    }

    @Override
    public int dimensions() {
      return DIMS;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      texts.forEach(t -> out.add(vectorOf(t)));
      return out;
    }
  }
}
