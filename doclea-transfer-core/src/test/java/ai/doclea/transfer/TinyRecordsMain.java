package ai.doclea.transfer;

import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.VerifyResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a forked JVM with a small heap by {@link TinyRecordsTest}: writes a file of many tiny
 * memories (the last one repeating the first id), verifies it and imports it into a store that
 * only counts. Fails with OutOfMemoryError if the sets of ids seen grew on the heap with the file.
 */
public final class TinyRecordsMain {
  private TinyRecordsMain() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    write(file, n);
    VerifyResult verified = Transfer.verify(file, Limits.DEFAULTS);
    BoundedHeapMain.Counting sink = new BoundedHeapMain.Counting();
    ImportResult imported = Transfer.importFrom(sink, file, ImportOptions.defaults());
    imported.orThrow();
    System.out.println("valid=" + verified.valid()
        + " duplicateWarned=" + verified.warnings().stream().anyMatch(
            w -> w.contains("'m0'") && w.contains("more than once"))
        + " imported=" + imported.section(RecordKind.MEMORY).imported()
        + " skipped=" + imported.section(RecordKind.MEMORY).skipped()
        + " inserted=" + sink.inserted);
  }

  /** {@code n} distinct tiny memories, then one more with the first id. */
  static void write(Path file, int n) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{\"memories\":[");
      for (int i = 0; i <= n; i++) {
        w.write(i == 0 ? "" : ",");
        w.write("{\"id\":\"m" + (i == n ? 0 : i)
            + "\",\"type\":\"note\",\"title\":\"t\",\"content\":\"c\"}");
      }
      w.write("]}}");
    }
  }
}
