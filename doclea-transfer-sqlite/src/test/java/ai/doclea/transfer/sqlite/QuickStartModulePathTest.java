package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The README's quick start for host applications, taken from README.md as written, compiled as a
 * module ({@code requires ai.doclea.transfer;} and nothing else) and run twice in new JVMs: once on
 * the class path, once on the module path without any {@code --add-modules}. Both runs must
 * succeed and print the same. On the module path this needs the module descriptors to be right:
 * the sqlite adapter is resolved only because the API module {@code uses StorageProvider} and the
 * adapter {@code provides} it, and it finds {@code java.sql}, sqlite-jdbc and slf4j only through
 * its own {@code requires} (the failure of issue 15 was {@code NoClassDefFoundError:
 * java/sql/SQLException}, then {@code org/slf4j/LoggerFactory}).
 *
 * <p>The snippet is used verbatim except for one substitution: its absolute {@code /tmp/} paths
 * become paths in the run's own working directory, so that the two runs (and other builds on the
 * machine) do not share a target database.
 */
class QuickStartModulePathTest {

  private static final String SECTION = "## Quick start for host applications";

  @Test
  void theReadmeQuickStartPrintsTheSameOnTheModulePathAsOnTheClassPath(@TempDir Path dir)
      throws Exception {
    Path classes = compile(dir, quickStartSnippet());
    List<Path> libraries = List.of(
        location(ExportOptions.class), // doclea-transfer-api
        location(Transfer.class), // doclea-transfer-core
        location(SqliteStorageProvider.class), // this module
        location(Gson.class),
        location(LoggerFactory.class), // slf4j-api, no provider: the same warning in both runs
        location(org.sqlite.JDBC.class));
    List<Path> all = new ArrayList<>(libraries);
    all.add(classes);

    Path classPathDir = workingDirectory(dir, "class-path");
    Path modulePathDir = workingDirectory(dir, "module-path");
    Run onClassPath = run(classPathDir, List.of("-cp", pathOf(all), "quickstart.QuickStart"));
    Run onModulePath = run(modulePathDir,
        List.of("--module-path", pathOf(all), "-m", "quickstart/quickstart.QuickStart"));

    assertEquals(0, onClassPath.exit, "class path run: " + onClassPath);
    assertEquals(0, onModulePath.exit, "module path run: " + onModulePath);
    List<String> lines = onClassPath.stdout.lines().collect(Collectors.toList());
    assertEquals(1, lines.size(), "the quick start prints the export result: " + onClassPath);
    JsonObject exported = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertTrue(exported.get("success").getAsBoolean(), onClassPath.stdout);
    long memories = DocleaFixtures.query(
        classPathDir.resolve(".doclea").resolve("local.db"), "SELECT id FROM memories").size();
    assertTrue(memories > 0, "the fixture has memories");
    assertEquals(memories, exported.getAsJsonObject("stats").get("memories").getAsLong(),
        "every memory of the database exported: " + onClassPath.stdout);
    assertEquals(comparable(onClassPath.stdout, classPathDir),
        comparable(onModulePath.stdout, modulePathDir));
    assertEquals(comparable(onClassPath.stderr, classPathDir),
        comparable(onModulePath.stderr, modulePathDir));
  }

  /** The first Java block of the README's quick start section, as written. */
  private static String quickStartSnippet() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int section = text.indexOf("\n" + SECTION + "\n");
    assertTrue(section >= 0, "README.md has no section '" + SECTION + "'");
    int start = text.indexOf("```java\n", section);
    int next = text.indexOf("\n## ", section + 1);
    assertTrue(start >= 0 && (next < 0 || start < next),
        "README.md: no ```java block in '" + SECTION + "'");
    int body = start + "```java\n".length();
    int end = text.indexOf("```", body);
    assertTrue(end > body, "README.md: the ```java block of '" + SECTION + "' is not closed");
    return text.substring(body, end);
  }

  /** Wraps the snippet's statements in a main method of a module that requires only the core. */
  private static Path compile(Path dir, String snippet) throws IOException {
    StringBuilder imports = new StringBuilder();
    StringBuilder statements = new StringBuilder();
    for (String line : snippet.split("\n", -1)) {
      (line.startsWith("import ") ? imports : statements).append(line).append('\n');
    }
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("module-info.java"),
        "module quickstart {\n  requires ai.doclea.transfer;\n}\n");
    Path pkg = Files.createDirectories(src.resolve("quickstart"));
    Path source = pkg.resolve("QuickStart.java");
    Files.writeString(source, "package quickstart;\n\n" + imports
        + "\npublic final class QuickStart {\n"
        + "  public static void main(String[] args) throws Exception {\n"
        + statements.toString().replace("/tmp/", "")
        + "  }\n}\n");
    Path out = dir.resolve("classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "the tests need a JDK, not a JRE");
    String modulePath = pathOf(List.of(location(ExportOptions.class), location(Transfer.class),
        location(Gson.class), location(LoggerFactory.class)));
    java.io.StringWriter diagnostics = new java.io.StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null,
        List.of("--release", "17", "-d", out.toString(), "--module-path", modulePath),
        null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(src.resolve("module-info.java"), source)).call();
    assertTrue(ok, "the README's quick start does not compile as a module:\n" + diagnostics
        + "\n" + Files.readString(source));
    return out;
  }

  /** A directory with {@code .doclea/local.db}, the database the quick start backs up. */
  private static Path workingDirectory(Path dir, String name) throws Exception {
    Path cwd = Files.createDirectories(dir.resolve(name));
    Path db = Files.createDirectories(cwd.resolve(".doclea")).resolve("local.db");
    DocleaFixtures.createDatabase(db, "012", true);
    DocleaFixtures.fill(db, "012");
    return cwd;
  }

  private record Run(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private static Run run(Path cwd, List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(arguments);
    Path out = cwd.resolve("stdout.txt");
    Path err = cwd.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).directory(cwd.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the quick start did not end in 2 minutes: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * The output without what must differ between two runs: each run's own working directory (in
   * the absolute output path) and the file's digest, which covers the {@code exportedAt} time.
   */
  private static String comparable(String output, Path cwd) {
    return output.replace(cwd.toString(), "<working directory>")
        .replaceAll("\"sha256\":\"[0-9a-f]{64}\"", "\"sha256\":\"…\"");
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("no file location for " + type, e);
    }
  }

  private static String pathOf(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }
}
