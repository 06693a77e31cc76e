/**
 * An {@link ai.doclea.transfer.spi.EmbeddingProvider} that runs the all-MiniLM-L6-v2 sentence
 * embedding model in-process, named {@code transformers} like Doclea's own, so that {@code
 * reembed} works offline with no setup. Callers select it through {@link
 * ai.doclea.transfer.api.Providers#embeddingProvider(String, java.util.Map)}; {@link
 * ai.doclea.transfer.embeddings.minilm.EmbeddingThroughput} measures its speed.
 */
package ai.doclea.transfer.embeddings.minilm;
