package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.Limits;
import picocli.CommandLine.ArgGroup;

/**
 * The limits against hostile files ({@link LimitOptions}) under their own heading, mixed into
 * every command that parses an export file ({@code verify}, {@code import}, {@code inspect},
 * {@code diff}, {@code copy}), so that the option a limit error names is one the command has.
 */
final class LimitsMixin {
  @ArgGroup(exclusive = false, heading = "Limits against hostile files:%n")
  LimitOptions options = new LimitOptions();

  /**
   * The limits to use.
   *
   * @param command for usage errors
   * @return the limits: the defaults, with those given on the command line
   */
  Limits limits(Subcommand command) {
    return (options == null ? new LimitOptions() : options).limits(command);
  }
}
