package ai.doclea.transfer.cli;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.VerifyResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code inspect FILE}: header, counts, embedding facts and size, without loading the file. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Show an export file's header, counts, embedding model and size.",
      "",
      "Streams through the file without loading it into memory and without checking records"
          + " or references (use verify for that).",
      "",
      "Prints the same object as verify; \"valid\" means only that the file could be read."
    })
final class InspectCommand extends Subcommand {

  @Parameters(paramLabel = "FILE",
      description = "The export file (plain or gzip); '-' reads standard input.")
  Path file;

  @Mixin LimitsMixin limits;

  @Override
  int run(Session session) {
    Limits chosen = limits.limits(this);
    VerifyResult r = FileCheck.check(file, f -> Transfer.inspect(f, chosen),
        chosen.maxDecompressedBytes());
    String problem = r.version() == null && !r.valid() && !r.errors().isEmpty()
        ? r.errors().get(0) : null;
    if (r.valid()) {
      Summaries.listSome(session, "", r.warnings());
      session.say(file + ":");
      session.say(FileCheck.describe(r));
      session.result(r.toJson());
      return DocleaTransferCommand.EXIT_OK;
    }
    String first = r.errors().isEmpty() ? "cannot be read" : r.errors().get(0);
    session.fail(problem != null ? first : "cannot read " + file + ": " + first, null);
    session.result(r.toJson());
    return DocleaTransferCommand.EXIT_FAILED;
  }

  @Override
  String failureJson(TransferException failure) {
    return FileCheck.unreadable(file, failure.getMessage(), "unchecked").toJson();
  }
}
