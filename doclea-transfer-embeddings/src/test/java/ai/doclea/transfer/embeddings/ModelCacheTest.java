package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.spi.EmbeddingProvider;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the provider looks for a model, what it reads there, and how it refuses. */
class ModelCacheTest {

  @TempDir Path cache;

  @Test
  void modelNotInTheCacheNamesTheModelTheDirectoryAndHowToGetIt() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Providers.embeddingProvider("transformers", Map.of("cacheDir", cache.toString())));
    Path dir = cache.toAbsolutePath().resolve("mixedbread-ai/mxbai-embed-xsmall-v1");
    assertEquals("Embedding model 'mxbai-embed-xsmall-v1' (Hugging Face id"
        + " mixedbread-ai/mxbai-embed-xsmall-v1) is not in the model cache " + cache
        + ": there is no directory " + dir + ". doclea-transfer never downloads models. To get"
        + " it, start Doclea once in a project configured with this model (Doclea downloads it"
        + " into its cache, by default " + TransformersEmbeddingProviderFactory.defaultCacheDir()
        + "), or point to a cache that holds it with --model-cache DIR (library: the 'cacheDir'"
        + " option).", e.getMessage());
  }

  @Test
  void halfDownloadedModelListsTheMissingFiles() throws IOException {
    Path dir = Files.createDirectories(cache.resolve("org/model"));
    Files.writeString(dir.resolve("config.json"), "{}");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelFiles.locate(options("org/model")));
    assertTrue(e.getMessage().startsWith("Embedding model 'org/model' is not in the model cache "
        + cache + ": " + dir.toAbsolutePath() + " lacks tokenizer.json, tokenizer_config.json,"
        + " onnx/model.onnx."), e.getMessage());
  }

  @Test
  void theFp32NetworkIsOnnxModelOnnxUnlessTheConfigAsksForAnotherPrecision() throws IOException {
    layOut("org/plain", "{\"model_type\": \"bert\"}", "model.onnx");
    assertEquals(cache.toAbsolutePath().resolve("org/plain/onnx/model.onnx"),
        ModelFiles.locate(options("org/plain")).network());

    layOut("org/q8", "{\"transformers.js_config\": {\"dtype\": \"q8\"}}",
        "model_quantized.onnx");
    assertEquals(cache.toAbsolutePath().resolve("org/q8/onnx/model_quantized.onnx"),
        ModelFiles.locate(options("org/q8")).network());

    layOut("org/per-file", "{\"transformers.js_config\": {\"dtype\": {\"model\": \"fp16\"},"
        + " \"device_config\": {\"cpu\": {\"dtype\": \"auto\"}}}}", "model.onnx");
    assertEquals(cache.toAbsolutePath().resolve("org/per-file/onnx/model.onnx"),
        ModelFiles.locate(options("org/per-file")).network(), "device_config.cpu wins");

    layOut("org/q4-missing", "{\"transformers.js_config\": {\"dtype\": \"q4\"}}", "model.onnx");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelFiles.locate(options("org/q4-missing")));
    assertTrue(e.getMessage().contains("lacks onnx/model_q4.onnx."), e.getMessage());
  }

  @Test
  void unknownPrecisionIsRefusedNamingTheFile() throws IOException {
    layOut("org/odd", "{\"transformers.js_config\": {\"dtype\": \"fp8\"}}", "model.onnx");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelFiles.locate(options("org/odd")));
    assertTrue(e.getMessage().contains("org/odd/config.json: transformers.js_config.dtype is"
        + " 'fp8'"), e.getMessage());
  }

  @Test
  void damagedConfigIsRefusedNamingTheFileAndTheRemedy() throws IOException {
    layOut("org/broken", "{\"model_type\": ", "model.onnx");
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ModelFiles.locate(options("org/broken")));
    assertTrue(e.getMessage().startsWith("Cannot read "
        + cache.toAbsolutePath().resolve("org/broken/config.json")), e.getMessage());
    assertTrue(e.getMessage().contains("start Doclea once to download it again"), e.getMessage());
  }

  @Test
  void anIdThatLeavesTheCacheIsRefused() {
    for (String id : List.of("../outside", "org/../../outside", "/etc/model")) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> ModelFiles.locate(options(id)), id);
      assertTrue(e.getMessage().contains("is not a valid Hugging Face id"), e.getMessage());
    }
  }

  @Test
  void windowIsModelMaxLengthBoundedByMaxPositionEmbeddings() throws IOException {
    assertEquals(512, window("{\"max_position_embeddings\": 512}",
        "{\"model_max_length\": 1000000000000000019884624838656}"));
    assertEquals(512, window("{\"max_position_embeddings\": 512}", "{}"));
    assertEquals(4096, window("{\"max_position_embeddings\": 4096}",
        "{\"model_max_length\": 4096}"));
    assertEquals(256, window("{\"max_position_embeddings\": 512}",
        "{\"model_max_length\": 256}"));
    assertEquals(Integer.MAX_VALUE, window("{}", "{}"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> window("{\"max_position_embeddings\": 1}", "{}"));
    assertTrue(e.getMessage().contains("less than 2 tokens"), e.getMessage());
  }

  @Test
  void dimensionsAboveTheModelsAreRefusedNamingBothSizes() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Providers.embeddingProvider("transformers",
            ReferenceCache.options("all-MiniLM-L6-v2", "threads", "1", "dimensions", "768")));
    assertEquals("Embedding provider 'transformers': option 'dimensions' (embedding.dimensions)"
        + " is 768, but the model 'all-MiniLM-L6-v2' makes vectors of 384 dimensions, and"
        + " truncation can only shorten them. Set it to at most 384 or remove it.",
        e.getMessage());
  }

  @Test
  void dimensionsEqualToTheModelsChangeNothing() {
    try (EmbeddingProvider provider = Providers.embeddingProvider("transformers",
        ReferenceCache.options("all-MiniLM-L6-v2", "threads", "1", "dimensions", "384"))) {
      assertEquals(384, provider.dimensions());
      assertEquals(384, provider.embed(List.of("dimensions")).get(0).length);
      assertEquals("all-MiniLM-L6-v2", provider.modelName());
      assertEquals("transformers", provider.providerName());
    }
  }

  @Test
  void aHuggingFaceIdIsFoundAndIsTheModelName() {
    try (EmbeddingProvider provider = Providers.embeddingProvider("transformers",
        ReferenceCache.options("Xenova/all-MiniLM-L6-v2", "threads", "1", "dimensions", "64"))) {
      assertEquals("Xenova/all-MiniLM-L6-v2", provider.modelName());
      assertEquals(64, provider.dimensions());
      float[] v = provider.embed(List.of("a Hugging Face id")).get(0);
      assertEquals(64, v.length);
    }
  }

  private int window(String config, String tokenizerConfig) {
    return TransformersModel.window(new ModelFiles(cache, cache, cache,
        JsonParser.parseString(config).getAsJsonObject(),
        JsonParser.parseString(tokenizerConfig).getAsJsonObject()));
  }

  private TransformersOptions options(String model) {
    return TransformersOptions.parse(Map.of("model", model, "cacheDir", cache.toString()));
  }

  private void layOut(String id, String config, String network) throws IOException {
    Path dir = Files.createDirectories(cache.resolve(id).resolve("onnx"));
    Files.writeString(cache.resolve(id).resolve("config.json"), config);
    Files.writeString(cache.resolve(id).resolve("tokenizer.json"), "{}");
    Files.writeString(cache.resolve(id).resolve("tokenizer_config.json"), "{}");
    Files.writeString(dir.resolve(network), "not really a network");
  }
}
