package ai.doclea.transfer.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** How the user started the tool, to print commands they can copy. */
final class Launcher {
  private Launcher() {}

  /**
   * The command that runs this tool.
   *
   * @return {@code java -jar PATH} when running from the jar (the path relative to the working
   *     directory when it lies below it), otherwise {@code doclea-transfer}
   */
  static String command() {
    CodeSource source = DocleaTransferCommand.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "doclea-transfer";
    }
    Path jar;
    try {
      jar = Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      // Not a file location (a custom class loader): fall back to the plain name.
      return "doclea-transfer";
    }
    if (!jar.toString().endsWith(".jar")) {
      return "doclea-transfer";
    }
    Path cwd = Path.of("").toAbsolutePath();
    return "java -jar " + (jar.startsWith(cwd) ? cwd.relativize(jar) : jar);
  }
}
