package ai.doclea.transfer.cli;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.VerifyResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code verify FILE}: integrity and reference check of an export file, no backend needed. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Check an export file's integrity and references; no database needed.",
      "",
      "Checks that the file is well-formed, of a supported format version, that every record"
          + " is valid, that counts and digest match its metadata, and that references between"
          + " sections (chunks to documents, relations to memories, vectors to memories) resolve;"
          + " vectors (data.vectors) must be valid base64 float32 of metadata.dimensions, finite.",
      "Exit status 0 when the file is usable, 1 when it is not.",
      "",
      "Prints {success, file, valid, version, exportedAt, backendType, storageMode,"
          + " schemaVersion, embeddingProvider, embeddingModel, counts{…}, vectors, dimensions?,"
          + " sizeBytes, gzip,"
          + " digest, errors, warnings}."
    })
final class VerifyCommand extends Subcommand {

  @Parameters(paramLabel = "FILE",
      description = "The export file (plain or gzip); '-' reads standard input.")
  Path file;

  @Mixin LimitsMixin limits;

  @Override
  int run(Session session) {
    Limits chosen = limits.limits(this);
    VerifyResult r = FileCheck.check(file, f -> Transfer.verify(f, chosen),
        chosen.maxDecompressedBytes());
    String problem = r.version() == null && !r.valid() && !r.errors().isEmpty()
        ? r.errors().get(0) : null;
    if (r.valid()) {
      Summaries.listSome(session, "", r.warnings());
      session.say(file + " is valid (digest " + r.digest() + "):");
      session.say(FileCheck.describe(r));
      session.result(r.toJson());
      return DocleaTransferCommand.EXIT_OK;
    }
    String first = r.errors().isEmpty() ? "invalid" : r.errors().get(0);
    int more = r.errors().size() - 1;
    session.fail(problem != null ? first : file + " is damaged: " + first
        + (more > 0 ? " (and " + more + " more problem" + (more == 1 ? "" : "s")
            + ", listed in the JSON)" : ""), null);
    session.result(r.toJson());
    return DocleaTransferCommand.EXIT_FAILED;
  }

  @Override
  String failureJson(TransferException failure) {
    return FileCheck.unreadable(file, failure.getMessage(), "unchecked").toJson();
  }
}
