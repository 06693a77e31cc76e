package ai.doclea.transfer.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code doclea-transfer} command: backs up, checks and restores a Doclea knowledge base. The
 * runnable jar's main class.
 *
 * <p>Every command prints exactly one JSON object on standard output (its result, so scripts can
 * pipe it to {@code jq}) and everything meant for people on standard error: progress, summaries,
 * warnings, and one clear line when something fails. Exit status: 0 on success, 1 when the
 * operation failed (the JSON says why), 2 for a usage error. {@code --help} and {@code --version}
 * print their text on standard output instead of JSON.
 *
 * <p>Use {@link #execute(String[], PrintWriter, PrintWriter)} to run it in-process, for example
 * from a test.
 *
 * @since 0.1.0
 */
@Command(
    name = "doclea-transfer",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Back up, check and restore a Doclea knowledge base: memories, documents, chunks, memory"
          + " relations, cross-layer relations and pending memories.",
      "",
      "Standard output carries one JSON object, the command's result; progress and summaries go"
          + " to standard error."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:the operation failed; the JSON on standard output says why",
      "2:usage error (unknown option, missing argument, unknown backend or strategy)"
    },
    footerHeading = "%nFirst steps:%n",
    footer = {
      "  doclea-transfer demo",
      "  doclea-transfer export --db .doclea/local.db --output backup.json",
      "  doclea-transfer verify backup.json",
      "  doclea-transfer import --input backup.json --db restored.db",
      "",
      "Environment (read by bin/doclea-transfer):",
      "  TMPDIR          temporary files (the copy of standard input or a pipe that",
      "                  an import reads); else /tmp",
      "  JAVA_HOME       the Java to run; else java on the PATH",
      "  JAVA_OPTS       options for Java, after the launcher's own",
      "  XDG_CACHE_HOME  the launcher's class-data archive and SQLite's native",
      "                  library; else ~/.cache"
    })
public final class DocleaTransferCommand implements Callable<Integer> {

  /**
   * The subcommands, in the order the help lists them. Added to the command line by {@link
   * #commandLine}, not by the {@code @Command} annotation: building picocli's model of every
   * subcommand costs a noticeable part of a short command's run, so a command line naming one
   * builds only that one (issue 14).
   */
  private static final List<String> SUBCOMMANDS = List.of("export", "import", "copy", "verify",
      "diff", "inspect", "status", "search", "demo", "bench", "help", "generate-completion");

  /** A new subcommand object (a switch, not method references: each of those spins a class). */
  private static Object newSubcommand(String name) {
    switch (name) {
      case "export": return new ExportCommand();
      case "import": return new ImportCommand();
      case "copy": return new CopyCommand();
      case "verify": return new VerifyCommand();
      case "diff": return new DiffCommand();
      case "inspect": return new InspectCommand();
      case "status": return new StatusCommand();
      case "search": return new SearchCommand();
      case "demo": return new DemoCommand();
      case "bench": return new BenchCommand();
      case "help": return new CommandLine.HelpCommand();
      case "generate-completion": return new AutoComplete.GenerateCompletion();
      default: throw new IllegalArgumentException("no subcommand " + name);
    }
  }

  /** Exit status of a successful command. */
  public static final int EXIT_OK = 0;

  /** Exit status of a command whose operation failed; the JSON result says why. */
  public static final int EXIT_FAILED = 1;

  /** Exit status of a usage error. */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print nothing on standard error but errors: no progress, summary or warnings.")
  boolean quiet;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On failure, print the stack trace; log the library's debug messages.")
  boolean debug;

  @Option(
      names = "--progress",
      scope = ScopeType.INHERIT,
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "How progress is shown on standard error: ${COMPLETION-CANDIDATES} (default:"
              + " ${DEFAULT-VALUE}: a bar on a terminal, plain lines otherwise).")
  ProgressMode progress;

  private final boolean realTerminal;
  private final java.io.OutputStream rawOut;

  /** Creates the command for in-process use: progress is never drawn as a terminal bar. */
  public DocleaTransferCommand() {
    this(false, null);
  }

  private DocleaTransferCommand(boolean realTerminal, java.io.OutputStream rawOut) {
    this.realTerminal = realTerminal;
    this.rawOut = rawOut;
  }

