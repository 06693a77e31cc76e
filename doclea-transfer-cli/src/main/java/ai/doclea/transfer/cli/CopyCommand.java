package ai.doclea.transfer.cli;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.SectionStats;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.IoFailures;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.internal.Importer;
import ai.doclea.transfer.internal.OutputPaths;
import ai.doclea.transfer.internal.Results;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code copy}: streams one store into another with no intermediate file. An export of the source
 * runs on a second thread into a pipe that the import reads once ({@link
 * Importer#fromSinglePassStream}), so both ends see exactly what an export file would carry (and
 * every check of an import applies); the target is written in one transaction, all or nothing. A
 * new {@code sqlite:} file is built under a private name and published once committed ({@link
 * NewDatabase}).
 */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Copy one store into another, streaming, with no intermediate file; all or nothing on the"
          + " target.",
      "",
      "The source is read in one consistent snapshot; the target is written in one transaction."
          + " A missing sqlite: target file is created with Doclea's layout, and a missing"
          + " postgresql: schema with its tables (create=true), unless --to-option says"
          + " otherwise.",
      "",
      "Prints the import's result: {success, stats{…}, errors?, dryRun, reembeddingRequired,"
          + " reembedded, sections{…}, warnings}."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  doclea-transfer copy --from sqlite:.doclea/local.db"
          + " --to 'postgresql://db:5432/team?user=me&password=…&schema=project_a'",
      "  doclea-transfer copy --from 'postgresql://db/team?user=me&schema=project_a'"
          + " --to sqlite:restored.db --conflict overwrite"
    })
final class CopyCommand extends Subcommand {

  @Option(names = "--from", paramLabel = "URI", required = true,
      description = "The source store: sqlite:PATH, postgresql://HOST[:PORT]/DB?…, or another"
          + " adapter's URI.")
  String from;

  @Option(names = "--to", paramLabel = "URI", required = true,
      description = "The target store, a URI like --from.")
  String to;

  @Option(
      names = "--conflict",
      paramLabel = "STRATEGY",
      defaultValue = "skip",
      completionCandidates = ImportCommand.StrategyNames.class,
      description = "What to do with a record whose id already exists in the target: skip,"
          + " overwrite or error (fail and change nothing); also any strategy on the class path."
          + " Default: ${DEFAULT-VALUE}.")
  String conflict;

  @Option(names = "--no-relations",
      description = "Do not copy memory relations and cross-layer relations.")
  boolean noRelations;

  @Option(names = "--no-pending", description = "Do not copy pending memories.")
  boolean noPending;

  @Option(names = "--from-option", paramLabel = "KEY=VALUE",
      description = "An option for the source's storage adapter. Repeatable.")
  Map<String, String> fromOptions;

  @Option(names = "--to-option", paramLabel = "KEY=VALUE",
      description = "An option for the target's storage adapter, for example create=false."
          + " Repeatable.")
  Map<String, String> toOptions;

  @Mixin LimitsMixin limits;

