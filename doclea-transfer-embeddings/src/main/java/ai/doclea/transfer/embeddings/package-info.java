/**
 * Doclea's {@code transformers} {@link ai.doclea.transfer.spi.EmbeddingProvider}: the
 * BERT-family model a Doclea project is configured with, read from Doclea's model cache and run
 * in-process on ONNX Runtime so that its vectors match those Doclea computes with Transformers.js.
 * Callers select it through {@code ai.doclea.transfer.Providers.embeddingProvider("transformers",
 * options)} (options in {@link
 * ai.doclea.transfer.embeddings.TransformersEmbeddingProviderFactory}); {@link
 * ai.doclea.transfer.embeddings.BundledMiniLm} lays out the all-MiniLM-L6-v2 model from Maven
 * Central as a cache entry for offline use, and {@link
 * ai.doclea.transfer.embeddings.EmbeddingThroughput} measures the speed.
 */
package ai.doclea.transfer.embeddings;
