package ai.doclea.transfer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Supplies {@code --version}: the tool's version, the export format it writes, and the JVM. */
public final class VersionProvider implements IVersionProvider {

  /** Creates the provider; picocli calls this. */
  public VersionProvider() {}

  /**
   * The version lines.
   *
   * @return the lines printed by {@code --version}
   */
  @Override
  public String[] getVersion() {
    return new String[] {
      "doclea-transfer " + version(),
      "export format 1.0.0",
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
          + ")"
    };
  }

  /**
   * The tool's version, as built by Maven.
   *
   * @return for example {@code 0.1.0}
   */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read version.properties from the jar", e);
    }
    return p.getProperty("version", "unknown");
  }
}
