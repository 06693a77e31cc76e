/**
 * The caller API of doclea-transfer: the six record kinds of a Doclea export, the options and
 * results of an export, a verification and a comparison, the {@link
 * ai.doclea.transfer.api.Selection} of a selective export, the {@link
 * ai.doclea.transfer.api.Limits} against hostile files, and the exceptions rooted at {@link
 * ai.doclea.transfer.api.TransferException}. The entry points ({@code Transfer}, {@code Stores},
 * {@code ImportOptions}) are in {@code ai.doclea.transfer} of {@code doclea-transfer-core}. This
 * package imports nothing from {@code ai.doclea.transfer.spi} and needs no library.
 *
 * <p><b>Stability.</b> Stable since 1.0: nothing here is removed or changes meaning within 1.x.
 * What may grow: results get new accessors (they are interfaces implemented by the core; do not
 * implement them), options get new builder methods whose default keeps the earlier behaviour,
 * {@link ai.doclea.transfer.api.Selection.TimeField} may get constants (a {@code switch} over it
 * needs a {@code default}). What does not grow: {@link ai.doclea.transfer.api.RecordKind} is the
 * closed set of the six sections of export format 1.x, and the records' components are those of
 * the format.
 */
package ai.doclea.transfer.api;
