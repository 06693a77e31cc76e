package ai.doclea.transfer;

import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.internal.Differ;
import ai.doclea.transfer.internal.Exporter;
import ai.doclea.transfer.internal.Importer;
import ai.doclea.transfer.internal.Verifier;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The entry point of doclea-transfer: export a store to a file in Doclea's export format 1.0.0,
 * import such a file into a store, verify or inspect a file. Stateless and thread-safe; every call
 * is independent.
 *
 * <p>Exports stream one record at a time and are atomic when written to a path. Imports run in one
 * transaction of the target backend: on any failure nothing is changed and the result says why.
 *
 * <p>Every method that reads or writes a store comes twice: with a {@link Store} from {@link
 * Stores#open(String, java.util.Map)}, what host applications use, and with an adapter's {@link
 * StorageBackend}, for adapter authors and tests that build a backend themselves. Both behave
 * the same; neither closes the store.
 *
 * <p>Stable since 1.0: methods may be added, none of these changes its meaning.
 *
 * @since 0.1.0
 */
public final class Transfer {
  private Transfer() {}

  /**
   * Exports a store to a file, atomically: the file appears under {@code output} complete or not
   * at all, replacing an older file only when the new one is complete.
   *
   * @param backend the store to read
   * @param output the target file; its directory must exist
   * @param options what to include and how
   * @return the result; on failure {@code success} is false and no file was written
   */
  public static ExportResult export(StorageBackend backend, Path output, ExportOptions options) {
    return Exporter.toPath(req(backend, "backend"), req(output, "output"), req(options, "options"));
  }

  /**
   * Exports a store to a stream. The stream is flushed but not closed. Not atomic: on failure the
   * stream holds a partial file.
   *
   * @param backend the store to read
   * @param output the target stream
   * @param description names the target in the result and in messages
   * @param options what to include and how
   * @return the result
   */
  public static ExportResult export(
      StorageBackend backend, OutputStream output, String description, ExportOptions options) {
    return Exporter.toStream(req(backend, "backend"), req(output, "output"),
        req(description, "description"), req(options, "options"));
  }

  /**
   * Imports a file (plain or gzip, detected by its magic bytes) into a store, all or nothing.
   *
   * @param backend the target store
   * @param input the export file
   * @param options conflict strategy, sections, re-embedding, dry run, limits
   * @return the result; on failure {@code success} is false, {@code errors} says what and where,
   *     and the store is unchanged
   */
  public static ImportResult importFrom(StorageBackend backend, Path input, ImportOptions options) {
    return Importer.fromPath(req(backend, "backend"), req(input, "input"), req(options, "options"));
  }

  /**
   * Imports from a stream, all or nothing. The stream is read to its end but not closed.
   *
   * @param backend the target store
   * @param input the export file's bytes (plain or gzip)
   * @param description names the input in messages
   * @param options conflict strategy, sections, re-embedding, dry run, limits
   * @return the result
   */
  public static ImportResult importFrom(
      StorageBackend backend, InputStream input, String description, ImportOptions options) {
    return Importer.fromStream(req(backend, "backend"), req(input, "input"),
        req(description, "description"), req(options, "options"));
  }

  /**
   * Checks a file without any backend: well-formed, supported version, every record valid,
   * per-section counts and digest as recorded in its metadata, and references between sections
   * (chunks to documents, relations to memories) resolved within the file.
   *
   * @param file the export file
   * @param limits limits against hostile files
   * @return the verdict with the file's facts; never throws for a bad file
   */
  public static VerifyResult verify(Path file, Limits limits) {
    return Verifier.verify(req(file, "file"), req(limits, "limits"));
  }

  /**
   * Reads a file's header, metadata and per-section counts without loading it into memory and
   * without checking records, digest or references.
   *
   * @param file the export file
   * @return the facts, with the digest status; {@code valid} is false with an error when the
   *     file cannot be read
   */
  public static VerifyResult inspect(Path file) {
    return inspect(file, Limits.DEFAULTS);
  }

  /**
   * Reads a file's header, metadata and per-section counts as {@link #inspect(Path)} does, with
   * limits of the caller's choice (a file with a string longer than the default limit can be
   * inspected with a higher one).
   *
   * @param file the export file
   * @param limits limits against hostile files
   * @return the facts, with the digest status; {@code valid} is false with an error when the
   *     file cannot be read or exceeds a limit
   * @since 1.0.0
   */
  public static VerifyResult inspect(Path file, Limits limits) {
    return Verifier.inspect(req(file, "file"), req(limits, "limits"));
  }

