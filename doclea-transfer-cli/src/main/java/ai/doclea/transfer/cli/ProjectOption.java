package ai.doclea.transfer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --project DIR} for the commands that work on a Doclea project only. */
final class ProjectOption {
  @Option(
      names = "--project",
      paramLabel = "DIR",
      description = "The Doclea project (the directory holding .doclea/). Default: the current"
          + " directory when it holds .doclea/.")
  Path project;

  /**
   * The project directory: the one given, else the current directory when it is a project.
   *
   * @param command for the usage error
   * @return the directory
   */
  Path resolve(Subcommand command) {
    if (project != null) {
      return project;
    }
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    if (!Files.isDirectory(cwd.resolve(".doclea"))) {
      throw command.usageError("Give the project with --project DIR. The current directory, "
          + cwd + ", holds no .doclea/ directory, so it is not a Doclea project.");
    }
    return cwd;
  }
}
