package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.sqlite.DocleaProjectBackend;
import ai.doclea.transfer.sqlite.ProjectStatus;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code status}: what a Doclea project holds, without starting Doclea. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Show a Doclea project's configuration and what it holds: memories, vectors, memories"
          + " without a vector, vectors without a memory, the model and dimensions, and whether"
          + " Doclea's vector index is present or will be rebuilt when Doclea next starts.",
      "",
      "Also finishes (or discards) an import that was interrupted, and says so.",
      "",
      "Prints {success, project, config{…}, memories, vectors, memoriesWithoutVector,"
          + " vectorsWithoutMemory, embeddingProvider, embeddingModel, dimensions, vectorIndex,"
          + " recovered[…]}."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  doclea-transfer status --project ~/code/my-app"})
final class StatusCommand extends Subcommand {
  @Mixin ProjectOption project;

  @Override
  int run(Session session) {
    ProjectStatus s;
    try (DocleaProjectBackend b = DocleaProjectBackend.open(project.resolve(this),
        Map.of("readOnly", "true"))) {
      for (String note : b.recoveryNotes()) {
        session.warn(note);
      }
      s = b.status();
    }
    JsonObject o = new JsonObject();
    o.addProperty("success", true);
    o.addProperty("project", s.config().projectDir().toString());
    JsonObject config = new JsonObject();
    s.config().summary().forEach((k, v) -> config.add(k, v == null ? null
        : v instanceof Number ? new JsonPrimitive((Number) v) : new JsonPrimitive(v.toString())));
    o.add("config", config);
    o.addProperty("memories", s.memories());
    o.addProperty("vectors", s.vectors());
    o.addProperty("memoriesWithoutVector", s.memoriesWithoutVector());
    o.addProperty("vectorsWithoutMemory", s.vectorsWithoutMemory());
    o.addProperty("embeddingProvider", s.config().embeddingProvider());
    o.addProperty("embeddingModel", s.config().embeddingModel());
    if (s.dimensions() >= 0) {
      o.addProperty("dimensions", s.dimensions());
    } else {
      o.add("dimensions", null);
    }
    o.addProperty("vectorIndex", !s.vectorStore() || s.vectors() == 0 && !s.vectorIndex()
        ? "none" : s.vectorIndex() ? "present" : "rebuilt-when-doclea-starts");
    JsonArray recovered = new JsonArray();
    s.recovered().forEach(recovered::add);
    o.add("recovered", recovered);
    session.result(Json.write(o));
    if (s.indexRebuildPending()) {
      session.say("Doclea's vector index is missing: restart Doclea's server (its MCP server"
          + " process) so that it rebuilds the index over the " + s.vectors() + " vectors;"
          + " until then its search finds nothing.");
    }
    if (s.memoriesWithoutVector() > 0) {
      session.say(s.memoriesWithoutVector() + " memories have no vector, so Doclea's search"
          + " cannot find them: import with --reembed --conflict overwrite to embed them.");
    }
    return DocleaTransferCommand.EXIT_OK;
  }

  @Override
  String failureJson(TransferException failure) {
    return Json.failure(failure.getMessage(), false);
  }
}
