package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tool's embeddings add-on ({@code doclea-transfer-embeddings-addon-VERSION.jar} in the
 * installation's {@code lib/}: Doclea's {@code transformers} provider with ONNX Runtime) and its
 * optional extra ({@code doclea-transfer-embeddings-minilm-VERSION.jar}: the bundled
 * all-MiniLM-L6-v2): whether they are on the class path, and the error naming them when a command
 * needs one that is missing. The runnable jar {@code doclea-transfer.jar} has neither.
 */
final class EmbeddingsAddOn {
  /** A class of the embeddings module and one of ONNX Runtime: both are in the add-on. */
  private static final String[] ADDON_CLASSES = {
    "ai/doclea/transfer/embeddings/TransformersEmbeddingProviderFactory.class",
    "ai/onnxruntime/OrtEnvironment.class"
  };

  /** The network of the bundled model; the resource BundledMiniLm copies. */
  private static final String MINILM_RESOURCE = "all-minilm-l6-v2.onnx";

  /** The bundled model's directory in a model cache, as the transformers provider looks it up. */
  static final String MINILM_CACHE_ENTRY = "Xenova/all-MiniLM-L6-v2";

  private EmbeddingsAddOn() {}

  /** @return the add-on's file name for this version of the tool */
  static String addOnJar() {
    return addOnJarFor(VersionProvider.version());
  }

  /**
   * @param version a version of the tool
   * @return the add-on's file name for that version
   */
  static String addOnJarFor(String version) {
    return "doclea-transfer-embeddings-addon-" + version + ".jar";
  }

  /** @return the MiniLM extra's file name for this version of the tool */
  static String miniLmJar() {
    return miniLmJarFor(VersionProvider.version());
  }

  /**
   * @param version a version of the tool
   * @return the MiniLM extra's file name for that version
   */
  static String miniLmJarFor(String version) {
    return "doclea-transfer-embeddings-minilm-" + version + ".jar";
  }

  /** @return whether the embeddings add-on is on the class path */
  static boolean present() {
    for (String resource : ADDON_CLASSES) {
      if (!onClassPath(resource)) {
        return false;
      }
    }
    return true;
  }

  /** @return whether the bundled all-MiniLM-L6-v2 is on the class path */
  static boolean miniLmPresent() {
    return onClassPath(MINILM_RESOURCE);
  }

  /**
   * Fails when the embeddings add-on is missing.
   *
   * @param what the command or option that embeds, for the message, such as {@code search}
   * @throws ConfigurationException naming the add-on and where it belongs
   */
  static void require(String what) {
    if (!present()) {
      throw new ConfigurationException(what + " embeds text and needs the embeddings add-on, "
          + addOnJar() + ", which is not on the class path. " + whereAddOnsGo(addOnJar()));
    }
  }

  /**
   * The error for a command that needs the bundled all-MiniLM-L6-v2 and finds it nowhere.
   *
   * @param what the command, for the message
   * @param alternative what else the user can do, a sentence
   * @return the exception to throw
   */
  static ConfigurationException miniLmMissing(String what, String alternative) {
    return new ConfigurationException(what + " needs the all-MiniLM-L6-v2 model, which is in"
        + " the optional " + miniLmJar() + " (83 MB, a separate download); it is not on the class"
        + " path. " + whereAddOnsGo(miniLmJar()) + " " + alternative);
  }

  /**
   * Where the model would be in a Doclea model cache.
   *
   * @param cacheDir the cache directory
   * @return whether {@code cacheDir} holds the bundled model's network file
   */
  static boolean miniLmInCache(Path cacheDir) {
    return Files.isRegularFile(cacheDir.resolve(MINILM_CACHE_ENTRY).resolve("onnx")
        .resolve("model.onnx"));
  }

  private static String whereAddOnsGo(String jar) {
    return Launcher.installationLib()
        .map(lib -> "Put " + jar + " into " + lib + ".")
        .orElse("The runnable jar doclea-transfer.jar leaves the embeddings out: use the"
            + " distribution archive's bin/doclea-transfer (see docs/install.md), with " + jar
            + " in its lib/.");
  }

  private static boolean onClassPath(String resource) {
    ClassLoader loader = EmbeddingsAddOn.class.getClassLoader();
    return loader != null && loader.getResource(resource) != null;
  }
}
