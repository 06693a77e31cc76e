package ai.doclea.transfer.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds databases the way Doclea's server does, independently of the adapter's own schema code:
 * the DDL comes from the test's own copy of Doclea's migrations ({@code doclea-ddl/}), applied the
 * way Doclea's MigrationRunner applies them (WAL mode, one transaction per migration, a {@code
 * _doclea_migrations} row and {@code _doclea_meta.schema_version} after each), and rows are written
 * with the SQL Doclea's storage code uses (JSON-text arrays, integer booleans, memory_data JSON
 * text, memory_relations.created_at in milliseconds).
 */
final class DocleaFixtures {
  private DocleaFixtures() {}

  /** A migration of the test's copy of Doclea's DDL. */
  record Migration(String version, String name, List<String> statements) {}

  static Connection connect(Path path) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + path);
  }

  /** Doclea's runner bootstrap statements and migrations, parsed from the test resource. */
  static List<Object> ddl() throws IOException {
    List<String> bootstrap = new ArrayList<>();
    List<Migration> migrations = new ArrayList<>();
    try (InputStream in = DocleaFixtures.class.getResourceAsStream(
            "/doclea-ddl/doclea-migrations.sql");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> current = null;
      String version = null;
      String name = null;
      StringBuilder sql = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("-- bootstrap")) {
          current = bootstrap;
        } else if (line.startsWith("-- migration ")) {
          if (version != null) {
            migrations.add(new Migration(version, name, current));
          }
          String[] parts = line.substring(13).split(" ");
          version = parts[0];
          name = parts[1];
          current = new ArrayList<>();
        } else if (line.equals("--;;")) {
          current.add(sql.toString());
          sql.setLength(0);
        } else if (!(line.startsWith("--") && sql.length() == 0)) {
          // Doclea passes "\n" + the lines joined by "\n" (no final newline) to db.exec
          sql.append('\n').append(line);
        }
      }
      migrations.add(new Migration(version, name, current));
    }
    return List.of(bootstrap, migrations);
  }

  /**
   * Creates a database at a schema version, as Doclea's runner would have left it.
   *
   * @param path the new file
   * @param version for example "006"
   * @param wal whether to switch to WAL mode as Doclea does
   */
  @SuppressWarnings("unchecked")
  static void createDatabase(Path path, String version, boolean wal)
      throws SQLException, IOException {
    List<Object> ddl = ddl();
    List<String> bootstrap = (List<String>) ddl.get(0);
    List<Migration> migrations = (List<Migration>) ddl.get(1);
    try (Connection c = connect(path); Statement s = c.createStatement()) {
      if (wal) {
        s.execute("PRAGMA journal_mode = WAL");
      }
      for (String sql : bootstrap) {
        s.execute(sql);
      }
      for (Migration m : migrations) {
        if (m.version().compareTo(version) > 0) {
          break;
        }
        s.execute("BEGIN TRANSACTION");
        for (String sql : m.statements()) {
          s.execute(sql);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO _doclea_migrations"
            + " (version, name, applied_at) VALUES (?, ?, unixepoch())")) {
          p.setString(1, m.version());
          p.setString(2, m.name());
          p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO _doclea_meta"
            + " (key, value, updated_at) VALUES ('schema_version', ?, unixepoch())")) {
          p.setString(1, m.version());
          p.executeUpdate();
        }
        s.execute("COMMIT");
      }
    }
  }

  /** Runs one statement with parameters. */
  static void exec(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        p.setObject(i + 1, params[i]);
      }
      p.executeUpdate();
    }
  }

  /**
   * Fills a database with rows as Doclea writes them. At schema "006" only the columns that exist
   * then are written; at "012" the later columns too.
   */
  static void fill(Path path, String version) throws SQLException {
    boolean v007 = version.compareTo("007") >= 0;
    boolean v010 = version.compareTo("010") >= 0;
    boolean v011 = version.compareTo("011") >= 0;
    try (Connection c = connect(path)) {
      // SqliteStorageBackend.createMemory: 14 columns, JSON.stringify arrays, seconds.
      String insertMemory = "INSERT INTO memories (id, type, title, content, summary, importance,"
          + " tags, related_files, git_commit, source_pr, experts, qdrant_id, created_at,"
          + " accessed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      exec(c, insertMemory, "mem_auth", "decision", "Use JWT for auth",
          "We chose JWT because sessions do not scale.\nSee ADR-7.", "JWT over sessions", 0.8,
          "[\"auth\",\"security\"]", "[\"src/auth.ts\",\"src/middleware/jwt.ts\"]", "abc123",
          "PR-42", "[]", "vec_auth", 1700000000L, 1700000500L);
      exec(c, insertMemory, "mem_note", "note", "Grüße \"quoted\" 🎉",
          "Line one\u2028line two\ttabbed <b>&amp;</b> \\ backslash", null, 0.5, "[]", "[]",
          null, null, "[\"alice\",\"bob \\\"the builder\\\"\"]", null, 1700000100L,
          1700000100L);
      exec(c, insertMemory, "mem_pattern", "pattern", "Repository pattern", "Use repositories.",
          null, 0.3, "[\"architecture\"]", "[]", null, null, "[]", "vec_pattern", 1700000050L,
          1700000900L);
      if (v007) {
        exec(c, "UPDATE memories SET access_count = COALESCE(access_count, 0) + 3 WHERE id = ?",
            "mem_auth");
        exec(c, "UPDATE memories SET access_count = NULL WHERE id = ?", "mem_pattern");
      }
      if (v010) {
        exec(c, "UPDATE memories SET needs_review = 1 WHERE id = ?", "mem_note");
      }
      if (v011) {
        exec(c, "UPDATE memories SET decay_rate = ?, last_refreshed_at = ?, confidence_floor = ?,"
            + " decay_function = ? WHERE id = ?", 0.0, 1700000600L, 0.2, "linear", "mem_auth");
        exec(c, "UPDATE memories SET decay_rate = ? WHERE id = ?", 1.5, "mem_pattern");
      }
      exec(c, "INSERT INTO documents (id, title, content, content_hash, created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)", "doc_readme", "README", "# Project\nHello", "h1",
          1700000010L, 1700000020L);
      exec(c, "INSERT INTO documents (id, title, content, content_hash, created_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)", "doc_guide", "Guide", "Guide text", null, 1700000030L,
          1700000030L);
      String insertChunk = "INSERT INTO chunks (id, document_id, content, qdrant_id,"
          + " start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?)";
      exec(c, insertChunk, "chk_2", "doc_readme", "Hello", "vec_c2", 10L, 15L);
      exec(c, insertChunk, "chk_1", "doc_readme", "# Project", "vec_c1", 0L, 9L);
      exec(c, insertChunk, "chk_3", "doc_guide", "Guide text", null, 0L, 10L);
      // MemoryRelationStorage.createRelation: created_at = Date.now() (milliseconds).
      String insertRelation = "INSERT INTO memory_relations (id, source_id, target_id, type,"
          + " weight, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
      exec(c, insertRelation, "V1StGXR8_Z5jdHi6B-myT", "mem_pattern", "mem_auth", "implements",
          0.9, "{\"reason\":\"pattern implements decision\"}", 1700000000123L);
      exec(c, insertRelation, "rel_2", "mem_note", "mem_auth", "references", 1.0, null,
          1700000000456L);
      // code graph (not exported) and a cross-layer relation into it
      exec(c, "INSERT INTO code_nodes (id, type, name, file_path) VALUES (?, ?, ?, ?)",
          "node_auth_ts", "file", "auth.ts", "src/auth.ts");
      exec(c, "INSERT INTO cross_layer_relations (id, memory_id, code_node_id, relation_type,"
          + " direction, confidence, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          "xl_1", "mem_auth", "node_auth_ts", "documents", "memory_to_code", 0.75,
          "{\"detectionMethod\":\"file_path_match\",\"reason\":\"path match\"}", 1700000002L);
      // SqliteStorageBackend.createPendingMemory: memory_data = JSON.stringify(memoryData).
      exec(c, "INSERT INTO pending_memories (id, memory_data, qdrant_id, suggested_at, source,"
          + " reason) VALUES (?, ?, ?, ?, ?, ?)", "pnd_abc", PENDING_DATA, "vec_pending",
          1700000300L, "user_store", "Looks like a decision");
      // other tables Doclea keeps, which an import must leave alone
      exec(c, "INSERT INTO embedding_cache (content_hash, embedding, model) VALUES (?, ?, ?)",
          "h1", "[0.1,0.2]", "test-model");
      exec(c, "INSERT INTO relation_suggestions (id, source_id, target_id, suggested_type,"
          + " confidence, reason, detection_method) VALUES (?, ?, ?, ?, ?, ?, ?)", "sug_1",
          "mem_note", "mem_pattern", "related_to", 0.6, "keywords", "keyword_overlap");
    }
  }

  /** The memory_data of the pending memory written by {@link #fill}. */
  static final String PENDING_DATA = "{\"type\":\"decision\",\"title\":\"Cache tokens\","
      + "\"content\":\"Cache JWT validation results\",\"importance\":0.6,\"tags\":[\"auth\"],"
      + "\"relatedFiles\":[],\"experts\":[],\"id\":\"mem_pending\",\"qdrantId\":\"vec_pending\","
      + "\"needsReview\":false,\"futureKey\":{\"nested\":[1,2,3]}}";

  /** Every row of every table, as text, keyed by table, ordered by rowid. */
  static Map<String, List<String>> dump(Path path) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    try (Connection c = connect(path)) {
      List<String> tables = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
              Object v = rs.getObject(i);
              row.append(rs.getMetaData().getColumnName(i)).append('=')
                  .append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v)
                  .append(v == null ? "" : "(" + v.getClass().getSimpleName() + ")")
                  .append(';');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        out.put(table, rows);
      }
    }
    return out;
  }

  /** The schema objects: name to SQL, for comparing layouts. */
  static Map<String, String> schema(Path path) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = connect(path);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
      while (rs.next()) {
        out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3));
      }
    }
    return out;
  }

  /** One query's rows as "col=value;..." strings. */
  static List<String> query(Path path, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(path);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          if (i > 1) {
            row.append(';');
          }
          row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getObject(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
