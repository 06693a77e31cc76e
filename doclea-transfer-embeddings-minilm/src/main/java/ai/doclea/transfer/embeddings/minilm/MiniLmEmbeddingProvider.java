package ai.doclea.transfer.embeddings.minilm;

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
 * all-MiniLM-L6-v2 running in-process on ONNX Runtime: provider {@code transformers}, model
 * {@code all-MiniLM-L6-v2}, 384 dimensions, mean pooling, L2-normalised.
 *
 * <p>Long texts are truncated, not chunked: each text is tokenized as [CLS], its WordPiece
 * tokens, [SEP], and only the first {@link MiniLmOptions#maxTokens()} ids (512 by default, the
 * model's window) go through the model; the rest of the text does not contribute, and a truncated
 * text loses its [SEP] too. This is exactly what Transformers.js's {@code feature-extraction}
 * pipeline does, and so Doclea's own {@code transformers} provider: vectors made here match
 * Doclea's for the same text (within 1e-6, long texts included), so reembedded memories and the
 * memories and queries Doclea embeds later are comparable. Chunk-and-average would have given
 * long texts vectors Doclea never produces.
 *
 * <p>A batch's texts are embedded one sequence per inference call (no padding, so a vector never
 * depends on its neighbours in the batch), spread over {@link MiniLmOptions#threads()} threads that
 * share one ONNX Runtime session with one intra-op thread each; on two cores that measured faster
 * than padded batches or multi-threaded single calls.
 *
 * <p>Thread-safe for {@link #embed}; {@link #close()} must not run while an {@code embed} does.
 */
final class MiniLmEmbeddingProvider implements EmbeddingProvider {
  private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbeddingProvider.class);
  private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

  private final MiniLmModel model;
  private final MiniLmOptions options;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();

  MiniLmEmbeddingProvider(MiniLmOptions options, ClassLoader loader) {
    this.options = Objects.requireNonNull(options, "options");
    long start = System.nanoTime();
    this.model = MiniLmModel.load(loader, 1, options.maxTokens());
    this.workers = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(),
        daemonThreads("doclea-minilm-" + POOL_COUNTER.incrementAndGet() + "-")) : null;
    LOG.debug("Loaded all-MiniLM-L6-v2 in {} ms ({} threads, {}-token window)",
        (System.nanoTime() - start) / 1_000_000, options.threads(), options.maxTokens());
  }

  @Override
  public String providerName() {
    return MiniLmEmbeddingProviderFactory.NAME;
  }

  @Override
  public String modelName() {
    return MiniLmEmbeddingProviderFactory.MODEL;
  }

  @Override
  public int dimensions() {
    return MiniLmModel.DIMENSIONS;
  }

  /**
   * The options this provider runs with.
   *
   * @return the options
   */
  MiniLmOptions options() {
    return options;
  }

  /**
   * How many tokens of a text the model sees: [CLS], its WordPiece tokens and [SEP], cut to
   * the window.
   *
   * @param text the text, not null
   * @return the token count after truncation
   */
  int tokenCount(String text) {
    return model.tokenize(List.of(text))[0].length;
  }

  /**
   * Embeds a batch of texts. A text longer than the token window is truncated to its first
   * window of tokens (see the class documentation); an empty text gets the vector of
   * [CLS][SEP].
   *
   * @param texts the texts, not null, no null elements
   * @return one unit-length 384-float vector per text, in order
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
      throw new IllegalStateException("This all-MiniLM-L6-v2 embedding provider is closed");
    }
    if (texts.isEmpty()) {
      return List.of();
    }
    long[][] ids = model.tokenize(texts);
    float[][] vectors = new float[ids.length][];
    if (workers == null || ids.length == 1) {
      for (int i = 0; i < ids.length; i++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new TransferCancelledException("Embedding a batch of " + ids.length
              + " texts was interrupted after " + i + " of them");
        }
        vectors[i] = model.embed(ids[i]);
      }
    } else {
      embedInParallel(ids, vectors);
    }
    return Arrays.asList(vectors);
  }

  /** Longest first, so the threads finish together; each takes the next text when free. */
  private void embedInParallel(long[][] ids, float[][] vectors) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> ids[i].length).reversed());
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    int tasks = Math.min(options.threads(), ids.length);
    List<Future<?>> futures = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      futures.add(workers.submit(() -> {
        for (int k = next.getAndIncrement(); k < order.length && !stop.get();
            k = next.getAndIncrement()) {
          int index = order[k];
          vectors[index] = model.embed(ids[index]);
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
      throw new TransferCancelledException("Embedding a batch of " + ids.length
          + " texts was interrupted after " + Math.min(next.get(), ids.length) + " had started");
    } catch (ExecutionException e) {
      stop.set(true);
      Throwable cause = e.getCause();
      if (cause instanceof TransferException) {
        throw (TransferException) cause;
      }
      throw new TransferException("Embedding a batch of " + ids.length
          + " texts with all-MiniLM-L6-v2 failed: " + cause, cause);
    } catch (CancellationException e) {
      stop.set(true);
      throw new TransferCancelledException("Embedding a batch of " + ids.length
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
          LOG.warn("all-MiniLM-L6-v2 worker threads still running 30 s after close()");
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
    return "transformers/all-MiniLM-L6-v2 (" + options.threads() + " threads, "
        + options.maxTokens() + "-token window" + (closed.get() ? ", closed" : "") + ")";
  }
}
