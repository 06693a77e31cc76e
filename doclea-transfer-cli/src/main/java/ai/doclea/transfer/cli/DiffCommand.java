package ai.doclea.transfer.cli;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.internal.Results;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diff OLD NEW}: what changed between two export files; {@code diff --db PATH FILE}: what
 * an import of FILE into the store would do. Writes nothing.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Compare two export files record by record, or a store with an export file.",
      "",
      "Records are matched by id within each section and counted as added, removed, changed"
          + " (with the names of the changed fields) or unchanged. exportedAt, key order, null"
          + " against a missing key and 1 against 1.0 are not differences; memoryData is"
          + " compared as a JSON value. Both files are streamed: memory stays small whatever"
          + " their size (temporary files go to --temp-dir).",
      "",
      "With --db, --backend (the store is the old side): added = records of FILE the store"
          + " lacks (an import inserts them), changed = records in both that differ (overwrite"
          + " replaces them, skip keeps the store's), removed = records only in the store (an"
          + " import leaves them). Nothing is written.",
      "",
      "Exit status 0 when the comparison ran, whether or not the sides differ; with"
          + " --exit-code, 1 when they differ (then 'success' in the JSON tells a difference"
          + " from a failure, which is also 1); 2 for a usage error.",
      "",
      "Prints {success, identical, old, new, sections{<section>{added, removed, changed,"
          + " unchanged}}, changes[{section, id, change, fields}], changesListed, changesTotal,"
          + " error?, warnings}."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  doclea-transfer diff monday.json friday.json",
      "  doclea-transfer diff --exit-code --limit 0 backup.json.gz today.json.gz",
      "  doclea-transfer diff --db .doclea/local.db teammate-auth.json"
    })
final class DiffCommand extends Subcommand {

  @ArgGroup(exclusive = true, multiplicity = "0..1",
      heading = "Compare a store with FILE instead (one of):%n")
  BackendTarget store;

  @Parameters(paramLabel = "FILE", arity = "1..2",
      description = "OLD and NEW export files (plain or gzip); with a store, the one FILE.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "List at most N changes (default ${DEFAULT-VALUE}); the counts are always"
          + " complete.")
  int limit;

  @Option(names = "--exit-code",
      description = "Exit with status 1 when the sides differ (as git diff --exit-code).")
  boolean exitCode;

  @Option(names = "--temp-dir", paramLabel = "DIR",
      description = "Directory for the temporary partition files (default: the system's).")
  Path tempDir;

  @Option(
      names = "--backend-option",
      paramLabel = "KEY=VALUE",
      description = "An option for the storage adapter. Repeatable.")
  Map<String, String> backendOptions;

  @Mixin LimitsMixin limits;

  @Override
  int run(Session session) {
    if (limit < 0) {
      throw usageError("--limit must be 0 or more, not " + limit);
    }
    if (store == null && files.size() != 2) {
      throw usageError("diff needs two export files, OLD and NEW (or --db/--backend and one"
          + " FILE)");
    }
    if (store != null && files.size() != 1) {
      throw usageError("with --db or --backend, diff takes exactly one export FILE");
    }
    for (Path f : files) {
      String problem = FileCheck.problem(f);
      if (problem != null) {
        throw new TransferException(problem);
      }
    }
    DiffOptions options = DiffOptions.builder().limit(limit).tempDirectory(tempDir)
        .limits(limits.limits(this)).build();
    DiffResult result;
    if (store == null) {
      result = Transfer.diff(files.get(0), files.get(1), options);
    } else {
      try (BackendTarget.Opened opened =
          store.open(this, session, BackendTarget.Purpose.READ, backendOptions)) {
        result = Transfer.diff(opened.backend(), opened.description(), files.get(0), options);
      }
    }
    if (!result.success()) {
      session.fail("diff failed: " + result.error(), result.failure().orElse(null));
      session.result(result.toJson());
      return DocleaTransferCommand.EXIT_FAILED;
    }
    Summaries.listSome(session, "", result.warnings());
    session.say(summary(result));
    session.result(result.toJson());
    return exitCode && !result.identical() ? DocleaTransferCommand.EXIT_FAILED
        : DocleaTransferCommand.EXIT_OK;
  }

  @Override
  String failureJson(TransferException failure) {
    String oldName = store != null ? store.description()
        : files.isEmpty() ? null : files.get(0).toString();
    String newName = files.isEmpty() ? null : files.get(files.size() - 1).toString();
    return Results.diff(oldName, newName, null, List.of(), List.of(), failure).toJson();
  }

  private static String summary(DiffResult r) {
    if (r.identical()) {
      return r.oldName() + " and " + r.newName() + " hold the same records.";
    }
    StringBuilder s = new StringBuilder(r.oldName() + " → " + r.newName() + ":");
    for (RecordKind kind : RecordKind.values()) {
      DiffResult.SectionDiff d = r.section(kind);
      if (!d.identical()) {
        s.append(' ').append(kind.sectionName()).append(" +").append(d.added())
            .append(" -").append(d.removed()).append(" ~").append(d.changed()).append(';');
      }
    }
    s.setLength(s.length() - 1);
    s.append('.');
    if (r.changesTotal() > r.changes().size()) {
      s.append(" The JSON lists ").append(r.changes().size()).append(" of ")
          .append(r.changesTotal()).append(" changes (see --limit).");
    }
    return s.toString();
  }
}
