package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports and imports about 160 MB of JSON in a forked JVM limited to a 24 MB heap: it only
 * passes if records stream.
 */
class BoundedHeapTest {
  @TempDir Path dir;

  @Test
  void exportAndImportStreamInASmallHeap() throws Exception {
    int n = 40_000;
    Path file = dir.resolve("big.json");
    Path log = dir.resolve("out.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-Xmx24m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), BoundedHeapMain.class.getName(), file.toString(),
        Integer.toString(n), "2000"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "forked JVM did not finish");
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    long bytes = Files.size(file);
    assertTrue(bytes > 150L * 1024 * 1024, "file should dwarf the heap, was " + bytes);
    assertTrue(out.contains("exported=" + n + " ") && out.contains("imported=" + n + " ")
        && out.contains("inserted=" + n), out);
    assertTrue(new File(file.toString()).delete());
  }
}
