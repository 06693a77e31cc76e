package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layout of one Doclea project in one PostgreSQL schema: Doclea's six record tables (columns
 * of its SQLite schema "012", with lossless PostgreSQL types), their keys, natural-key uniques
 * and Doclea's indexes, indexes for the export order, this adapter's vector table and its own
 * version table.
 */
final class PgSchema {
  /** The Doclea schema version whose columns the tables have; reported in export headers. */
  static final String DOCLEA_SCHEMA_VERSION = "012";

  /** The version of this adapter's layout, kept in {@link #META_TABLE}. */
  static final String LAYOUT_VERSION = "2";

  static final String META_TABLE = "doclea_transfer_meta";
  static final String VECTOR_TABLE = "doclea_transfer_vectors";

  private PgSchema() {}

  /** @return every table the layout has */
  static List<String> tables() {
    List<String> all = new ArrayList<>(PgTable.tableNames());
    all.add(VECTOR_TABLE);
    all.add(META_TABLE);
    return all;
  }

  private static List<String> ddl(String s) {
    List<String> ddl = new ArrayList<>();
    ddl.add("CREATE SCHEMA IF NOT EXISTS " + s);
    for (String table : PgTable.tableNames()) {
      ddl.add(PgTable.of(kindOf(table)).create(s));
    }
    ddl.add("CREATE TABLE IF NOT EXISTS " + s + "." + VECTOR_TABLE + " (\n"
        + "  memory_id text COLLATE \"C\" PRIMARY KEY,\n"
        + "  provider text NOT NULL,\n"
        + "  model text NOT NULL,\n"
        + "  dimensions integer NOT NULL,\n"
        + "  vector real[] NOT NULL\n"
        + ")");
    ddl.add("CREATE TABLE IF NOT EXISTS " + s + "." + META_TABLE + " (\n"
        + "  key text PRIMARY KEY,\n"
        + "  value text NOT NULL\n"
        + ")");
    // Doclea's own indexes on these tables
    ddl.add(index(s, "idx_memories_type", "memories", "type"));
    ddl.add(index(s, "idx_memories_qdrant", "memories", "qdrant_id"));
    ddl.add(index(s, "idx_memories_access_count", "memories", "access_count"));
    ddl.add(index(s, "idx_chunks_document", "chunks", "document_id"));
    ddl.add(index(s, "idx_memory_relations_source", "memory_relations", "source_id"));
    ddl.add(index(s, "idx_memory_relations_target", "memory_relations", "target_id"));
    ddl.add(index(s, "idx_memory_relations_type", "memory_relations", "type"));
    ddl.add(index(s, "idx_memory_relations_source_type", "memory_relations", "source_id, type"));
    ddl.add(index(s, "idx_cross_layer_memory", "cross_layer_relations", "memory_id"));
    ddl.add(index(s, "idx_cross_layer_code", "cross_layer_relations", "code_node_id"));
    ddl.add(index(s, "idx_cross_layer_type", "cross_layer_relations", "relation_type"));
    ddl.add(index(s, "idx_cross_layer_direction", "cross_layer_relations", "direction"));
    ddl.add(index(s, "idx_pending_memories_suggested_at", "pending_memories", "suggested_at"));
    ddl.add(index(s, "idx_pending_memories_source", "pending_memories", "source"));
    // the export order, so that an export streams from an index instead of sorting
    for (String table : PgTable.tableNames()) {
      PgTable<?> t = PgTable.of(kindOf(table));
      ddl.add(index(s, "idx_" + table + "_export_order", table, t.orderBy));
    }
    ddl.add("INSERT INTO " + s + "." + META_TABLE + " (key, value) VALUES ('layout_version', '"
        + LAYOUT_VERSION + "'), ('doclea_schema_version', '" + DOCLEA_SCHEMA_VERSION + "')"
        + " ON CONFLICT (key) DO NOTHING");
    return ddl;
  }

  private static String index(String schema, String name, String table, String columns) {
    return "CREATE INDEX IF NOT EXISTS " + name + " ON " + schema + "." + table + " (" + columns
        + ")";
  }

