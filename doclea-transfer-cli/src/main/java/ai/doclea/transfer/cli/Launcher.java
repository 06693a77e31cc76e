package ai.doclea.transfer.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/** How the user started the tool, to print commands they can copy and say where files go. */
final class Launcher {
  private Launcher() {}

  /**
   * The command that runs this tool.
   *
   * @return the installation's {@code bin/doclea-transfer} when running from its {@code lib/},
   *     {@code java -jar PATH} when running from another jar (each path relative to the working
   *     directory when it lies below it), otherwise {@code doclea-transfer}
   */
  static String command() {
    Optional<Path> jar = jar();
    if (jar.isEmpty()) {
      return "doclea-transfer";
    }
    Optional<Path> lib = installationLib();
    if (lib.isPresent()) {
      return relative(lib.get().resolveSibling("bin").resolve("doclea-transfer")).toString();
    }
    return "java -jar " + relative(jar.get());
  }

  /**
   * The jar the tool's classes were loaded from.
   *
   * @return its path, or empty when they come from a directory or an unknown location
   */
  static Optional<Path> jar() {
    CodeSource source = DocleaTransferCommand.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    Path jar;
    try {
      jar = Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      // Not a file location (a custom class loader): nothing to say about it.
      return Optional.empty();
    }
    return jar.toString().endsWith(".jar") ? Optional.of(jar) : Optional.empty();
  }

  /**
   * The {@code lib/} directory of the installation the tool runs from: the directory of its jar,
   * when it is called {@code lib} and has {@code bin/doclea-transfer} next to it.
   *
   * @return the directory, or empty when the tool runs from the runnable jar, the build or a
   *     test
   */
  static Optional<Path> installationLib() {
    return jar().map(Path::getParent)
        .filter(dir -> dir.getFileName() != null && dir.getFileName().toString().equals("lib"))
        .filter(dir -> Files.exists(dir.resolveSibling("bin").resolve("doclea-transfer")));
  }

  private static Path relative(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    return path.startsWith(cwd) ? cwd.relativize(path) : path;
  }
}
