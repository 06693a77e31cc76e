package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.Selection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The filters of a selective export ({@code export --tag auth --type decision}), turned into a
 * {@link Selection}. AND across kinds of filter, OR within one kind; the closure rules are those
 * of {@link Selection}.
 */
final class SelectionOptions {
  @Option(names = "--type", paramLabel = "TYPE",
      description = "Only memories of this type (decision, solution, pattern, architecture,"
          + " note, …). Repeatable: any of them.")
  List<String> types = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG",
      description = "Only memories carrying this tag. Repeatable: any of them.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--file", paramLabel = "GLOB",
      description = "Only memories with a related file matching GLOB (* and ? within one path"
          + " segment, ** across). Repeatable: any of them.")
  List<String> files = new ArrayList<>();

  @Option(names = "--since", paramLabel = "EPOCH_SECONDS",
      description = "Only memories created (see --by) at or after this time.")
  Long since;

  @Option(names = "--until", paramLabel = "EPOCH_SECONDS",
      description = "Only memories created (see --by) before this time.")
  Long until;

  @Option(names = "--by", paramLabel = "created|accessed",
      description = "The timestamp --since and --until apply to: created (default) or accessed.")
  String by = "created";

  @Option(names = "--id", paramLabel = "ID",
      description = "Only the memory with this id. Repeatable.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--ids-from", paramLabel = "FILE",
      description = "Only the memories whose ids FILE lists, one per line (blank lines and lines"
          + " starting with # are ignored). Adds to --id.")
  Path idsFrom;

  @Option(names = "--min-importance", paramLabel = "X",
      description = "Only memories of importance X (0..1) or more.")
  Double minImportance;

  @Option(names = "--include-pending-matching",
      description = "With memory filters, also export the pending memories whose memoryData"
          + " matches them (by default a filtered export has no pending memories).")
  boolean includePendingMatching;

  @Option(names = "--no-documents", description = "Leave out documents and chunks.")
  boolean noDocuments;

  @Option(names = "--document", paramLabel = "ID",
      description = "Only this document (and its chunks). Repeatable; adds to --document-title.")
  List<String> documentIds = new ArrayList<>();

  @Option(names = "--document-title", paramLabel = "GLOB",
      description = "Only documents whose title matches GLOB (and their chunks). Repeatable.")
  List<String> documentTitles = new ArrayList<>();

  /** @return whether no filter was given */
  boolean isEmpty() {
    return types.isEmpty() && tags.isEmpty() && files.isEmpty() && since == null
        && until == null && ids.isEmpty() && idsFrom == null && minImportance == null
        && !noDocuments && documentIds.isEmpty() && documentTitles.isEmpty();
  }

  /**
   * Builds the selection.
   *
   * @param command for usage errors
   * @return the selection, {@link Selection#ALL} when no filter is given
   */
  Selection build(Subcommand command) {
    Selection.TimeField field = switch (by) {
      case "created" -> Selection.TimeField.CREATED;
      case "accessed" -> Selection.TimeField.ACCESSED;
      default -> throw command.usageError("--by must be created or accessed, not '" + by + "'");
    };
    List<String> allIds = new ArrayList<>(ids);
    if (idsFrom != null) {
      allIds.addAll(readIds(command));
    }
    if (noDocuments && (!documentIds.isEmpty() || !documentTitles.isEmpty())) {
      throw command.usageError("--no-documents cannot be combined with --document or"
          + " --document-title");
    }
    try {
      return Selection.builder().types(types).tags(tags).files(files).since(since).until(until)
          .timeField(field).ids(allIds).minImportance(minImportance)
          .includePendingMatching(includePendingMatching).includeDocuments(!noDocuments)
          .documentIds(documentIds).documentTitles(documentTitles).build();
    } catch (IllegalArgumentException e) {
      throw command.usageError(e.getMessage());
    }
  }

  private List<String> readIds(Subcommand command) {
    List<String> out = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(idsFrom, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw command.usageError("--ids-from " + idsFrom + " cannot be read: " + e.getMessage());
    }
    for (String line : lines) {
      String id = line.strip();
      if (!id.isEmpty() && !id.startsWith("#")) {
        out.add(id);
      }
    }
    if (out.isEmpty()) {
      throw command.usageError("--ids-from " + idsFrom + " lists no id; an export of no memory"
          + " is almost certainly a mistake");
    }
    return out;
  }
}
