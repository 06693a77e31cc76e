package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.Providers;
import ai.doclea.transfer.internal.TempFiles;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import ai.doclea.transfer.sqlite.DocleaProjectBackend;
import ai.doclea.transfer.sqlite.DocleaProjectConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The store a command reads or writes: {@code --db PATH} (Doclea's SQLite file, shorthand for
 * {@code --backend sqlite:PATH}) or {@code --backend URI} (any scheme of a storage adapter on the
 * class path). Exactly one of the two is given.
 */
final class BackendTarget {
  @Option(
      names = "--db",
      paramLabel = "PATH",
      required = true,
      description = "Doclea's SQLite database file (Doclea keeps it in .doclea/local.db);"
          + " the same as --backend sqlite:PATH.")
  Path db;

  @Option(
      names = "--project",
      paramLabel = "DIR",
      required = true,
      description = "A Doclea project: the directory holding .doclea/. Reads .doclea/config.json"
          + " as Doclea does and uses its database, storage mode, vector store and embedding"
          + " model. The default when the current directory holds .doclea/.")
  Path project;

  @Option(
      names = "--backend",
      paramLabel = "URI",
      required = true,
      description = "A storage backend URI: sqlite:PATH, memory:, or the scheme of another"
          + " storage adapter on the class path (jsonl:DIR ships as an example).")
  String backend;

  /** What the command does with the store. */
  enum Purpose {
    /** Export: {@code --db} must exist and is opened read-only. */
    READ,
    /** Import: a missing {@code --db} file is created with Doclea's layout. */
    WRITE,
    /** Dry-run import: nothing may be created or changed. */
    CHECK
  }

