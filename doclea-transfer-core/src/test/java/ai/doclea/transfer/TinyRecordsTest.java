package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million and a half tiny records in a 16 MB heap: the duplicate-id sets of verify and import
 * would need about 32 MB on the heap; they must move off it (issue: OutOfMemoryError in
 * IdFingerprints.grow at a million records in -Xmx64m).
 */
class TinyRecordsTest {
  @TempDir Path dir;

  @Test
  void verifyAndImportOfManyTinyRecordsFitASmallHeap() throws Exception {
    int n = 1_500_000;
    Path file = dir.resolve("tiny.json");
    Path log = dir.resolve("out.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx16m", "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
        TinyRecordsMain.class.getName(), file.toString(), Integer.toString(n)))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "forked JVM did not finish");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("valid=true duplicateWarned=true imported=" + n + " skipped=1"
        + " inserted=" + n), out);
    try (var left = Files.list(dir)) {
      assertEquals(List.of("out.txt", "tiny.json"),
          left.map(f -> f.getFileName().toString()).sorted().toList(),
          "the id sets' temporary files are deleted");
    }
  }
}