  /**
   * Runs the tool and exits the JVM with its exit status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // Standard output is the protocol channel: keep every stray print of a library off it.
    // The export to '-' writes the descriptor itself, never through a PrintStream, which would
    // swallow a full disk or a closed pipe and let a truncated backup pass for a whole one.
    FileOutputStream realOut = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    quickerPicocli();
    // Before any logger exists: the warm-up thread's libraries create the first one, and the
    // logging binding reads its settings once (-q and --debug are looked for in the raw line).
    Logging.configure(Arrays.asList(args).contains("--debug"),
        Arrays.asList(args).contains("-q") || Arrays.asList(args).contains("--quiet"));
    NativeLibraries.useCachedSqliteLibrary();
    NativeLibraries.usePrivateSqliteDirectory();
    StartupWarmUp.start(args);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(realOut, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
        true);
    Signals signals = Signals.install();
    int status = run(new DocleaTransferCommand(true, realOut), args, out, err, true);
    out.flush();
    if (out.checkError()) {
      // The result (or --help, --version) did not reach standard output: say so, and never
      // exit 0 for it.
      err.println("doclea-transfer: could not write to standard output (a full disk or a"
          + " closed pipe); the command's result was lost");
      status = status == EXIT_OK ? EXIT_FAILED : status;
    }
    err.flush();
    if (status != EXIT_OK) {
      Launcher.forgetClassList();
    }
    signals.finished();
    if (!signals.signalled()) {
      System.exit(status);
    }
  }

  /**
   * The types whose picocli converters the tool's process does without: no option of the tool
   * has one ({@code CommandLineContractTest} checks this).
   */
  static final String CONVERTERS_EXCLUDED = "java\\.(sql|time)\\..*";

