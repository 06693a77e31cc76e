package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.spi.IoFailures;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;

/**
 * Checks an export file without a backend, or only reads its facts ({@link #inspect}).
 *
 * <p>Memory: to check references between sections, fingerprints of memory and document ids are
 * kept for the whole file (about 16 bytes per memory or document).
 */
public final class Verifier {
  private Verifier() {}

  /** Verifies a file: well-formed, valid records, counts, digest, references. */
  public static VerifyResult verify(Path file, Limits limits) {
    return run(file, limits, true);
  }

  /** Reads a file's header, metadata and counts without decoding records. */
  public static VerifyResult inspect(Path file, Limits limits) {
    return run(file, limits, false);
  }

  private static VerifyResult run(Path path, Limits limits, boolean verify) {
    String file = path.toString();
    Warnings warnings = new Warnings(200);
    Warnings problems = new Warnings(200);
    long size = 0;
    boolean gzip = false;
    FileParser.Summary summary = null;
    String digest = "unchecked";
    try {
      if (!Files.isRegularFile(path)) {
        throw new TransferException(file + ": " + (Files.exists(path) ? "not a regular file"
            : "the file does not exist"));
      }
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        size = channel.size();
        try (BufferedInputStream in =
            new BufferedInputStream(InputFiles.fromStart(channel), 65536)) {
          gzip = InputFiles.isGzip(in);
        }
        References refs = new References(warnings, file);
        summary = new FileParser(file, limits, warnings, verify)
            .parse(InputFiles.fromStart(channel), refs);
        digest = summary.digestStatus();
        // A digest or count mismatch makes the file invalid for inspect too.
        summary.checkIntegrity(file);
        if (verify && refs.order.needsSecondPass()) {
          refs.order.startSecondPass();
          FileParser.Summary again = new FileParser(file, limits, new Warnings(1), true)
              .parse(InputFiles.fromStart(channel), refs);
          again.checkSameAs(summary, file);
        }
      }
    } catch (TransferException e) {
      problems.add(e.getMessage());
    } catch (IOException e) {
      problems.add(file + ": cannot read: " + IoFailures.describe(e));
    }
    Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    if (summary != null) {
      counts.putAll(summary.counts);
    }
    FileParser.Summary s = summary;
    return Results.verified(file, problems.isEmpty(), s == null ? null : s.version,
        s == null ? null : s.exportedAt, s == null ? null : s.backendType,
        s == null ? null : s.storageMode, s == null ? null : s.schemaVersion,
        s == null ? null : s.embeddingProvider, s == null ? null : s.embeddingModel, counts, size,
        gzip, digest, problems.list(), warnings.list(), s == null ? 0 : s.vectors,
        s == null ? null : s.dimensions);
  }

  /** Collects ids of memories and documents and checks references to them. */
  private static final class References implements FileParser.Handler {
    private final Warnings warnings;
    private final IdFingerprints memories = new IdFingerprints();
    private final IdFingerprints documents = new IdFingerprints();
    final SectionOrder order = new SectionOrder();
    private IdFingerprints seen;
    private RecordKind current;

    private final String file;

    References(Warnings warnings, String file) {
      this.warnings = warnings;
      this.file = file;
    }

    @Override
    public boolean wantSection(RecordKind kind) {
      if (order.inSecondPass()) {
        return order.isDeferred(kind);
      }
      // A section read before its dependency is still decoded now, so that invalid records are
      // reported in the first pass; its references are checked in the second.
      order.deferIfEarly(kind);
      return true;
    }

    @Override
    public void sectionStart(RecordKind kind) {
      current = kind;
      seen = kind == RecordKind.MEMORY || kind == RecordKind.DOCUMENT ? null
          : new IdFingerprints();
    }

    @Override
    public void record(TransferRecord r, String path) {
      boolean secondPass = order.inSecondPass();
      boolean checkRefs = secondPass || !order.isDeferred(current);
      if (!secondPass) {
        IdFingerprints ids = current == RecordKind.MEMORY ? memories
            : current == RecordKind.DOCUMENT ? documents : seen;
        if (!ids.add(r.id())) {
          warnings.add(current.displayName() + " '" + r.id() + "' at " + path
              + " appears more than once; an import skips the later copy");
        }
      }
      if (!checkRefs) {
        return;
      }
      if (r instanceof Chunk) {
        ref(r, path, documents, ((Chunk) r).documentId(), "document");
      } else if (r instanceof MemoryRelation) {
        ref(r, path, memories, ((MemoryRelation) r).sourceId(), "memory");
        ref(r, path, memories, ((MemoryRelation) r).targetId(), "memory");
      } else if (r instanceof CrossLayerRelation) {
        ref(r, path, memories, ((CrossLayerRelation) r).memoryId(), "memory");
      }
    }

    private void ref(TransferRecord r, String path, IdFingerprints ids, String id, String what) {
      if (!ids.contains(id)) {
        warnings.add(r.kind().displayName() + " '" + r.id() + "' at " + path + " refers to "
            + what + " '" + id + "', which is not in the file; an import skips it unless the "
            + "target store has that " + what);
      }
    }

    @Override
    public boolean wantVectors() {
      return order.takeVectors();
    }

    /** A vector must belong to a memory of the file: an import refuses the file otherwise. */
    @Override
    public void vector(FileParser.VectorEntry v, String path) {
      if (!memories.contains(v.memoryId)) {
        throw new ai.doclea.transfer.api.InvalidFileException(file + ": the vector at " + path
            + " belongs to memory '" + v.memoryId + "', which is not in the file's"
            + " data.memories", file, path + ".memoryId", v.memoryId, null);
      }
    }

    @Override
    public void sectionEnd(RecordKind kind) {
      order.sectionEnded(kind);
      seen = null;
    }
  }
}
