package ai.doclea.transfer.cli;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.IncompleteCommitException;
import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.SectionStats;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import ai.doclea.transfer.sqlite.DocleaProjectConfig;
import ai.doclea.transfer.sqlite.ProjectEmbedding;
import ai.doclea.transfer.internal.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code import}: loads an export file into a store, all or nothing. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Restore an export file into a store, all or nothing.",
      "",
      "The import runs in one transaction: on any failure nothing is changed. With --db, a"
          + " missing database file is created with Doclea's layout. Plain and gzip files are"
          + " both read.",
      "",
      "Prints {success, stats{memoriesImported, memoriesSkipped, documentsImported,"
          + " chunksImported, memoryRelationsImported, crossLayerRelationsImported,"
          + " pendingImported}, errors?, dryRun, reembeddingRequired, reembedded,"
          + " vectorsRestored, sections{…},"
          + " warnings}."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  doclea-transfer import --input backup.json --db .doclea/local.db",
      "  doclea-transfer import --input backup.json --db local.db --dry-run",
      "  doclea-transfer import --input backup.json --db new.db --reembed"
    })
final class ImportCommand extends Subcommand {

  @Option(
      names = {"-i", "--input"},
      paramLabel = "FILE",
      required = true,
      description = "The export file to import (plain or gzip-compressed); '-' reads standard"
          + " input (copied to a private temporary file first, since the import may read it"
          + " twice).")
  Path input;

  @ArgGroup(exclusive = true, multiplicity = "0..1",
      heading = "Target (one of; default: the current directory when it holds .doclea/):%n")
  BackendTarget target;

  @Option(
      names = "--conflict",
      paramLabel = "STRATEGY",
      defaultValue = "skip",
      completionCandidates = StrategyNames.class,
      description = "What to do with a record whose id already exists: skip (keep the existing"
          + " one), overwrite (replace it) or error (fail and change nothing); also any strategy"
          + " on the class path, such as newest-wins. Default: ${DEFAULT-VALUE}.")
  String conflict;

  @Option(names = "--reembed",
      description = "Compute a new embedding vector for every imported memory (title and"
          + " content) with the embedding provider on the class path.")
  boolean reembed;

  @Option(
      names = "--embedding-provider",
      paramLabel = "NAME",
      completionCandidates = EmbeddingNames.class,
      description = "With --reembed: the embedding provider to use, by name, when several are"
          + " on the class path. The jar ships one, 'transformers' (Doclea's model from Doclea's"
          + " model cache).")
  String embeddingProvider;

  @Option(
      names = "--model-cache",
      paramLabel = "DIR",
      description = "With --project --reembed: the directory of downloaded models to load the"
          + " project's model from, instead of embedding.cacheDir or Doclea's default"
          + " ($XDG_CACHE_HOME/doclea/transformers, else ~/.cache/doclea/transformers).")
  Path modelCache;

  @Option(
      names = "--embedding-option",
      paramLabel = "KEY=VALUE",
      description = "With --reembed: an option for the embedding provider, for example"
          + " model=all-MiniLM-L6-v2 or cacheDir=DIR for 'transformers'. Repeatable.")
  Map<String, String> embeddingOptions;

  @Option(names = "--no-relations",
      description = "Do not import memory relations and cross-layer relations.")
  boolean noRelations;

  @Option(names = "--no-pending", description = "Do not import pending memories.")
  boolean noPending;

  @Option(names = "--dry-run",
      description = "Check the file against the store and count what would happen; write"
          + " nothing.")
  boolean dryRun;

  @Mixin LimitsMixin limits;

  @Option(
      names = "--backend-option",
      paramLabel = "KEY=VALUE",
      description = "An option for the storage adapter, for example storageMode=manual."
          + " Repeatable.")
  Map<String, String> backendOptions;

