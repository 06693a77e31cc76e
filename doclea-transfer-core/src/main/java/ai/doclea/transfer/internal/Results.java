package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.DiffResult.Change;
import ai.doclea.transfer.api.DiffResult.SectionDiff;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.SectionStats;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.VerifyResult;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the results of the API: the only implementations of {@link ExportResult}, {@link
 * ImportResult}, {@link VerifyResult} and {@link DiffResult}, with their JSON. Not API: the
 * interfaces can grow because nobody else implements them.
 */
public final class Results {
  private Results() {}

  /**
   * An export's result.
   *
   * @param outputPath the target file, or a description of the stream
   * @param counts records written per section; missing sections count 0
   * @param bytes bytes written (after compression)
   * @param sha256 the digest written into the file's metadata, or null on failure
   * @param gzip whether the file is compressed
   * @param warnings warnings
   * @param failure the failure, or null on success
   * @return the result
   */
  public static ExportResult export(String outputPath, Map<RecordKind, Long> counts, long bytes,
      String sha256, boolean gzip, List<String> warnings, TransferException failure) {
    return new Export(outputPath, longs(counts), bytes, sha256, gzip, List.copyOf(warnings),
        failure);
  }

  /**
   * An import's result.
   *
   * @param dryRun whether this was a dry run
   * @param sections what happened per section; missing sections count as empty
   * @param errors record-level problems and, on failure, the failure message
   * @param warnings warnings
   * @param reembeddingRequired whether imported memories need new vectors
   * @param reembedded memories that got a new vector from the embedding provider
   * @param failure the failure, or null on success
   * @param lockHeldMs milliseconds the target's write lock was held, or -1 when unknown
   * @param restoredVectors memories whose vector was taken from the file
   * @return the result
   */
  public static ImportResult imported(boolean dryRun, Map<RecordKind, SectionStats> sections,
      List<String> errors, List<String> warnings, boolean reembeddingRequired, long reembedded,
      TransferException failure, long lockHeldMs, long restoredVectors) {
    EnumMap<RecordKind, SectionStats> copy = new EnumMap<>(RecordKind.class);
    for (RecordKind k : RecordKind.values()) {
      copy.put(k, sections == null ? SectionStats.EMPTY
          : sections.getOrDefault(k, SectionStats.EMPTY));
    }
    return new Import(dryRun, copy, List.copyOf(errors), List.copyOf(warnings),
        reembeddingRequired, reembedded, failure, lockHeldMs, restoredVectors);
  }

  /**
   * A failed import's result: nothing counted, nothing changed.
   *
   * @param dryRun whether it was a dry run
   * @param errors what went wrong
   * @param warnings warnings
   * @param failure the failure
   * @return the result
   */
  public static ImportResult importFailed(boolean dryRun, List<String> errors,
      List<String> warnings, TransferException failure) {
    return imported(dryRun, null, errors, warnings, false, 0, failure, -1, 0);
  }

  /**
   * A verification's or inspection's result.
   *
   * @param file the file checked
   * @param valid whether no problem was found
   * @param version the format version, or null when not found
   * @param exportedAt the export time, or null
   * @param backendType the backend type, or null
   * @param storageMode the storage mode, or null
   * @param schemaVersion the schema version, or null
   * @param embeddingProvider the embedding provider, or null
   * @param embeddingModel the embedding model, or null
   * @param counts records per section; missing sections count 0
   * @param sizeBytes the file's size
   * @param gzip whether the file is gzip-compressed
   * @param digest the digest status
   * @param errors problems that make the file unusable
   * @param warnings problems that do not
   * @param vectors entries in the file's {@code data.vectors}
   * @param dimensions {@code metadata.dimensions}, or null
   * @return the result
   */
  public static VerifyResult verified(String file, boolean valid, String version,
      Long exportedAt, String backendType, String storageMode, String schemaVersion,
      String embeddingProvider, String embeddingModel, Map<RecordKind, Long> counts,
      long sizeBytes, boolean gzip, String digest, List<String> errors, List<String> warnings,
      long vectors, Integer dimensions) {
    return new Verify(file, valid, version, exportedAt, backendType, storageMode, schemaVersion,
        embeddingProvider, embeddingModel, longs(counts), sizeBytes, gzip, digest,
        List.copyOf(errors), List.copyOf(warnings), vectors, dimensions);
  }

