package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.util.Map;

/**
 * The {@code jdbc:} storage provider, for {@code jdbc:postgresql://...} URLs as a JDBC user writes
 * them; the same backend and options as {@link PostgresStorageProvider}. Other {@code jdbc:}
 * subprotocols are refused with a message.
 *
 * @since 0.1.0
 */
public final class JdbcPostgresStorageProvider implements StorageProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JdbcPostgresStorageProvider() {}

  /**
   * {@inheritDoc}
   *
   * @return {@code "jdbc"}
   */
  @Override
  public String scheme() {
    return "jdbc";
  }

  @Override
  public String description() {
    return "jdbc:postgresql://HOST[:PORT]/DB?...  the same as postgresql://...";
  }

  /**
   * Opens a schema.
   *
   * @param location {@code postgresql://HOST[:PORT]/DATABASE?...}
   * @param options the options of {@link PostgresStorageProvider}
   * @return the backend
   * @throws ConfigurationException when the URL is not {@code jdbc:postgresql:} or an option is
   *     invalid
   * @throws ai.doclea.transfer.api.BackendException when the schema cannot be opened
   */
  @Override
  public StorageBackend open(String location, Map<String, String> options) {
    if (location == null || !location.startsWith("postgresql:")) {
      throw new ConfigurationException("The jdbc: backend supports only jdbc:postgresql:// URLs,"
          + " not 'jdbc:" + location + "'. For SQLite use sqlite:PATH.");
    }
    return PostgresBackend.open(PgOptions.parse(location.substring("postgresql:".length()),
        options));
  }

  @Override
  public String toString() {
    return "JdbcPostgresStorageProvider[jdbc:]";
  }
}