  /**
   * Verifies a file with the default {@link Limits}.
   *
   * @param file the export file
   * @return the verdict with the file's facts; never throws for a bad file
   */
  public static VerifyResult verify(Path file) {
    return verify(file, Limits.DEFAULTS);
  }

  /**
   * Compares two export files (plain or gzip, ours or Doclea's) record by record, by id within
   * each section: added, removed, changed (with the names of the changed fields) and unchanged.
   * Header values such as {@code exportedAt}, key order, {@code null} against a missing key and
   * {@code 1} against {@code 1.0} are not differences; {@code memoryData} and relation {@code
   * metadata} are compared as JSON values. Both files are streamed; memory stays bounded whatever
   * their size (temporary partition files go to {@link DiffOptions#tempDirectory()}).
   *
   * @param oldFile the old export file
   * @param newFile the new export file
   * @param options how many changes to list, limits, temporary directory
   * @return the result; on failure (a file unreadable or damaged) {@code success} is false
   * @since 0.2.0
   */
  public static DiffResult diff(Path oldFile, Path newFile, DiffOptions options) {
    return Differ.files(req(oldFile, "oldFile"), req(newFile, "newFile"), req(options, "options"));
  }

  /**
   * Tells what an import of {@code file} into {@code backend} would do, without writing anything:
   * the store is the old side and the file the new side, so {@code added} records are those an
   * import inserts, {@code changed} those an {@code overwrite} replaces (and {@code skip} keeps),
   * {@code removed} those only in the store, which an import leaves alone.
   *
   * @param backend the store, read in one snapshot
   * @param storeName names the store in the result
   * @param file the export file
   * @param options how many changes to list, limits, temporary directory
   * @return the result; on failure {@code success} is false
   * @since 0.2.0
   */
  public static DiffResult diff(StorageBackend backend, String storeName, Path file,
      DiffOptions options) {
    return Differ.store(req(backend, "backend"), req(storeName, "storeName"), req(file, "file"),
        req(options, "options"));
  }

  /**
   * Exports a store to a file, atomically; see {@link #export(StorageBackend, Path,
   * ExportOptions)}.
   *
   * @param store the store to read
   * @param output the target file; its directory must exist
   * @param options what to include and how
   * @return the result; on failure {@code success} is false and no file was written
   * @since 1.0.0
   */
  public static ExportResult export(Store store, Path output, ExportOptions options) {
    return export(req(store, "store").backend(), output, options);
  }

  /**
   * Exports a store to a stream, not atomically; see {@link #export(StorageBackend, OutputStream,
   * String, ExportOptions)}.
   *
   * @param store the store to read
   * @param output the target stream; flushed, not closed
   * @param description names the target in the result and in messages
   * @param options what to include and how
   * @return the result
   * @since 1.0.0
   */
  public static ExportResult export(Store store, OutputStream output, String description,
      ExportOptions options) {
    return export(req(store, "store").backend(), output, description, options);
  }

  /**
   * Imports a file into a store, all or nothing; see {@link #importFrom(StorageBackend, Path,
   * ImportOptions)}.
   *
   * @param store the target store
   * @param input the export file (plain or gzip)
   * @param options conflict strategy, sections, re-embedding, dry run, limits
   * @return the result; on failure {@code success} is false and the store is unchanged
   * @since 1.0.0
   */
  public static ImportResult importFrom(Store store, Path input, ImportOptions options) {
    return importFrom(req(store, "store").backend(), input, options);
  }

  /**
   * Imports from a stream into a store, all or nothing; see {@link
   * #importFrom(StorageBackend, InputStream, String, ImportOptions)}.
   *
   * @param store the target store
   * @param input the export file's bytes (plain or gzip); read to its end, not closed
   * @param description names the input in messages
   * @param options conflict strategy, sections, re-embedding, dry run, limits
   * @return the result
   * @since 1.0.0
   */
  public static ImportResult importFrom(Store store, InputStream input, String description,
      ImportOptions options) {
    return importFrom(req(store, "store").backend(), input, description, options);
  }

  /**
   * Tells what an import of {@code file} into {@code store} would do, without writing anything;
   * see {@link #diff(StorageBackend, String, Path, DiffOptions)}.
   *
   * @param store the store, read in one snapshot
   * @param storeName names the store in the result
   * @param file the export file
   * @param options how many changes to list, limits, temporary directory
   * @return the result; on failure {@code success} is false
   * @since 1.0.0
   */
  public static DiffResult diff(Store store, String storeName, Path file, DiffOptions options) {
    return diff(req(store, "store").backend(), storeName, file, options);
  }

  private static <T> T req(T value, String name) {
    return Objects.requireNonNull(value, name);
  }
}