  /**
   * An open store and how to name it in messages. Closing it closes the backend and deletes the
   * scratch database a dry run may have used.
   *
   * @param backend the open backend
   * @param description for example {@code sqlite:.doclea/local.db}
   * @param scratch a scratch directory to delete on close, or null
   */
  record Opened(StorageBackend backend, String description, Path scratch)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        backend.close();
      } finally {
        if (scratch != null) {
          deleteTree(scratch);
        }
      }
    }
  }

  /**
   * Opens the store.
   *
   * @param command the command, for usage errors
   * @param session for notes on standard error
   * @param purpose what the command will do
   * @param userOptions {@code --backend-option} values; they override the tool's own
   * @return the open store
   * @throws picocli.CommandLine.ParameterException for an unknown scheme or a malformed URI
   * @throws BackendException when the store does not exist or cannot be opened
   */
  Opened open(Subcommand command, Session session, Purpose purpose,
      Map<String, String> userOptions) {
    Map<String, String> options = new LinkedHashMap<>();
    String uri;
    String description;
    Path scratch = null;
    if (project != null) {
      description = "project " + project;
      uri = "doclea:" + project.toAbsolutePath().normalize();
      DocleaProjectConfig.load(project); // its errors name the file (exit 1), not an option
      switch (purpose) {
        case READ -> options.put("readOnly", "true");
        case WRITE -> options.put("create", "true");
        case CHECK -> {
          // The dry run's transaction is always rolled back; it never creates the database.
          Path database = DocleaProjectConfig.load(project).databasePath();
          if (!Files.exists(database)) {
            throw new BackendException("Nothing to check against: the project " + project
                + " has no database yet (" + database + "). An import without --dry-run"
                + " creates it.");
          }
        }
      }
    } else if (db != null) {
      description = "sqlite:" + db;
      uri = description;
      checkDbPath(purpose);
      boolean exists = Files.exists(db);
      switch (purpose) {
        case READ -> options.put("readOnly", "true");
        case WRITE -> options.put("create", "true");
        case CHECK -> {
          // An existing database is opened for writing: the dry run's transaction is always
          // rolled back. A missing one is simulated by an empty scratch database.
          if (!exists) {
            scratch = scratchDir();
            uri = "sqlite:" + scratch.resolve("dry-run.db");
            options.put("create", "true");
            session.say(db + " does not exist yet: the dry run checks against an empty database"
                + " and creates nothing.");
          }
        }
      }
    } else {
      uri = backend;
      description = backend;
      checkScheme(command, backend);
    }
    if (userOptions != null) {
      options.putAll(userOptions);
    }
    try {
      StorageBackend opened = Providers.openBackend(uri, options);
      if (opened instanceof DocleaProjectBackend) {
        for (String note : ((DocleaProjectBackend) opened).recoveryNotes()) {
          session.warn(note);
        }
      }
      return new Opened(opened, description, scratch);
    } catch (ConfigurationException e) {
      if (scratch != null) {
        deleteTree(scratch);
      }
      throw optionError(command, userOptions, e);
    } catch (RuntimeException e) {
      if (scratch != null) {
        deleteTree(scratch);
      }
      throw e;
    }
  }

  /**
   * Opens a database that an import creates under a private name (see {@link NewDatabase}).
   *
   * @param command the command, for usage errors
   * @param file the private database file
   * @param userOptions {@code --backend-option} values
   * @return the open store, named after {@code --db}
   */
  Opened openNew(Subcommand command, Path file, Map<String, String> userOptions) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("create", "true");
    if (userOptions != null) {
      options.putAll(userOptions);
    }
    try {
      return new Opened(Providers.openBackend("sqlite:" + file, options), description(), null);
    } catch (ConfigurationException e) {
      throw optionError(command, userOptions, e);
    }
  }

  /**
   * A configuration the adapter refused: a usage error of {@code --backend-option} when the user
   * gave that option, else the failure as it is (exit status 1; the tool's own options are
   * valid, so it is the store's configuration). A project's {@code .doclea/config.json} is read
   * before the store is opened, so that its errors are never taken for the option's.
   */
  private static RuntimeException optionError(Subcommand command,
      Map<String, String> userOptions, ConfigurationException e) {
    return userOptions != null && !userOptions.isEmpty()
        ? command.usageError("--backend-option: " + e.getMessage()) : e;
  }

  /** @return how the store is named in messages and results */
  String description() {
    return project != null ? "project " + project : db != null ? "sqlite:" + db : backend;
  }

  /**
   * The target a command uses: the one given, else the current directory when it is a Doclea
   * project (holds {@code .doclea/}).
   *
   * @param given the parsed group, may be null
   * @param command for the usage error
   * @return the target
   * @throws picocli.CommandLine.ParameterException when none was given and the current
   *     directory is not a project
   */
  static BackendTarget orCurrentProject(BackendTarget given, Subcommand command) {
    if (given != null) {
      return given;
    }
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    if (!Files.isDirectory(cwd.resolve(".doclea"))) {
      throw command.usageError("Give the store: --project DIR (a Doclea project), --db PATH"
          + " or --backend URI. The current directory, " + cwd + ", holds no .doclea/"
          + " directory, so it is not a Doclea project.");
    }
    BackendTarget target = new BackendTarget();
    target.project = cwd;
    return target;
  }

  /** @return whether the target is a Doclea project */
  boolean isProject() {
    return project != null;
  }

  private void checkDbPath(Purpose purpose) {
    if (Files.isDirectory(db)) {
      throw new BackendException("--db " + db + " is a directory; give the database file, for"
          + " example " + db.resolve("local.db"));
    }
    if (purpose == Purpose.READ && !Files.exists(db)) {
      throw new BackendException("Database not found: " + db
          + " (export reads an existing Doclea database such as .doclea/local.db)");
    }
  }

  private static void checkScheme(Subcommand command, String uri) {
    int colon = uri.indexOf(':');
    List<StorageProvider> providers = Providers.storageProviders(null);
    String available = providers.stream()
        .map(p -> p.scheme() + ":")
        .distinct()
        .collect(Collectors.joining(", "));
    if (colon < 1) {
      throw command.usageError("--backend '" + uri + "' has no scheme: write scheme:location,"
          + " for example sqlite:.doclea/local.db. Available schemes: "
          + (available.isEmpty() ? "none" : available));
    }
    String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
    if (providers.stream().noneMatch(p -> p.scheme().equalsIgnoreCase(scheme))) {
      throw command.usageError("No storage adapter for scheme '" + scheme + ":' on the class"
          + " path (--backend " + uri + "). Available schemes: "
          + (available.isEmpty() ? "none" : available));
    }
  }

  private static Path scratchDir() {
    try {
      return Files.createTempDirectory("doclea-transfer-dry-run-");
    } catch (IOException e) {
      throw new BackendException("Cannot create a scratch directory for the dry run: "
          + e.getMessage(), e);
    }
  }

  static void deleteTree(Path dir) {
    try {
      TempFiles.deleteTree(dir);
    } catch (IOException e) {
      // A scratch file left in the temp directory is harmless; say nothing on stdout.
      System.err.println("warning: could not delete scratch files in " + dir + ": " + e);
    }
  }
}
