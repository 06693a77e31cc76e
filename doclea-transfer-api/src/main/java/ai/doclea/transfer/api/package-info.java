/**
 * The caller API of doclea-transfer: the six record kinds of a Doclea export, the options and
 * results of an export or import, the {@link ai.doclea.transfer.api.Providers} that open backends
 * and strategies by name, and the exception hierarchy rooted at {@link
 * ai.doclea.transfer.api.TransferException}. The entry point itself is {@code
 * ai.doclea.transfer.Transfer} in {@code doclea-transfer-core}.
 */
package ai.doclea.transfer.api;
