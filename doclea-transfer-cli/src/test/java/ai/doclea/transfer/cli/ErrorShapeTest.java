package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One error shape for every failing command: {@code error}, a string, and {@code errors}, an array
 * whose first element is that string.
 */
class ErrorShapeTest {
  @TempDir Path dir;

  private static JsonObject parse(String json) {
    return JsonParser.parseString(json).getAsJsonObject();
  }

  private static void assertShape(JsonObject json) {
    assertFalse(json.get("success").getAsBoolean(), json.toString());
    JsonArray errors = json.getAsJsonArray("errors");
    assertFalse(errors.isEmpty(), json.toString());
    assertEquals(json.get("error").getAsString(), errors.get(0).getAsString(), json.toString());
  }

  @Test
  void aResultWithOnlyErrorsGetsTheFirstAsError() {
    JsonObject json = parse(Json.withErrorShape(
        "{\"success\":false,\"errors\":[\"first\",\"second\"],\"dryRun\":false}"));

    assertEquals("first", json.get("error").getAsString());
    assertEquals(2, json.getAsJsonArray("errors").size());
    assertFalse(json.get("dryRun").getAsBoolean(), "the rest is kept");
  }

  @Test
  void aResultWithOnlyErrorGetsItAsTheOneElementOfErrors() {
    JsonObject json = parse(Json.withErrorShape("{\"success\":false,\"error\":\"why\"}"));

    assertEquals(List.of("why"), List.of(json.getAsJsonArray("errors").get(0).getAsString()));
    assertEquals(1, json.getAsJsonArray("errors").size());
  }

  @Test
  void anInvalidFileInVerifyHasBothAndASuccessIsLeftAsItIs() {
    String ok = "{\"success\":true,\"errors\":[],\"warnings\":[]}";
    assertEquals(ok, Json.withErrorShape(ok));
    JsonObject invalid = parse(Json.withErrorShape(
        "{\"file\":\"x\",\"valid\":false,\"errors\":[\"bad digest\"]}"));
    assertEquals("bad digest", invalid.get("error").getAsString());
  }

  @Test
  void everyFailingCommandPrintsBothFields() throws Exception {
    Path backup = Fixtures.exportFile(dir, Fixtures.small());
    Path corrupt = java.nio.file.Files.writeString(dir.resolve("corrupt.json"), "{\"version\":");

    for (List<String> args : List.of(
        List.of("import", "--input", corrupt.toString(), "--db", dir.resolve("a.db").toString()),
        List.of("import", "--input", backup.toString(), "--db", dir.resolve("b.db").toString(),
            "--conflict", "nope"),
        List.of("export", "--db", dir.resolve("missing.db").toString(), "--output",
            dir.resolve("o.json").toString()),
        List.of("verify", corrupt.toString()),
        List.of("inspect", corrupt.toString()),
        List.of("diff", corrupt.toString(), backup.toString()),
        List.of("copy", "--from", "nope:x", "--to", "memory:"),
        List.of("status", "--project", dir.resolve("none").toString()),
        List.of("no-such-command"))) {
      Cli.Run run = Cli.run(args.toArray(String[]::new));
      assertTrue(run.exit() == 1 || run.exit() == 2, run.toString());
      assertShape(run.json());
    }
  }
}
