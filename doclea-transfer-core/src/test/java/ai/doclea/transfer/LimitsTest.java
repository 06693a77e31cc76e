package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.LimitExceededException;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsTest {
  @TempDir Path dir;

  ImportResult importWith(String text, Limits limits) throws IOException {
    Path file = Files.writeString(dir.resolve("h.json"), text);
    return Transfer.importFrom(InMemoryBackend.create(), file,
        ImportOptions.builder().limits(limits).build());
  }

  static void assertLimit(ImportResult result, String limitName) {
    assertFalse(result.success());
    assertInstanceOf(LimitExceededException.class, result.failure().orElseThrow());
    assertTrue(result.errors().get(0).contains(limitName), result.errors().get(0));
  }

  @Test
  void longStringIsRefused() throws IOException {
    String text = "{\"version\":\"1.0.0\",\"data\":{\"memories\":[{\"id\":\"m\",\"type\":\"note\","
        + "\"title\":\"t\",\"content\":\"" + "x".repeat(5000) + "\"}]}}";
    assertLimit(importWith(text, Limits.DEFAULTS.withMaxStringLength(1000)),
        "Limits.maxStringLength");
    assertTrue(importWith(text, Limits.DEFAULTS).success());
  }

  @Test
  void deepNestingIsRefused() throws IOException {
    String deep = "[".repeat(100) + "]".repeat(100);
    String text = "{\"version\":\"1.0.0\",\"data\":{\"pendingMemories\":[{\"id\":\"p\","
        + "\"memoryData\":{\"x\":" + deep + "},\"suggestedAt\":1,\"source\":\"s\","
        + "\"reason\":\"r\"}]}}";
    assertLimit(importWith(text, Limits.DEFAULTS), "Limits.maxDepth");
  }

  @Test
  void tooManyRecordsAreRefused() throws IOException {
    StringBuilder sb = new StringBuilder("{\"version\":\"1.0.0\",\"data\":{\"documents\":[");
    for (int i = 0; i < 20; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"id\":\"d").append(i)
          .append("\",\"title\":\"t\",\"content\":\"c\"}");
    }
    sb.append("]}}");
    assertLimit(importWith(sb.toString(), Limits.DEFAULTS.withMaxRecords(10)),
        "Limits.maxRecords");
  }

  @Test
  void gzipBombIsRefused() throws IOException {
    Path file = dir.resolve("bomb.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("{\"version\":\"1.0.0\",\"data\":{\"memories\":[".getBytes());
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 64; i++) {
        out.write(spaces);
      }
      out.write("]}}".getBytes());
    }
    ImportResult result = Transfer.importFrom(InMemoryBackend.create(), file,
        ImportOptions.builder().limits(Limits.DEFAULTS.withMaxDecompressedBytes(1 << 20))
            .build());
    assertLimit(result, "Limits.maxDecompressedBytes");
  }
}
