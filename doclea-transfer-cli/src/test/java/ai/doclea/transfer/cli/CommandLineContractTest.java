package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands and flags issue 6 names are a contract: they exist with those names. */
class CommandLineContractTest {

  private static Set<String> options(String command) {
    StringWriter sink = new StringWriter();
    CommandLine top = DocleaTransferCommand.commandLine(new DocleaTransferCommand());
    top.setOut(new PrintWriter(sink));
    Set<String> names = new TreeSet<>();
    top.getSubcommands().get(command).getCommandSpec().options()
        .forEach(o -> names.addAll(List.of(o.names())));
    return names;
  }

  /**
   * A command line naming a subcommand builds only that one, and it is the same command: the
   * same usage text (its options, the inherited global ones among them) as with all of them.
   */
  @Test
  void aCommandLineNamingOneSubcommandBuildsThatOneAsTheFullOneDoes() {
    CommandLine all = DocleaTransferCommand.commandLine(new DocleaTransferCommand());
    for (String name : all.getSubcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      for (String[] args : List.of(new String[] {name, "--x"},
          new String[] {"-q", "--progress", "none", name}, new String[] {"--debug", name})) {
        CommandLine one = DocleaTransferCommand.commandLine(new DocleaTransferCommand(), args);
        assertEquals(Set.of(name), one.getSubcommands().keySet(), String.join(" ", args));
        assertEquals(all.getSubcommands().get(name).getUsageMessage(),
            one.getSubcommands().get(name).getUsageMessage(), name);
      }
    }
    // The version alone names no subcommand: none is built.
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"-q", "-V"})) {
      assertEquals(Set.of(), DocleaTransferCommand.commandLine(new DocleaTransferCommand(), args)
          .getSubcommands().keySet(), String.join(" ", args));
    }
    for (String[] args : List.of(new String[] {"help", "export"}, new String[] {"exprt"},
        new String[] {"--help"}, new String[] {}, new String[] {"-x", "export"},
        new String[] {"--version", "--help"}, new String[] {"--version", "export"})) {
      assertEquals(all.getSubcommands().keySet(), DocleaTransferCommand.commandLine(
          new DocleaTransferCommand(), args).getSubcommands().keySet(), String.join(" ", args));
    }
  }

  @Test
  void theFiveCommandsExist() {
    Set<String> commands = DocleaTransferCommand.commandLine(new DocleaTransferCommand()).getSubcommands().keySet();
    assertTrue(commands.containsAll(List.of("export", "import", "verify", "inspect", "demo")),
        commands.toString());
  }

  @Test
  void exportHasItsContractFlags() {
    assertTrue(options("export").containsAll(List.of("--db", "--backend", "--output",
        "--no-relations", "--no-pending", "--gzip", "--help", "--quiet", "--debug")),
        options("export").toString());
  }

  @Test
  void importHasItsContractFlags() {
    assertTrue(options("import").containsAll(List.of("--input", "--db", "--backend", "--project",
        "--conflict", "--reembed", "--no-relations", "--no-pending", "--dry-run", "--help")),
        options("import").toString());
  }

  @Test
  void demoHasItsContractFlags() {
    assertTrue(options("demo").contains("--dir"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"export", "import", "verify", "inspect", "status", "search", "demo"})
  void everyCommandHasHelpOnStandardOutput(String command) {
    Cli.Run run = Cli.run(command, "--help").exits(0);

    assertTrue(run.out().startsWith("Usage: doclea-transfer " + command), run.out());
    assertEquals("", run.err());
  }

  @Test
  void versionNamesToolAndFormat() {
    Cli.Run run = Cli.run("--version").exits(0);

    assertTrue(run.out().startsWith("doclea-transfer "), run.out());
    assertTrue(run.out().contains("export format 1.0.0"), run.out());
    assertEquals(run.out(), Cli.run("-q", "-V").exits(0).out(), "the same with -q -V");
    assertEquals("", run.err());
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Run run = Cli.run().exits(2).noStackTrace();

    assertTrue(run.json().get("usageError").getAsBoolean());
    assertTrue(run.err().contains("export, import, verify, inspect, demo"), run.err());
  }

  @Test
  void misspelledCommandIsAUsageErrorWithASuggestion() {
    Cli.Run run = Cli.run("exprot").exits(2).noStackTrace();

    assertTrue(run.err().contains("export"), run.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Cli.run("verify", "--frobnicate", "x.json").exits(2).noStackTrace();
  }

  /**
   * The tool's process turns off picocli's converters for {@code java.sql} and {@code java.time}
   * types (to start quicker): no option or parameter of any command may have such a type, or it
   * would fail to convert only when run as the tool. Checked against a type of each excluded
   * package, so that the check itself is known to bite.
   */
  @Test
  void noOptionHasATypeWhoseConverterTheToolLeavesOut() {
    java.util.regex.Pattern excluded =
        java.util.regex.Pattern.compile(DocleaTransferCommand.CONVERTERS_EXCLUDED);
    assertTrue(excluded.matcher(java.time.Duration.class.getName()).matches());
    assertTrue(excluded.matcher(java.sql.Timestamp.class.getName()).matches());
    CommandLine top = DocleaTransferCommand.commandLine(new DocleaTransferCommand());
    List<CommandLine> commands = new java.util.ArrayList<>(List.of(top));
    commands.addAll(top.getSubcommands().values());
    int checked = 0;
    for (CommandLine c : commands) {
      for (CommandLine.Model.ArgSpec arg : c.getCommandSpec().args()) {
        // The type, and a collection's or map's element types.
        for (Class<?> type : java.util.stream.Stream.concat(java.util.stream.Stream.of(arg.type()),
            java.util.Arrays.stream(arg.auxiliaryTypes())).toList()) {
          checked++;
          assertFalse(excluded.matcher(type.getName()).matches(),
              c.getCommandName() + " " + arg + " has type " + type.getName());
        }
      }
    }
    assertTrue(checked > 50, "every command's options were looked at: " + checked);
  }

  @Test
  void anEmptyPathIsRefusedAsEmpty() {
    for (String[] args : new String[][] {{"export", "--db", "", "-o", "x.json"},
        {"export", "--db", "x.db", "-o", ""}, {"import", "-i", "", "--db", "x.db"},
        {"verify", ""}}) {
      Cli.Run run = Cli.run(args).exits(2).noStackTrace();
      assertTrue(run.err().contains("the path is empty"), String.join(" ", args) + ": "
          + run.err());
      assertFalse(run.err().contains("is a directory"), run.err());
    }
  }

  @Test
  void theHelpNamesTheEnvironmentTheLauncherReads() {
    Cli.Run run = Cli.run("--help").exits(0);
    for (String variable : new String[] {"TMPDIR", "JAVA_HOME", "JAVA_OPTS", "XDG_CACHE_HOME"}) {
      assertTrue(run.out().contains("  " + variable + " "), variable + ": " + run.out());
    }
  }
}
