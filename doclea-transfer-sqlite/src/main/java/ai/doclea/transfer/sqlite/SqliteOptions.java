package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.ConfigurationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of a {@code sqlite:} backend, parsed strictly: an unknown key or a bad value is a
 * {@link ConfigurationException} that lists the valid ones.
 *
 * @param storageMode Doclea's storage mode to report ({@code manual}, {@code suggested} or {@code
 *     automatic}, the default); it is server configuration, not stored in the database
 * @param busyTimeoutMs how long to wait for another connection's lock before failing; default 5000
 * @param readOnly open read-only: exports only, no transaction; default false
 * @param create whether a missing file (or an empty database) may be created with Doclea's
 *     layout at schema 012; default false
 * @param mmap whether read snapshots read the file through SQLite's memory-mapped I/O instead of
 *     one system call per page; default false (see {@link #MMAP_BYTES})
 */
record SqliteOptions(String storageMode, int busyTimeoutMs, boolean readOnly, boolean create,
    boolean mmap) {

  static final String STORAGE_MODE = "storageMode";
  static final String BUSY_TIMEOUT_MS = "busyTimeoutMs";
  static final String READ_ONLY = "readOnly";
  static final String CREATE = "create";
  static final String MMAP = "mmap";

  /** The option keys, in the order messages list them. */
  static final List<String> KEYS = List.of(STORAGE_MODE, BUSY_TIMEOUT_MS, READ_ONLY, CREATE, MMAP);

  /** The storage modes Doclea knows. */
  static final List<String> STORAGE_MODES = ai.doclea.transfer.spi.BackendInfo.STORAGE_MODES;

  static final int DEFAULT_BUSY_TIMEOUT_MS = 5000;

  /** The defaults. */
  static final SqliteOptions DEFAULTS =
      new SqliteOptions("automatic", DEFAULT_BUSY_TIMEOUT_MS, false, false, false);

  /**
   * The map size a snapshot asks for with {@code mmap=true}: sqlite-jdbc's own limit
   * (SQLITE_MAX_MMAP_SIZE, 1 TiB); SQLite maps no more than the file holds.
   *
   * <p>Off by default, although an export of 100,000 memories (a 256 MB database, about 100,000
   * {@code pread} calls) took 10 to 18 % less wall time mapped on a 2-core virtual machine: a read
   * error on a mapped page is a signal that ends the process. A disk error, a network file
   * system, removable media, or another program truncating the file during an export (as {@code
   * cp} over it does) then crashes the JVM with its fatal-error report instead of the error "the
   * database file is corrupt ... no file was written" (issue 14, docs/performance.md). SQLite
   * itself never shrinks the file under an open read transaction.
   */
  static final long MMAP_BYTES = 1L << 40;

  /**
   * Parses options.
   *
   * @param options the options, may be null or empty
   * @return the parsed options
   * @throws ConfigurationException when a key is unknown, a value invalid, or readOnly and create
   *     are both true
   */
  static SqliteOptions parse(Map<String, String> options) {
    if (options == null || options.isEmpty()) {
      return DEFAULTS;
    }
    String storageMode = DEFAULTS.storageMode();
    int busyTimeoutMs = DEFAULTS.busyTimeoutMs();
    boolean readOnly = DEFAULTS.readOnly();
    boolean create = DEFAULTS.create();
    boolean mmap = DEFAULTS.mmap();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey();
      String value = option.getValue();
      if (key == null || !KEYS.contains(key)) {
        throw new ConfigurationException("Unknown option '" + key + "' for the sqlite: backend."
            + " Valid options: storageMode (manual|suggested|automatic, default automatic),"
            + " busyTimeoutMs (milliseconds >= 0, default " + DEFAULT_BUSY_TIMEOUT_MS + "),"
            + " readOnly (true|false, default false), create (true|false, default false),"
            + " mmap (true|false, default false).");
      }
      if (value == null) {
        throw new ConfigurationException("Option '" + key + "' of the sqlite: backend has no"
            + " value.");
      }
      switch (key) {
        case STORAGE_MODE -> {
          if (!STORAGE_MODES.contains(value)) {
            throw new ConfigurationException("Option storageMode of the sqlite: backend is '"
                + value + "'; use one of " + String.join(", ", STORAGE_MODES) + ".");
          }
          storageMode = value;
        }
        case BUSY_TIMEOUT_MS -> {
          try {
            busyTimeoutMs = Integer.parseInt(value.strip());
          } catch (NumberFormatException e) {
            throw new ConfigurationException("Option busyTimeoutMs of the sqlite: backend is '"
                + value + "'; use a whole number of milliseconds, 0 or more.", e);
          }
          if (busyTimeoutMs < 0) {
            throw new ConfigurationException("Option busyTimeoutMs of the sqlite: backend is "
                + busyTimeoutMs + "; use 0 or more milliseconds.");
          }
        }
        case READ_ONLY -> readOnly = bool(key, value);
        case CREATE -> create = bool(key, value);
        case MMAP -> mmap = bool(key, value);
        default -> throw new IllegalStateException(key);
      }
    }
    if (readOnly && create) {
      throw new ConfigurationException("Options readOnly=true and create=true of the sqlite:"
          + " backend contradict each other: a read-only backend cannot create a database."
          + " Drop one of them.");
    }
    return new SqliteOptions(storageMode, busyTimeoutMs, readOnly, create, mmap);
  }

  private static boolean bool(String key, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new ConfigurationException("Option " + key + " of the sqlite: backend is '" + value
        + "'; use true or false.");
  }
}