  @Override
  int run(Session session) {
    ConflictStrategy strategy = strategy();
    if (embeddingProvider != null && !reembed) {
      throw usageError("--embedding-provider " + embeddingProvider + " needs --reembed");
    }
    if (embeddingOptions != null && !reembed) {
      throw usageError("--embedding-option needs --reembed");
    }
    boolean fromStdin = input.toString().equals("-");
    if (!fromStdin && !Files.exists(input)) {
      throw new InvalidFileException("Input file not found: " + input, input.toString(), null,
          null, null);
    }
    if (!fromStdin && Files.isDirectory(input)) {
      throw new InvalidFileException("Input is a directory, not an export file: " + input,
          input.toString(), null, null, null);
    }
    // A pipe or a device (a named pipe, <(zcat backup.json.gz)) is read once as a stream, as
    // standard input is: the import copies it to a private temporary file for its passes.
    boolean asStream = !fromStdin && !Files.isRegularFile(input);
    target = BackendTarget.orCurrentProject(target, this);
    DocleaProjectConfig project = null;
    if (target.isProject()) {
      project = DocleaProjectConfig.load(target.project);
      if (embeddingProvider != null && !embeddingProvider.equals("transformers")) {
        throw usageError("--embedding-provider " + embeddingProvider + " cannot be used with"
            + " --project: a project embeds with the model of its .doclea/config.json");
      }
      if (embeddingOptions != null) {
        throw usageError("--embedding-option cannot be used with --project: a project embeds"
            + " with the model of its .doclea/config.json (use --model-cache DIR to say where"
            + " the model files are)");
      }
      if (reembed) {
        ProjectEmbedding.checkSupported(project);
      }
    } else if (reembed && target.db != null) {
      Path parent = target.db.toAbsolutePath().getParent();
      boolean inProject = parent != null && parent.getFileName() != null
          && parent.getFileName().toString().equals(".doclea");
      throw usageError("--reembed writes vectors into Doclea's vector store, and a bare"
          + " database file (--db) holds none: import into the project instead, "
          + (inProject ? "--project " + parent.getParent() : "--project DIR")
          + " (its .doclea/config.json names the model and the vector store).");
    } else if (modelCache != null) {
      throw usageError("--model-cache needs --project (a project names its model)");
    }
    if (modelCache != null && !reembed) {
      throw usageError("--model-cache " + modelCache + " needs --reembed");
    }
    long started = System.nanoTime();
    BackendTarget.Purpose purpose =
        dryRun ? BackendTarget.Purpose.CHECK : BackendTarget.Purpose.WRITE;
    // A pipe is opened before anything is created: opening one blocks until a writer comes, and
    // a signal meanwhile must find nothing to clean up.
    java.io.InputStream pipe = asStream ? openPipe() : null;
    Path createdProjectDb = dryRun || project == null
        || Files.exists(project.databasePath()) ? null : project.databasePath();
    NewDatabase created = !dryRun && target.db != null && NewDatabase.isNew(target.db)
        ? NewDatabase.prepare(target.db, session) : null;
    if (created != null) {
      // Messages name the path the user gave, not the private name the database is built under.
      session.showAs(created.staging().toString(), target.db.toString());
    }
    ImportResult result = null;
    DocleaProjectConfig config = project;
    try (EmbeddingProvider embedder = !reembed ? null
            : config != null ? projectEmbedder(session, config) : embedder(session);
        BackendTarget.Opened store = created != null
            ? target.openNew(this, created.staging(), backendOptions)
            : target.open(this, session, purpose, backendOptions);
        Session.Progress progress = session.progress(dryRun ? "check" : "import")) {
      if (created != null) {
        session.say("Creating a new Doclea database at " + target.db
            + (created.target().equals(target.db.toAbsolutePath().normalize()) ? ""
                : " (where its symbolic link leads: " + created.target() + ")"));
      }
      ImportOptions.Builder options = ImportOptions.builder()
          .conflictStrategy(strategy)
          .importRelations(!noRelations)
          .importPending(!noPending)
          .dryRun(dryRun)
          .limits(limits.limits(this))
          .listener(progress);
      if (embedder != null) {
        options.reembed(embedder);
      }
      if (fromStdin) {
        result = Transfer.importFrom(store.backend(), System.in, "standard input",
            options.build());
      } else if (pipe != null) {
        result = Transfer.importFrom(store.backend(), pipe, input.toString(), options.build());
      } else {
        result = Transfer.importFrom(store.backend(), input, options.build());
      }
    } finally {
      if (pipe != null) {
        try {
          pipe.close();
        } catch (java.io.IOException e) {
          session.warn("cannot close " + input + ": " + e.getMessage());
        }
      }
      // All or nothing: a failed import leaves no new database behind either. (One whose commit
      // is durable but incomplete is finished by the next command, on that database.)
      boolean failed = result == null || !result.success() && !committed(result);
      if (created != null && failed) {
        created.discard(session);
      }
      if (createdProjectDb != null && failed) {
        NewDatabase.deleteWithSideFiles(createdProjectDb, "import", session);
      }
    }
    if (created != null && (result.success() || committed(result))) {
      try {
        created.publish();
      } finally {
        created.discard(session);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (result.success()) {
      Summaries.listSome(session, "", result.warnings());
      Summaries.listSome(session, "skipped: ", result.errors());
      session.say(summary(result, seconds));
      session.result(result.toJson());
      return DocleaTransferCommand.EXIT_OK;
    }
    String reason = result.failure().map(Throwable::getMessage)
        .orElse(result.errors().isEmpty() ? "unknown failure" : result.errors().get(0));
    session.fail((committed(result) ? "import incomplete: "
        : reason.endsWith("nothing was changed") ? "import failed: "
        : "import failed, nothing was changed: ") + reason, result.failure().orElse(null));
    session.result(result.toJson());
    return DocleaTransferCommand.EXIT_FAILED;
  }

  /** Whether the import failed after its commit made what it wrote durable. */
  static boolean committed(ImportResult result) {
    return result.failure().orElse(null) instanceof IncompleteCommitException;
  }

  private java.io.InputStream openPipe() {
    try {
      return Files.newInputStream(input);
    } catch (java.io.IOException e) {
      throw new InvalidFileException("Cannot read " + input + ": " + e.getMessage(),
          input.toString(), null, null, e);
    }
  }

  @Override
  String failureJson(TransferException failure) {
    return Results.importFailed(dryRun, List.of(failure.getMessage()), List.of(), failure)
        .toJson();
  }


  private ConflictStrategy strategy() {
    try {
      return Providers.conflictStrategy(conflict);
    } catch (ConfigurationException e) {
      throw usageError("Unknown --conflict strategy '" + conflict + "'. Known: "
          + String.join(", ", new StrategyNames()));
    }
  }

  private EmbeddingProvider embedder(Session session) {
    if (embeddingProvider != null) {
      try {
        return Providers.embeddingProvider(embeddingProvider, embeddingOptions());
      } catch (ConfigurationException e) {
        List<String> names = names();
        if (names.stream().noneMatch(n -> n.equalsIgnoreCase(embeddingProvider))) {
          throw usageError("Unknown --embedding-provider '" + embeddingProvider + "'. On the"
              + " class path: " + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        throw e;
      }
    }
    List<EmbeddingProviderFactory> factories = Providers.embeddingProviderFactories(null);
    if (factories.isEmpty()) {
      EmbeddingsAddOn.require("import --reembed");
      throw new ConfigurationException("--reembed needs an embedding provider, and none is on"
          + " the class path. Add one (doclea-transfer-embeddings provides"
          + " 'transformers') or import without --reembed.");
    }
    if (factories.size() > 1) {
      throw usageError("Several embedding providers are on the class path: "
          + String.join(", ", names()) + ". Choose one with --embedding-provider NAME.");
    }
    EmbeddingProviderFactory factory = factories.get(0);
    session.say("Re-embedding with " + factory.description());
    return factory.create(embeddingOptions());
  }

  private Map<String, String> embeddingOptions() {
    return embeddingOptions == null ? Map.of() : embeddingOptions;
  }

  private EmbeddingProvider projectEmbedder(Session session, DocleaProjectConfig config) {
    EmbeddingsAddOn.require("import --reembed");
    session.say("Re-embedding with the project's model " + config.embeddingModel() + " ("
        + config.vectorSize() + " dimensions), from "
        + (modelCache != null ? modelCache : ProjectEmbedding.cacheDir(config)));
    return ProjectEmbedding.open(config, modelCache,
          o -> Providers.embeddingProvider("transformers", o));
  }

  private static List<String> names() {
    return Providers.embeddingProviderFactories(null).stream()
        .map(EmbeddingProviderFactory::name)
        .collect(Collectors.toList());
  }

  private String summary(ImportResult r, double seconds) {
    StringBuilder s = new StringBuilder();
    s.append(r.dryRun() ? "Dry run of " : "Imported ").append(input).append(" into ")
        .append(target.description())
        .append(String.format(Locale.ROOT, " in %.1f s", seconds))
        .append(r.dryRun() ? " (nothing was written; this is what an import would do):"
            : ":");
    for (RecordKind k : RecordKind.values()) {
      SectionStats st = r.section(k);
      s.append(String.format(Locale.ROOT, "%n  %-22s %,9d imported  %,9d overwritten  %,9d"
          + " skipped", k.sectionName(), st.imported(), st.overwritten(), st.skipped()));
      if (st.errors() > 0) {
        s.append(String.format(Locale.ROOT, "  (%,d with errors)", st.errors()));
      }
    }
    if (r.reembedded() > 0) {
      s.append(String.format(Locale.ROOT, "%nRe-embedded %,d memories.", r.reembedded()));
    }
    if (r.restoredVectors() > 0) {
      s.append(String.format(Locale.ROOT, "%nRestored %,d vectors from the file (no model was"
          + " run).", r.restoredVectors()));
    }
    if (r.lockHeldMs() >= 0) {
      s.append(String.format(Locale.ROOT, "%nThe target's write lock was held for %,d ms.",
          r.lockHeldMs()));
    }
    return s.toString();
  }

  /** The conflict strategy names for completion and help: built-ins and those discovered. */
  static final class StrategyNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (ConflictStrategy s : Providers.conflictStrategies(null)) {
        names.add(s.name());
      }
      return names.iterator();
    }
  }

  /** The embedding provider names on the class path, for completion and help. */
  static final class EmbeddingNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names().iterator();
    }
  }
}
