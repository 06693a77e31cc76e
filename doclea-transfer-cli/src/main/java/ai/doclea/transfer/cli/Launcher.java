package ai.doclea.transfer.cli;

import java.io.IOException;
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

  /**
   * The system property through which the launcher names the class list this run records for
   * its class-data archive ({@code -XX:DumpLoadedClassList}), when it records one.
   */
  static final String CLASS_LIST = "doclea.transfer.classList";

  /**
   * Deletes the class list this run records, so that the launcher does not make its archive for
   * the command from a run that failed (a usage error or a failure loads a small part of the
   * command's classes; an archive made from it would mark the command as held, and every later
   * run would load the rest from the jars). The JVM keeps writing into the deleted file until it
   * exits. Best effort: a list that cannot be deleted only makes a less useful archive, so no
   * failure is reported.
   */
  static void forgetClassList() {
    String list = System.getProperty(CLASS_LIST);
    if (list == null || list.isEmpty()) {
      return;
    }
    try {
      Files.deleteIfExists(Path.of(list));
    } catch (IOException | RuntimeException e) {
      // Nothing for the user to do, and nothing lost: see above.
    }
  }

  private static Path relative(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    return path.startsWith(cwd) ? cwd.relativize(path) : path;
  }
}
