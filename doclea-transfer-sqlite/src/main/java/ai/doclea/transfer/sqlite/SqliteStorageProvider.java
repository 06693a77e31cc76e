package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code sqlite:} storage provider: opens Doclea's SQLite database by {@code sqlite:PATH},
 * where PATH is absolute or relative to the working directory (for example {@code
 * sqlite:.doclea/local.db}).
 *
 * <p>Options (unknown keys are a {@link ConfigurationException} listing these):
 *
 * <ul>
 *   <li>{@code storageMode}: {@code manual}, {@code suggested} or {@code automatic} (default),
 *       the Doclea server setting written to an export's header; not stored in the database.
 *   <li>{@code busyTimeoutMs}: how long to wait for another connection's lock, default 5000.
 *   <li>{@code readOnly}: {@code true} to open for export only; default {@code false}.
 *   <li>{@code create}: {@code true} to create a missing file, or lay out an empty one, with
 *       Doclea's schema "012"; default {@code false}, so that exporting from a mistyped path fails
 *       instead of creating an empty database.
 *   <li>{@code mmap}: {@code true} to read snapshots through SQLite's memory-mapped I/O, faster
 *       on large databases; default {@code false}, because a read error (a failing disk, a
 *       network file system, another program truncating the file during an export) then ends
 *       the process with a JVM crash instead of an error (docs/sqlite.md).
 * </ul>
 *
 * <p>Construction is cheap; nothing is opened until {@link #open}. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class SqliteStorageProvider implements StorageProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public SqliteStorageProvider() {}

  /**
   * {@inheritDoc}
   *
   * @return {@code "sqlite"}
   */
  @Override
  public String scheme() {
    return "sqlite";
  }

  @Override
  public String description() {
    return "sqlite:PATH  Doclea's SQLite database (.doclea/local.db); options storageMode,"
        + " busyTimeoutMs, readOnly, create";
  }

  /**
   * Opens the database at {@code location}.
   *
   * @param location the database path, absolute or relative to the working directory
   * @param options {@code storageMode}, {@code busyTimeoutMs}, {@code readOnly}, {@code create},
   *     {@code mmap}
   * @return the backend
   * @throws ConfigurationException when the path is empty or invalid, or an option is unknown or
   *     invalid
   * @throws ai.doclea.transfer.api.BackendException when the file is missing (without {@code
   *     create}), not SQLite, not a Doclea database, or locked
   */
  @Override
  public StorageBackend open(String location, Map<String, String> options) {
    SqliteOptions parsed = SqliteOptions.parse(options);
    if (location == null || location.isBlank()) {
      throw new ConfigurationException("The sqlite: backend needs the path of the database"
          + " file, for example sqlite:.doclea/local.db or sqlite:/home/me/project/.doclea/local.db");
    }
    Path path;
    try {
      path = Path.of(location);
    } catch (InvalidPathException e) {
      throw new ConfigurationException("The sqlite: backend cannot use the path '" + location
          + "': " + e.getMessage(), e);
    }
    return SqliteBackend.open(path, parsed);
  }

  @Override
  public String toString() {
    return "SqliteStorageProvider[sqlite:]";
  }
}
