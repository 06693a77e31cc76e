package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.RecordKind;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyAndInspectCommandTest {
  @TempDir Path dir;
  private SampleKnowledgeBase.Contents contents;
  private Path backup;

  @BeforeEach
  void exportSample() throws Exception {
    contents = Fixtures.small();
    backup = Fixtures.exportFile(dir, contents);
  }

  @Test
  void verifyOfAGoodFileSucceedsWithItsFacts() {
    Cli.Run run = Cli.run("verify", backup.toString()).exits(0).noStackTrace();

    JsonObject json = run.json();
    assertTrue(json.get("success").getAsBoolean());
    assertTrue(json.get("valid").getAsBoolean());
    assertEquals("verified", json.get("digest").getAsString());
    assertEquals("1.0.0", json.get("version").getAsString());
    for (RecordKind k : RecordKind.values()) {
      assertEquals(contents.records(k).size(),
          json.getAsJsonObject("counts").get(k.sectionName()).getAsLong(), k.sectionName());
    }
    assertTrue(run.err().contains("is valid"), run.err());
  }

  @Test
  void verifyOfAnEditedFileFailsWithOneLine() throws Exception {
    String text = Files.readString(backup, StandardCharsets.UTF_8);
    String title = contents.memories().get(3).title();
    assertTrue(text.contains(title));
    Path edited = dir.resolve("edited.json");
    Files.writeString(edited, text.replace(title, title + " (edited by hand)"),
        StandardCharsets.UTF_8);

    Cli.Run run = Cli.run("verify", edited.toString()).exits(1).noStackTrace();

    JsonObject json = run.json();
    assertFalse(json.get("valid").getAsBoolean());
    assertEquals("mismatch", json.get("digest").getAsString());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("is damaged"), run.err());
  }

  @Test
  void verifyOfATruncatedFileFails() throws Exception {
    byte[] bytes = Files.readAllBytes(backup);
    Path truncated = dir.resolve("truncated.json");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 200));

    Cli.Run run = Cli.run("verify", truncated.toString()).exits(1).noStackTrace();

    assertFalse(run.json().get("valid").getAsBoolean());
    assertFalse(run.json().getAsJsonArray("errors").isEmpty());
    assertEquals(1, run.errLines().size(), run.err());
  }

  @Test
  void verifyOfAMissingFileFailsWithOneClearLine() {
    Path missing = dir.resolve("missing.json");

    Cli.Run run = Cli.run("verify", missing.toString()).exits(1).noStackTrace();

    assertEquals("File not found: " + missing, run.err().strip().replaceFirst("^[^:]+: ", ""));
    assertFalse(run.json().get("valid").getAsBoolean());
  }

  @Test
  void inspectShowsHeaderCountsAndSize() throws Exception {
    Cli.Run run = Cli.run("inspect", backup.toString()).exits(0).noStackTrace();

    JsonObject json = run.json();
    assertTrue(json.get("valid").getAsBoolean());
    assertEquals(Files.size(backup), json.get("sizeBytes").getAsLong());
    assertEquals("sqlite", json.get("backendType").getAsString());
    assertEquals(contents.memories().size(),
        json.getAsJsonObject("counts").get("memories").getAsLong());
    assertTrue(run.err().contains("memories"), run.err());
  }

  @Test
  void inspectOfAGzipFileSaysGzip() throws Exception {
    Path db = Fixtures.docleaDb(dir, "gz-source.db", contents);
    Path gz = dir.resolve("backup.json.gz");
    Cli.run("export", "--db", db.toString(), "--output", gz.toString(), "--gzip").exits(0);

    JsonObject json = Cli.run("inspect", gz.toString()).exits(0).json();

    assertTrue(json.get("gzip").getAsBoolean());
    assertEquals(contents.chunks().size(), json.getAsJsonObject("counts").get("chunks")
        .getAsLong());
  }

  @Test
  void inspectOfAFileThatIsNotAnExportFailsWithoutStackTrace() throws Exception {
    Path garbage = dir.resolve("garbage.json");
    Files.write(garbage, new byte[] {0x00, 0x01, 0x02, (byte) 0xff, 'x', 'y'});

    Cli.Run run = Cli.run("inspect", garbage.toString()).exits(1).noStackTrace();

    assertFalse(run.json().get("valid").getAsBoolean());
    assertEquals(1, run.errLines().size(), run.err());
  }

  @Test
  void verifyAndInspectAgreeOnTheFacts() {
    JsonObject verify = Cli.run("verify", backup.toString()).exits(0).json();
    JsonObject inspect = Cli.run("inspect", backup.toString()).exits(0).json();

    assertEquals(verify.getAsJsonObject("counts"), inspect.getAsJsonObject("counts"));
    assertEquals(verify.get("exportedAt"), inspect.get("exportedAt"));
    assertEquals(verify.get("sizeBytes"), inspect.get("sizeBytes"));
  }
}
