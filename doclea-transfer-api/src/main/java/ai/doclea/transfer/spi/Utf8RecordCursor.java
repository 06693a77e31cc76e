package ai.doclea.transfer.spi;

import ai.doclea.transfer.api.TransferRecord;

/**
 * A cursor whose records hand some text fields over as the store's UTF-8 bytes instead of
 * {@code String}s, so that an export copies them into the file without decoding and re-encoding
 * them. An optional capability: see {@link ReadSnapshot#readUtf8}.
 *
 * <p>For every field the cursor hands over as bytes ({@link #utf8} returns non-null), the record
 * returned by {@link #next()} holds a placeholder in that field: the empty string. A field whose
 * value is absent (SQL NULL) is never handed over as bytes; the record holds {@code null} there,
 * as from {@link ReadSnapshot#read}. The record's constructor therefore checks everything it checks
 * for a record read the ordinary way, and every other field holds its real value.
 *
 * <p>The bytes may be invalid UTF-8 (a store can hold anything): the export writes them as Java's
 * UTF-8 decoder would decode them (each malformed sequence becomes U+FFFD), so the file is the
 * same as the one written from {@link ReadSnapshot#read}.
 *
 * @param <T> the record type
 * @since 0.3.0
 */
public interface Utf8RecordCursor<T extends TransferRecord> extends RecordCursor<T> {

  /**
   * The UTF-8 bytes of a text field of the record last returned by {@link #next()}, valid until the
   * next call of {@code next()}; the caller does not change them.
   *
   * @param field the field's key in the export file, for example {@code "content"} (a memory's,
   *     document's or chunk's content) or {@code "title"}
   * @return the bytes; or null when the record holds this field's value itself (the field is not
   *     handed over as bytes, or its value is absent)
   */
  byte[] utf8(String field);
}
