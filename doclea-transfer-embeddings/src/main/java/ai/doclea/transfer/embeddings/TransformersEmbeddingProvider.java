package ai.doclea.transfer.embeddings;

import ai.doclea.transfer.api.ConfigurationException;
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
 * <p>A batch is tokenized at once (the tokenizer's native code spreads it over the cores), then
 * each text runs through the network alone, unpadded, longest first, on {@code threads} worker
 * threads that share one ONNX Runtime session with one intra-op thread each. A text's vector
 * therefore never depends on the other texts of its batch. Padded batches of length-sorted texts
 * and intra-op threads were measured and cost more CPU per text: see {@code docs/embeddings.md}.
 * A batch of one text uses one core; an import embeds in batches (32 by default).
 *
 * <p>Thread-safe for {@link #embed}; {@link #close()} must not run while an {@code embed} does.
 */
final class TransformersEmbeddingProvider implements EmbeddingProvider {
  private static final Logger LOG = LoggerFactory.getLogger(TransformersEmbeddingProvider.class);
  private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

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
    if (options.dimensions() > model.hiddenSize()) {
      int produced = model.hiddenSize();
      model.close();
      // Doclea would announce the larger size (and size its vector table by it) yet store
      // vectors of the model's own length; refuse instead of writing vectors of the wrong size.
      throw new ConfigurationException("Embedding provider 'transformers': option '"
          + TransformersEmbeddingProviderFactory.DIMENSIONS + "' (embedding.dimensions) is "
          + options.dimensions() + ", but the model '" + options.model() + "' makes vectors of "
          + produced + " dimensions, and truncation can only shorten them. Set it to at most "
          + produced + " or remove it.");
    }
    this.dimensions = options.dimensions() == 0 ? model.hiddenSize() : options.dimensions();
    this.workers = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(),
        daemonThreads("doclea-embed-" + POOL_COUNTER.incrementAndGet() + "-")) : null;
    LOG.debug("Loaded {} from {} in {} ms ({} threads, {}-token window, {} dimensions)",
        options.model(), files.network(), (System.nanoTime() - start) / 1_000_000,
        options.threads(), model.window(), dimensions);
  }

  private static int intraOpThreads(TransformersOptions options) {
    // Measured: two texts on two threads with one intra-op thread each cost about 12 % less CPU
    // per text than the same with a two-thread intra-op pool (docs/embeddings.md).
    return 1;
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
    long[][] ids = model.tokenize(texts);
    // Longest first, so that the threads finish together; each takes the next text when free.
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> ids[i].length).reversed());
    float[][] vectors = new float[ids.length][];
    if (workers == null || ids.length == 1) {
      for (int k = 0; k < order.length; k++) {
        if (k > 0 && Thread.currentThread().isInterrupted()) {
          throw new TransferCancelledException("Embedding a batch of " + ids.length
              + " texts was interrupted after " + k + " of them");
        }
        vectors[order[k]] = embedOne(ids[order[k]]);
      }
    } else {
      embedInParallel(ids, order, vectors);
    }
    return Arrays.asList(vectors);
  }

  private float[] embedOne(long[] ids) {
    return TransformersModel.normalise(model.pooledSum(ids), dimensions);
  }

  private void embedInParallel(long[][] ids, Integer[] order, float[][] vectors) {
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    int tasks = Math.min(options.threads(), ids.length);
    List<Future<?>> futures = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      futures.add(workers.submit(() -> {
        for (int k = next.getAndIncrement(); k < order.length && !stop.get();
            k = next.getAndIncrement()) {
          vectors[order[k]] = embedOne(ids[order[k]]);
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
      throw new TransferException("Embedding a batch of " + ids.length + " texts with "
          + options.model() + " failed: " + cause, cause);
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