  /**
   * The same result with another file name and messages (for a file that stood for a stream).
   *
   * @param r the result
   * @param file the new file name
   * @param errors the new errors
   * @param warnings the new warnings
   * @return the renamed result
   */
  public static VerifyResult renamed(VerifyResult r, String file, List<String> errors,
      List<String> warnings) {
    return verified(file, r.valid(), r.version(), r.exportedAt(), r.backendType(),
        r.storageMode(), r.schemaVersion(), r.embeddingProvider(), r.embeddingModel(),
        r.counts(), r.sizeBytes(), r.gzip(), r.digest(), errors, warnings, r.vectors(),
        r.dimensions());
  }

  /**
   * A comparison's result.
   *
   * @param oldName names the old side
   * @param newName names the new side
   * @param sections counts per section; missing sections count as empty
   * @param changes the listed changes
   * @param warnings warnings from reading the two sides
   * @param failure the failure, or null on success
   * @return the result
   */
  public static DiffResult diff(String oldName, String newName,
      Map<RecordKind, SectionDiff> sections, List<Change> changes, List<String> warnings,
      TransferException failure) {
    EnumMap<RecordKind, SectionDiff> copy = new EnumMap<>(RecordKind.class);
    for (RecordKind k : RecordKind.values()) {
      copy.put(k, sections == null ? SectionDiff.EMPTY
          : sections.getOrDefault(k, SectionDiff.EMPTY));
    }
    return new Diff(oldName, newName, copy, List.copyOf(changes), List.copyOf(warnings),
        failure);
  }

  private static Map<RecordKind, Long> longs(Map<RecordKind, Long> counts) {
    EnumMap<RecordKind, Long> copy = new EnumMap<>(RecordKind.class);
    for (RecordKind k : RecordKind.values()) {
      copy.put(k, counts == null ? 0L : counts.getOrDefault(k, 0L));
    }
    return java.util.Collections.unmodifiableMap(copy);
  }

  private record Export(String outputPath, Map<RecordKind, Long> counts, long bytes,
      String sha256, boolean gzip, List<String> warnings, TransferException failed)
      implements ExportResult {

    @Override
    public boolean success() {
      return failed == null;
    }

    @Override
    public long count(RecordKind kind) {
      return counts.get(kind);
    }

    @Override
    public Optional<TransferException> failure() {
      return Optional.ofNullable(failed);
    }

    @Override
    public String toJson() {
      return Json.object(w -> {
        w.name("success").value(success());
        w.name("outputPath").value(outputPath);
        w.name("stats").beginObject();
        for (RecordKind k : RecordKind.values()) {
          w.name(k.sectionName()).value(counts.get(k));
        }
        w.endObject();
        if (failed != null) {
          w.name("error").value(failed.getMessage());
        }
        w.name("bytes").value(bytes);
        if (sha256 != null) {
          w.name("sha256").value(sha256);
        }
        w.name("gzip").value(gzip);
        Json.strings(w, "warnings", warnings);
      });
    }

    @Override
    public String toString() {
      return toJson();
    }
  }

  private record Import(boolean dryRun, Map<RecordKind, SectionStats> sections,
      List<String> errors, List<String> warnings, boolean reembeddingRequired, long reembedded,
      TransferException failed, long lockHeldMs, long restoredVectors) implements ImportResult {

    @Override
    public boolean success() {
      return failed == null;
    }

    @Override
    public SectionStats section(RecordKind kind) {
      return sections.get(kind);
    }

    @Override
    public Optional<TransferException> failure() {
      return Optional.ofNullable(failed);
    }

    @Override
    public String toJson() {
      return Json.object(w -> {
        w.name("success").value(success());
        w.name("stats").beginObject();
        w.name("memoriesImported").value(section(RecordKind.MEMORY).imported());
        w.name("memoriesSkipped").value(section(RecordKind.MEMORY).skipped());
        w.name("documentsImported").value(section(RecordKind.DOCUMENT).imported());
        w.name("chunksImported").value(section(RecordKind.CHUNK).imported());
        w.name("memoryRelationsImported").value(section(RecordKind.MEMORY_RELATION).imported());
        w.name("crossLayerRelationsImported")
            .value(section(RecordKind.CROSS_LAYER_RELATION).imported());
        w.name("pendingImported").value(section(RecordKind.PENDING_MEMORY).imported());
        w.endObject();
        if (!errors.isEmpty()) {
          Json.strings(w, "errors", errors);
        }
        w.name("dryRun").value(dryRun);
        w.name("reembeddingRequired").value(reembeddingRequired);
        w.name("reembedded").value(reembedded);
        w.name("vectorsRestored").value(restoredVectors);
        if (lockHeldMs >= 0) {
          w.name("lockHeldMs").value(lockHeldMs);
        }
        w.name("sections").beginObject();
        for (RecordKind k : RecordKind.values()) {
          SectionStats s = sections.get(k);
          w.name(k.sectionName()).beginObject();
          w.name("imported").value(s.imported());
          w.name("overwritten").value(s.overwritten());
          w.name("skipped").value(s.skipped());
          w.name("conflicts").value(s.conflicts());
          w.name("errors").value(s.errors());
          w.endObject();
        }
        w.endObject();
        Json.strings(w, "warnings", warnings);
      });
    }

    @Override
    public String toString() {
      return toJson();
    }
  }

