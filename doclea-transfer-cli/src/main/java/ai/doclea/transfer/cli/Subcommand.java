package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.TransferException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The frame every subcommand runs in: an expected failure ({@link TransferException}) becomes one
 * line on standard error and the command's failure JSON on standard output, with exit status 1; a
 * usage problem found while running becomes exit status 2.
 */
abstract class Subcommand implements Callable<Integer> {
  @ParentCommand DocleaTransferCommand top;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    Session session = top.session(spec.commandLine());
    try {
      return run(session);
    } catch (ParameterException e) {
      throw e;
    } catch (TransferException e) {
      session.fail(e.getMessage(), e);
      session.result(failureJson(e));
      return DocleaTransferCommand.EXIT_FAILED;
    }
  }

  /**
   * Runs the command and prints its result.
   *
   * @param session streams and global options
   * @return the exit status
   */
  abstract int run(Session session);

  /**
   * The command's result JSON for a failure that left it without a result of its own.
   *
   * @param failure the failure
   * @return one JSON object in the command's documented shape, {@code success} false
   */
  abstract String failureJson(TransferException failure);

  /**
   * A usage error found after parsing (an unknown backend scheme or strategy name).
   *
   * @param message what is wrong and how to fix it
   * @return the exception to throw; picocli reports it with exit status 2
   */
  ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
