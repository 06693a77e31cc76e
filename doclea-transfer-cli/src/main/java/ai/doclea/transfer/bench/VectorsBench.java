package ai.doclea.transfer.bench;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.embeddings.BundledMiniLm;
import ai.doclea.transfer.sqlite.DocleaProjectBackend;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.sqlite.DocleaProjectConfig;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Backups with vectors against backups without, on a synthetic Doclea project of N memories with
 * 384-dimension vectors in its {@code vectors.db} (issue 13): export and restore times (medians,
 * alternating the two kinds in every run), file sizes plain and gzip, the re-embedding rate of the
 * bundled all-MiniLM-L6-v2 on a sample of the same memories (and what re-embedding all of them
 * would take at that rate), and the peak heap. Run it with {@code -Xmx64m} to show that memory
 * stays bounded.
 *
 * <p>{@code java -Xmx64m -cp <class path> ai.doclea.transfer.bench.VectorsBench N DIR [RUNS]
 * [SAMPLE]}; the project is built once per DIR and N and reused; everything else is deleted.
 */
public final class VectorsBench {
  private static final int DIMS = 384;

  private VectorsBench() {}

  /**
   * Runs the comparison.
   *
   * @param args N, DIR, optional runs (default 3) and re-embedding sample size (default 256)
   * @throws Exception when a step fails
   */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path dir = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int sample = args.length > 3 ? Integer.parseInt(args[3]) : 256;
    Path cache = dir.resolve("model-cache");
    BundledMiniLm.install(cache);
    Path source = dir.resolve("project-" + n);
    if (!Files.exists(source.resolve(".doclea/vectors.db"))) {
      long t = System.nanoTime();
      build(source, cache, n);
      log("built the project of %d memories in %.1f s", n, (System.nanoTime() - t) / 1e9);
    }
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<Double> exportPlain = new ArrayList<>();
    List<Double> exportVectors = new ArrayList<>();
    List<Double> importPlain = new ArrayList<>();
    List<Double> importVectors = new ArrayList<>();
    Path plain = dir.resolve("plain.json");
    Path withVectors = dir.resolve("vectors.json");
    for (int run = 0; run < runs; run++) {
      boolean vectorsFirst = run % 2 == 1;
      for (int k = 0; k < 2; k++) {
        boolean vectors = (k == 0) == vectorsFirst;
        double s = export(source, vectors ? withVectors : plain, vectors, false);
        (vectors ? exportVectors : exportPlain).add(s);
      }
      for (int k = 0; k < 2; k++) {
        boolean vectors = (k == 0) == vectorsFirst;
        Path target = project(dir.resolve("restore"), cache);
        long t = System.nanoTime();
        ImportResult r;
        try (StorageBackend b = DocleaProjectBackend.open(target, Map.of("create", "true"))) {
          r = Transfer.importFrom(b, vectors ? withVectors : plain, ImportOptions.defaults());
        }
        double s = (System.nanoTime() - t) / 1e9;
        r.orThrow();
        if (vectors && r.restoredVectors() != n) {
          throw new IllegalStateException("restored " + r.restoredVectors() + " of " + n);
        }
        (vectors ? importVectors : importPlain).add(s);
        delete(target);
      }
      log("run %d: export %.2f / %.2f s, restore %.2f / %.2f s (without / with vectors)", run + 1,
          last(exportPlain), last(exportVectors), last(importPlain), last(importVectors));
    }
    long plainBytes = Files.size(plain);
    long vectorBytes = Files.size(withVectors);
    Path gz = dir.resolve("gz.json.gz");
    export(source, gz, false, true);
    long plainGzip = Files.size(gz);
    export(source, gz, true, true);
    long vectorGzip = Files.size(gz);
    Files.delete(gz);

