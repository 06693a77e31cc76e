/**
 * The entry points of doclea-transfer: {@link ai.doclea.transfer.Transfer} (export, import,
 * verify, inspect, diff), {@link ai.doclea.transfer.Stores} that opens a {@link
 * ai.doclea.transfer.Store} by URI, {@link ai.doclea.transfer.ImportOptions}, and {@link
 * ai.doclea.transfer.Providers} for those who handle the SPI objects themselves.
 *
 * <p><b>Stability.</b> Stable since 1.0: nothing here is removed or changes meaning within 1.x;
 * methods and builder options may be added. {@code ai.doclea.transfer.internal} is not API.
 */
package ai.doclea.transfer;