  /**
   * Turns off two things picocli does at start for features the tool does not use, unless the
   * user set them: its probe for Groovy closures (a class lookup that fails through every jar)
   * and its converters for {@code java.sql} and {@code java.time} types (twenty classes found
   * and reflected on). Together about 30 ms of a short command. Only the tool's own process:
   * {@link #execute} leaves a host's picocli as it is.
   */
  private static void quickerPicocli() {
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", CONVERTERS_EXCLUDED);
    }
  }

  /**
   * Runs the tool in-process with the given streams and returns its exit status. Progress is shown
   * as plain lines (never a terminal bar) unless {@code --quiet}.
   *
   * @param args the command line
   * @param out receives the JSON result (and {@code --help}/{@code --version} text)
   * @param err receives progress, summaries, warnings and errors
   * @return the exit status: 0, 1 or 2
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return run(new DocleaTransferCommand(false, null), args, out, err, false);
  }

  /**
   * The command line as the tool configures it, for tools that describe it (the man pages).
   *
   * @return a configured command line writing to standard output and standard error
   */
  static CommandLine commandLine() {
    return configure(new DocleaTransferCommand(false, null), null,
        new PrintWriter(System.out, true), new PrintWriter(System.err, true), false);
  }

  private static int run(DocleaTransferCommand top, String[] args, PrintWriter out,
      PrintWriter err, boolean configureLogging) {
    CommandLine cmd = configure(top, args, out, err, configureLogging);
    int status = cmd.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  /**
   * The command line with every subcommand, as {@code --help} shows it.
   *
   * @param top the top command
   * @return the command line
   */
  static CommandLine commandLine(DocleaTransferCommand top) {
    return commandLine(top, null);
  }

  /**
   * The command line for {@code args}: when they name a subcommand, with that one only (the
   * parse, the messages and the result are the same); otherwise ({@code --help}, a misspelt
   * command, none) with all of them.
   */
  static CommandLine commandLine(DocleaTransferCommand top, String[] args) {
    CommandLine cmd = new CommandLine(top);
    String named = args == null ? null : subcommandName(args);
    boolean versionOnly = args != null && named == null && asksForTheVersionOnly(args);
    for (String name : SUBCOMMANDS) {
      if (!versionOnly && (named == null || named.equals(name))) {
        cmd.addSubcommand(name, newSubcommand(name));
      }
    }
    return cmd;
  }

  /**
   * Whether {@code args} are {@code --version} (or {@code -V}) and global options only: the
   * version text names no subcommand, so none needs its model built.
   */
  private static boolean asksForTheVersionOnly(String[] args) {
    boolean version = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--progress")) {
        i++;
      } else if (a.equals("--version") || a.equals("-V")) {
        version = true;
      } else if (!isGlobalOption(a)) {
        return false;
      }
    }
    return version;
  }

  /** Whether {@code a} is one of the options every command takes (its value in the same word). */
  private static boolean isGlobalOption(String a) {
    return a.equals("-q") || a.equals("--quiet") || a.equals("--debug")
        || a.startsWith("--progress=");
  }

  /**
   * The subcommand {@code args} name after the global options, or null when there is none (or
   * it is {@code help}).
   */
  static String subcommandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--progress")) {
        i++;
      } else if (!a.startsWith("-")) {
        return SUBCOMMANDS.contains(a) && !a.equals("help") ? a : null;
      } else if (!isGlobalOption(a)) {
        return null;
      }
    }
    return null;
  }

  private static CommandLine configure(DocleaTransferCommand top, String[] args, PrintWriter out,
      PrintWriter err, boolean configureLogging) {
    CommandLine cmd = commandLine(top, args);
    // The benchmark is for developers: it runs, but the user's --help does not list it.
    CommandLine bench = cmd.getSubcommands().get("bench");
    if (bench != null) {
      bench.getCommandSpec().usageMessage().hidden(true);
    }
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    Handlers handlers = new Handlers(top, configureLogging);
    cmd.registerConverter(java.nio.file.Path.class, handlers);
    cmd.setParameterExceptionHandler(handlers);
    cmd.setExecutionExceptionHandler(handlers);
    cmd.setExecutionStrategy(handlers);
    return cmd;
  }

  /**
   * The tool's picocli hooks. A class rather than lambdas: the class-data archive of the launcher
   * does not take the main class's lambda classes, and spinning them costs a short command about
   * 10 ms (issue 14).
   */
  private static final class Handlers implements CommandLine.IParameterExceptionHandler,
      CommandLine.IExecutionExceptionHandler, CommandLine.IExecutionStrategy,
      CommandLine.ITypeConverter<java.nio.file.Path> {
    private final DocleaTransferCommand top;
    private final boolean configureLogging;

    Handlers(DocleaTransferCommand top, boolean configureLogging) {
      this.top = top;
      this.configureLogging = configureLogging;
    }

    /**
     * A path option's value: an empty one is refused as such (it named the working directory,
     * and the refusal said "is a directory").
     */
    @Override
    public java.nio.file.Path convert(String value) {
      if (value.isEmpty()) {
        throw new CommandLine.TypeConversionException("the path is empty");
      }
      try {
        return java.nio.file.Path.of(value);
      } catch (java.nio.file.InvalidPathException e) {
        throw new CommandLine.TypeConversionException("not a path: " + e.getReason());
      }
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
      return handleUsageError(e, args);
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine,
        CommandLine.ParseResult parseResult) {
      return handleUnexpected(top, e, commandLine);
    }

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
      if (configureLogging) {
        Logging.configure(top.debug, top.quiet);
      }
      return new CommandLine.RunLast().execute(parseResult);
    }
  }

  /** With no command given, prints the usage on standard error: a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "No command given: choose one of export, import, verify, inspect, demo.");
  }

  /**
   * The settings shared by every subcommand, from the global options.
   *
   * @param commandLine the subcommand's command line
   * @return a session that prints to its streams
   */
  Session session(CommandLine commandLine) {
    return new Session(commandLine.getCommandName(), commandLine.getOut(), commandLine.getErr(),
        quiet, debug, progress, realTerminal, rawOut,
        commandLine.getCommandSpec().optionsMap().keySet());
  }

  private static int handleUsageError(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println(name + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    PrintWriter out = commandLine.getOut();
    out.println(Json.failure(e.getMessage(), true));
    out.flush();
    return EXIT_USAGE;
  }

  private static int handleUnexpected(DocleaTransferCommand top, Exception e,
      CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    String name = commandLine.getCommandSpec().qualifiedName();
    err.println(name + ": internal error: " + e
        + (top.debug ? "" : " (run again with --debug for the stack trace)"));
    if (top.debug) {
      e.printStackTrace(err);
    }
    err.flush();
    commandLine.getOut().println(Json.failure("Internal error: " + e, false));
    commandLine.getOut().flush();
    return EXIT_FAILED;
  }
}