  @Override
  int run(Session session) {
    ConflictStrategy strategy;
    try {
      strategy = Providers.conflictStrategy(conflict);
    } catch (ConfigurationException e) {
      throw usageError("Unknown --conflict strategy '" + conflict + "'. Known: "
          + String.join(", ", new ImportCommand.StrategyNames()));
    }
    if (from.equals(to)) {
      throw usageError("--from and --to are the same store (" + from + ")");
    }
    Limits chosenLimits = limits.limits(this);
    Path newSqliteFile = newSqliteFile(to);
    // A new sqlite: file is built under a private name beside it and published only once the
    // copy has committed, as an import into a new --db is: a killed copy leaves nothing at the
    // target's name.
    NewDatabase created = newSqliteFile != null ? NewDatabase.prepare(newSqliteFile, session)
        : null;
    String targetUri = created != null ? "sqlite:" + created.staging() : to;
    long started = System.nanoTime();
    ImportResult result = null;
    AtomicReference<ExportResult> exported = new AtomicReference<>();
    AtomicReference<Throwable> exportCrash = new AtomicReference<>();
    try {
      try (StorageBackend source = Providers.openBackend(from, options(from, fromOptions, true));
          StorageBackend target = Providers.openBackend(targetUri,
              options(to, toOptions, false));
          Session.Progress progress = session.progress("copy")) {
        Path[] shared = sharedFile(source, target);
        if (shared != null) {
          throw usageError("--from " + redact(from) + " and --to " + redact(to) + " are the"
              + " same store: both use the file " + shared[0]
              + (shared[0].equals(shared[1]) ? "" : " (named " + shared[1] + " by --to)")
              + ". A copy into its own source would overwrite what it reads; choose another"
              + " target.");
        }
        result = copy(source, target, strategy, chosenLimits, progress, exported, exportCrash,
            session);
      }
      if (created != null && result.success() && exportFailure(exported.get(),
          exportCrash.get()) == null) {
        created.publish();
      }
    } finally {
      if (created != null) {
        created.discard(session);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // An import that failed while the export still ran closed the pipe under it: the export's
    // failure ("pipe closed") is then the consequence, the import's the cause.
    String exportFailure = importFailedFirst ? null
        : exportFailure(exported.get(), exportCrash.get());
    if (result.success() && exportFailure == null) {
      result = withExportWarnings(result, exported.get());
      Summaries.listSome(session, "", result.warnings());
      Summaries.listSome(session, "skipped: ", result.errors());
      session.say(summary(result, seconds));
      session.result(result.toJson());
      return DocleaTransferCommand.EXIT_OK;
    }
    if (exportFailure != null && result.success()) {
      // cannot happen: an import of an incomplete stream fails; say so rather than hide it
      exportFailure = exportFailure + " (yet the import reported success)";
    }
    String reason = exportFailure != null ? "reading " + redact(from) + " failed: "
        + exportFailure
        : result.failure().map(Throwable::getMessage)
            .orElse(result.errors().isEmpty() ? "unknown failure" : result.errors().get(0));
    Throwable cause = importFailedFirst ? result.failure().orElse(null)
        : exportCrash.get() != null ? exportCrash.get()
        : exported.get() != null && exported.get().failure().isPresent()
            ? exported.get().failure().get() : result.failure().orElse(null);
    session.fail(exportFailure == null && ImportCommand.committed(result)
        ? "copy incomplete in " + redact(to) + ": " + reason
        : "copy failed, nothing was changed in " + redact(to) + ": " + reason, cause);
    ImportResult failed = exportFailure == null ? result
        : Results.importFailed(false, List.of("reading " + redact(from) + " failed: "
            + exportFailure), List.of(), new BackendException(reason));
    session.result(failed.toJson());
    return DocleaTransferCommand.EXIT_FAILED;
  }

  /**
   * Streams the source's export into the target's import through a pipe, read once: the export
   * runs on a second thread; the import reads the pipe in one pass, with no temporary copy. After
   * a successful import the rest of the pipe (what follows the export's last record) is read, so
   * that the export ends as it would writing a file.
   */
  private ImportResult copy(StorageBackend source, StorageBackend target,
      ConflictStrategy strategy, Limits chosenLimits, Session.Progress progress,
      AtomicReference<ExportResult> exported, AtomicReference<Throwable> exportCrash,
      Session session) {
    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out;
    try {
      out = new PipedOutputStream(in);
    } catch (IOException e) {
      throw new BackendException("Cannot set up the pipe between the two stores: "
          + IoFailures.describe(e), e);
    }
    ExportOptions exportOptions = ExportOptions.builder()
        .includeRelations(!noRelations)
        .includePending(!noPending)
        .gzip(false)
        .build();
    Thread exporter = new Thread(() -> {
      try (out) {
        exported.set(Transfer.export(source, out, redact(from), exportOptions));
      } catch (IOException | RuntimeException | Error e) {
        exportCrash.set(e);
      }
    }, "copy: export");
    exporter.setDaemon(true);
    exporter.start();
    ImportResult result = null;
    try {
      result = Importer.fromSinglePassStream(target, in, "the export of " + redact(from),
          ImportOptions.builder()
              .conflictStrategy(strategy)
              .importRelations(!noRelations)
              .importPending(!noPending)
              .limits(chosenLimits)
              .listener(progress)
              .build());
      if (result.success()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } else {
        importFailedFirst = exported.get() == null && exportCrash.get() == null;
      }
    } catch (IOException e) {
      // What follows the export could not be read: the export's own result says why.
      session.warn("cannot read the end of the export of " + redact(from) + ": "
          + IoFailures.describe(e));
    } finally {
      try {
        in.close(); // a writer still blocked on a full pipe fails instead of waiting forever
      } catch (IOException e) {
        session.warn("cannot close the pipe: " + e.getMessage());
      }
      try {
        exporter.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return result;
  }

  /**
   * A file that both stores hold ({@link StorageBackend#files()}), compared as real files: two
   * names of one file (a relative and an absolute path, {@code ./}, a trailing slash, a symbolic
   * link, a hard link) are the same file.
   *
   * @return the file as the source names it and as the target names it, or null when they share
   *     none
   */
  static Path[] sharedFile(StorageBackend source, StorageBackend target) {
    Map<Object, Path> sourceFiles = new LinkedHashMap<>();
    for (Path file : source.files()) {
      sourceFiles.putIfAbsent(identity(file), file);
    }
    for (Path file : target.files()) {
      Path same = sourceFiles.get(identity(file));
      if (same != null) {
        return new Path[] {same, file};
      }
    }
    return null;
  }

  /**
   * What a path names on disk: an existing file's key (device and inode, through any links), else
   * its real location (the real directory and the name; for a link that leads nowhere, where it
   * leads).
   */
  private static Object identity(Path file) {
    Path path = file.toAbsolutePath().normalize();
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return key != null ? key : path.toRealPath();
    } catch (IOException missing) {
      try {
        return OutputPaths.resolveLinks(path);
      } catch (IOException | TransferException e) {
        return path; // an unreadable link or a loop: compare its own name
      }
    }
  }

  /**
   * The import's result with the export's warnings first (what the source holds that the copy
   * cannot carry, such as a column the format has no field for).
   */
  private static ImportResult withExportWarnings(ImportResult result, ExportResult exported) {
    if (exported == null || exported.warnings().isEmpty()) {
      return result;
    }
    java.util.EnumMap<RecordKind, SectionStats> sections =
        new java.util.EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      sections.put(kind, result.section(kind));
    }
    List<String> warnings = new java.util.ArrayList<>(exported.warnings());
    warnings.addAll(result.warnings());
    return Results.imported(result.dryRun(), sections, result.errors(), warnings,
        result.reembeddingRequired(), result.reembedded(), null, result.lockHeldMs(),
        result.restoredVectors());
  }

  /**
   * Whether the import failed before the export had ended (so that closing the pipe made the
   * export fail too).
   */
  private boolean importFailedFirst;

  /** A URI for messages: the value of a password parameter is replaced by ***. */
  static String redact(String uri) {
    return uri.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
  }

  private static String exportFailure(ExportResult exported, Throwable crash) {
    if (crash != null) {
      return crash.getMessage();
    }
    if (exported == null) {
      return "the export did not finish";
    }
    return exported.success() ? null : exported.error();
  }

  /** The tool's own options for a URI, overridden by the user's. */
  private static Map<String, String> options(String uri, Map<String, String> user,
      boolean source) {
    Map<String, String> options = new LinkedHashMap<>();
    String scheme = uri.indexOf(':') > 0
        ? uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT) : "";
    boolean ours = scheme.equals("sqlite") || scheme.equals("postgresql")
        || (scheme.equals("jdbc") && uri.startsWith("jdbc:postgresql:"));
    if (ours) {
      options.put(source ? "readOnly" : "create", "true");
    }
    if (user != null) {
      options.putAll(user);
    }
    return options;
  }

  /** @return the target file when it is an sqlite: file that does not exist yet, else null */
  private static Path newSqliteFile(String uri) {
    if (!uri.startsWith("sqlite:") || uri.length() == "sqlite:".length()) {
      return null;
    }
    try {
      Path path = Path.of(uri.substring("sqlite:".length()));
      return Files.exists(path) ? null : path;
    } catch (RuntimeException e) {
      return null; // an invalid path: the adapter reports it
    }
  }


  @Override
  String failureJson(TransferException failure) {
    return Results.importFailed(false, List.of(failure.getMessage()), List.of(), failure)
        .toJson();
  }

  private String summary(ImportResult r, double seconds) {
    StringBuilder s = new StringBuilder();
    s.append("Copied ").append(redact(from)).append(" into ").append(redact(to))
        .append(String.format(Locale.ROOT, " in %.1f s:", seconds));
    for (RecordKind k : RecordKind.values()) {
      SectionStats st = r.section(k);
      s.append(String.format(Locale.ROOT, "%n  %-22s %,9d imported  %,9d overwritten  %,9d"
          + " skipped", k.sectionName(), st.imported(), st.overwritten(), st.skipped()));
    }
    return s.toString();
  }
}
