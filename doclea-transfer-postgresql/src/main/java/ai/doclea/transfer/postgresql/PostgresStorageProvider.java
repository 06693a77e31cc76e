package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.util.Map;

/**
 * The {@code postgresql:} storage provider: {@code
 * postgresql://HOST[:PORT]/DATABASE?user=USER&password=PASS&schema=NAME}, one PostgreSQL schema
 * per Doclea project (default {@code doclea}).
 *
 * <p>Options, in the URI's query or as backend options (unknown keys are a {@link
 * ai.doclea.transfer.api.ConfigurationException} listing these): {@code user}, {@code password},
 * {@code schema}, {@code create} ({@code true} creates the schema and its tables when missing;
 * default {@code false}), {@code readOnly}, {@code storageMode} ({@code manual}, {@code suggested}
 * or {@code automatic}, the default), {@code fetchSize} (rows per round trip of a read cursor,
 * default 1000), and for the driver {@code sslmode}, {@code sslrootcert}, {@code connectTimeout}
 * (seconds, default 10), {@code socketTimeout}, {@code ApplicationName}.
 *
 * <p>Construction is cheap; nothing connects until {@link #open}. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class PostgresStorageProvider implements StorageProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public PostgresStorageProvider() {}

  /**
   * {@inheritDoc}
   *
   * @return {@code "postgresql"}
   */
  @Override
  public String scheme() {
    return "postgresql";
  }

  @Override
  public String description() {
    return "postgresql://HOST[:PORT]/DB?user=U&password=P&schema=S  a schema of a PostgreSQL"
        + " database; options user, password, schema, create, readOnly, storageMode, fetchSize";
  }

  /**
   * Opens a schema.
   *
   * @param location {@code //HOST[:PORT]/DATABASE?...}
   * @param options the options listed in the class comment
   * @return the backend
   * @throws ai.doclea.transfer.api.ConfigurationException when the URI or an option is invalid
   * @throws ai.doclea.transfer.api.BackendException when the server cannot be reached, refuses
   *     the login, or the schema is missing without {@code create=true}
   */
  @Override
  public StorageBackend open(String location, Map<String, String> options) {
    return PostgresBackend.open(PgOptions.parse(location, options));
  }

  @Override
  public String toString() {
    return "PostgresStorageProvider[postgresql:]";
  }
}
