/**
 * The adapter for a Doclea knowledge base kept in PostgreSQL ({@code postgresql://host/db}).
 * Applications open it through {@code ai.doclea.transfer.Stores.open(uri, options)}: on the module
 * path the core finds it by its {@code provides}, so it needs no {@code requires} in the
 * application's module. The PostgreSQL JDBC driver is an automatic module ({@code
 * org.postgresql.jdbc}, the {@code Automatic-Module-Name} of its jar).
 *
 * @provides ai.doclea.transfer.spi.StorageProvider the {@code postgresql:} and {@code jdbc:postgresql:}
 *     schemes
 * @since 0.3.0
 */
module ai.doclea.transfer.postgresql {
  requires transitive ai.doclea.transfer.api;
  requires java.sql;
  requires org.postgresql.jdbc;
  requires org.slf4j;
  requires com.google.gson;

  exports ai.doclea.transfer.postgresql;

  provides ai.doclea.transfer.spi.StorageProvider
      with ai.doclea.transfer.postgresql.PostgresStorageProvider,
          ai.doclea.transfer.postgresql.JdbcPostgresStorageProvider;
}
