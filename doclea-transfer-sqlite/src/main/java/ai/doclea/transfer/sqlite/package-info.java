/**
 * The SQLite storage adapter: exports from and imports into the database that Doclea's server
 * keeps ({@code .doclea/local.db}), in Doclea's own table layout at schema versions "001" to
 * "012". Open it by URI with {@code Stores.open("sqlite:PATH", options)} or directly
 * with {@link ai.doclea.transfer.sqlite.SqliteBackend#open}.
 */
package ai.doclea.transfer.sqlite;
