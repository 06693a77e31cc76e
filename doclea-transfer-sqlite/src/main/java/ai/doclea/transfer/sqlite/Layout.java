package ai.doclea.transfer.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a database holds: its tables, the columns of the tables this adapter reads and writes, and
 * the schema version Doclea recorded. Detected with {@code sqlite_master} and {@code PRAGMA
 * table_info}, never assumed from the version: a database at "006" simply lacks the columns that
 * migrations 007, 010 and 011 add.
 *
 * @param tables the names of all tables, lower case
 * @param columns the columns of the tables this adapter knows, lower case, by table
 * @param schemaVersion {@code _doclea_meta.schema_version}, or null when there is none
 */
record Layout(Set<String> tables, Map<String, Set<String>> columns, String schemaVersion) {

  /** The tables every Doclea database has had since migration 001. */
  static final List<String> CORE_TABLES = List.of("memories", "documents", "chunks");

  /**
   * Reads the layout of a database.
   *
   * @param connection an open connection
   * @return the layout
   * @throws SQLException when the database cannot be read
   */
  static Layout detect(Connection connection) throws SQLException {
    Set<String> tables = new LinkedHashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    Map<String, Set<String>> columns = new HashMap<>();
    for (String table : RecordTable.knownTableNames()) {
      if (tables.contains(table)) {
        columns.put(table, tableColumns(connection, table));
      }
    }
    String version = null;
    if (tables.contains("_doclea_meta")) {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(
              "SELECT value FROM _doclea_meta WHERE key = 'schema_version'")) {
        if (rs.next()) {
          version = rs.getString(1);
        }
      }
    }
    return new Layout(Set.copyOf(tables), Map.copyOf(columns), version);
  }

  private static Set<String> tableColumns(Connection connection, String table)
      throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
      while (rs.next()) {
        names.add(rs.getString("name").toLowerCase(Locale.ROOT));
      }
    }
    return Set.copyOf(names);
  }

  /**
   * Whether the database has no table at all (a new or empty file).
   *
   * @return true when empty
   */
  boolean isEmpty() {
    return tables.isEmpty();
  }

  /**
   * Whether a table exists.
   *
   * @param table the name, lower case
   * @return whether it exists
   */
  boolean hasTable(String table) {
    return tables.contains(table);
  }

  /**
   * Whether a column of a known table exists.
   *
   * @param table the table, lower case
   * @param column the column, lower case
   * @return whether it exists
   */
  boolean hasColumn(String table, String column) {
    Set<String> names = columns.get(table);
    return names != null && names.contains(column);
  }

  /**
   * The schema version for the export header.
   *
   * @return the recorded version, or {@code "unknown"}
   */
  String schemaVersionOrUnknown() {
    return schemaVersion == null || schemaVersion.isEmpty()
        ? ai.doclea.transfer.spi.BackendInfo.UNKNOWN_SCHEMA
        : schemaVersion;
  }
}
