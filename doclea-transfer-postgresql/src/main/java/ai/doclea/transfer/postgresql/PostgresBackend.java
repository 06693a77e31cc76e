package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.WriteTransaction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StorageBackend} on one schema of a PostgreSQL database that holds one Doclea project:
 * Doclea's six record tables (see {@code docs/postgresql.md} for the types), the vectors table
 * {@code doclea_transfer_vectors} ({@code real[]}) and the version table {@code
 * doclea_transfer_meta}.
 *
 * <p>Every snapshot and every transaction has a connection of its own while it is open, so the
 * backend is safe for concurrent snapshots. When one ends cleanly (committed, or rolled back with
 * the connection intact), the backend keeps its connection for the next snapshot, transaction or
 * {@link #info()}, at most one such idle connection, outside any transaction: a login costs the
 * server a new process and the client SCRAM's key stretching, and an export or import takes
 * several operations in a row. A kept connection answers a round trip before it is used again,
 * or is closed and replaced by a new one; {@link #close()} closes it. A snapshot is one {@code
 * REPEATABLE READ, READ ONLY} transaction read through server-side cursors. A write transaction
 * takes a transaction-scoped advisory lock on the schema, so a second writer waits for the first
 * to end; it bulk-loads with {@code COPY} (see {@link PgWriteTransaction}) and commits once: if the
 * connection or the server dies before the commit, PostgreSQL discards everything it wrote.
 *
 * @since 0.1.0
 */
public final class PostgresBackend implements StorageBackend {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresBackend.class);
  /** How long a kept connection may take to answer before a new one replaces it. */
  private static final int KEPT_CONNECTION_CHECK_SECONDS = 5;

  private final PgOptions options;
  private final String schemaVersion;
  private final boolean createdSchema;
  private final AtomicBoolean committed = new AtomicBoolean();
  private final AtomicBoolean rolledBack = new AtomicBoolean();
  /** Guards {@link #idle} and the setting of {@link #closed}. */
  private final Object idleLock = new Object();
  /** The connection kept for the next operation, in auto-commit mode; null when none. */
  private Connection idle;
  private volatile boolean closed;

  private PostgresBackend(PgOptions options, String schemaVersion, boolean createdSchema,
      Connection idle) {
    this.options = options;
    this.schemaVersion = schemaVersion;
    this.createdSchema = createdSchema;
    this.idle = idle;
  }

  /**
   * Opens a schema.
   *
   * @param uri {@code postgresql://HOST[:PORT]/DB?user=...&password=...&schema=NAME} or {@code
   *     jdbc:postgresql://...}
   * @param options backend options (the same keys as the URI's query); null means none
   * @return the backend; close it when done
   * @throws ConfigurationException when the URI or an option is invalid
   * @throws BackendException when the server cannot be reached, refuses the login, or the schema
   *     is missing (without {@code create=true}) or is not a doclea-transfer schema
   */
  public static PostgresBackend open(String uri, Map<String, String> options) {
    if (uri == null) {
      throw new ConfigurationException("The postgresql: backend needs a URI");
    }
    String location = uri;
    if (location.startsWith("jdbc:")) {
      location = location.substring(5);
    }
    if (!location.startsWith("postgresql:")) {
      throw new ConfigurationException("'" + uri + "' is not a postgresql: URI; write it as"
          + " postgresql://HOST[:PORT]/DATABASE?user=USER&password=PASS&schema=NAME");
    }
    return open(PgOptions.parse(location.substring("postgresql:".length()), options));
  }

  static PostgresBackend open(PgOptions options) {
    return using(options, "open", () -> connect(options), connection -> {
      checkServer(connection, options);
      Set<String> present = PgSchema.present(connection, options.schema());
      List<String> missing = new ArrayList<>(PgSchema.tables());
      missing.removeAll(present);
      boolean created = false;
      if (!missing.isEmpty()) {
        if (!options.create()) {
          connection.close();
          throw missingLayout(options, present, missing);
        }
        created = PgSchema.create(connection, options.schema());
        LOG.debug("Created the doclea-transfer layout in {}", options.describe());
      }
      String version = PgSchema.checkVersion(connection, options.schema(), options.describe());
      // In auto-commit mode, outside any transaction: kept for the first operation.
      return new PostgresBackend(options, version, created, connection);
    });
  }

  /** Gives a connection to what an operation returns, or closes it when the operation fails. */
  private interface OnConnection<T> {
    T apply(Connection connection) throws SQLException;
  }

  /** Where an operation's connection comes from. */
  private interface ConnectionSource {
    Connection get() throws SQLException;
  }

  /**
   * Runs an operation on a connection: a failure closes the connection, and a SQL failure
   * becomes a {@link BackendException} saying which operation failed on which database.
   *
   * @param operation what the message says could not be done, e.g. {@code "open"}
   */
  private static <T> T using(PgOptions options, String operation, ConnectionSource source,
      OnConnection<T> action) {
    Connection connection = null;
    try {
      connection = source.get();
      return action.apply(connection);
    } catch (SQLException e) {
      BackendException failure = Failures.wrap(options, operation, e);
      Failures.closeQuietly(connection, failure);
      throw failure;
    } catch (RuntimeException e) {
      Failures.closeQuietly(connection, e);
      throw e;
    }
  }

  private static BackendException missingLayout(PgOptions options,
      Set<String> present, List<String> missing) {
    if (present.isEmpty()) {
      return new BackendException("Cannot open " + options.describe() + ": "
          + (missing.size() == PgSchema.tables().size()
              ? "the schema holds no Doclea tables (or does not exist)"
              : "it lacks the tables " + String.join(", ", missing))
          + ". Check the schema name (option schema, default " + PgOptions.DEFAULT_SCHEMA
          + "), or set create=true to create the schema and its tables.");
    }
    return new BackendException("Cannot open " + options.describe() + ": it has the tables "
        + String.join(", ", present) + " but lacks " + String.join(", ", missing)
        + ". Set create=true to add the missing tables.");
  }

  private static void checkServer(Connection connection, PgOptions options) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_setting('server_encoding'),"
            + " current_setting('server_version_num')::int")) {
      rs.next();
      String encoding = rs.getString(1);
      int version = rs.getInt(2);
      if (!"UTF8".equals(encoding)) {
        throw new BackendException("Cannot use database " + options.database() + " at "
            + options.host() + ":" + options.port() + ": its encoding is " + encoding + ", and"
            + " Doclea's text needs UTF8. Create the database WITH ENCODING 'UTF8'.");
      }
      if (version < 120000) {
        throw new BackendException("PostgreSQL at " + options.host() + ":" + options.port()
            + " is version " + version / 10000 + "; the postgresql: backend needs 12 or newer"
            + " (older versions do not print floating-point numbers exactly).");
      }
    }
  }

  static Connection connect(PgOptions options) throws SQLException {
    return DriverManager.getConnection(options.jdbcUrl(), options.driverProperties());
  }

  /**
   * A connection for one operation, in auto-commit mode: the kept one when it still answers a
   * round trip, else a new one. The caller owns it until it gives it to {@link #keep} or closes
   * it.
   */
  private Connection connection() throws SQLException {
    Connection kept;
    synchronized (idleLock) {
      kept = idle;
      idle = null;
    }
    if (kept != null) {
      if (kept.isValid(KEPT_CONNECTION_CHECK_SECONDS)) {
        return kept;
      }
      // The server ended it (restarted, or an administrator or idle timeout closed it).
      LOG.debug("The kept connection to {} no longer answers; connecting anew",
          options.describe());
      try {
        kept.close();
      } catch (SQLException e) {
        LOG.debug("Closing the kept connection failed", e);
      }
    }
    return connect(options);
  }

  /**
   * Takes back the connection of an operation that ended cleanly: outside any transaction, with
   * no statement open. It is put back in auto-commit mode (which sends nothing when no
   * transaction is open) and kept for the next operation when the backend is open and keeps no
   * other; else it is closed.
   *
   * @param connection the connection
   * @throws SQLException when setting the mode or closing it fails
   */
  void keep(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    synchronized (idleLock) {
      if (!closed && idle == null) {
        idle = connection;
        return;
      }
    }
    connection.close();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Backend type {@code "postgresql"}, the {@code storageMode} option, the Doclea schema
   * version whose columns the tables have ({@code "012"}), and the embedding provider and model
   * of the stored vectors when they all share one (else null).
   */
  @Override
  public BackendInfo info() {
    ensureOpen();
    return using(options, "read", this::connection, connection -> {
      String provider = null;
      String model = null;
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT provider, model FROM " + options.schema()
              + "." + PgSchema.VECTOR_TABLE + " GROUP BY provider, model LIMIT 2")) {
        if (rs.next()) {
          provider = PgText.decode(rs.getString(1));
          model = PgText.decode(rs.getString(2));
          if (rs.next()) {
            provider = null;
            model = null;
          }
        }
      }
      keep(connection);
      return new BackendInfo("postgresql", options.storageMode(), schemaVersion, provider, model);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>The snapshot is one {@code REPEATABLE READ, READ ONLY} transaction on a connection of its
   * own; it never waits for a writer.
   */
  @Override
  public ReadSnapshot openSnapshot() {
    ensureOpen();
    return using(options, "open a read snapshot of", this::connection, connection -> {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      // The first query fixes the snapshot; it also checks that the tables are still there.
      Set<String> present = PgSchema.present(connection, options.schema());
      if (!present.containsAll(PgSchema.tables())) {
        List<String> missing = new ArrayList<>(PgSchema.tables());
        missing.removeAll(present);
        throw new BackendException("Cannot read " + options.describe() + ": the tables "
            + String.join(", ", missing) + " were dropped since the backend was opened.");
      }
      return new PgSnapshot(this, connection, options);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Waits for another writer of the same schema (in this or another process) to end.
   *
   * @throws BackendException when the backend was opened read-only or the server fails
   */
  @Override
  public WriteTransaction beginTransaction() {
    ensureOpen();
    if (options.readOnly()) {
      throw new BackendException("Cannot write to " + options.describe() + ": the backend was"
          + " opened with readOnly=true.");
    }
    return using(options, "begin a write transaction on", this::connection, connection -> {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(hashtext('doclea-transfer:"
            + options.schema() + "'))");
        // Rows this transaction copied in have no statistics yet (autovacuum cannot see them),
        // and without statistics "id = ANY(500 ids)" is planned as a full scan: a bulk import
        // would scan the growing table once per batch. Every look-up here is by key.
        statement.execute("SET LOCAL enable_seqscan = off");
      }
      return new PgWriteTransaction(this, connection, options, committed, rolledBack);
    });
  }

  /**
   * Marks the backend closed and closes the connection it keeps, if any; snapshots and
   * transactions still open keep working, and close their connections when they end. Closing
   * twice is allowed.
   *
   * <p>When this backend created the schema ({@code create=true} on a schema that did not exist)
   * and a write transaction on it was rolled back while none was committed (a failed import or
   * copy, a dry run), closing removes the schema again, provided its tables are still empty and
   * it holds nothing else: what failed leaves nothing behind, and nothing it did not create is
   * touched.
   *
   * @throws BackendException when removing such a schema fails
   */
  @Override
  public void close() {
    Connection kept;
    synchronized (idleLock) {
      if (closed) {
        return;
      }
      closed = true;
      kept = idle;
      idle = null;
    }
    if (createdSchema && rolledBack.get() && !committed.get()) {
      try (Connection connection = kept != null && kept.isValid(KEPT_CONNECTION_CHECK_SECONDS)
          ? kept : connect(options)) {
        if (PgSchema.removeIfEmpty(connection, options.schema())) {
          LOG.info("Removed {}, which this backend created, as no write to it was committed",
              options.describe());
        }
      } catch (SQLException e) {
        BackendException failure =
            Failures.wrap(options, "remove the schema created for this import,", e);
        Failures.closeQuietly(kept, failure);
        throw failure;
      }
    }
    if (kept != null) {
      try {
        kept.close();
      } catch (SQLException e) {
        throw Failures.wrap(options, "close the connection to", e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new BackendException("The postgresql: backend on " + options.describe()
          + " is closed.");
    }
  }

  @Override
  public String toString() {
    return options.toString();
  }
}
