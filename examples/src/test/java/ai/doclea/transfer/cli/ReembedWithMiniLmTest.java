package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.embeddings.BundledMiniLm;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's done criterion with the real model: {@code import --reembed} of an export gives every
 * memory exactly one unit-length 384-dimensional vector from all-MiniLM-L6-v2, found in a model
 * cache (the bundled model laid out by {@link BundledMiniLm#install}) as Doclea's would be.
 */
class ReembedWithMiniLmTest {
  @TempDir Path dir;

  @Test
  void importWithReembedStoresOneRealVectorPerMemory() throws Exception {
    SampleKnowledgeBase.Contents contents = Fixtures.small();
    Path backup = Fixtures.exportFile(dir, contents);
    Path db = dir.resolve("restored.db");

    Path cache = Path.of("target", "model-cache").toAbsolutePath();
    BundledMiniLm.install(cache);

    JsonObject json = Cli.run("import", "--input", backup.toString(), "--db", db.toString(),
        "--reembed", "--embedding-provider", "transformers",
        "--embedding-option", "model=all-MiniLM-L6-v2",
        "--embedding-option", "cacheDir=" + cache).exits(0).noStackTrace().json();

    int memories = contents.memories().size();
    assertEquals(memories, json.get("reembedded").getAsLong());
    assertFalse(json.get("reembeddingRequired").getAsBoolean());
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v.memory_id, v.provider, v.model, v.dimensions, "
            + "v.vector FROM doclea_transfer_vectors v JOIN memories m ON m.id = v.memory_id")) {
      while (rs.next()) {
        assertTrue(ids.add(rs.getString(1)), "one vector per memory");
        assertEquals("transformers", rs.getString(2));
        assertEquals("all-MiniLM-L6-v2", rs.getString(3));
        assertEquals(384, rs.getInt(4));
        byte[] blob = rs.getBytes(5);
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
    assertEquals(memories, ids.size());
  }
}
