package ai.doclea.transfer.postgresql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The import/export benchmark against {@code psql \copy} of the same rows into the same tables
 * (and out of them, in export order). Not part of the test suite (its name does not end in Test);
 * run it with a real server started as in the tests:
 *
 * <pre>
 * mvn -B -pl doclea-transfer-postgresql -am verify -Dtest=PostgresBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench.memories=100000
 * </pre>
 *
 * Needs {@code psql} on the PATH. Prints one line per measurement on standard error.
 */
class PostgresBench {

  @Test
  void importAndExportAgainstPsqlCopy() throws Exception {
    int memories = Integer.getInteger("bench.memories", 20_000);
    int runs = Integer.getInteger("bench.runs", 3);
    TestPostgres pg = TestPostgres.shared();
    Path dir = Files.createTempDirectory("pg-bench");
    Map<RecordKind, List<TransferRecord>> rows = generate(memories, new Random(42));
    Path file = dir.resolve("export.json");
    try (InMemoryBackend source = InMemoryBackend.create()) {
      for (RecordKind kind : List.of(RecordKind.MEMORY, RecordKind.DOCUMENT, RecordKind.CHUNK,
          RecordKind.MEMORY_RELATION, RecordKind.CROSS_LAYER_RELATION,
          RecordKind.PENDING_MEMORY)) {
        source.load(rows.get(kind));
      }
      assertTrue(Transfer.export(source, file, ExportOptions.defaults()).success());
    }
    long total = rows.values().stream().mapToLong(List::size).sum();
    log("%d records (%d memories), export file %.1f MB, %d runs, load average %s", total,
        memories, Files.size(file) / 1e6, runs, loadAverage());

    // psql's input: the same rows in COPY text format, as the adapter sends them
    StringBuilder copyIn = new StringBuilder();
    for (Map.Entry<RecordKind, List<TransferRecord>> e : rows.entrySet()) {
      PgTable<?> table = PgTable.of(e.getKey());
      Path data = dir.resolve(table.table + ".copy");
      try (OutputStream w = Files.newOutputStream(data)) {
        CopyRows row = new CopyRows(1 << 16);
        for (TransferRecord r : e.getValue()) {
          row.reset(1 << 20);
          table.copyRow(r, row);
          row.writeTo(w);
        }
      }
      copyIn.append("\\copy %1$s.").append(table.table).append(" (")
          .append(table.columnList).append(") FROM '").append(data).append("'\n");
    }
    rows.clear();

    List<double[]> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      // 0. the core alone: the same import into the in-memory backend, and its export
      double memorySeconds;
      double memoryExportSeconds;
      try (InMemoryBackend memory = InMemoryBackend.create()) {
        long t0 = System.nanoTime();
        ImportResult result = Transfer.importFrom(memory, file, ImportOptions.defaults());
        memorySeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(result.success(), () -> String.valueOf(result.failure()));
        t0 = System.nanoTime();
        ExportResult exported = Transfer.export(memory, dir.resolve("memory.json"),
            ExportOptions.defaults());
        memoryExportSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(exported.success(), exported::error);
      }

      // 1. doclea-transfer import into a fresh schema
      String ours = TestPostgres.freshSchema("bench");
      double importSeconds;
      try (PostgresBackend backend = PostgresBackend.open(pg.uri(ours, true), Map.of())) {
        long t0 = System.nanoTime();
        ImportResult result = Transfer.importFrom(backend, file, ImportOptions.defaults());
        importSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(result.success(), () -> String.valueOf(result.failure()));
      }

      // 2. psql \copy of the same rows into the same tables of another fresh schema, in one
      //    transaction
      String theirs = TestPostgres.freshSchema("bench");
      PostgresBackend.open(pg.uri(theirs, true), Map.of()).close();
      double copyInSeconds = psql(pg, dir, "BEGIN;\n"
          + String.format(Locale.ROOT, copyIn.toString(), theirs) + "COMMIT;\n");

      // 3. exports: doclea-transfer vs psql \copy (SELECT ... ORDER BY export order) TO file
      long t0 = System.nanoTime();
      try (PostgresBackend backend = PostgresBackend.open(pg.uri(ours, false), Map.of())) {
        ExportResult result = Transfer.export(backend, dir.resolve("back.json"),
            ExportOptions.defaults());
        assertTrue(result.success(), result::error);
      }
      double exportSeconds = (System.nanoTime() - t0) / 1e9;
      StringBuilder out = new StringBuilder("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n");
      for (RecordKind kind : RecordKind.values()) {
        PgTable<?> table = PgTable.of(kind);
        out.append("\\copy (").append(table.selectAll(theirs)).append(") TO '")
            .append(dir.resolve(table.table + ".out")).append("'\n");
      }
      out.append("COMMIT;\n");
      double copyOutSeconds = psql(pg, dir, out.toString());
      dropSchemas(pg, ours, theirs);

      double[] r = {memorySeconds, importSeconds, copyInSeconds, exportSeconds, copyOutSeconds,
          memoryExportSeconds};
      results.add(r);
      log("run %d: import memory: %.2f s, postgresql %.2f s, psql \\copy %.2f s (ratio %.2f);"
          + " export memory: %.2f s, postgresql %.2f s, psql \\copy TO %.2f s (ratio %.2f);"
          + " load average %s", run, r[0], r[1], r[2], r[1] / r[2], r[5], r[3], r[4],
          r[3] / r[4], loadAverage());
    }
    log("medians of %d runs: import into memory: %.2f s; import %.2f s, psql \\copy %.2f s,"
        + " ratio %.2f; export from memory: %.2f s; export %.2f s, psql \\copy TO %.2f s,"
        + " ratio %.2f", runs, median(results, r -> r[0]), median(results, r -> r[1]),
        median(results, r -> r[2]), median(results, r -> r[1] / r[2]),
        median(results, r -> r[5]), median(results, r -> r[3]), median(results, r -> r[4]),
        median(results, r -> r[3] / r[4]));
    BackendTargetCleanup.deleteTree(dir);
  }

  private static double median(List<double[]> results, ToDoubleFunction<double[]> f) {
    double[] v = results.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String loadAverage() throws IOException {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  private static void dropSchemas(TestPostgres pg, String... schemas) throws Exception {
    try (java.sql.Connection c = pg.connect(); java.sql.Statement st = c.createStatement()) {
      for (String schema : schemas) {
        st.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static double psql(TestPostgres pg, Path dir, String script) throws Exception {
    Path file = dir.resolve("script.sql");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-h", "127.0.0.1", "-p", Integer.toString(pg.port()), "-U", "postgres", "-d", "postgres",
        "-f", file.toString()).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", pg.password());
    long t0 = System.nanoTime();
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(exit == 0, () -> "psql failed: " + output);
    return seconds;
  }

  /** Realistic sizes: per memory 3 relations-ish, documents and chunks, some pending. */
  static Map<RecordKind, List<TransferRecord>> generate(int memories, Random random) {
    Map<RecordKind, List<TransferRecord>> rows = new EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      rows.put(kind, new ArrayList<>());
    }
    long now = 1_760_000_000L;
    for (int i = 0; i < memories; i++) {
      rows.get(RecordKind.MEMORY).add(Memory.builder(id("mem", i), "decision",
              "Decision " + i + " about the storage layer", text(random, 600))
          .summary(text(random, 80)).tags(List.of("db", "team-" + (i % 7)))
          .relatedFiles(List.of("src/db/" + i + ".ts")).createdAt(now - i)
          .accessedAt(now - random.nextInt(1_000_000)).accessCount(random.nextInt(50))
          .build());
    }
    int documents = Math.max(1, memories / 10);
    for (int i = 0; i < documents; i++) {
      rows.get(RecordKind.DOCUMENT).add(new Document(id("doc", i), "Doc " + i,
          text(random, 2000), "sha" + i, now - i, now));
      for (int c = 0; c < 3; c++) {
        rows.get(RecordKind.CHUNK).add(new Chunk(id("chk", i * 3 + c), id("doc", i),
            text(random, 600), "q" + i + "_" + c, (long) c * 600, (long) c * 600 + 600));
      }
    }
    for (int i = 0; i < memories / 2; i++) {
      rows.get(RecordKind.MEMORY_RELATION).add(new MemoryRelation(id("rel", i),
          id("mem", i), id("mem", (i + 1) % memories), "references", 0.5,
          "{\"why\":\"bench\"}", now * 1000 - i));
    }
    for (int i = 0; i < memories / 5; i++) {
      rows.get(RecordKind.CROSS_LAYER_RELATION).add(new CrossLayerRelation(id("clr", i),
          id("mem", i), "src/db/" + i + ".ts:function:open", "addresses", "memory_to_code",
          0.9, null, now - i));
    }
    for (int i = 0; i < memories / 20; i++) {
      rows.get(RecordKind.PENDING_MEMORY).add(new PendingMemory(id("pnd", i),
          "{\"id\":\"mem_p" + i + "\",\"qdrantId\":\"q" + i + "\",\"title\":\"t\"}", now - i,
          "user_store", "looks useful"));
    }
    return rows;
  }

  private static String id(String prefix, int i) {
    return String.format(Locale.ROOT, "%s_%08d", prefix, i);
  }

  private static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    String words = "the team decided to keep sqlite for local memories and postgres for shared";
    while (s.length() < length) {
      int from = random.nextInt(words.length() - 10);
      s.append(words, from, from + 10).append(random.nextInt(10) == 0 ? "\n" : " ");
    }
    return s.toString();
  }

  private static void log(String format, Object... args) {
    System.err.println("BENCH " + String.format(Locale.ROOT, format, args));
  }

  /** Deletes the bench's scratch files. */
  private static final class BackendTargetCleanup {
    static void deleteTree(Path dir) throws IOException {
      try (var walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
