/**
 * An example third-party storage adapter: a Doclea store kept as a directory of JSON-lines files,
 * found through {@code META-INF/services} under the URI scheme {@code jsonl}. Start at {@link
 * ai.doclea.transfer.examples.jsonl.JsonLinesStorageProvider}.
 */
package ai.doclea.transfer.examples.jsonl;
