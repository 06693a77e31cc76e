package ai.doclea.transfer.bench;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    TABLES.put("memories", "accessed_at DESC");
    TABLES.put("documents", "created_at DESC");
    TABLES.put("chunks", "document_id, start_offset");
    TABLES.put("memory_relations", "created_at DESC");
    TABLES.put("cross_layer_relations", "created_at DESC");
    TABLES.put("pending_memories", "suggested_at DESC");
  }

  private final int n;
  private final Path dir;
  private final int runs;
  private final Consumer<String> log;
  private long peakHeap;
  private long peakLive;
  private int warmup = 1;
  private boolean sharingOnly;
  private boolean commandsOnly;
  private boolean exportsOnly;
  private String docleaExport;

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
   * Measures only the figures of selective export and diff (issue 16), skipping the imports.
   *
   * @param v whether to
   * @return this benchmark
   */
  public Bench sharingOnly(boolean v) {
    this.sharingOnly = v;
    return this;
  }

  /**
   * Measures only the whole commands against the {@code sqlite3} baselines (issue 14) and the
   * in-process export, skipping the in-process imports and the sharing figures.
   *
   * @param v whether to
   * @return this benchmark
   */
  public Bench commandsOnly(boolean v) {
    this.commandsOnly = v;
    return this;
  }

  /**
   * With {@link #commandsOnly}: only the export commands against {@code sqlite3 -json}, without
   * the in-process export and the imports (a 1,000,000-memory run in minutes, not an hour).
   *
   * @param v whether to
   * @return this benchmark
   */
  public Bench exportsOnly(boolean v) {
    this.exportsOnly = v;
    return this;
  }

  /**
   * Also times Doclea's own export of the same database, run by a command the caller gives (this
   * repository holds none of Doclea's code): a shell command line in which {@code {db}} stands
   * for the database and {@code {output}} for the file to write, each replaced by its path
   * quoted for the shell. Measured with the whole commands ({@link #commandsOnly}), in the same
   * rounds, with the ratios of ours to it.
   *
   * @param command the command line, or null for none
   * @return this bench
   */
  public Bench docleaExport(String command) {
    this.docleaExport = command;
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
      return sharingOnly ? measureSharingOnly(source, file, records)
          : commandsOnly ? measureCommandsOnly(source, file, empty, records)
          : measure(source, file, empty, records, embeddingBatchSizes);
    } finally {
      cleanUp();
    }
  }

  private Map<String, Object> measure(Path source, Path file, Path empty, long records,
      int[] embeddingBatchSizes) throws IOException, SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("records", records);
    out.put("loadAverageAtStart", round(ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage()));
    out.put("runs", runs);
    out.put("warmupRuns", warmup);

    double export = exportInProcess(source, file, out);
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

    Path halfFile = dir.resolve("export-half.json");
    try (StorageBackend b = open(half, false)) {
      Transfer.export(b, halfFile, ExportOptions.defaults()).orThrow();
    }
    Map<String, Object> sharing = new LinkedHashMap<>();
    measureSharing(sharing, source, file, export, halfFile, records);

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
    commands(source, empty, file, out);
    out.putAll(sharing);
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
    out.put("loadAverageAtEnd", round(ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage()));
    printTable(out);
    return out;
  }

  /** The in-process export, timed; puts {@code exportCpuSecondsPerMB}; returns the median. */
  private double exportInProcess(Path source, Path file, Map<String, Object> out) {
    List<Double> exportCpu = new ArrayList<>();
    double export = median("export", () -> Files.deleteIfExists(file), () -> {
      long cpu0 = processCpuNanos();
      try (StorageBackend b = open(source, false)) {
        ExportResult r = Transfer.export(b, file, ExportOptions.defaults());
        r.orThrow();
      }
      exportCpu.add((processCpuNanos() - cpu0) / 1e9);
    });
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the size of " + file + ": " + e, e);
    }
    // CPU time of the whole JVM (JIT and GC threads included) per MB, median over all runs.
    exportCpu.sort(null);
    out.put("exportCpuSecondsPerMB",
        Math.round(exportCpu.get(exportCpu.size() / 2) / (bytes / 1e6) * 1e6) / 1e6);
    return export;
  }

  /** Issue 14's figures only: the in-process export, then the whole commands. */
  private Map<String, Object> measureCommandsOnly(Path source, Path file, Path empty,
      long records) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("records", records);
    out.put("loadAverageAtStart", round(ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage()));
    out.put("runs", runs);
    out.put("warmupRuns", warmup);
    if (exportsOnly) {
      // The commands' own file stands in for the in-process export's.
      try (StorageBackend b = open(source, false)) {
        Transfer.export(b, file, ExportOptions.defaults()).orThrow();
      }
    } else {
      double export = exportInProcess(source, file, out);
      out.put("exportSeconds", round(export));
    }
    out.put("exportFileMB", round(Files.size(file) / 1e6));
    commands(source, empty, file, out);
    out.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("loadAverageAtEnd", round(ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage()));
    printTable(out);
    return out;
  }

  /** CPU time of this JVM so far, all threads, or 0 where the JVM cannot tell. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return Math.max(0, sun.getProcessCpuTime());
    }
    return 0;
  }

  /** The launcher's JIT options below 64 MB of file (C1 alone, one compiler thread), and an
   * import's at or above. */
  private static final List<String> C1_ONLY =
      List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
  private static final List<String> IMPORT_FULL_JIT =
      List.of("-XX:-UseTypeProfile", "-XX:FreqInlineSize=50");

  /** Doclea's export queries, as {@code sqlite3 -json} runs them in one process. */
  static final String SQLITE3_EXPORT_SQL = "SELECT * FROM memories ORDER BY accessed_at DESC;"
      + " SELECT * FROM documents ORDER BY created_at DESC;"
      + " SELECT * FROM chunks ORDER BY document_id, start_offset;"
      + " SELECT * FROM memory_relations ORDER BY created_at DESC;"
      + " SELECT * FROM cross_layer_relations ORDER BY created_at DESC;"
      + " SELECT * FROM pending_memories ORDER BY suggested_at DESC;";

  /**
   * Whole commands, each a new process, JVM start included: our export (default heap, {@code
   * -Xmx64m} and the launcher's options) against {@code sqlite3 -json} of the six tables, and our
   * import (default options and the launcher's) into a new database against {@code sqlite3}
   * loading the same rows as SQL INSERTs in one transaction. The {@code sqlite3} baselines are
   * skipped when it is not on the PATH.
   */
  private void commands(Path source, Path empty, Path file, Map<String, Object> out)
      throws IOException {
    Path cmdFile = dir.resolve("cmd-export.json");
    Path cmdTarget = dir.resolve("cmd-import.db");
    Step deleteCmdFile = () -> Files.deleteIfExists(cmdFile);
    Step freshTarget = () -> {
      deleteDb(cmdTarget);
      copyDb(empty, cmdTarget);
    };
    String[] exportArgs = {"export", "--db", source.toString(), "-o", cmdFile.toString(), "-q"};
    String[] importArgs = {"import", "--db", cmdTarget.toString(), "-i", file.toString(), "-q"};
    // The launcher variant is the installation's own bin/doclea-transfer when the bench runs
    // from one: the whole command a user runs, the script's own time included, with a cache
    // directory of its own, made ready by untimed runs (the first run of a command records its
    // classes, the next makes the archive). Else java with the script's options.
    Path script = launcherScript();
    Command launcherExport;
    Command launcherImport;
    if (script != null) {
      Map<String, String> env = Map.of("XDG_CACHE_HOME", dir.resolve("launcher-cache")
          .toString(), "JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", "");
      launcherExport = new Command(deleteCmdFile, script(script, exportArgs), null, env);
      launcherImport = new Command(freshTarget, script(script, importArgs), null, env);
      List<Command> primed = exportsOnly ? List.of(launcherExport)
          : List.of(launcherExport, launcherImport);
      for (int round = 0; round < 2; round++) {
        for (Command c : primed) {
          runUntimed(c);
        }
      }
      log.accept("launcher: " + script);
    } else {
      log.accept("launcher: no bin/doclea-transfer beside this jar's directory; java with the"
          + " launcher's options instead");
      List<String> options = launcherOptions(exportArgs, importArgs, freshTarget);
      if (Files.size(source) < 64L << 20) {
        options.addAll(C1_ONLY);
      }
      launcherExport = new Command(deleteCmdFile, java(options, exportArgs), null);
      // The launcher's options for an import: its JIT choice follows the file's size, not the
      // source database's.
      List<String> importOptions = new ArrayList<>(options);
      importOptions.removeAll(C1_ONLY);
      importOptions.addAll(Files.size(file) < 64L << 20 ? C1_ONLY : IMPORT_FULL_JIT);
      launcherImport = new Command(freshTarget, java(importOptions, importArgs), null);
    }
    out.put("launcher", script != null ? "bin/doclea-transfer" : "java with its options");
    boolean sqlite3 = commandWorks("sqlite3", "-version");
    if (!sqlite3) {
      log.accept("sqlite3 is not on the PATH; skipping the sqlite3 baselines");
    }
    // Interleaved rounds (each command once per round), so that a change in the machine's load
    // during the run weighs on all of them alike and the ratios stay fair.
    Map<String, Command> exports = new LinkedHashMap<>();
    exports.put("exportCommand", new Command(deleteCmdFile, java(List.of(), exportArgs), null));
    exports.put("exportCommandXmx64m", new Command(deleteCmdFile, java(List.of("-Xmx64m"),
        exportArgs), null));
    exports.put("exportCommandLauncher", launcherExport);
    if (sqlite3) {
      exports.put("sqlite3Json", new Command(() -> { }, List.of("sqlite3", "-json",
          source.toString(), SQLITE3_EXPORT_SQL), dir.resolve("sqlite3.json")));
    }
    Path docleaFile = dir.resolve("doclea-export.json");
    Path docleaSource = dir.resolve("doclea-source.db");
    if (docleaExport != null) {
      // On a copy: Doclea's server opens a database read-write and may migrate it.
      deleteDb(docleaSource);
      copyDb(source, docleaSource);
      exports.put("docleaExport", new Command(() -> Files.deleteIfExists(docleaFile),
          List.of("/bin/sh", "-c", "exec " + docleaCommandLine(docleaExport, docleaSource,
              docleaFile)), null));
    }
    Map<String, double[]> e = interleaved(exports);
    long bytes = Files.size(file);
    for (String name : EXPORT_COMMANDS) {
      out.put(name + "Seconds", round(e.get(name)[0]));
    }
    if (e.get("exportCommand")[1] >= 0) {
      out.put("exportCommandCpuSeconds", round(e.get("exportCommand")[1]));
      out.put("exportCommandCpuSecondsPerMB", round3(e.get("exportCommand")[1] / (bytes / 1e6)));
      out.put("exportCommandLauncherCpuSeconds", round(e.get("exportCommandLauncher")[1]));
    }
    if (exportsOnly) {
      if (sqlite3) {
        double sqliteJson = e.get("sqlite3Json")[0];
        out.put("sqlite3JsonSeconds", round(sqliteJson));
        out.put("sqlite3JsonCpuSeconds", round(e.get("sqlite3Json")[1]));
        for (String name : EXPORT_COMMANDS) {
          out.put(name + "VsSqlite3", round(e.get(name)[0] / sqliteJson));
        }
      }
      reportDoclea(e, docleaFile, docleaSource, file, out);
      return;
    }
    Map<String, Command> imports = new LinkedHashMap<>();
    imports.put("importCommand", new Command(freshTarget, java(List.of(), importArgs), null));
    imports.put("importCommandLauncher", launcherImport);
    Path sql = dir.resolve("rows.sql");
    Path loaded = dir.resolve("sqlite3-load.db");
    if (sqlite3) {
      dumpAsSql(source, sql);
      imports.put("sqlite3Load", new Command(() -> {
        deleteDb(loaded);
        copyDb(empty, loaded);
      }, List.of("sqlite3", loaded.toString(), ".read " + sql), null));
    }
    Map<String, double[]> i = interleaved(imports);
    reportDoclea(e, docleaFile, docleaSource, file, out);
    out.put("importCommandSeconds", round(i.get("importCommand")[0]));
    out.put("importCommandLauncherSeconds", round(i.get("importCommandLauncher")[0]));
    if (!sqlite3) {
      return;
    }
    double sqliteJson = e.get("sqlite3Json")[0];
    double sqliteLoad = i.get("sqlite3Load")[0];
    out.put("sqlite3JsonSeconds", round(sqliteJson));
    if (e.get("sqlite3Json")[1] >= 0) {
      out.put("sqlite3JsonCpuSeconds", round(e.get("sqlite3Json")[1]));
    }
    out.put("sqlite3LoadSeconds", round(sqliteLoad));
    out.put("exportCommandVsSqlite3", round(e.get("exportCommand")[0] / sqliteJson));
    out.put("exportCommandXmx64mVsSqlite3", round(e.get("exportCommandXmx64m")[0] / sqliteJson));
    out.put("exportCommandLauncherVsSqlite3",
        round(e.get("exportCommandLauncher")[0] / sqliteJson));
    out.put("importCommandVsSqlite3Load", round(i.get("importCommand")[0] / sqliteLoad));
    out.put("importCommandLauncherVsSqlite3Load",
        round(i.get("importCommandLauncher")[0] / sqliteLoad));
  }

  /**
   * Doclea's export's medians and our commands' ratios to it, after checking that it wrote a
   * file (a command that exits 0 without writing one would pass for the fastest export).
   */
  private void reportDoclea(Map<String, double[]> e, Path docleaFile, Path docleaSource,
      Path ours, Map<String, Object> out) throws IOException {
    if (docleaExport == null) {
      return;
    }
    deleteDb(docleaSource);
    Failure failure = failures.get("docleaExport");
    if (failure != null) {
      out.put("docleaExportFailed", failure.message());
      out.put("docleaExportSecondsUntilFailure", round(failure.seconds()));
      return;
    }
    if (!Files.isRegularFile(docleaFile) || Files.size(docleaFile) == 0) {
      throw new IllegalStateException("the --doclea-export command exited 0 but wrote no file"
          + " at {output} (" + docleaFile + ")");
    }
    out.put("docleaExportFileMB", round(Files.size(docleaFile) / 1e6));
    out.put("docleaExportSameData", sameDataSection(docleaFile, ours));
    Files.deleteIfExists(docleaFile);
    double doclea = e.get("docleaExport")[0];
    out.put("docleaExportSeconds", round(doclea));
    if (e.get("docleaExport")[1] >= 0) {
      out.put("docleaExportCpuSeconds", round(e.get("docleaExport")[1]));
    }
    for (String name : EXPORT_COMMANDS) {
      out.put(name + "VsDoclea", round(e.get(name)[0] / doclea));
    }
  }

  /**
   * Whether two export files hold the same bytes from their {@code "data"} key to their {@code
   * "metadata"} key: what Doclea's file and ours must share (the header's {@code exportedAt} and
   * our {@code metadata} keys differ by design). Both are written by {@code JSON.stringify(…,
   * null, 2)}'s layout, so the keys are found as {@code "\n  \"data\": "} near the start and
   * {@code "\n  \"metadata\": "} near the end.
   */
  static boolean sameDataSection(Path a, Path b) throws IOException {
    long[] ra = dataRange(a);
    long[] rb = dataRange(b);
    if (ra == null || rb == null || ra[1] - ra[0] != rb[1] - rb[0]) {
      return false;
    }
    try (FileChannel ca = FileChannel.open(a); FileChannel cb = FileChannel.open(b)) {
      java.nio.ByteBuffer ba = java.nio.ByteBuffer.allocate(1 << 16);
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(1 << 16);
      for (long pa = ra[0], pb = rb[0]; pa < ra[1];) {
        int want = (int) Math.min(ba.capacity(), ra[1] - pa);
        ba.clear().limit(want);
        bb.clear().limit(want);
        while (ba.hasRemaining() && ca.read(ba, pa + ba.position()) > 0) { }
        while (bb.hasRemaining() && cb.read(bb, pb + bb.position()) > 0) { }
        if (ba.hasRemaining() || bb.hasRemaining() || !ba.flip().equals(bb.flip())) {
          return false;
        }
        pa += want;
        pb += want;
      }
    }
    return true;
  }

  /** The byte offsets of a file's {@code "data"} key and of its {@code "metadata"} key. */
  private static long[] dataRange(Path file) throws IOException {
    byte[] data = "\n  \"data\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] metadata = "\n  \"metadata\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(file)) {
      long size = c.size();
      byte[] head = new byte[(int) Math.min(size, 4096)];
      c.read(java.nio.ByteBuffer.wrap(head), 0);
      int start = indexOf(head, data, false);
      int tailLength = (int) Math.min(size, 1 << 16);
      byte[] tail = new byte[tailLength];
      c.read(java.nio.ByteBuffer.wrap(tail), size - tailLength);
      int end = indexOf(tail, metadata, true);
      return start < 0 || end < 0 ? null : new long[] {start, size - tailLength + end};
    }
  }

  private static int indexOf(byte[] in, byte[] what, boolean last) {
    int found = -1;
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        found = i;
        if (!last) {
          break;
        }
      }
    }
    return found;
  }

  /**
   * The {@code --doclea-export} command line with {@code {db}} and {@code {output}} replaced, in
   * one pass (a path that contains the other placeholder stays as it is), by the paths quoted for
   * a POSIX shell.
   */
  static String docleaCommandLine(String command, Path db, Path output) {
    return PLACEHOLDER.matcher(command).replaceAll(m -> Matcher.quoteReplacement(shellQuoted(
        (m.group(1).equals("db") ? db : output).toString())));
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(db|output)\\}");

  /** {@code s} quoted for a POSIX shell: in single quotes, each single quote as {@code '\''}. */
  static String shellQuoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * The launcher script's JVM options but the JIT's, for an installation-less build: a static
   * class-data-sharing archive made from the classes untimed runs loaded (an export's, and an
   * import's unless only exports are measured: the launcher's archive covers every command that
   * has run) and the serial collector.
   */
  private List<String> launcherOptions(String[] exportArgs, String[] importArgs,
      Step freshTarget) throws IOException {
    Path classList = dir.resolve("classes.classlist");
    Path importList = dir.resolve("classes-import.classlist");
    Path archive = dir.resolve("classes.jsa");
    Files.deleteIfExists(classList);
    Files.deleteIfExists(importList);
    Files.deleteIfExists(archive);
    runUntimed(new Command(() -> { }, java(List.of("-XX:DumpLoadedClassList=" + classList),
        exportArgs), null));
    if (!exportsOnly) {
      runUntimed(new Command(freshTarget, java(List.of("-XX:DumpLoadedClassList=" + importList),
          importArgs), null));
      mergeClassLists(classList, importList);
    }
    runUntimed(new Command(() -> { }, List.of(javaBinary(), "-Xshare:dump",
        "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive,
        "-XX:+UseSerialGC", "-Xlog:cds=off", "-cp", System.getProperty("java.class.path")),
        null));
    return new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
        "-XX:+UseSerialGC"));
  }

  /** Runs {@code c} once, set-up first, untimed (a run that prepares the measured ones). */
  private static void runUntimed(Command c) throws IOException {
    try {
      c.setup().run();
      run(c.line(), c.stdout(), false, c.env());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preparing " + c.line().get(0), e);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * The commands a run survives the failure of: Doclea's export, which cannot export a large
   * store (1,000,000 memories: "Out of memory" after a minute). The failure is reported in the
   * figures instead of the medians.
   */
  private static final Set<String> MAY_FAIL = Set.of("docleaExport");

  /** The names of our export commands, as {@link #commands} times them. */
  private static final List<String> EXPORT_COMMANDS =
      List.of("exportCommand", "exportCommandXmx64m", "exportCommandLauncher");

  /** The commands of {@link #MAY_FAIL} that failed: the message, and the seconds until then. */
  private final Map<String, Failure> failures = new LinkedHashMap<>();

  private record Failure(String message, double seconds) {}

  /**
   * A whole command: its untimed set-up, its command line, where its output goes, and the
   * variables it adds to the environment.
   */
  private record Command(Step setup, List<String> line, Path stdout, Map<String, String> env) {
    Command(Step setup, List<String> line, Path stdout) {
      this(setup, line, stdout, Map.of());
    }
  }

  /**
   * Runs the commands in rounds, each once per round ({@code warmup} untimed rounds first); for
   * each, the median wall time and the median CPU time (user + system, all its threads; -1 where
   * the platform cannot tell), in seconds.
   */
  private Map<String, double[]> interleaved(Map<String, Command> commands) {
    Map<String, double[]> wall = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    commands.keySet().forEach(k -> {
      wall.put(k, new double[runs]);
      cpu.put(k, new double[runs]);
    });
    for (int round = -warmup; round < runs; round++) {
      for (Map.Entry<String, Command> c : commands.entrySet()) {
        String name = c.getKey();
        if (failures.containsKey(name)) {
          continue;
        }
        long t0 = System.nanoTime();
        try {
          c.getValue().setup().run();
          long cpu0 = childrenCpuTicks();
          t0 = System.nanoTime();
          run(c.getValue().line(), c.getValue().stdout(), false, c.getValue().env());
          double seconds = (System.nanoTime() - t0) / 1e9;
          long cpu1 = childrenCpuTicks();
          if (round >= 0) {
            wall.get(name)[round] = seconds;
            cpu.get(name)[round] = cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 100.0;
          }
        } catch (Exception e) {
          if (!MAY_FAIL.contains(name)) {
            throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
          }
          failures.put(name, new Failure(String.valueOf(e.getMessage()).strip(),
              (System.nanoTime() - t0) / 1e9));
          log.accept("  command " + name + " failed, left out of the later rounds: "
              + e.getMessage());
        }
      }
    }
    Map<String, double[]> medians = new LinkedHashMap<>();
    for (String name : commands.keySet()) {
      if (failures.containsKey(name)) {
        continue;
      }
      double w = medianOf(wall.get(name));
      double u = medianOf(cpu.get(name));
      medians.put(name, new double[] {w, u});
      log.accept(String.format(Locale.ROOT, "  command %-34s median %8.3f s, CPU %6.2f s"
          + "  (runs: %s)", name, w, u, Arrays.stream(wall.get(name))
              .mapToObj(t -> String.format(Locale.ROOT, "%.3f", t))
              .collect(Collectors.joining(" "))));
    }
    return medians;
  }

  private static double medianOf(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * CPU time of this JVM's finished children (cutime + cstime of {@code /proc/self/stat}, in
   * ticks of 1/100 s, Linux's USER_HZ), or -1 where there is no such file.
   */
  private static long childrenCpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the command name: state is field 3, so cutime (16) and cstime (17) are 13, 14.
      return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double round3(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /** The rows of the six tables as INSERT statements in one transaction (untimed set-up). */
  private static void dumpAsSql(Path source, Path sql) throws IOException {
    Files.writeString(sql, "BEGIN;\n");
    StringBuilder script = new StringBuilder();
    for (String table : TABLES.keySet()) {
      script.append(".mode insert ").append(table).append('\n')
          .append("SELECT * FROM ").append(table).append(";\n");
    }
    Path scriptFile = sql.resolveSibling("dump.sqlite3");
    Files.writeString(scriptFile, script);
    try {
      run(List.of("sqlite3", source.toString(), ".read " + scriptFile), sql, true);
    } catch (Exception e) {
      throw new IOException("cannot dump " + source + " as SQL: " + e.getMessage(), e);
    }
    Files.writeString(sql, "COMMIT;\n", java.nio.file.StandardOpenOption.APPEND);
    Files.delete(scriptFile);
  }

  /** This JVM's {@code java} launcher. */
  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Appends the lines of {@code other} that {@code list} lacks to it and deletes {@code other}, as
   * the launcher merges the lists of two commands: each line once, without the {@code " id: N"}
   * that JDK 21 and later number a list's lines with (the JVM refuses a number twice).
   */
  static void mergeClassLists(Path list, Path other) throws IOException {
    Set<String> lines = new LinkedHashSet<>();
    for (Path p : List.of(list, other)) {
      for (String line : Files.readAllLines(p)) {
        lines.add(line.replaceFirst(" id: [0-9]+$", ""));
      }
    }
    Files.write(list, lines);
    Files.delete(other);
  }

  /** A command line that runs this tool in a new JVM with this JVM's class path. */
  private static List<String> java(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("ai.doclea.transfer.cli.DocleaTransferCommand");
    command.addAll(Arrays.asList(args));
    return command;
  }

  /**
   * The launcher script of the installation this jar is in ({@code bin/doclea-transfer} beside
   * its {@code lib/}), or null when there is none (the bench runs from a build's classes, or
   * on Windows).
   */
  private static Path launcherScript() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator)
        || !classPath.endsWith(".jar")) {
      return null;
    }
    Path lib = Path.of(classPath).toAbsolutePath().getParent();
    Path home = lib == null ? null : lib.getParent();
    Path script = home == null ? null : home.resolve("bin").resolve("doclea-transfer");
    return script != null && Files.isRegularFile(script) && commandWorks("sh", "-c", "exit 0")
        ? script : null;
  }

  /** A command line that runs the launcher {@code script} with {@code args}. */
  private static List<String> script(Path script, String... args) {
    List<String> command = new ArrayList<>(List.of("sh", script.toString()));
    command.addAll(Arrays.asList(args));
    return command;
  }

  private static void run(List<String> command, Path stdout) throws IOException,
      InterruptedException {
    run(command, stdout, false);
  }

  private static void run(List<String> command, Path stdout, boolean append)
      throws IOException, InterruptedException {
    run(command, stdout, append, Map.of());
  }

  /**
   * Runs a command to completion, with {@code env} added to its environment; fails with its
   * standard error when it exits non-zero.
   */
  private static void run(List<String> command, Path stdout, boolean append,
      Map<String, String> env) throws IOException, InterruptedException {
    Path err = Files.createTempFile("bench-command", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
      pb.environment().putAll(env);
      pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD
          : append ? ProcessBuilder.Redirect.appendTo(stdout.toFile())
          : ProcessBuilder.Redirect.to(stdout.toFile()));
      int status = pb.start().waitFor();
      if (status != 0) {
        String text = Files.readString(err);
        throw new IOException(command.get(0) + " " + String.join(" ", command.subList(1,
            Math.min(command.size(), 4))) + "... exited with " + status + ": "
            + text.substring(Math.max(0, text.length() - 2000)));
      }
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static boolean commandWorks(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Issue 16's figures: a slice export pushed down to SQL (against the full export), a diff of
   * two export files, and a diff of the store against its export.
   */
  private void measureSharing(Map<String, Object> out, Path source, Path file, double export,
      Path otherFile, long records) throws IOException {
    Selection slice = Selection.builder().types(List.of("decision")).tags(List.of("auth"))
        .includeDocuments(false).build();
    Path sliceFile = dir.resolve("slice.json");
    long[] sliced = new long[1];
    double sliceSeconds = median("slice export (--type decision --tag auth --no-documents)",
        () -> Files.deleteIfExists(sliceFile), () -> {
          try (StorageBackend b = open(source, false)) {
            sliced[0] = Transfer.export(b, sliceFile,
                ExportOptions.builder().selection(slice).build()).orThrow()
                .count(RecordKind.MEMORY);
          }
        });
    DiffOptions diffOptions = DiffOptions.builder().tempDirectory(dir).build();
    long[] changes = new long[1];
    double diffSeconds = median("diff of two export files", () -> {
      DiffResult d = Transfer.diff(file, otherFile, diffOptions);
      if (!d.success()) {
        throw new IllegalStateException(d.error());
      }
      changes[0] = d.changesTotal();
    });
    double diffStoreSeconds = median("diff of the store and its export (diff --db)", () -> {
      try (StorageBackend b = open(source, false)) {
        DiffResult d = Transfer.diff(b, "source", file, diffOptions);
        if (!d.success() || !d.identical()) {
          throw new IllegalStateException("the store should equal its export: " + d.toJson());
        }
      }
    });
    out.put("sliceSeconds", round(sliceSeconds));
    out.put("sliceMemories", sliced[0]);
    out.put("sliceVsFullExport", round(sliceSeconds / export));
    out.put("diffTwoFilesSeconds", round(diffSeconds));
    out.put("diffTwoFilesMB", round((Files.size(file) + Files.size(otherFile)) / 1e6));
    out.put("diffTwoFilesChanges", changes[0]);
    out.put("diffStoreSeconds", round(diffStoreSeconds));
    out.put("diffStoreRecordsPerSecond", Math.round(2 * records / diffStoreSeconds));
  }

  /**
   * Only issue 16's figures ({@code bench --sharing-only}): one full export, a copy of the store
   * with a tenth of the memories deleted and another tenth edited, exported too, then {@link
   * #measureSharing}.
   */
  private Map<String, Object> measureSharingOnly(Path source, Path file, long records)
      throws IOException, SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n", n);
    out.put("records", records);
    out.put("runs", runs);
    double export = median("export", () -> Files.deleteIfExists(file), () -> {
      try (StorageBackend b = open(source, false)) {
        Transfer.export(b, file, ExportOptions.defaults()).orThrow();
      }
    });
    out.put("exportSeconds", round(export));
    Path edited = dir.resolve("edited.db");
    deleteDb(edited);
    copyDb(source, edited);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + edited);
        Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM memories WHERE rowid % 10 = 0");
      s.executeUpdate("UPDATE memories SET title = title || ' (edited)' WHERE rowid % 10 = 1");
    }
    Path editedFile = dir.resolve("export-edited.json");
    try (StorageBackend b = open(edited, false)) {
      Transfer.export(b, editedFile, ExportOptions.defaults()).orThrow();
    }
    measureSharing(out, source, file, export, editedFile, records);
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
    for (String name : List.of("export.json", "slice.json", "export-half.json", "export-edited.json",
        "edited.db", "empty.db", "target.db", "jdbc.db", "full.db",
        "full-skip.db", "full-overwrite.db", "full-error.db", "half.db", "half-run.db",
        "cmd-export.json", "cmd-import.db", "sqlite3.json", "rows.sql", "sqlite3-load.db",
        "raw.bin", "classes.jsa", "classes.classlist")) {
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
