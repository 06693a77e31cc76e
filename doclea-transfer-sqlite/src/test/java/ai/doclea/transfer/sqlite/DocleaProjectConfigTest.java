package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocleaProjectConfigTest {
  @TempDir Path dir;

  private DocleaProjectConfig load(String json) throws IOException {
    Files.createDirectories(dir.resolve(".doclea"));
    Files.writeString(dir.resolve(".doclea/config.json"), json, StandardCharsets.UTF_8);
    return DocleaProjectConfig.load(dir);
  }

  private String refusal(String json) throws IOException {
    Files.createDirectories(dir.resolve(".doclea"));
    Files.writeString(dir.resolve(".doclea/config.json"), json, StandardCharsets.UTF_8);
    return assertThrows(ConfigurationException.class, () -> DocleaProjectConfig.load(dir))
        .getMessage();
  }

  @Test
  void withoutAConfigFileDocleasDefaultsApply() {
    DocleaProjectConfig c = DocleaProjectConfig.load(dir);
    assertNull(c.configFile());
    assertEquals(dir.resolve(".doclea/local.db"), c.databasePath());
    assertEquals("automatic", c.storageMode());
    assertEquals("transformers", c.embeddingProvider());
    assertEquals("mxbai-embed-xsmall-v1", c.embeddingModel());
    assertNull(c.dimensions());
    assertNull(c.cacheDir());
    assertEquals("libsql", c.vectorProvider());
    assertEquals(dir.resolve(".doclea/vectors.db"), c.vectorDatabasePath());
    assertEquals(384, c.vectorSize());
  }

  @Test
  void theOldFormatReadsAsSqliteAutomaticWithItsPath() throws IOException {
    // Doclea migrates {storage:{dbPath}} and then still requires embedding and vector.
    DocleaProjectConfig c = load("{\"storage\":{\"dbPath\":\"data/old.db\"},"
        + "\"embedding\":{\"provider\":\"transformers\"},\"vector\":{\"provider\":\"libsql\"}}");
    assertEquals(dir.resolve("data/old.db"), c.databasePath());
    assertEquals("automatic", c.storageMode());
    assertEquals("sqlite", c.storageBackend());
    assertEquals("mxbai-embed-xsmall-v1", c.embeddingModel());
  }

  @Test
  void anUnknownStorageModeFallsBackToAutomaticAsDocleaMigrates() throws IOException {
    DocleaProjectConfig c = load("{\"storage\":{\"mode\":\"sometimes\",\"backend\":\"x\"},"
        + "\"embedding\":{\"provider\":\"transformers\"},\"vector\":{\"provider\":\"libsql\"}}");
    assertEquals("automatic", c.storageMode());
    assertEquals("sqlite", c.storageBackend());
  }

  @Test
  void everyEmbeddingAndVectorKeyIsRead() throws IOException {
    DocleaProjectConfig c = load("{\"storage\":{\"mode\":\"suggested\"},\"embedding\":{"
        + "\"provider\":\"transformers\",\"model\":\"Xenova/all-MiniLM-L6-v2\",\"cacheDir\":"
        + "\"models\",\"dimensions\":256},\"vector\":{\"provider\":\"libsql\",\"dbPath\":"
        + "\"v/vec.db\",\"vectorSize\":256},\"scoring\":{\"anything\":true}}");
    assertEquals("suggested", c.storageMode());
    assertEquals("Xenova/all-MiniLM-L6-v2", c.embeddingModel());
    assertEquals(dir.resolve("models"), c.cacheDir());
    assertEquals(256, c.dimensions());
    assertEquals(dir.resolve("v/vec.db"), c.vectorDatabasePath());
    assertEquals(256, c.vectorSize());
  }

  @Test
  void aMissingEmbeddingSectionIsAnErrorNamingIt() throws IOException {
    String m = refusal("{\"vector\":{\"provider\":\"libsql\"}}");
    assertTrue(m.contains("config.json: embedding is required"), m);
  }

  @Test
  void aMistypedModelIsAnErrorNamingTheKey() throws IOException {
    String m = refusal("{\"embedding\":{\"provider\":\"transformers\",\"model\":5},"
        + "\"vector\":{\"provider\":\"libsql\"}}");
    assertTrue(m.contains("embedding.model must be a string, found the number 5"), m);
  }

  @Test
  void anUnknownProviderIsAnErrorListingTheKnownOnes() throws IOException {
    String m = refusal("{\"embedding\":{\"provider\":\"magic\"},\"vector\":{\"provider\":"
        + "\"libsql\"}}");
    assertTrue(m.contains("embedding.provider must be one of transformers, local, ollama,"
        + " openai, nomic, voyage, found the string \"magic\""), m);
  }

  @Test
  void anHttpProviderNeedsItsApiKey() throws IOException {
    String m = refusal("{\"embedding\":{\"provider\":\"openai\"},\"vector\":{\"provider\":"
        + "\"libsql\"}}");
    assertTrue(m.contains("embedding.apiKey is required for provider 'openai'"), m);
  }

  @Test
  void qdrantNeedsItsUrl() throws IOException {
    String m = refusal("{\"embedding\":{\"provider\":\"transformers\"},\"vector\":{"
        + "\"provider\":\"qdrant\"}}");
    assertTrue(m.contains("vector.url is required"), m);
  }

  @Test
  void aFractionalVectorSizeIsRefused() throws IOException {
    String m = refusal("{\"embedding\":{\"provider\":\"transformers\"},\"vector\":{"
        + "\"provider\":\"libsql\",\"vectorSize\":38.5}}");
    assertTrue(m.contains("vector.vectorSize must be a positive whole number"), m);
  }

  @Test
  void invalidJsonNamesTheFile() throws IOException {
    String m = refusal("{\"embedding\": ");
    assertTrue(m.contains(dir.resolve(".doclea/config.json").toString()), m);
    assertTrue(m.contains("not valid JSON"), m);
  }
}
