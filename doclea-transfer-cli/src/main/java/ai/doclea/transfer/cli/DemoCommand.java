package ai.doclea.transfer.cli;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.embeddings.BundledMiniLm;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.sqlite.DocleaProjectBackend;
import ai.doclea.transfer.sqlite.DocleaProjectConfig;
import ai.doclea.transfer.sqlite.ProjectEmbedding;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the README's first command. Creates a sample Doclea database, exports it, verifies
 * the file, restores it into a fresh database, checks that the restored records equal the
 * originals, and says what happened.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Back up, check and restore a sample database, to see how it works.",
      "",
      "Creates a realistic Doclea database (source.db: memories, documents, chunks,"
          + " relations, pending memories), exports it (backup.json), verifies the file,"
          + " restores it into a fresh database (restored.db) and compares every record; then"
          + " restores it into a Doclea project (project/) with vectors from the bundled"
          + " all-MiniLM-L6-v2 and searches it.",
      "Nothing outside the demo directory is touched.",
      "",
      "Prints {success, directory, sourceDatabase, backupFile, restoredDatabase, generated{…},"
          + " export{…}, verify{…}, import{…}, restored{…}, identical, projectImport{…},"
          + " search{query, memoryId, found, first, score}, error?}."
    })
final class DemoCommand extends Subcommand {

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where to put source.db, backup.json and restored.db; created if missing,"
          + " and none of the three may exist yet. Default: a new temporary directory.")
  Path dir;

  @Option(
      names = "--memories",
      paramLabel = "N",
      defaultValue = "300",
      description = "How many sample memories to create (default ${DEFAULT-VALUE}; the other"
          + " sections scale with it).")
  int memories;

  @Option(
      names = "--model-cache",
      paramLabel = "DIR",
      description = "A Doclea model cache to take all-MiniLM-L6-v2 from (DIR/Xenova/"
          + "all-MiniLM-L6-v2), or to lay out the bundled one in when it is not there yet."
          + " Default: the bundled model (doclea-transfer-embeddings-minilm in lib/) laid out in"
          + " model-cache in the demo directory, else the model in Doclea's own model cache.")
  Path modelCache;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "20240117",
      description = "Seed of the sample data (default ${DEFAULT-VALUE}).")
  long seed;

  private final JsonObject json = new JsonObject();

  @Override
  int run(Session session) {
    if (memories < 10 || memories > 1_000_000) {
      throw usageError("--memories must be between 10 and 1000000, not " + memories);
    }
    // Step 5 embeds: find out before anything is written whether it can.
    EmbeddingsAddOn.require("demo");
    Path readyModelCache = readyModelCache();
    Path directory = directory();
    Path source = directory.resolve("source.db");
    Path backup = directory.resolve("backup.json");
    Path restored = directory.resolve("restored.db");
    for (Path p : List.of(source, backup, restored, directory.resolve("project"))) {
      if (Files.exists(p)) {
        throw new BackendException(p + " already exists; the demo never overwrites files."
            + " Choose another --dir, or leave it out to use a new temporary directory.");
      }
    }
    json.addProperty("success", false);
    json.addProperty("directory", directory.toString());
    json.addProperty("sourceDatabase", source.toString());
    json.addProperty("backupFile", backup.toString());
    json.addProperty("restoredDatabase", restored.toString());
    session.say("Demo directory: " + directory + (dir == null ? " (a new temporary directory)"
        : ""));

    // 1. A sample database, written through the storage SPI as any adapter user would.
    SampleKnowledgeBase.Contents contents = SampleKnowledgeBase.generate(memories, seed,
        System.currentTimeMillis() / 1000);
    try (StorageBackend backend = Providers.openBackend("sqlite:" + source,
        Map.of("create", "true"))) {
      SampleKnowledgeBase.writeTo(backend, contents);
    }
    json.add("generated", countsJson(contents.counts()));
    session.say("1/5 Created a sample Doclea database " + source + ":\n    "
        + Summaries.counts(k -> contents.counts().get(k)));

    // 2. Export.
    ExportResult exported;
    try (StorageBackend backend = Providers.openBackend("sqlite:" + source,
            Map.of("readOnly", "true"));
        Session.Progress progress = session.progress("export")) {
      exported = Transfer.export(backend, backup,
          ExportOptions.builder().listener(progress).build());
    }
    json.add("export", Json.parse(exported.toJson()));
    if (!exported.success()) {
      return failed(session, "export failed: " + exported.error(),
          exported.failure().orElse(null));
    }
    session.say("2/5 Exported it to " + backup + " (" + Summaries.bytes(exported.bytes())
        + ").");

    // 3. Verify the file without any database.
    VerifyResult verified = Transfer.verify(backup, Limits.DEFAULTS);
    json.add("verify", Json.parse(verified.toJson()));
    if (!verified.valid()) {
      return failed(session, "the backup does not verify: " + String.join("; ",
          verified.errors()), null);
    }
    session.say("3/5 Verified " + backup.getFileName() + ": valid, digest " + verified.digest()
        + ", " + verified.warnings().size() + " warning(s).");

    // 4. Restore into a fresh database.
    ImportResult imported;
    try (StorageBackend backend = Providers.openBackend("sqlite:" + restored,
            Map.of("create", "true"));
        Session.Progress progress = session.progress("import")) {
      imported = Transfer.importFrom(backend, backup,
          ImportOptions.builder().listener(progress).build());
    }
    json.add("import", Json.parse(imported.toJson()));
    if (!imported.success()) {
      return failed(session, "import failed: " + String.join("; ", imported.errors()),
          imported.failure().orElse(null));
    }
    session.say("4/5 Restored it into " + restored + ": "
        + Summaries.counts(k -> imported.section(k).imported()) + " imported.");

    // Compare every restored record with the original.
    List<String> differences = new ArrayList<>();
    Map<RecordKind, Long> restoredCounts;
    try (StorageBackend backend = Providers.openBackend("sqlite:" + restored,
        Map.of("readOnly", "true"))) {
      restoredCounts = compare(backend, contents, differences);
    }
    json.add("restored", countsJson(restoredCounts));
    json.addProperty("identical", differences.isEmpty());
    if (!differences.isEmpty()) {
      return failed(session, "the restored database differs from the source: "
          + differences.size() + " difference(s); first: " + differences.get(0), null);
    }
    session.say("Every restored record equals its original.");

    // 5. Restore into a Doclea project with vectors, and search it as Doclea would.
    Path project = directory.resolve("project");
    Path cache = readyModelCache;
    if (cache == null) {
      // Absolute: Doclea resolves a relative cacheDir against the project, not against our
      // working directory.
      cache = modelCache != null ? modelCache.toAbsolutePath()
          : directory.resolve("model-cache").toAbsolutePath();
      BundledMiniLm.install(cache);
    } else {
      session.say("    (all-MiniLM-L6-v2 from the model cache " + cache + ")");
    }
    writeProjectConfig(project, cache);
    ImportResult reembedded;
    DocleaProjectConfig config = DocleaProjectConfig.load(project);
    // Said before the import: embedding takes seconds, and its progress lines belong under it.
    session.say("5/5 Restoring it into the Doclea project " + project + " with --reembed ("
        + config.embeddingModel() + " embeds each memory):");
    Memory wanted = contents.memories().get(contents.memories().size() / 2);
    List<DocleaProjectBackend.SearchHit> hits;
    try (EmbeddingProvider embedder = ProjectEmbedding.open(config, null,
          o -> Providers.embeddingProvider("transformers", o))) {
      try (DocleaProjectBackend backend = DocleaProjectBackend.open(project,
              Map.of("create", "true"));
          Session.Progress progress = session.progress("import")) {
        reembedded = Transfer.importFrom(backend, backup,
            ImportOptions.builder().reembed(embedder).listener(progress).build());
      }
      json.add("projectImport", Json.parse(reembedded.toJson()));
      if (!reembedded.success()) {
        return failed(session, "import into the project failed: "
            + String.join("; ", reembedded.errors()), reembedded.failure().orElse(null));
      }
      try (DocleaProjectBackend backend = DocleaProjectBackend.open(project,
          Map.of("readOnly", "true"))) {
        hits = backend.search(embedder.embed(List.of(wanted.title() + "\n\n"
            + wanted.content())).get(0), 3);
      }
    }
    session.say("    " + reembedded.reembedded() + " vectors in "
        + project.resolve(".doclea/vectors.db").getFileName() + ", write lock held "
        + reembedded.lockHeldMs() + " ms.");
    JsonObject search = new JsonObject();
    search.addProperty("query", wanted.title());
    search.addProperty("memoryId", wanted.id());
    search.addProperty("found", !hits.isEmpty() && hits.get(0).memoryId().equals(wanted.id()));
    if (!hits.isEmpty()) {
      search.addProperty("first", hits.get(0).memoryId());
      search.addProperty("score", hits.get(0).score());
    }
    json.add("search", search);
    if (hits.isEmpty() || !hits.get(0).memoryId().equals(wanted.id())) {
      return failed(session, "searching the restored project for memory " + wanted.id()
          + " did not find it first: " + hits, null);
    }
    session.say(String.format(Locale.ROOT, "    search \"%s\" finds %s first (cosine %.3f).",
        abbreviate(wanted.title()), wanted.id(), hits.get(0).score()));
    json.addProperty("success", true);
    session.say("");
    session.say("Next, try:");
    String me = Launcher.command();
    session.say("  " + me + " inspect " + backup);
    session.say("  " + me + " import --input " + backup + " --db " + restored
        + " --conflict overwrite --dry-run");
    session.say("  " + me + " status --project " + project);
    session.say("  " + me + " search --project " + project + " --limit 5 \"" + "database choice\"");
    session.say("  " + me + " export --project ~/code/my-app --output my-backup.json"
        + "   # your own Doclea project");
    if (dir == null) {
      session.say("The demo files stay in " + directory + " until you delete them.");
    }
    session.result(Json.write(json));
    return DocleaTransferCommand.EXIT_OK;
  }

  @Override
  String failureJson(TransferException failure) {
    json.addProperty("success", false);
    json.addProperty("error", failure.getMessage());
    return Json.write(json);
  }

  /**
   * The model cache that already holds all-MiniLM-L6-v2, when the bundled model is not to be laid
   * out: {@code --model-cache} when it has the model, else Doclea's own cache when the bundled
   * model is not installed and that cache has it.
   *
   * @return the cache, or null to lay out the bundled model
   * @throws ai.doclea.transfer.api.ConfigurationException when the model is nowhere
   */
  private Path readyModelCache() {
    if (modelCache != null && EmbeddingsAddOn.miniLmInCache(modelCache)) {
      return modelCache.toAbsolutePath();
    }
    if (EmbeddingsAddOn.miniLmPresent()) {
      return null;
    }
    Path doclea = ProjectEmbedding.defaultCacheDir();
    if (modelCache == null && EmbeddingsAddOn.miniLmInCache(doclea)) {
      return doclea;
    }
    throw EmbeddingsAddOn.miniLmMissing("demo", modelCache != null
        ? "--model-cache " + modelCache + " has no " + EmbeddingsAddOn.MINILM_CACHE_ENTRY
            + " either."
        : "Or give --model-cache DIR, a Doclea model cache holding "
            + EmbeddingsAddOn.MINILM_CACHE_ENTRY + " (Doclea's own, " + doclea
            + ", has none).");
  }

  private static void writeProjectConfig(Path project, Path cache) {
    JsonObject embedding = new JsonObject();
    embedding.addProperty("provider", "transformers");
    embedding.addProperty("model", BundledMiniLm.MODEL);
    embedding.addProperty("cacheDir", cache.toString());
    JsonObject vector = new JsonObject();
    vector.addProperty("provider", "libsql");
    vector.addProperty("vectorSize", 384);
    JsonObject config = new JsonObject();
    config.add("embedding", embedding);
    config.add("vector", vector);
    try {
      Files.createDirectories(project.resolve(".doclea"));
      Files.writeString(project.resolve(".doclea/config.json"), Json.write(config),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BackendException("Cannot create the demo project " + project + ": "
          + e.getMessage(), e);
    }
  }

  private int failed(Session session, String message, Throwable cause) {
    session.fail(message, cause);
    json.addProperty("success", false);
    json.addProperty("error", message);
    session.result(Json.write(json));
    return DocleaTransferCommand.EXIT_FAILED;
  }

  private Path directory() {
    try {
      if (dir == null) {
        return Files.createTempDirectory("doclea-transfer-demo-");
      }
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new BackendException("Cannot create the demo directory "
          + (dir == null ? "in " + System.getProperty("java.io.tmpdir") : dir) + ": "
          + e.getMessage(), e);
    }
  }

  private static JsonObject countsJson(Map<RecordKind, Long> counts) {
    JsonObject o = new JsonObject();
    for (RecordKind k : RecordKind.values()) {
      o.addProperty(k.sectionName(), counts.getOrDefault(k, 0L));
    }
    return o;
  }

  /**
   * Reads every section of the restored store and compares it with the generated records.
   *
   * @return the restored counts per section
   */
  static Map<RecordKind, Long> compare(StorageBackend backend,
      SampleKnowledgeBase.Contents contents, List<String> differences) {
    Map<RecordKind, Long> counts = new HashMap<>();
    try (ReadSnapshot snapshot = backend.openSnapshot()) {
      for (RecordKind kind : RecordKind.values()) {
        Map<String, TransferRecord> expected = new HashMap<>();
        for (TransferRecord r : contents.records(kind)) {
          expected.put(r.id(), r);
        }
        long n = 0;
        try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind)) {
          while (cursor.hasNext()) {
            TransferRecord actual = cursor.next();
            n++;
            TransferRecord original = expected.remove(actual.id());
            if (original == null) {
              differences.add(kind.displayName() + " " + actual.id() + " was not in the source");
            } else {
              String field = firstDifference(original, actual);
              if (field != null) {
                differences.add(kind.displayName() + " " + actual.id() + " differs in " + field);
              }
            }
          }
        }
        for (String missing : expected.keySet()) {
          differences.add(kind.displayName() + " " + missing + " is missing");
        }
        counts.put(kind, n);
      }
    }
    return counts;
  }

  /**
   * The first record component whose values differ; JSON text ({@code memoryData}) is compared
   * as JSON, since writers may space or spell numbers differently.
   */
  static String firstDifference(TransferRecord a, TransferRecord b) {
    if (a.getClass() != b.getClass()) {
      return "type";
    }
    for (RecordComponent c : a.getClass().getRecordComponents()) {
      try {
        Object x = c.getAccessor().invoke(a);
        Object y = c.getAccessor().invoke(b);
        boolean same = a instanceof PendingMemory && c.getName().equals("memoryData")
            ? Json.parse((String) x).equals(Json.parse((String) y))
            : Objects.equals(x, y);
        if (!same) {
          return String.format(Locale.ROOT, "%s (%s vs %s)", c.getName(), abbreviate(x),
              abbreviate(y));
        }
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("Cannot read " + c.getName() + " of " + a.getClass(), e);
      }
    }
    return null;
  }

  private static String abbreviate(Object v) {
    String s = String.valueOf(v);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