  private static ai.doclea.transfer.api.RecordKind kindOf(String table) {
    for (ai.doclea.transfer.api.RecordKind kind : ai.doclea.transfer.api.RecordKind.values()) {
      if (PgTable.of(kind).table.equals(table)) {
        return kind;
      }
    }
    throw new IllegalStateException(table);
  }

  /**
   * The tables of the layout that the schema has.
   *
   * @param connection an open connection
   * @param schema the schema
   * @return the names found, empty when the schema does not exist
   * @throws SQLException when the catalog cannot be read
   */
  static Set<String> present(Connection connection, String schema) throws SQLException {
    Set<String> found = new TreeSet<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')")) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    found.retainAll(tables());
    return found;
  }

  /**
   * Whether the schema exists.
   *
   * @param connection an open connection
   * @param schema the schema
   * @return true when it does
   * @throws SQLException when the catalog cannot be read
   */
  static boolean exists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
      statement.setString(1, schema);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Creates what is missing of the layout, in one transaction, serialised with other creators
   * by an advisory lock.
   *
   * @param connection an open connection in auto-commit mode
   * @param schema the schema
   * @return true when the schema itself did not exist and was created
   * @throws SQLException when a statement fails; nothing is created then
   */
  static boolean create(Connection connection, String schema) throws SQLException {
    return inLockedTransaction(connection, schema, statement -> {
      boolean created = !exists(connection, schema);
      for (String sql : ddl(schema)) {
        statement.execute(sql);
      }
      return created;
    });
  }

  /** Work on the layout, in one transaction under the advisory lock of the schema's creators. */
  private interface LayoutWork {
    boolean run(Statement statement) throws SQLException;
  }

  private static boolean inLockedTransaction(Connection connection, String schema,
      LayoutWork work) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(hashtext('doclea-transfer:" + schema
          + "'))");
      boolean result = work.run(statement);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * Removes a schema that {@link #create} created, when it still holds nothing but the layout's
   * empty tables: drops those tables, then the schema (which fails, and so keeps everything, if
   * anyone put another object into it). In one transaction, under the creators' advisory lock.
   *
   * @param connection an open connection in auto-commit mode
   * @param schema the schema
   * @return true when the schema was removed; false when a table holds rows
   * @throws SQLException when a statement fails; nothing is removed then
   */
  static boolean removeIfEmpty(Connection connection, String schema) throws SQLException {
    return inLockedTransaction(connection, schema, statement -> {
      StringBuilder empty = new StringBuilder("SELECT true");
      StringBuilder drop = new StringBuilder("DROP TABLE ");
      List<String> tables = tables();
      for (int i = 0; i < tables.size(); i++) {
        if (!tables.get(i).equals(META_TABLE)) {
          empty.append(" AND NOT EXISTS (SELECT 1 FROM ").append(schema).append('.')
              .append(tables.get(i)).append(')');
        }
        drop.append(i == 0 ? "" : ", ").append(schema).append('.').append(tables.get(i));
      }
      try (ResultSet rs = statement.executeQuery(empty.toString())) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return false;
        }
      }
      statement.execute(drop.toString());
      statement.execute("DROP SCHEMA " + schema + " RESTRICT");
      return true;
    });
  }

  /**
   * Reads this adapter's layout version and Doclea schema version from {@link #META_TABLE}.
   *
   * @param connection an open connection
   * @param schema the schema
   * @param where names the schema for messages
   * @return the Doclea schema version the tables follow
   * @throws SQLException when the table cannot be read
   */
  static String checkVersion(Connection connection, String schema, String where)
      throws SQLException {
    String layout = null;
    String doclea = null;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT key, value FROM " + schema + "."
            + META_TABLE)) {
      while (rs.next()) {
        if ("layout_version".equals(rs.getString(1))) {
          layout = rs.getString(2);
        } else if ("doclea_schema_version".equals(rs.getString(1))) {
          doclea = rs.getString(2);
        }
      }
    }
    if (!LAYOUT_VERSION.equals(layout)) {
      throw new BackendException("Cannot use " + where + ": its " + META_TABLE + " says layout"
          + " version " + layout + ", but this adapter knows only version " + LAYOUT_VERSION
          + ". Use the doclea-transfer version that created it.");
    }
    return doclea == null ? DOCLEA_SCHEMA_VERSION : doclea;
  }
}
