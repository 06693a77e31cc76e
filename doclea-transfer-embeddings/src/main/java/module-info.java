/**
 * Doclea's {@code transformers} embedding provider: the project's model from Doclea's model cache,
 * run in-process with ONNX Runtime and the Hugging Face tokenizer. Selected by name through {@code
 * ai.doclea.transfer.Providers.embeddingProvider(name, options)}.
 *
 * <p>{@link ai.doclea.transfer.embeddings.BundledMiniLm} reads the all-MiniLM-L6-v2 model as a
 * resource of the optional {@code doclea-transfer-embeddings-minilm} jar when that jar is present
 * (its files are not in a package, so no module needs to open anything for it).
 *
 * @provides ai.doclea.transfer.spi.EmbeddingProviderFactory the {@code transformers} provider
 * @since 0.1.0
 */
module ai.doclea.transfer.embeddings {
  requires transitive ai.doclea.transfer.api;
  requires com.microsoft.onnxruntime;
  requires ai.djl.tokenizers;
  requires com.google.gson;
  requires org.slf4j;
  // EmbeddingThroughput (the benchmark's main) reads the process CPU time where the JDK has it.
  requires java.management;
  requires static jdk.management;

  exports ai.doclea.transfer.embeddings;

  provides ai.doclea.transfer.spi.EmbeddingProviderFactory
      with ai.doclea.transfer.embeddings.TransformersEmbeddingProviderFactory;
}
