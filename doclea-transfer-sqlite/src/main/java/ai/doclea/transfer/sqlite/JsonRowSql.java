package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.RecordKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The SQL that makes SQLite render a table's rows as JSON arrays ({@link
 * ai.doclea.transfer.spi.JsonRowCursor}): per field of the export file, the expression that
 * renders its column and the condition under which the rendering is the value the ordinary read
 * ({@link RecordTable#read}) would give. A row renders only when every condition holds; for the
 * others the statement yields NULL and the row is read the ordinary way.
 */
final class JsonRowSql {
  /** How a column is rendered. */
  private enum How {
    /** Required TEXT. */
    TEXT,
    /** TEXT or NULL. */
    TEXT_OR_NULL,
    /** INTEGER or NULL. */
    INTEGER_OR_NULL,
    /** A required INTEGER at least 0 (a count). */
    COUNT,
    /** A flag: NULL or 0 is false. */
    FLAG,
    /**
     * A required REAL (or INTEGER): {@code 1} in the array, the value read as a column of its own
     * (SQLite's decimal text of a double, {@code quote()} and {@code json_array}'s alike, does not
     * always read back to the same double).
     */
    REAL,
    /** The same, or NULL. */
    REAL_OR_NULL,
    /** A JSON array in a TEXT column (NULL reads as the empty array). */
    ARRAY,
    /** A required INTEGER. */
    INTEGER,
    /**
     * A JSON object kept as TEXT: {@code 1} in the array, the text read as a column of its own
     * ({@link ai.doclea.transfer.spi.JsonRowCursor#jsonText}); the core checks and lays it out.
     */
    JSON_TEXT
  }

  private record Rendering(String column, How how) {}

  private static final Map<RecordKind, Map<String, Rendering>> RENDERINGS = renderings();

  private JsonRowSql() {}

  private static Map<RecordKind, Map<String, Rendering>> renderings() {
    Map<RecordKind, Map<String, Rendering>> m = new EnumMap<>(RecordKind.class);
    m.put(RecordKind.MEMORY, Map.ofEntries(r("id", "id", How.TEXT),
        r("type", "type", How.TEXT), r("title", "title", How.TEXT),
        r("content", "content", How.TEXT), r("summary", "summary", How.TEXT_OR_NULL),
        r("importance", "importance", How.REAL), r("tags", "tags", How.ARRAY),
        r("relatedFiles", "related_files", How.ARRAY),
        r("gitCommit", "git_commit", How.TEXT_OR_NULL),
        r("sourcePr", "source_pr", How.TEXT_OR_NULL), r("experts", "experts", How.ARRAY),
        r("qdrantId", "qdrant_id", How.TEXT_OR_NULL),
        r("createdAt", "created_at", How.INTEGER_OR_NULL),
        r("accessedAt", "accessed_at", How.INTEGER_OR_NULL),
        r("accessCount", "access_count", How.COUNT),
        r("needsReview", "needs_review", How.FLAG),
        r("decayRate", "decay_rate", How.REAL_OR_NULL),
        r("lastRefreshedAt", "last_refreshed_at", How.INTEGER_OR_NULL),
        r("confidenceFloor", "confidence_floor", How.REAL_OR_NULL),
        r("decayFunction", "decay_function", How.TEXT_OR_NULL)));
    m.put(RecordKind.DOCUMENT, Map.ofEntries(r("id", "id", How.TEXT),
        r("title", "title", How.TEXT), r("content", "content", How.TEXT),
        r("contentHash", "content_hash", How.TEXT_OR_NULL),
        r("createdAt", "created_at", How.INTEGER_OR_NULL),
        r("updatedAt", "updated_at", How.INTEGER_OR_NULL)));
    m.put(RecordKind.CHUNK, Map.ofEntries(r("id", "id", How.TEXT),
        r("documentId", "document_id", How.TEXT), r("content", "content", How.TEXT),
        r("qdrantId", "qdrant_id", How.TEXT_OR_NULL),
        r("startOffset", "start_offset", How.INTEGER_OR_NULL),
        r("endOffset", "end_offset", How.INTEGER_OR_NULL)));
    m.put(RecordKind.MEMORY_RELATION, Map.ofEntries(r("id", "id", How.TEXT),
        r("source_id", "source_id", How.TEXT), r("target_id", "target_id", How.TEXT),
        r("type", "type", How.TEXT), r("weight", "weight", How.REAL),
        r("metadata", "metadata", How.TEXT_OR_NULL),
        r("created_at", "created_at", How.INTEGER_OR_NULL)));
    m.put(RecordKind.CROSS_LAYER_RELATION, Map.ofEntries(r("id", "id", How.TEXT),
        r("memory_id", "memory_id", How.TEXT), r("code_node_id", "code_node_id", How.TEXT),
        r("relation_type", "relation_type", How.TEXT),
        r("direction", "direction", How.TEXT), r("confidence", "confidence", How.REAL),
        r("metadata", "metadata", How.TEXT_OR_NULL),
        r("created_at", "created_at", How.INTEGER_OR_NULL)));
    m.put(RecordKind.PENDING_MEMORY, Map.ofEntries(r("id", "id", How.TEXT),
        r("memoryData", "memory_data", How.JSON_TEXT),
        r("suggestedAt", "suggested_at", How.INTEGER), r("source", "source", How.TEXT),
        r("reason", "reason", How.TEXT)));
    return m;
  }

  private static Map.Entry<String, Rendering> r(String key, String column, How how) {
    return Map.entry(key, new Rendering(column, how));
  }

  /**
   * A statement and where the values given apart are.
   *
   * @param sql the SELECT
   * @param realColumns per field, the result column of its real number, or 0
   * @param textColumns per field, the result column of its JSON text, or 0
   */
  record Select(String sql, int[] realColumns, int[] textColumns) {}

  /**
   * Whether to sort a table's rowids first ({@link #select}): a kind with large rows ({@link
   * #sortsKeysFirst(RecordKind)}), Doclea's query a scan into the sorter ({@link
   * #isScanThenSort}) and keys that follow the rowids ({@link #followsRowids}).
   *
   * @param connection the snapshot's connection, in its read transaction
   * @param table the table
   * @param layout the database's layout
   * @return whether to sort keys first
   * @throws SQLException when a query fails
   */
  static boolean sortsKeysFirst(Connection connection, RecordTable<?> table, Layout layout)
      throws SQLException {
    return sortsKeysFirst(table.kind) && layout.hasTable(table.table)
        && isScanThenSort(queryPlan(connection, table), table)
        && followsRowids(sample(connection, table));
  }

  /**
   * The {@code detail} column of {@code EXPLAIN QUERY PLAN} for Doclea's own query of a table.
   *
   * @param connection a connection
   * @param table the table
   * @return the details, in order
   * @throws SQLException when the query fails
   */
  static List<String> queryPlan(Connection connection, RecordTable<?> table)
      throws SQLException {
    List<String> details = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN SELECT * FROM " + table.table
            + " ORDER BY " + table.orderBy)) {
      while (rs.next()) {
        details.add(rs.getString("detail"));
      }
    }
    return details;
  }

  /**
   * The sort keys of {@link #sampleSql}'s rows (null for NULL).
   *
   * @param connection a connection
   * @param table the table
   * @return the keys, in rowid order
   * @throws SQLException when the query fails
   */
  static List<Long> sample(Connection connection, RecordTable<?> table) throws SQLException {
    List<Long> keys = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sampleSql(table))) {
      while (rs.next()) {
        long v = rs.getLong(1);
        keys.add(rs.wasNull() ? null : v);
      }
    }
    return keys;
  }

  /**
   * Whether the rows of a kind may be worth sorting by their keys alone ({@link #select}; see
   * also {@link #followsRowids}): the kinds with large rows. For small rows (relations) the look-ups by rowid cost more than the sorter
   * saves (measured with {@code sqlite3} at 100,000 memories, rows through the sorter against
   * rowids: memories 0.72 against 0.56 s, documents 0.19 against 0.15 s, memory relations 0.06
   * against 0.09 s).
   *
   * @param kind the section
   * @return whether to consider it
   */
  static boolean sortsKeysFirst(RecordKind kind) {
    return kind == RecordKind.MEMORY || kind == RecordKind.DOCUMENT;
  }

  /** Rows sampled to tell whether a table's sort key follows its rowids. */
  static final int SAMPLES = 64;

  /** The least span of rowids worth sorting by keys first: below it the sorter stays small. */
  static final long LEAST_ROWS = 4096;

  /**
   * A query for the sort key of {@link #SAMPLES} rows spread evenly over the table's rowids (the
   * first at or after each of evenly spaced rowids), in rowid order; no rows when the table
   * spans fewer than {@link #LEAST_ROWS} rowids. The sort key is the first term of the
   * table's ORDER BY, an integer column.
   *
   * @param table the table
   * @return the query
   */
  private static String sampleSql(RecordTable<?> table) {
    String key = table.orderBy.split(",")[0].trim().split(" ")[0];
    // Two subqueries for the bounds: min and max in one SELECT would scan the table.
    return "WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n < "
        + (SAMPLES - 1) + "), b(lo, hi) AS (SELECT (SELECT min(rowid) FROM " + table.table
        + "), (SELECT max(rowid) FROM " + table.table + ")) SELECT (SELECT " + key + " FROM "
        + table.table + " WHERE rowid >= lo + (hi - lo) / " + (SAMPLES - 1) + " * n ORDER BY"
        + " rowid LIMIT 1) FROM i, b WHERE hi - lo >= " + LEAST_ROWS + " ORDER BY n";
  }

  /**
   * Whether sampled sort keys, in rowid order, rise or fall nearly everywhere (at least 60 of 63
   * steps one way, ties counting both ways, NULL lowest): then the rows sorted by key are read
   * nearly in rowid order, forwards or backwards, and sorting the keys first saves the sorter's
   * spill of whole rows. Otherwise the look-ups by rowid jump about the file, and at 1,000,000
   * memories in random order they cost more than the sorter (measured with {@code sqlite3}: 16
   * to 19 s against 10 to 14 s).
   *
   * @param keys the keys from {@link #sampleSql}
   * @return whether to sort keys first
   */
  static boolean followsRowids(List<Long> keys) {
    if (keys.size() < SAMPLES) {
      return false;
    }
    int up = 0;
    int down = 0;
    for (int i = 1; i < keys.size(); i++) {
      long a = keys.get(i - 1) == null ? Long.MIN_VALUE : keys.get(i - 1);
      long b = keys.get(i) == null ? Long.MIN_VALUE : keys.get(i);
      up += b >= a ? 1 : 0;
      down += b <= a ? 1 : 0;
    }
    int steps = keys.size() - 1;
    return Math.max(up, down) * 21 >= steps * 20;
  }

  /**
   * The plan SQLite must have for Doclea's own query of a table ({@code SELECT * FROM t ORDER BY
   * ...}) for {@code keysFirst} to give the same order: a scan of the table in rowid order into
   * the sorter. SQLite's sorter keeps rows with equal keys in the order they came in, so sorting
   * the rowids alone, from the same scan, gives Doclea's order, ties included.
   *
   * @param details the {@code detail} column of {@code EXPLAIN QUERY PLAN} for Doclea's query
   * @param table the table
   * @return whether the plan is exactly that
   */
  static boolean isScanThenSort(List<String> details, RecordTable<?> table) {
    return details.equals(List.of("SCAN " + table.table, "USE TEMP B-TREE FOR ORDER BY"));
  }

  /**
   * The statement: column 1 the row's JSON array or NULL, column 2 its rowid, then the columns
   * of the values given apart (real numbers, JSON texts), in the table's export order. With
   * {@code keysFirst} ({@link #sortsKeysFirst(Connection, RecordTable, Layout)}), SQLite sorts
   * only the rowids (from a scan of the table itself, {@code NOT INDEXED}) and then reads
   * and renders each row by its rowid in that order, instead of rendering every row into its
   * sorter, which spills the whole section to temporary files and reads it back. Only for a
   * table whose plan for Doclea's query {@link #isScanThenSort} says gives the same order.
   *
   * @param table the table
   * @param layout the database's layout
   * @param keys the fields, by their keys in the export file
   * @param keysFirst whether to sort the rowids first
   * @return the SELECT, or null when a key is unknown or its column missing from the database
   *     (an older schema: then the ordinary read supplies the defaults)
   */
  static Select select(RecordTable<?> table, Layout layout, List<String> keys,
      boolean keysFirst) {
    Map<String, Rendering> renderings = RENDERINGS.get(table.kind);
    if (renderings == null || !layout.hasTable(table.table)) {
      return null;
    }
    StringJoiner values = new StringJoiner(", ");
    StringJoiner conditions = new StringJoiner(" AND ");
    StringBuilder apartList = new StringBuilder();
    int[] realColumns = new int[keys.size()];
    int[] textColumns = new int[keys.size()];
    int nextColumn = 3;
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      Rendering rendering = renderings.get(key);
      if (rendering == null || !layout.hasColumn(table.table, rendering.column())) {
        return null;
      }
      String c = rendering.column();
      switch (rendering.how()) {
        case TEXT:
          values.add(c);
          conditions.add("typeof(" + c + ") = 'text'");
          break;
        case TEXT_OR_NULL:
          values.add(c);
          conditions.add("typeof(" + c + ") IN ('text', 'null')");
          break;
        case INTEGER_OR_NULL:
          values.add(c);
          conditions.add("typeof(" + c + ") IN ('integer', 'null')");
          break;
        case INTEGER:
          values.add(c);
          conditions.add("typeof(" + c + ") = 'integer'");
          break;
        case JSON_TEXT:
          values.add("1");
          conditions.add("typeof(" + c + ") = 'text'");
          apartList.append(", ").append(c);
          textColumns[i] = nextColumn++;
          break;
        case COUNT:
          values.add(c);
          conditions.add("typeof(" + c + ") = 'integer' AND " + c + " >= 0");
          break;
        case FLAG:
          // 0, 1 or NULL here; any other value is read as a record, whose read warns that it
          // is written as false (RecordTable.Row.flag, as Doclea's server reads it).
          values.add("(" + c + " IS NOT NULL AND " + c + " = 1)");
          conditions.add("(typeof(" + c + ") = 'null' OR typeof(" + c + ") = 'integer' AND "
              + c + " IN (0, 1))");
          break;
        case REAL:
          values.add("1");
          conditions.add("typeof(" + c + ") IN ('real', 'integer')");
          apartList.append(", ").append(c);
          realColumns[i] = nextColumn++;
          break;
        case REAL_OR_NULL:
          values.add("iif(" + c + " IS NULL, NULL, 1)");
          conditions.add("typeof(" + c + ") IN ('real', 'integer', 'null')");
          apartList.append(", ").append(c);
          realColumns[i] = nextColumn++;
          break;
        default: // ARRAY
          // json_valid first: json() fails the whole statement on text that is not JSON. A
          // NULL is read as a record, whose read warns that it is written as [].
          values.add("json(" + c + ")");
          conditions.add("(typeof(" + c + ") = 'text' AND json_valid(" + c + "))");
      }
    }
    String rendered = "SELECT CASE WHEN " + conditions + " THEN json_array(" + values + ") END, "
        + table.table + ".rowid" + apartList + " FROM ";
    String sql = keysFirst
        ? "WITH doclea_transfer_order AS MATERIALIZED (SELECT rowid AS doclea_transfer_rowid"
            + " FROM " + table.table + " NOT INDEXED ORDER BY " + table.orderBy + " LIMIT -1) "
            // LIMIT -1 keeps the ORDER BY, which SQLite drops from a subquery otherwise; CROSS
            // JOIN keeps the sorted rowids as the outer loop.
            + rendered + "doclea_transfer_order CROSS JOIN " + table.table + " ON "
            + table.table + ".rowid = doclea_transfer_order.doclea_transfer_rowid"
        : rendered + table.table + " ORDER BY " + table.orderBy;
    return new Select(sql, realColumns, textColumns);
  }
}
