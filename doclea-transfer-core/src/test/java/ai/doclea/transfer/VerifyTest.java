package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {
  @TempDir Path dir;

  Path exported(boolean gzip) {
    Path file = dir.resolve(gzip ? "a.json.gz" : "a.json");
    Transfer.export(InMemoryBackend.create().load(ExportFormatTest.sample()), file,
        ExportOptions.builder().gzip(gzip).build()).orThrow();
    return file;
  }

  @Test
  void goodFileVerifies() throws IOException {
    for (boolean gzip : new boolean[] {false, true}) {
      Path file = exported(gzip);
      VerifyResult r = Transfer.verify(file);
      assertTrue(r.valid(), r::toJson);
      assertEquals("verified", r.digest());
      assertEquals(gzip, r.gzip());
      assertEquals(Files.size(file), r.sizeBytes());
      assertEquals(1L, r.counts().get(RecordKind.PENDING_MEMORY));
      assertTrue(r.warnings().isEmpty(), r.warnings()::toString);
    }
  }

  @Test
  void editedFileFailsVerification() throws IOException {
    Path file = exported(false);
    Files.writeString(file, Files.readString(file).replace("Use JWT", "Use JWS"));
    VerifyResult r = Transfer.verify(file);
    assertFalse(r.valid());
    assertEquals("mismatch", r.digest());
    assertTrue(r.errors().get(0).contains("SHA-256"), r.errors()::toString);
  }

  @Test
  void danglingReferencesAreWarnings() throws IOException {
    Path file = dir.resolve("d.json");
    Files.writeString(file, "{\"version\":\"1.0.0\",\"data\":{\"memoryRelations\":[{\"id\":\"r\","
        + "\"source_id\":\"a\",\"target_id\":\"b\",\"type\":\"t\"}],\"memories\":[{\"id\":\"a\","
        + "\"type\":\"note\",\"title\":\"t\",\"content\":\"c\"}]}}");
    VerifyResult r = Transfer.verify(file);
    assertTrue(r.valid(), r::toJson);
    assertEquals("absent", r.digest());
    assertEquals(1, r.warnings().size(), r.warnings()::toString);
    assertTrue(r.warnings().get(0).contains("'b'"), r.warnings()::toString);
  }

  @Test
  void inspectReadsHeaderMetadataAndCounts() {
    VerifyResult r = Transfer.inspect(exported(true));
    assertTrue(r.valid(), r::toJson);
    assertEquals("1.0.0", r.version());
    assertEquals("memory", r.backendType());
    assertEquals(1L, r.counts().get(RecordKind.MEMORY));
  }

  @Test
  void missingFileIsReported() {
    VerifyResult r = Transfer.verify(dir.resolve("none.json"));
    assertFalse(r.valid());
    assertTrue(r.errors().get(0).contains("does not exist"), r.errors()::toString);
  }
}
