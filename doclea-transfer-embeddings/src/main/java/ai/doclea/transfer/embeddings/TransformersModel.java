package ai.doclea.transfer.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.TransferException;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-family feature-extraction network and its tokenizer, loaded from a model's files in the
 * cache: an ONNX Runtime session plus a Hugging Face tokenizer. Turns token sequences into
 * mean-pooled (over the attention mask), L2-normalised vectors, as Transformers.js's {@code
 * feature-extraction} pipeline does with {@code pooling: "mean", normalize: true}. Thread-safe:
 * ONNX Runtime sessions and the tokenizer may be used from several threads at once. Not for use
 * after {@link #close()}.
 */
final class TransformersModel implements AutoCloseable {

  /** Transformers.js takes the first of these outputs the network has, in this order. */
  private static final List<String> OUTPUTS =
      List.of("last_hidden_state", "logits", "token_embeddings");

  private final ModelFiles files;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean takesTokenTypeIds;
  private final String output;
  private final int hiddenSize;
  private final int window;

  private TransformersModel(ModelFiles files, OrtEnvironment environment, OrtSession session,
      HuggingFaceTokenizer tokenizer, int window) throws OrtException {
    this.files = files;
    this.environment = environment;
    this.session = session;
    this.tokenizer = tokenizer;
    this.window = window;
    Set<String> inputs = session.getInputNames();
    if (!inputs.containsAll(List.of("input_ids", "attention_mask"))) {
      throw new ConfigurationException(files.network() + " takes inputs " + inputs
          + ", not input_ids and attention_mask: not a BERT-family feature-extraction model,"
          + " which is all this provider runs.");
    }
    this.takesTokenTypeIds = inputs.contains("token_type_ids");
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    this.output = OUTPUTS.stream().filter(outputs::containsKey).findFirst()
        .orElseThrow(() -> new ConfigurationException(files.network() + " has outputs "
            + outputs.keySet() + " and none of " + OUTPUTS
            + ", which Transformers.js's feature-extraction pipeline pools."));
    NodeInfo info = outputs.get(output);
    long[] shape = info.getInfo() instanceof TensorInfo
        ? ((TensorInfo) info.getInfo()).getShape() : new long[0];
    long configured = ModelFiles.longValue(files.config(), "hidden_size", -1);
    long hidden = shape.length == 3 && shape[2] > 0 ? shape[2] : configured;
    if (shape.length != 3 || hidden < 1 || hidden > 65_536) {
      throw new ConfigurationException(files.network() + " has output " + output + " of shape "
          + Arrays.toString(shape) + ", not [batch, tokens, hidden]: not a feature-extraction"
          + " model this provider can pool.");
    }
    this.hiddenSize = (int) hidden;
  }

  /**
   * Loads the network and tokenizer.
   *
   * @param files the model's files, from {@link ModelFiles#locate}
   * @param maxTokens a smaller window than the model's, or 0 for the model's own
   * @param intraOpThreads ONNX Runtime threads inside one inference call
   * @return the loaded model; the caller closes it
   * @throws ConfigurationException when a file cannot be loaded or ONNX Runtime cannot start
   */
  static TransformersModel load(ModelFiles files, int maxTokens, int intraOpThreads) {
    int window = window(files);
    if (maxTokens > 0) {
      window = Math.min(window, maxTokens);
    }
    HuggingFaceTokenizer tokenizer = loadTokenizer(files);
    OrtSession session = null;
    try {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // Idle ONNX Runtime threads would otherwise spin and burn CPU between calls.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        // Loaded from its path, so that external weights (model.onnx_data) are found beside it.
        session = environment.createSession(files.network().toString(), options);
      }
      return new TransformersModel(files, environment, session, tokenizer, window);
    } catch (ConfigurationException e) {
      tokenizer.close();
      closeQuietly(session, e);
      throw e;
    } catch (OrtException | RuntimeException | LinkageError e) {
      tokenizer.close();
      closeQuietly(session, e);
      throw new ConfigurationException("Cannot load " + files.network() + " with ONNX Runtime on "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": "
          + e.getMessage() + ". If the file is damaged, delete " + files.directory()
          + " and start Doclea once to download it again.", e);
    }
  }

  /**
   * The model's token window, [CLS] and [SEP] included: {@code model_max_length} of {@code
   * tokenizer_config.json} (which is what Transformers.js truncates at), bounded by {@code
   * max_position_embeddings} of {@code config.json} (past which the network has no position
   * embedding). Either may be missing; with neither there is no limit.
   */
  static int window(ModelFiles files) {
    long modelMax = ModelFiles.longValue(files.tokenizerConfig(), "model_max_length",
        Long.MAX_VALUE);
    long positions = ModelFiles.longValue(files.config(), "max_position_embeddings",
        Long.MAX_VALUE);
    long window = Math.min(modelMax, positions);
    if (window < 2) {
      throw new ConfigurationException(files.directory() + ": model_max_length "
          + (modelMax == Long.MAX_VALUE ? "(none)" : modelMax) + " and max_position_embeddings "
          + (positions == Long.MAX_VALUE ? "(none)" : positions)
          + " leave a token window of less than 2 tokens.");
    }
    return (int) Math.min(window, Integer.MAX_VALUE);
  }

  private static HuggingFaceTokenizer loadTokenizer(ModelFiles files) {
    pinCpuTokenizerLibrary();
    // Transformers.js ignores the "truncation" and "padding" entries of tokenizer.json (it
    // truncates at model_max_length and pads per batch), so they are switched off here too:
    // truncation is done on the ids (see tokenize), and nothing is ever padded.
    Map<String, String> options = new HashMap<>();
    options.put("addSpecialTokens", "true");
    options.put("truncation", "false");
    options.put("padding", "false");
    try (InputStream in = Files.newInputStream(files.tokenizer())) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new ConfigurationException("Cannot load the tokenizer " + files.tokenizer() + " on "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * DJL picks its tokenizer's native library by "flavor": on a machine where it detects CUDA it
   * wants a CUDA build, which its jar does not contain, and downloads one. The tokenizer gains
   * nothing from a GPU, and this provider must never download, so unless the user chose a flavor
   * ({@code RUST_FLAVOR}, environment or system property) the CPU build inside the jar is pinned.
   */
  private static void pinCpuTokenizerLibrary() {
    if (System.getenv("RUST_FLAVOR") == null && System.getProperty("RUST_FLAVOR") == null) {
      System.setProperty("RUST_FLAVOR", "cpu");
    }
  }

  /**
   * The token window, [CLS] and [SEP] included.
   *
   * @return the maximum number of token ids {@link #tokenize} returns for one text
   */
  int window() {
    return window;
  }

  /**
   * The length of the network's token vectors, and so of a pooled vector.
   *
   * @return the hidden size
   */
  int hiddenSize() {
    return hiddenSize;
  }

  /**
   * The model's files.
   *
   * @return the files this model was loaded from
   */
  ModelFiles files() {
    return files;
  }

  /**
   * Tokenizes texts as the tokenizer's post-processor says (for BERT: [CLS], the WordPiece
   * tokens, [SEP]), then keeps the first {@link #window()} ids. This is how Transformers.js
   * truncates: a text past the window loses its tail and its [SEP] alike.
   *
   * @param texts the texts, no null elements
   * @return one id array per text, in order, each at most {@link #window()} long
   */
  long[][] tokenize(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    long[][] ids = new long[encodings.length][];
    for (int i = 0; i < encodings.length; i++) {
      long[] all = encodings[i].getIds();
      ids[i] = all.length > window ? Arrays.copyOf(all, window) : all;
    }
    return ids;
  }

  /**
   * Runs the network over one token sequence, unpadded (attention mask all ones), and returns
   * the sum of its token vectors in double precision: Transformers.js's mean pooling before its
   * division, which {@link #normalise} cancels. One sequence per call, so a text's vector never
   * depends on which other texts share its batch, and no work is spent on padding (padded
   * batches, even of length-sorted texts, measured slower on CPU).
   *
   * @param ids token ids from {@link #tokenize}, at least one
   * @return {@link #hiddenSize()} sums
   * @throws TransferException when ONNX Runtime fails
   */
  double[] pooledSum(long[] ids) {
    long[] shape = {1, ids.length};
    long[] mask = new long[ids.length];
    Arrays.fill(mask, 1L);
    try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor typesTensor = takesTokenTypeIds ? OnnxTensor.createTensor(environment,
            LongBuffer.wrap(new long[ids.length]), shape) : null) {
      Map<String, OnnxTensor> inputs = new HashMap<>(4);
      inputs.put("input_ids", idsTensor);
      inputs.put("attention_mask", maskTensor);
      if (typesTensor != null) {
        inputs.put("token_type_ids", typesTensor);
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
        FloatBuffer states = ((OnnxTensor) result.get(0)).getFloatBuffer();
        double[] sum = new double[hiddenSize];
        float[] row = new float[hiddenSize];
        for (int t = 0; t < ids.length; t++) {
          states.get(row);
          for (int d = 0; d < hiddenSize; d++) {
            sum[d] += row[d];
          }
        }
        return sum;
      }
    } catch (OrtException e) {
      throw new TransferException(files.directory().getFileName() + " inference failed for a"
          + " text of " + ids.length + " tokens: " + e.getMessage(), e);
    }
  }

  /**
   * Scales the first {@code dimensions} components of a vector to unit length. Applied to the
   * sum of the token vectors it gives the normalised mean (the token count cancels out), and
   * with {@code dimensions} below the vector's length it gives Doclea's Matryoshka truncation
   * (slice, then re-normalise) of that. Scaled by the largest component first, so tiny or huge
   * components neither underflow nor overflow; a zero vector stays zero.
   *
   * @param sum the vector
   * @param dimensions how many leading components to keep, 1 to {@code sum.length}
   * @return a new float vector of Euclidean length 1 in the direction of those components
   */
  static float[] normalise(double[] sum, int dimensions) {
    double largest = 0;
    for (int d = 0; d < dimensions; d++) {
      largest = Math.max(largest, Math.abs(sum[d]));
    }
    float[] vector = new float[dimensions];
    if (largest == 0) {
      return vector;
    }
    double squares = 0;
    for (int d = 0; d < dimensions; d++) {
      double s = sum[d] / largest;
      squares += s * s;
    }
    double norm = Math.sqrt(squares);
    for (int d = 0; d < dimensions; d++) {
      vector[d] = (float) (sum[d] / largest / norm);
    }
    return vector;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new TransferException("Cannot close the ONNX Runtime session of "
          + files.network() + ": " + e.getMessage(), e);
    } finally {
      tokenizer.close();
    }
  }

  private static void closeQuietly(OrtSession session, Throwable failure) {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
