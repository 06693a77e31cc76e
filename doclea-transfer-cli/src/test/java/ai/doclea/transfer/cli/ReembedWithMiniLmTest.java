package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.embeddings.BundledMiniLm;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's done criterion with the real model: {@code import --project P --reembed} of an
 * export, into a project configured for all-MiniLM-L6-v2 found in its model cache (the bundled
 * model laid out by {@link BundledMiniLm#install}), gives every memory exactly one unit-length
 * 384-dimensional vector row in {@code .doclea/vectors.db} under its {@code qdrant_id}; {@code
 * search} finds a memory by its own text and {@code status} counts the vectors.
 */
class ReembedWithMiniLmTest {
  @TempDir Path dir;

  @Test
  void importWithReembedFillsDocleasVectorStoreAndSearchFindsTheMemories() throws Exception {
    SampleKnowledgeBase.Contents contents = Fixtures.small();
    Path backup = Fixtures.exportFile(dir, contents);
    Path cache = Path.of("target", "model-cache").toAbsolutePath();
    BundledMiniLm.install(cache);
    Path project = dir.resolve("project");
    Files.createDirectories(project.resolve(".doclea"));
    Files.writeString(project.resolve(".doclea/config.json"), "{\"embedding\":{\"provider\":"
        + "\"transformers\",\"model\":\"all-MiniLM-L6-v2\",\"cacheDir\":\"" + cache + "\"},"
        + "\"vector\":{\"provider\":\"libsql\",\"vectorSize\":384}}", StandardCharsets.UTF_8);

    JsonObject json = Cli.run("import", "--input", backup.toString(), "--project",
        project.toString(), "--reembed").exits(0).noStackTrace().json();

    int memories = contents.memories().size();
    assertEquals(memories, json.get("reembedded").getAsLong());
    assertFalse(json.get("reembeddingRequired").getAsBoolean());
    assertTrue(json.get("lockHeldMs").getAsLong() >= 0);
    Map<String, String> qdrantIds = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
            + project.resolve(".doclea/local.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, qdrant_id FROM memories")) {
      while (rs.next()) {
        qdrantIds.put(rs.getString(1), rs.getString(2));
      }
    }
    Map<String, String> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
            + project.resolve(".doclea/vectors.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, memory_id, embedding FROM vector_memories")) {
      while (rs.next()) {
        assertEquals(null, rows.put(rs.getString(2), rs.getString(1)), "one vector per memory");
        byte[] blob = rs.getBytes(3);
        assertEquals(384 * 4, blob.length);
        ByteBuffer floats = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        double norm = 0;
        for (int i = 0; i < 384; i++) {
          float f = floats.getFloat();
          norm += f * f;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-4, "unit length");
      }
    }
    assertEquals(qdrantIds, rows, "each row's id is its memory's qdrant_id");

    Memory wanted = contents.memories().get(memories / 2);
    JsonObject found = Cli.run("search", "--project", project.toString(), "--limit", "3",
        wanted.title() + "\n\n" + wanted.content()).exits(0).json();
    assertEquals(wanted.id(), found.getAsJsonArray("results").get(0).getAsJsonObject()
        .get("memoryId").getAsString());

    Cli.Run status = Cli.run("status", "--project", project.toString()).exits(0);
    assertEquals(memories, status.json().get("vectors").getAsLong());
    assertEquals(0, status.json().get("memoriesWithoutVector").getAsLong());
    assertEquals(384, status.json().get("dimensions").getAsInt());
    assertEquals("rebuilt-when-doclea-starts", status.json().get("vectorIndex").getAsString());
    assertTrue(status.err().contains("restart Doclea's server"), status.err());
  }
}
