package ai.doclea.transfer.cli;

import ai.doclea.transfer.Providers;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.sqlite.DocleaProjectBackend;
import ai.doclea.transfer.sqlite.ProjectEmbedding;
import ai.doclea.transfer.spi.EmbeddingProvider;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code search}: ranks a project's memories against a text, as Doclea's search would. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Embed TEXT with the project's model and rank its memories by cosine similarity over"
          + " Doclea's vector store (vector_memories in .doclea/vectors.db), without starting"
          + " Doclea.",
      "",
      "Prints {success, results[{memoryId, title, score}…]}, best first."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  doclea-transfer search --project ~/code/my-app --limit 5 \"why SQLite\""})
final class SearchCommand extends Subcommand {
  @Mixin ProjectOption project;

  @Option(names = "--limit", paramLabel = "K", defaultValue = "10",
      description = "How many results. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--model-cache", paramLabel = "DIR",
      description = "Load the project's model from this directory of downloaded models instead"
          + " of embedding.cacheDir or Doclea's default.")
  Path modelCache;

  @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What to search for.")
  List<String> text;

  @Override
  int run(Session session) {
    if (limit < 1) {
      throw usageError("--limit must be at least 1, got " + limit);
    }
    EmbeddingsAddOn.require("search");
    String query = String.join(" ", text);
    List<DocleaProjectBackend.SearchHit> hits;
    try (DocleaProjectBackend b = DocleaProjectBackend.open(project.resolve(this),
        Map.of("readOnly", "true"))) {
      for (String note : b.recoveryNotes()) {
        session.warn(note);
      }
      float[] vector;
      try (EmbeddingProvider embedder = ProjectEmbedding.open(b.config(), modelCache,
          o -> Providers.embeddingProvider("transformers", o))) {
        vector = embedder.embed(List.of(query)).get(0);
      }
      hits = b.search(vector, limit);
    }
    JsonObject o = new JsonObject();
    o.addProperty("success", true);
    JsonArray results = new JsonArray();
    for (DocleaProjectBackend.SearchHit h : hits) {
      JsonObject r = new JsonObject();
      r.addProperty("memoryId", h.memoryId());
      r.addProperty("title", h.title());
      r.addProperty("score", h.score());
      results.add(r);
    }
    o.add("results", results);
    session.result(Json.write(o));
    if (hits.isEmpty()) {
      session.say("No vectors in the project's vector store: import with --reembed first.");
    }
    return DocleaTransferCommand.EXIT_OK;
  }

  @Override
  String failureJson(TransferException failure) {
    return Json.failure(failure.getMessage(), false);
  }
}