  private record Verify(String file, boolean valid, String version, Long exportedAt,
      String backendType, String storageMode, String schemaVersion, String embeddingProvider,
      String embeddingModel, Map<RecordKind, Long> counts, long sizeBytes, boolean gzip,
      String digest, List<String> errors, List<String> warnings, long vectors,
      Integer dimensions) implements VerifyResult {

    @Override
    public String toJson() {
      return Json.object(w -> {
        w.name("success").value(valid);
        w.name("file").value(file);
        w.name("valid").value(valid);
        w.name("version").value(version);
        w.name("exportedAt").value(exportedAt);
        w.name("backendType").value(backendType);
        w.name("storageMode").value(storageMode);
        w.name("schemaVersion").value(schemaVersion);
        w.name("embeddingProvider").value(embeddingProvider);
        w.name("embeddingModel").value(embeddingModel);
        w.name("counts").beginObject();
        for (RecordKind k : RecordKind.values()) {
          w.name(k.sectionName()).value(counts.get(k));
        }
        w.endObject();
        w.name("vectors").value(vectors);
        if (dimensions != null) {
          w.name("dimensions").value(dimensions);
        }
        w.name("sizeBytes").value(sizeBytes);
        w.name("gzip").value(gzip);
        w.name("digest").value(digest);
        Json.strings(w, "errors", errors);
        Json.strings(w, "warnings", warnings);
      });
    }
  }

  private record Diff(String oldName, String newName, Map<RecordKind, SectionDiff> sections,
      List<Change> changes, List<String> warnings, TransferException failed)
      implements DiffResult {

    @Override
    public boolean success() {
      return failed == null;
    }

    @Override
    public boolean identical() {
      return success() && sections.values().stream().allMatch(SectionDiff::identical);
    }

    @Override
    public SectionDiff section(RecordKind kind) {
      return sections.get(kind);
    }

    @Override
    public long changesTotal() {
      return sections.values().stream().mapToLong(s -> s.added() + s.removed() + s.changed())
          .sum();
    }

    @Override
    public Optional<TransferException> failure() {
      return Optional.ofNullable(failed);
    }

    @Override
    public String toJson() {
      return Json.object(w -> {
        w.name("success").value(success());
        w.name("identical").value(identical());
        w.name("old").value(oldName);
        w.name("new").value(newName);
        w.name("sections").beginObject();
        for (RecordKind k : RecordKind.values()) {
          SectionDiff s = sections.get(k);
          w.name(k.sectionName()).beginObject();
          w.name("added").value(s.added());
          w.name("removed").value(s.removed());
          w.name("changed").value(s.changed());
          w.name("unchanged").value(s.unchanged());
          w.endObject();
        }
        w.endObject();
        w.name("changes").beginArray();
        for (Change c : changes) {
          w.beginObject();
          w.name("section").value(c.kind().sectionName());
          w.name("id").value(c.id());
          w.name("change").value(c.change().jsonName());
          Json.strings(w, "fields", c.fields());
          w.endObject();
        }
        w.endArray();
        w.name("changesListed").value(changes.size());
        w.name("changesTotal").value(changesTotal());
        if (failed != null) {
          w.name("error").value(failed.getMessage());
        }
        Json.strings(w, "warnings", warnings);
      });
    }

    @Override
    public String toString() {
      return toJson();
    }
  }

  /** Writes result objects as JSON text with Gson's writer. */
  private static final class Json {
    interface Body {
      void write(JsonWriter w) throws IOException;
    }

    private Json() {}

    static String object(Body body) {
      StringWriter out = new StringWriter();
      try (JsonWriter w = new JsonWriter(out)) {
        w.setSerializeNulls(false);
        w.beginObject();
        body.write(w);
        w.endObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }

    static void strings(JsonWriter w, String name, List<String> values) throws IOException {
      w.name(name).beginArray();
      for (String v : values) {
        w.value(v);
      }
      w.endArray();
    }
  }
}
