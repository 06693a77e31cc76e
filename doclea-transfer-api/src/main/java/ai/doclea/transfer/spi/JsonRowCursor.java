package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.TransferRecord;

/**
 * A section's rows rendered by the store itself as JSON text, one compact JSON array per row, so
 * that an export copies each row's values into the file instead of reading them one at a time
 * (for SQLite: one call into the driver per row instead of one per column). An optional
 * capability: see {@link ReadSnapshot#readJsonRows}.
 *
 * <p>Element {@code i} of a row's array is the value of field {@code fields.get(i)} of the request,
 * encoded as follows:
 *
 * <ul>
 *   <li>text: a JSON string, escaped as JavaScript's {@code JSON.stringify} escapes (quote,
 *       backslash, {@code \b \f \n \r \t}, other control characters as
 *       <code>&#92;u00XX</code> with lower-case hex digits, everything else as it is), except
 *       that the store may leave ill-formed UTF-8 bytes in place; {@code null} when absent;
 *   <li>whole numbers (timestamps, counts, offsets): a JSON integer, or {@code null};
 *   <li>real numbers ({@code importance}, {@code weight}, {@code confidence}, {@code decayRate},
 *       {@code confidenceFloor}): {@code 1} when present, the value itself given exactly by
 *       {@link #real(int)} (a store's own decimal text of a double is not always exact), or
 *       {@code null};
 *   <li>flags ({@code needsReview}): {@code 0} or {@code 1};
 *   <li>string lists ({@code tags}, {@code relatedFiles}, {@code experts}): a JSON array of JSON
 *       strings;
 *   <li>JSON objects kept as text (a pending memory's {@code memoryData}): {@code 1}, the text
 *       itself given as the store holds it by {@link #jsonText(int)}; the caller lays it out (and
 *       takes the row as a record when the text is not strict JSON).
 * </ul>
 *
 * <p>The store renders a row only when every value is one the record type accepts as it is (a
 * present, non-empty id; required fields present; numbers in range; the defaults of absent values
 * not needed); for any other row {@link #json()} is null and the caller takes the row as a record
 * with {@link #record()}, which reads and checks it the ordinary way. The caller may also take a
 * rendered row as a record when it does not accept the rendering. Either way the file is the one
 * the ordinary cursors would give.
 *
 * @param <T> the record type
 * @since 0.3.0
 */
public interface JsonRowCursor<T extends TransferRecord> extends AutoCloseable {

  /**
   * Moves to the next row.
   *
   * @return false at the end of the section
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  boolean advance();

  /**
   * The current row as a compact JSON array (UTF-8): the first {@link #jsonLength()} bytes of the
   * array returned, valid until the next {@link #advance()}; the caller does not change it. The
   * array may be longer than the row (a buffer the cursor reuses from row to row).
   *
   * @return the array, or null when the store did not render this row (take it with {@link
   *     #record()})
   */
  byte[] json();

  /**
   * The length of the current row's JSON array in {@link #json()}. A cursor that returns an
   * array per row, exactly as long as the row, need not implement it.
   *
   * @return the number of bytes of {@link #json()} that are the row; 0 when it is null
   * @since 0.3.0
   */
  default int jsonLength() {
    byte[] json = json();
    return json == null ? 0 : json.length;
  }

  /**
   * The value of a real-number field of the current row, where its array holds {@code 1}.
   *
   * @param field the field's index in the request (and in the array)
   * @return the stored double, exactly
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  double real(int field);

  /**
   * The text of a JSON-object field of the current row, where its array holds {@code 1}, as the
   * store holds it (UTF-8), valid until the next {@link #advance()}. Stores that render no such
   * field need not implement it.
   *
   * @param field the field's index in the request (and in the array)
   * @return the text's bytes
   * @throws UnsupportedOperationException when the store renders no JSON-object field
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   * @since 0.3.0
   */
  default byte[] jsonText(int field) {
    throw new UnsupportedOperationException("this cursor renders no JSON-object field");
  }

  /**
   * The current row as the ordinary cursors read it, for rows the store did not render or the
   * caller did not accept. After this call {@link #utf8} describes the record's text fields as
   * {@link Utf8RecordCursor#utf8} does.
   *
   * @return the record
   * @throws ai.doclea.transfer.api.BackendException when the row cannot be read or is invalid
   *     (the same failure the ordinary cursor would report)
   */
  T record();

  /**
   * For the record last returned by {@link #record()}: as {@link Utf8RecordCursor#utf8}.
   *
   * @param field the field's key in the export file
   * @return the bytes, or null when the record holds the value itself
   */
  byte[] utf8(String field);

  /**
   * Releases the cursor's resources.
   *
   * @throws ai.doclea.transfer.api.BackendException when the backend fails
   */
  @Override
  void close();
}
