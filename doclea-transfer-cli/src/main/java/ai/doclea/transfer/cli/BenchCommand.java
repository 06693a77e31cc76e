package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.bench.Bench;
import com.google.gson.GsonBuilder;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: builds a synthetic Doclea store and measures export and import side by side with
 * what plain JDBC and the disk allow (issue 7). The table goes to standard error, one JSON object
 * with every median and ratio to standard output.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Build a synthetic Doclea store of N memories and measure export, import (new database, "
          + "full database with each conflict strategy, half the ids present) and the plain-JDBC "
          + "and raw-disk baselines, K times each; prints medians and the ratios exportVsLimit "
          + "and importVsLimit."
    })
final class BenchCommand extends Subcommand {
  @Option(names = "--memories", required = true, paramLabel = "N",
      description = "Memories in the synthetic store (other sections in proportion).")
  int memories;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Working directory; a store built there is reused. Default: a new "
          + "temporary directory.")
  Path dir;

  @Option(names = "--runs", defaultValue = "3", paramLabel = "K",
      description = "Repetitions of each measurement (median reported). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", paramLabel = "W",
      description = "Untimed runs before each measurement. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--embedding-batches", split = ",", paramLabel = "SIZES",
      description = "Also measure embedding throughput at these batch sizes, e.g. 1,8,32,128.")
  int[] embeddingBatches = new int[0];

  @Option(names = "--sharing-only",
      description = "Measure only a full export, a slice export (--type decision --tag auth --no-documents) and"
          + " the diffs (two files; store against file), not the imports.")
  boolean sharingOnly;

  @Option(names = "--commands-only",
      description = "Measure only the in-process export and the whole commands (export with the"
          + " default heap, -Xmx64m and the launcher; import with the default and the"
          + " launcher) against sqlite3 -json and the sqlite3 load, in interleaved rounds, not"
          + " the in-process imports. The launcher is the installation's bin/doclea-transfer"
          + " when there is one, else java with its options.")
  boolean commandsOnly;

  @Option(names = "--exports-only",
      description = "With --commands-only: only the export commands against sqlite3 -json (no"
          + " in-process export, no imports).")
  boolean exportsOnly;

  @Option(names = "--doclea-export", paramLabel = "COMMAND",
      description = "A shell command that runs Doclea's own export (its server's code) of the"
          + " database {db} into the file {output}: timed with the export commands, in the same"
          + " rounds, with the ratios of ours to it. {db} is a copy of the store; both paths are"
          + " quoted for the shell.")
  String docleaExport;

  @Override
  int run(Session session) {
    if (memories < 1 || runs < 1 || warmup < 0) {
      throw usageError("--memories and --runs must be positive, --warmup at least 0");
    }
    if (docleaExport != null && (!docleaExport.contains("{db}")
        || !docleaExport.contains("{output}"))) {
      throw usageError("--doclea-export must contain {db} and {output}, the database to read"
          + " and the file to write");
    }
    if (docleaExport != null && sharingOnly) {
      throw usageError("--doclea-export times whole export commands, which --sharing-only"
          + " leaves out");
    }
    try {
      Path work = dir != null ? dir : java.nio.file.Files.createTempDirectory("doclea-bench-");
      session.say("bench directory: " + work);
      Map<String, Object> figures = new Bench(memories, work, runs, session::say)
          .warmup(warmup).sharingOnly(sharingOnly).commandsOnly(commandsOnly || exportsOnly)
          .exportsOnly(exportsOnly).docleaExport(docleaExport).run(embeddingBatches);
      session.result(new GsonBuilder().disableHtmlEscaping().create().toJson(figures));
      return 0;
    } catch (java.io.IOException | java.sql.SQLException e) {
      throw new TransferException("bench failed: " + e, e);
    } catch (IllegalStateException e) {
      throw new TransferException(e.getMessage(), e);
    }
  }

  @Override
  String failureJson(TransferException failure) {
    return Json.failure(failure.getMessage(), false);
  }
}
