package ai.doclea.transfer.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a child JVM that halts at a kill point ({@link TestHooks}). */
final class KillPoints {
  private KillPoints() {}

  /**
   * Runs {@code main} with {@code args} in a new JVM on this test's class path, with the kill
   * point {@code point} set; its output goes to a log in {@code dir}, printed when it did not
   * halt. Its {@code java.io.tmpdir} is {@code dir/child-tmp}.
   *
   * @return the child's exit status: 86 when it halted at the point
   */
  static int runChild(Path dir, String point, Class<?> main, String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = dir.resolve("child-" + point + ".log");
    // The child's temporary files (spools of vectors) in the test's directory: a halted child
    // cannot delete them, and java.io.tmpdir would keep them for good.
    Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx128m",
        "-Djava.io.tmpdir=" + tmp,
        "-D" + TestHooks.PROPERTY + "=" + point, "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the child did not finish: "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    if (child.exitValue() != 86) {
      System.err.println(Files.readString(log, StandardCharsets.UTF_8));
    }
    return child.exitValue();
  }
}