    // Re-embedding the same kind of memories with the bundled model, on a sample.
    Path slice = dir.resolve("sample.json");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < Math.min(sample, n); i++) {
      ids.add("mem_" + (int) ((long) i * n / Math.min(sample, n)));
    }
    try (StorageBackend b = DocleaProjectBackend.open(source, Map.of("readOnly", "true"))) {
      Transfer.export(b, slice, ExportOptions.builder()
          .selection(Selection.builder().ids(ids).build()).build()).orThrow();
    }
    Path target = project(dir.resolve("reembed"), cache);
    double reembedSeconds;
    try (StorageBackend b = DocleaProjectBackend.open(target, Map.of("create", "true"));
        EmbeddingProvider e = ai.doclea.transfer.Providers.embeddingProvider(
            "transformers", Map.of("model", BundledMiniLm.MODEL, "cacheDir",
                cache.toString()))) {
      long t = System.nanoTime();
      ImportResult r = Transfer.importFrom(b, slice, ImportOptions.builder().reembed(e).build());
      reembedSeconds = (System.nanoTime() - t) / 1e9;
      r.orThrow();
    }
    delete(target);
    Files.deleteIfExists(slice);
    double rate = ids.size() / reembedSeconds;

    double ep = median(exportPlain);
    double ev = median(exportVectors);
    double ip = median(importPlain);
    double iv = median(importVectors);
    double reembedAll = ip + n / rate;
    System.out.printf(Locale.ROOT, "{\"memories\":%d,\"dimensions\":%d,\"runs\":%d,"
        + "\"maxHeapMB\":%d,\"loadAverageAtStart\":%.2f,\"loadAverageAtEnd\":%.2f,"
        + "\"exportSeconds\":%.3f,\"exportWithVectorsSeconds\":%.3f,"
        + "\"restoreSeconds\":%.3f,\"restoreWithVectorsSeconds\":%.3f,"
        + "\"restoreWithVectorsVsWithout\":%.2f,"
        + "\"reembedSample\":%d,\"reembedMemoriesPerSecond\":%.1f,"
        + "\"restoreWithReembeddingEstimatedSeconds\":%.0f,"
        + "\"reembeddingVsRestoreWithVectors\":%.0f,"
        + "\"fileBytes\":%d,\"fileWithVectorsBytes\":%d,\"gzipBytes\":%d,"
        + "\"gzipWithVectorsBytes\":%d,\"peakHeapMB\":%d}%n", n, DIMS, runs,
        Runtime.getRuntime().maxMemory() >> 20, load,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), ep, ev, ip, iv,
        iv / ip, ids.size(), rate, reembedAll, reembedAll / iv, plainBytes, vectorBytes,
        plainGzip, vectorGzip, peakHeap() >> 20);
    Files.deleteIfExists(plain);
    Files.deleteIfExists(withVectors);
  }

  private static double export(Path project, Path file, boolean vectors, boolean gzip) {
    long t = System.nanoTime();
    ExportResult r;
    try (StorageBackend b = DocleaProjectBackend.open(project, Map.of("readOnly", "true"))) {
      r = Transfer.export(b, file, ExportOptions.builder().includeVectors(vectors).gzip(gzip)
          .build());
    }
    r.orThrow();
    return (System.nanoTime() - t) / 1e9;
  }

  /** A project configured for the bundled model, its vector store filled with unit vectors. */
  private static void build(Path project, Path cache, int n) throws IOException, SQLException {
    delete(project);
    project(project, cache);
    try (StorageBackend b = DocleaProjectBackend.open(project, Map.of("create", "true"))) {
      SyntheticStore.fill(b, n);
    }
    Path vectors = project.resolve(".doclea/vectors.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + vectors)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        // Doclea's LibSqlVectorStore.initialize, without libSQL's own index.
        s.execute("CREATE TABLE IF NOT EXISTS vector_memories (id TEXT PRIMARY KEY, memory_id"
            + " TEXT NOT NULL, embedding F32_BLOB(" + DIMS + "), type TEXT NOT NULL, title TEXT"
            + " NOT NULL, tags TEXT NOT NULL, related_files TEXT NOT NULL, importance REAL NOT"
            + " NULL, payload TEXT NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS idx_vector_memories_memory_id ON"
            + " vector_memories(memory_id)");
      }
      c.setAutoCommit(false);
      SplittableRandom random = new SplittableRandom(7);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO vector_memories VALUES"
          + " (?, ?, ?, 'note', ?, '[]', '[]', 0.5, ?)")) {
        for (int i = 0; i < n; i++) {
          s.setString(1, "q_mem_" + i);
          s.setString(2, "mem_" + i);
          s.setBytes(3, unitVector(random));
          s.setString(4, "Memory " + i);
          s.setString(5, "{\"memoryId\":\"mem_" + i + "\"}");
          s.addBatch();
          if (i % 1000 == 999) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
      c.commit();
    }
  }

  private static byte[] unitVector(SplittableRandom random) {
    float[] v = new float[DIMS];
    double norm = 0;
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) random.nextGaussian();
      norm += (double) v[i] * v[i];
    }
    ByteBuffer b = ByteBuffer.allocate(DIMS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat((float) (f / Math.sqrt(norm)));
    }
    return b.array();
  }

  private static Path project(Path project, Path cache) throws IOException {
    delete(project);
    Files.createDirectories(project.resolve(".doclea"));
    Files.writeString(project.resolve(".doclea/config.json"), "{\"embedding\":{\"provider\":"
        + "\"transformers\",\"model\":\"" + BundledMiniLm.MODEL + "\",\"cacheDir\":\""
        + cache + "\"},\"vector\":{\"provider\":\"libsql\",\"vectorSize\":" + DIMS + "}}",
        StandardCharsets.UTF_8);
    DocleaProjectConfig.load(project);
    return project;
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double last(List<Double> values) {
    return values.get(values.size() - 1);
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }
}
