package ai.doclea.transfer.bench;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Providers;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The benchmark of issue 7: builds a synthetic Doclea SQLite store of N memories, then measures,
 * K times each, export, import into a new database, import into a full database with each
 * conflict strategy, import with half the ids present, and the two baselines of what plain JDBC
 * and the disk allow (a JDBC read of the same rows plus a raw write of as many bytes as the export
 * file; a JDBC copy of the same rows into a new database, batched, in one transaction).
 */
public final class Bench {
  /** The tables read by the baselines, with the order our adapter reads them in. */
  static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("memories", "accessed_at DESC, id");
    TABLES.put("documents", "created_at DESC, id");
    TABLES.put("chunks", "document_id, start_offset, id");
    TABLES.put("memory_relations", "created_at DESC, id");
    TABLES.put("cross_layer_relations", "created_at DESC, id");
    TABLES.put("pending_memories", "suggested_at DESC, id");
  }

  private final int n;
  private final Path dir;
  private final int runs;
  private final Consumer<String> log;
  private long peakHeap;
  private long peakLive;
  private int warmup = 1;

  /**
   * Creates a benchmark.
   *
   * @param n memories in the synthetic store
   * @param dir working directory (databases and files are created there)
   * @param runs repetitions of each measurement
   * @param log receives the table and progress, a line at a time
   */
  public Bench(int n, Path dir, int runs, Consumer<String> log) {
    this.n = n;
    this.dir = dir;
    this.runs = runs;
    this.log = log;
  }

  /**
   * Sets the untimed runs before each measurement (default 1), so that the JIT has compiled the
   * hot paths of both sides before anything is timed.
   *
   * @param runs warm-up runs, at least 0
   * @return this benchmark
   */
  public Bench warmup(int runs) {
    this.warmup = runs;
    return this;
  }

  /**
   * Runs everything.
   *
   * @param embeddingBatchSizes batch sizes for the embedding throughput, empty to skip it
   * @return the figures, in insertion order, as the JSON line prints them
   */
  public Map<String, Object> run(int[] embeddingBatchSizes) throws IOException, SQLException {
    Files.createDirectories(dir);
    Path source = dir.resolve("source.db");
    long records = Arrays.stream(SyntheticStore.counts(n)).sum();
    if (!Files.exists(source)) {
      log.accept(String.format(Locale.ROOT, "building a synthetic store of %,d memories (%,d records) in %s",
          n, records, source));
      long t0 = System.nanoTime();
      try (StorageBackend b = open(source, true)) {
        SyntheticStore.fill(b, n);
      }
      log.accept(String.format(Locale.ROOT, "built in %.1f s", (System.nanoTime() - t0) / 1e9));
    } else {
      log.accept("reusing " + source);
    }
    Path file = dir.resolve("export.json");
    Path empty = dir.resolve("empty.db");
    deleteDb(empty);
    open(empty, true).close();

    try (HeapSampler sampler = new HeapSampler()) {
      return measure(source, file, empty, records, embeddingBatchSizes);
    } finally {
      cleanUp();
    }
  }

  private Map<String, Object> measure(Path source, Path file, Path empty, long records,
      int[] embeddingBatchSizes) throws IOException, SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("records", records);
    out.put("runs", runs);
    out.put("warmupRuns", warmup);

    double export = median("export", () -> Files.deleteIfExists(file), () -> {
      try (StorageBackend b = open(source, false)) {
        ExportResult r = Transfer.export(b, file, ExportOptions.defaults());
        r.orThrow();
      }
    });
    long bytes = Files.size(file);
    double exportBase = median("baseline: JDBC read + raw write", () -> {
      readAll(source);
      rawWrite(dir.resolve("raw.bin"), bytes);
    });
    Path target = dir.resolve("target.db");
    double importNew = median("import into a new database", () -> {
      deleteDb(target);
      copyDb(empty, target);
    }, () -> importInto(target, "skip", true));
    Path jdbcTarget = dir.resolve("jdbc.db");
    double importBase = median("baseline: JDBC batched copy", () -> {
      deleteDb(jdbcTarget);
      copyDb(empty, jdbcTarget);
    }, () -> jdbcCopy(source, jdbcTarget));
    Path full = dir.resolve("full.db");
    deleteDb(full);
    copyDb(target, full);
    Map<String, Double> strategies = new LinkedHashMap<>();
    for (String strategy : List.of("skip", "overwrite", "error")) {
      Path t = dir.resolve("full-" + strategy + ".db");
      strategies.put(strategy, median("import into a full database, " + strategy, () -> {
        deleteDb(t);
        copyDb(full, t);
      }, () -> importInto(t, strategy, !strategy.equals("error"))));
    }
    Path half = dir.resolve("half.db");
    deleteDb(half);
    copyDb(full, half);
    deleteHalf(half);
    Path halfRun = dir.resolve("half-run.db");
    double importHalf = median("import, half the ids present (skip)", () -> {
      deleteDb(halfRun);
      copyDb(half, halfRun);
    }, () -> importInto(halfRun, "skip", true));

    out.put("exportSeconds", round(export));
    out.put("exportBaselineSeconds", round(exportBase));
    out.put("importNewSeconds", round(importNew));
    out.put("importBaselineSeconds", round(importBase));
    out.put("importFullSkipSeconds", round(strategies.get("skip")));
    out.put("importFullOverwriteSeconds", round(strategies.get("overwrite")));
    out.put("importFullErrorSeconds", round(strategies.get("error")));
    out.put("importHalfPresentSeconds", round(importHalf));
    out.put("exportRecordsPerSecond", Math.round(records / export));
    out.put("importRecordsPerSecond", Math.round(records / importNew));
    out.put("exportFileMB", round(bytes / 1e6));
    out.put("exportMBPerSecond", round(bytes / 1e6 / export));
    out.put("exportVsLimit", round(export / exportBase));
    out.put("importVsLimit", round(importNew / importBase));
    out.put("conflictsVsClean", round(importHalf / importNew));
    if (embeddingBatchSizes.length > 0) {
      embeddingThroughput(embeddingBatchSizes, out);
    }
    synchronized (this) {
      out.put("peakHeapUsedMB", round(peakHeap / 1e6));
      out.put("peakLiveHeapAfterGcMB", round(peakLive / 1e6));
    }
    out.put("maxHeapMB", round(Runtime.getRuntime().maxMemory() / 1e6));
    out.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    out.put("cores", Runtime.getRuntime().availableProcessors());
    printTable(out);
    return out;
  }

  /** Deletes everything but the synthetic source store, which a later run can reuse. */
  private void cleanUp() throws IOException {
    for (String name : List.of("export.json", "empty.db", "target.db", "jdbc.db", "full.db",
        "full-skip.db", "full-overwrite.db", "full-error.db", "half.db", "half-run.db")) {
      if (name.endsWith(".db")) {
        deleteDb(dir.resolve(name));
      } else {
        Files.deleteIfExists(dir.resolve(name));
      }
    }
  }

  private void importInto(Path db, String strategy, boolean mustSucceed) {
    try (StorageBackend b = open(db, false)) {
      ImportResult r = Transfer.importFrom(b, dir.resolve("export.json"),
          ImportOptions.builder().conflictStrategy(strategy).build());
      if (mustSucceed) {
        r.orThrow();
      } else if (r.success()) {
        throw new IllegalStateException("the error strategy should have failed on a full store");
      }
    }
  }

  private static StorageBackend open(Path db, boolean create) {
    return Providers.openBackend("sqlite:" + db, create ? Map.of("create", "true") : Map.of());
  }

  private interface Step {
    void run() throws Exception;
  }

  private double median(String name, Step step) {
    return median(name, () -> { }, step);
  }

  /** Runs {@code setup} (untimed) then {@code step} (timed), {@code runs} times. */
  private double median(String name, Step setup, Step step) {
    double[] times = new double[runs];
    for (int i = -warmup; i < runs; i++) {
      try {
        setup.run();
      } catch (Exception e) {
        throw new IllegalStateException(name + " setup failed: " + e.getMessage(), e);
      }
      System.gc();
      long t0 = System.nanoTime();
      try {
        step.run();
      } catch (Exception e) {
        throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
      }
      if (i >= 0) {
        times[i] = (System.nanoTime() - t0) / 1e9;
      }
    }
    Arrays.sort(times);
    double median = runs % 2 == 1 ? times[runs / 2]
        : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    log.accept(String.format(Locale.ROOT, "  %-42s median %8.3f s  (runs: %s)", name, median,
        Arrays.stream(times).mapToObj(t -> String.format(Locale.ROOT, "%.3f", t))
            .collect(Collectors.joining(" "))));
    return median;
  }

  /**
   * Samples the heap every 10 ms while the benchmark runs: the most heap in use at any moment,
   * and the most heap still in use right after a garbage collection (the live set).
   */
  private final class HeapSampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;

    HeapSampler() {
      thread = new Thread(() -> {
        while (!stop) {
          sample();
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long live = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
          live += pool.getCollectionUsage().getUsed();
        }
      }
      synchronized (Bench.this) {
        peakHeap = Math.max(peakHeap, used);
        peakLive = Math.max(peakLive, live);
      }
    }

    @Override
    public void close() {
      stop = true;
      thread.interrupt();
    }
  }

  /** Baseline 1a: the fastest plain JDBC read of the same rows, typed getters, fetch 1000. */
  static long readAll(Path db) throws SQLException {
    long cells = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.setAutoCommit(false);
      for (Map.Entry<String, String> t : TABLES.entrySet()) {
        try (Statement s = c.createStatement()) {
          s.setFetchSize(1000);
          try (ResultSet rs = s.executeQuery("SELECT * FROM " + t.getKey() + " ORDER BY "
              + t.getValue())) {
            ResultSetMetaData md = rs.getMetaData();
            int cols = md.getColumnCount();
            int[] kinds = new int[cols + 1];
            for (int i = 1; i <= cols; i++) {
              String type = String.valueOf(md.getColumnTypeName(i)).toUpperCase(Locale.ROOT);
              kinds[i] = type.contains("INT") ? 1 : type.contains("REAL") ? 2 : 0;
            }
            while (rs.next()) {
              for (int i = 1; i <= cols; i++) {
                switch (kinds[i]) {
                  case 1: cells += rs.getLong(i); break;
                  case 2: cells += (long) rs.getDouble(i); break;
                  default:
                    String v = rs.getString(i);
                    cells += v == null ? 0 : v.length();
                }
              }
            }
          }
        }
      }
      c.rollback();
    }
    return cells;
  }

  /** Baseline 1b: as many bytes as the export file, written and fsynced. */
  static void rawWrite(Path file, long bytes) throws IOException {
    byte[] block = new byte[65536];
    Arrays.fill(block, (byte) 'x');
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
      for (long left = bytes; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
      out.flush();
      ch.force(true);
    }
    Files.delete(file);
  }

  /** Baseline 2: plain JDBC batched insert of the same rows into a new database, one tx. */
  static void jdbcCopy(Path source, Path target) throws SQLException {
    try (Connection in = DriverManager.getConnection("jdbc:sqlite:" + source);
        Connection out = DriverManager.getConnection("jdbc:sqlite:" + target)) {
      in.setAutoCommit(false);
      out.setAutoCommit(false);
      for (String table : TABLES.keySet()) {
        try (Statement s = in.createStatement()) {
          s.setFetchSize(1000);
          try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            int cols = md.getColumnCount();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= cols; i++) {
              names.add(md.getColumnName(i));
            }
            String sql = "INSERT INTO " + table + " (" + String.join(",", names) + ") VALUES ("
                + String.join(",", java.util.Collections.nCopies(cols, "?")) + ")";
            try (PreparedStatement ps = out.prepareStatement(sql)) {
              int pending = 0;
              while (rs.next()) {
                for (int i = 1; i <= cols; i++) {
                  ps.setObject(i, rs.getObject(i));
                }
                ps.addBatch();
                if (++pending == 1000) {
                  ps.executeBatch();
                  pending = 0;
                }
              }
              ps.executeBatch();
            }
          }
        }
      }
      out.commit();
      in.rollback();
    }
  }

  private static void deleteHalf(Path db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys=OFF");
      for (String table : TABLES.keySet()) {
        s.executeUpdate("DELETE FROM " + table + " WHERE rowid % 2 = 0");
      }
    }
  }

  private static void copyDb(Path from, Path to) throws IOException {
    Files.copy(from, to);
  }

  private static void deleteDb(Path db) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Files.deleteIfExists(Path.of(db + suffix));
    }
  }

  private void embeddingThroughput(int[] sizes, Map<String, Object> out) {
    List<EmbeddingProviderFactory> factories =
        Providers.embeddingProviderFactories(Bench.class.getClassLoader());
    if (factories.isEmpty()) {
      log.accept("no embedding provider on the class path; skipping embedding throughput");
      return;
    }
    // Prefer Doclea's transformers provider with the bundled all-MiniLM-L6-v2, laid out as a
    // model-cache entry in the bench directory; otherwise the only provider there is.
    EmbeddingProviderFactory factory = factories.stream()
        .filter(f -> f.name().equals("transformers")).findFirst().orElse(factories.get(0));
    Map<String, String> options = Map.of();
    if (factory.name().equals("transformers")) {
      Path cache = dir.resolve("model-cache");
      ai.doclea.transfer.embeddings.BundledMiniLm.install(cache);
      options = Map.of("model", ai.doclea.transfer.embeddings.BundledMiniLm.MODEL,
          "cacheDir", cache.toString());
    }
    try (EmbeddingProvider p = factory.create(options)) {
      List<String> texts = new ArrayList<>();
      java.util.SplittableRandom random = new java.util.SplittableRandom(7);
      for (int i = 0; i < 256; i++) {
        ai.doclea.transfer.api.Memory m = SyntheticStore.memory(random, i, 0);
        texts.add(m.title() + "\n\n" + m.content());
      }
      p.embed(texts.subList(0, 8));
      Map<String, Object> perBatch = new LinkedHashMap<>();
      for (int size : sizes) {
        Supplier<Double> once = () -> {
          long t0 = System.nanoTime();
          for (int from = 0; from < texts.size(); from += size) {
            p.embed(texts.subList(from, Math.min(texts.size(), from + size)));
          }
          return texts.size() / ((System.nanoTime() - t0) / 1e9);
        };
        double[] rates = new double[Math.max(1, runs)];
        for (int i = 0; i < rates.length; i++) {
          rates[i] = once.get();
        }
        Arrays.sort(rates);
        perBatch.put(Integer.toString(size), Math.round(rates[rates.length / 2]));
        log.accept(String.format(Locale.ROOT, "  embedding, batch %-4d median %8.1f memories/s", size,
            rates[rates.length / 2]));
      }
      out.put("embeddingProvider", p.providerName() + "/" + p.modelName());
      out.put("embeddingMemoriesPerSecondByBatch", perBatch);
    }
  }

  private void printTable(Map<String, Object> out) {
    log.accept("");
    out.forEach((k, v) -> log.accept(String.format(Locale.ROOT, "  %-34s %s", k, v)));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
