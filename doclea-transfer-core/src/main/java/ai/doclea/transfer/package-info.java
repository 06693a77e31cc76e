/**
 * The entry point of doclea-transfer: {@link ai.doclea.transfer.Transfer}.
 */
package ai.doclea.transfer;
