package ai.doclea.transfer.embeddings;

import ai.doclea.transfer.api.TransferCancelledException;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.EmbeddingProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Doclea's {@code transformers} provider: a BERT-family model from Doclea's model cache running
 * in-process on ONNX Runtime, mean pooling over the attention mask, L2-normalised, then
 * optionally truncated to {@code dimensions} and re-normalised, as Doclea does with
 * Transformers.js 3.8.1.
 *
 * <p>Long texts are truncated, not chunked: each text is tokenized ([CLS], its tokens, [SEP] for
 * BERT) and only the first window of ids goes through the model ({@code model_max_length}, bounded
 * by {@code max_position_embeddings}); the rest of the text does not contribute, and a truncated
 * text loses its [SEP] too. This is what Transformers.js's {@code feature-extraction} pipeline
 * does, and so Doclea.
 *
 * <p>A batch is tokenized at once, sorted by token count, and cut into micro-batches of similar
 * lengths, each padded only to its own longest text and run in one inference call; {@code threads}
 * calls run at once. Padding is masked, so a text's vector does not depend on its neighbours
 * beyond the last bits of float arithmetic (cosine above 0.99999 with the text embedded alone).
 *
 * <p>Thread-safe for {@link #embed}; {@link #close()} must not run while an {@code embed} does.
 */
final class TransformersEmbeddingProvider implements EmbeddingProvider {
  private static final Logger LOG = LoggerFactory.getLogger(TransformersEmbeddingProvider.class);
  private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

  /** At most this many padded token positions per inference call. */
  static final int MICRO_BATCH_TOKENS = 2048;

  /** At most this many texts per inference call. */
  static final int MICRO_BATCH_TEXTS = 16;

  private final TransformersOptions options;
  private final TransformersModel model;
  private final int dimensions;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();

  TransformersEmbeddingProvider(TransformersOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    long start = System.nanoTime();
    ModelFiles files = ModelFiles.locate(options);
    this.model = TransformersModel.load(files, options.maxTokens(), intraOpThreads(options));
    this.dimensions = options.dimensions() == 0
        ? model.hiddenSize() : Math.min(options.dimensions(), model.hiddenSize());
    this.workers = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(),
        daemonThreads("doclea-embed-" + POOL_COUNTER.incrementAndGet() + "-")) : null;
    LOG.debug("Loaded {} from {} in {} ms ({} threads, {}-token window, {} dimensions)",
        options.model(), files.network(), (System.nanoTime() - start) / 1_000_000,
        options.threads(), model.window(), dimensions);
  }

  private static int intraOpThreads(TransformersOptions options) {
    return Integer.getInteger("doclea.embed.intraOp", options.threads());
  }

  @Override
  public String providerName() {
    return TransformersEmbeddingProviderFactory.NAME;
  }

  /**
   * The model name as configured (a Doclea known name or a Hugging Face id), which Doclea writes
   * to {@code metadata.embeddingModel}.
   *
   * @return for example {@code mxbai-embed-xsmall-v1}
   */
  @Override
  public String modelName() {
    return options.model();
  }

  /**
   * The length of every vector: the model's hidden size, or {@code dimensions} when that option
   * is smaller.
   *
   * @return the dimensions
   */
  @Override
  public int dimensions() {
    return dimensions;
  }

  /**
   * The options this provider runs with.
   *
   * @return the options
   */
  TransformersOptions options() {
    return options;
  }

  /**
   * The token window.
   *
   * @return the most token ids of a text the model sees
   */
  int window() {
    return model.window();
  }

  /**
   * How many tokens of a text the model sees, special tokens included, after truncation.
   *
   * @param text the text, not null
   * @return the token count
   */
  int tokenCount(String text) {
    return model.tokenize(List.of(text))[0].length;
  }

  /**
   * Embeds a batch of texts. A text longer than the token window is truncated to its first
   * window of tokens (see the class documentation); an empty text gets the vector of its special
   * tokens.
   *
   * @param texts the texts, not null, no null elements
   * @return one unit-length vector of {@link #dimensions()} floats per text, in order
   * @throws NullPointerException when {@code texts} or one of its elements is null
   * @throws IllegalStateException after {@link #close()}
   * @throws TransferCancelledException when the calling thread is interrupted (its interrupt flag
   *     stays set)
   * @throws TransferException when inference fails
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new NullPointerException("texts[" + i + "] is null; every text must be a string");
      }
    }
    if (closed.get()) {
      throw new IllegalStateException("This " + this + " embedding provider is closed");
    }
    if (texts.isEmpty()) {
      return List.of();
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new TransferCancelledException("Embedding a batch of " + texts.size()
          + " texts was interrupted before it started");
    }
    long[][] unsorted = model.tokenize(texts);
    // Longest first: similar lengths share a micro-batch (little padding), and the threads
    // finish together.
    Integer[] order = new Integer[unsorted.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> unsorted[i].length).reversed());
    long[][] sorted = new long[order.length][];
    for (int k = 0; k < order.length; k++) {
      sorted[k] = unsorted[order[k]];
    }
    int[] bounds = microBatches(sorted);
    float[][] vectors = new float[sorted.length][];
    if (workers == null || bounds.length <= 2) {
      for (int b = 0; b + 1 < bounds.length; b++) {
        if (b > 0 && Thread.currentThread().isInterrupted()) {
          throw new TransferCancelledException("Embedding a batch of " + sorted.length
              + " texts was interrupted after " + bounds[b] + " of them");
        }
        run(sorted, bounds[b], bounds[b + 1], order, vectors);
      }
    } else {
      runInParallel(sorted, bounds, order, vectors);
    }
    return Arrays.asList(vectors);
  }

  /**
   * Cuts length-sorted sequences into micro-batches: consecutive runs of at most {@link
   * #MICRO_BATCH_TEXTS} texts whose padded size stays within {@link #MICRO_BATCH_TOKENS} (a text
   * longer than that runs alone).
   *
   * @param sorted token ids, longest first
   * @return the boundaries: micro-batch {@code b} is {@code [bounds[b], bounds[b + 1])}
   */
  static int[] microBatches(long[][] sorted) {
    List<Integer> bounds = new ArrayList<>();
    bounds.add(0);
    int start = 0;
    for (int i = 1; i <= sorted.length; i++) {
      boolean full = i == sorted.length || i - start >= MICRO_BATCH_TEXTS
          || (long) sorted[start].length * (i - start + 1) > MICRO_BATCH_TOKENS;
      if (full) {
        bounds.add(i);
        start = i;
      }
    }
    return bounds.stream().mapToInt(Integer::intValue).toArray();
  }

  private void run(long[][] sorted, int from, int to, Integer[] order, float[][] vectors) {
    double[][] sums = model.pooledSums(sorted, from, to);
    for (int k = from; k < to; k++) {
      vectors[order[k]] = TransformersModel.normalise(sums[k - from], dimensions);
    }
  }

  /** Each thread takes the next micro-batch when free. */
  private void runInParallel(long[][] sorted, int[] bounds, Integer[] order, float[][] vectors) {
    int batches = bounds.length - 1;
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    int tasks = Math.min(options.threads(), batches);
    List<Future<?>> futures = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      futures.add(workers.submit(() -> {
        for (int b = next.getAndIncrement(); b < batches && !stop.get();
            b = next.getAndIncrement()) {
          run(sorted, bounds[b], bounds[b + 1], order, vectors);
        }
      }));
    }
    try {
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      stop.set(true);
      futures.forEach(f -> f.cancel(false));
      Thread.currentThread().interrupt();
      throw new TransferCancelledException("Embedding a batch of " + sorted.length
          + " texts was interrupted");
    } catch (ExecutionException e) {
      stop.set(true);
      Throwable cause = e.getCause();
      if (cause instanceof TransferException) {
        throw (TransferException) cause;
      }
      throw new TransferException("Embedding a batch of " + sorted.length + " texts with "
          + options.model() + " failed: " + cause, cause);
    } catch (CancellationException e) {
      stop.set(true);
      throw new TransferCancelledException("Embedding a batch of " + sorted.length
          + " texts was cancelled");
    }
  }

  /**
   * Stops the worker threads and releases the ONNX Runtime session and the tokenizer. Calling it
   * again does nothing.
   *
   * @throws TransferException when ONNX Runtime fails to release the session
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (workers != null) {
      workers.shutdownNow();
      try {
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("{} embedding threads still running 30 s after close()", options.model());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    model.close();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public String toString() {
    return "transformers/" + options.model() + " (" + dimensions + " dimensions, "
        + options.threads() + " threads, " + model.window() + "-token window"
        + (closed.get() ? ", closed" : "") + ")";
  }
}
