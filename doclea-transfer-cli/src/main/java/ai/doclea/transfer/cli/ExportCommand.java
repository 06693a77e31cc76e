package ai.doclea.transfer.cli;

import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.internal.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}: writes a store to an export file (format 1.0.0), atomically. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Back up a store to an export file (Doclea's format 1.0.0).",
      "",
      "The file appears complete or not at all; an older file of the same name is replaced only"
          + " when the new one is complete. Embeddings are not exported.",
      "",
      "Prints {success, outputPath, stats{memories, documents, chunks, memoryRelations,"
          + " crossLayerRelations, pendingMemories}, error?, bytes, sha256, gzip, warnings}."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  doclea-transfer export --db .doclea/local.db --output backup.json",
      "  doclea-transfer export --db .doclea/local.db --output backup.json.gz --gzip",
      "  doclea-transfer export --db .doclea/local.db --output auth.json --tag auth --type decision"
    })
final class ExportCommand extends Subcommand {

  @ArgGroup(exclusive = true, multiplicity = "0..1",
      heading = "Source (one of; default: the current directory when it holds .doclea/):%n")
  BackendTarget source;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "The export file to write; its directory must exist. '-' writes to"
          + " standard output (a stream: not atomic). A symbolic link is followed and its"
          + " target replaced atomically; a FIFO or device is written as a stream; an existing"
          + " file that is not an export is kept unless --force.")
  Path output;

  @Option(names = "--force",
      description = "Replace an existing file even if it is not an export file (never the"
          + " database itself).")
  boolean force;

  @Option(names = "--no-relations",
      description = "Leave out memory relations and cross-layer relations.")
  boolean noRelations;

  @Option(names = "--no-pending", description = "Leave out pending memories.")
  boolean noPending;

  /** Selective export: AND across kinds of filter, OR within one; see docs/sharing.md. */
  @Mixin
  SelectionOptions filters;

  @Option(names = "--gzip", description = "Compress the file with gzip.")
  boolean gzip;

  @Option(names = "--vectors",
      description = "Also write the memories' embedding vectors (section data.vectors, with the"
          + " model in metadata), so that an import into a project with the same model restores"
          + " them instead of re-embedding. Doclea's own import ignores the section.")
  boolean vectors;

  @Option(
      names = "--storage-mode",
      paramLabel = "MODE",
      description = "The storage mode to record in the header (manual, suggested or automatic);"
          + " by default the backend's, which is Doclea's default 'automatic' for SQLite.")
  String storageMode;

  @Option(
      names = "--backend-option",
      paramLabel = "KEY=VALUE",
      description = "An option for the storage adapter, for example busyTimeoutMs=10000."
          + " Repeatable.")
  Map<String, String> backendOptions;

  @Override
  int run(Session session) {
    Selection selection = filters.build(this);
    if (storageMode != null && !BackendInfo.STORAGE_MODES.contains(storageMode)) {
      throw usageError("--storage-mode must be manual, suggested or automatic, not '"
          + storageMode + "'");
    }
    boolean toStdout = output.toString().equals("-");
    Path parent = output.toAbsolutePath().getParent();
    if (!toStdout && parent != null && !Files.isDirectory(parent)) {
      throw new BackendException("Output directory does not exist: " + parent
          + " (create it first, or choose another --output)");
    }
    if (!toStdout && Files.isDirectory(output)) {
      throw new BackendException("--output " + output + " is a directory; give a file name,"
          + " for example " + output.resolve("backup.json"));
    }
    source = BackendTarget.orCurrentProject(source, this);
    long started = System.nanoTime();
    ExportResult result;
    try (BackendTarget.Opened store =
            source.open(this, session, BackendTarget.Purpose.READ, backendOptions);
        Session.Progress progress = session.progress("export")) {
      ExportOptions options = ExportOptions.builder()
          .includeRelations(!noRelations)
          .includePending(!noPending)
          .gzip(gzip)
          .includeVectors(vectors)
          .storageMode(storageMode)
          .replaceAnyFile(force)
          .listener(progress)
          .selection(selection)
          .build();
      result = toStdout ? toStandardOutput(session, store, options)
          : Transfer.export(store.backend(), output, options);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (result.success()) {
      Summaries.listSome(session, "", result.warnings());
      session.say(summary(result, seconds));
      session.result(result.toJson());
      return DocleaTransferCommand.EXIT_OK;
    }
    session.fail("export failed: " + result.error(), result.failure().orElse(null));
    session.result(result.toJson());
    return DocleaTransferCommand.EXIT_FAILED;
  }

  /**
   * Writes the export to standard output. The result JSON then goes to standard error, since
   * standard output carries the file.
   */
  private ExportResult toStandardOutput(Session session, BackendTarget.Opened store,
      ExportOptions options) {
    session.resultToStandardError();
    return Transfer.export(store.backend(), session.rawStandardOutput(), "standard output",
        options);
  }

  @Override
  String failureJson(TransferException failure) {
    return Results.export(String.valueOf(output), Map.of(), 0, null, gzip, List.of(), failure)
        .toJson();
  }

  private String summary(ExportResult r, double seconds) {
    StringBuilder s = new StringBuilder("Exported ");
    s.append(Summaries.counts(r::count)).append(" from ").append(source.description())
        .append(" to ").append(r.outputPath())
        .append(String.format(java.util.Locale.ROOT, " (%s%s) in %.1f s.",
            Summaries.bytes(r.bytes()), r.sha256() == null ? "" : ", sha256 "
                + r.sha256().substring(0, Math.min(12, r.sha256().length())) + "…", seconds));
    if (!filters.isEmpty()) {
      s.append(" Selective export: ").append(r.count(ai.doclea.transfer.api.RecordKind.MEMORY))
          .append(" memories matched the filters.");
    }
    if (noRelations || noPending) {
      s.append(" Left out:").append(noRelations ? " relations" : "")
          .append(noRelations && noPending ? "," : "").append(noPending ? " pending memories" : "")
          .append('.');
    }
    return s.toString();
  }
}
