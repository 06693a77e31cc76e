package ai.doclea.transfer.bench;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The memory bound of verify and import on files of very many tiny records: writes N memories of
 * a few bytes each (as in {@code {"id":"m…","type":"note","title":"t","content":"c"}}), then
 * verifies the file and imports it into a new SQLite database, and prints times and the peak heap.
 * Run it with a small heap:
 *
 * <pre>java -Xmx64m -cp doclea-transfer.jar ai.doclea.transfer.bench.TinyRecordsBench 10000000 DIR
 * </pre>
 */
public final class TinyRecordsBench {
  private TinyRecordsBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args N and a scratch directory
   * @throws IOException when the scratch directory cannot be written
   */
  public static void main(String[] args) throws IOException {
    int n = Integer.parseInt(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]));
    Path file = dir.resolve("tiny-" + n + ".json");
    Path db = dir.resolve("tiny-" + n + ".db");
    Files.deleteIfExists(db);
    write(file, n);
    long t0 = System.nanoTime();
    VerifyResult verified = Transfer.verify(file, Limits.DEFAULTS);
    long t1 = System.nanoTime();
    ImportResult imported;
    try (StorageBackend backend = Providers.openBackend("sqlite:" + db, Map.of("create",
        "true"))) {
      imported = Transfer.importFrom(backend, file, ImportOptions.defaults());
    }
    long t2 = System.nanoTime();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "records=%d fileBytes=%d maxHeap=%dMB verify=%s (%.1f s)"
        + " import=%s imported=%d (%.1f s) peakHeapUsed=%dMB%n", n, Files.size(file),
        Runtime.getRuntime().maxMemory() >> 20, verified.valid(), (t1 - t0) / 1e9,
        imported.success(), imported.section(RecordKind.MEMORY).imported(), (t2 - t1) / 1e9,
        peak >> 20);
    if (!verified.valid() || !imported.success()) {
      System.out.println(verified.errors() + " " + imported.errors());
    }
    Files.deleteIfExists(file);
    Files.deleteIfExists(db);
  }

  private static void write(Path file, int n) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{\"memories\":[");
      for (int i = 0; i < n; i++) {
        w.write(i == 0 ? "{\"id\":\"m" : ",{\"id\":\"m");
        w.write(Integer.toString(i));
        w.write("\",\"type\":\"note\",\"title\":\"t\",\"content\":\"c\"}");
      }
      w.write("]}}");
    }
  }
}
