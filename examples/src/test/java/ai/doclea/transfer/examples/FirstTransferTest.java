package ai.doclea.transfer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstTransferTest {

  @Test
  void exportsOneStoreAndImportsItIntoAnotherPrintingBothResults(@TempDir Path dir) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    FirstTransfer.Outcome outcome =
        FirstTransfer.run(dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), "two JSON results: " + lines);
    JsonObject exported = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    JsonObject imported = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertTrue(exported.get("success").getAsBoolean());
    assertTrue(imported.get("success").getAsBoolean());
    List<TransferRecord> records = FirstTransfer.sampleRecords();
    for (RecordKind k : RecordKind.values()) {
      long n = records.stream().filter(r -> r.kind() == k).count();
      assertEquals(n, outcome.exported().count(k), k + " exported");
      assertEquals(n, outcome.imported().section(k).imported(), k + " imported");
    }
    assertEquals(2, imported.getAsJsonObject("stats").get("memoriesImported").getAsLong());
    assertTrue(Files.exists(outcome.file()));
  }
}
