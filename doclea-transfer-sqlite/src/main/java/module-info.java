/**
 * The adapter for Doclea's own SQLite database ({@code sqlite:path/to/local.db}) and for a whole
 * Doclea project directory with its vector store ({@code doclea:path/to/project}). Applications
 * open it through {@code ai.doclea.transfer.Stores.open(uri, options)}: on
 * the module path the core finds it by its {@code provides}, so it needs no {@code requires}
 * in the application's module.
 *
 * @provides ai.doclea.transfer.spi.StorageProvider the {@code sqlite:} and {@code doclea:} schemes
 * @since 0.1.0
 */
module ai.doclea.transfer.sqlite {
  requires transitive ai.doclea.transfer.api;
  requires java.sql;
  requires org.xerial.sqlitejdbc;
  requires org.slf4j;
  requires com.google.gson;

  exports ai.doclea.transfer.sqlite;

  provides ai.doclea.transfer.spi.StorageProvider
      with ai.doclea.transfer.sqlite.SqliteStorageProvider,
          ai.doclea.transfer.sqlite.DocleaProjectProvider;
}
