package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import com.google.gson.Gson;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Builds a SQLite file the way Doclea's server lays it out (spec section 3, schema "012"), with
 * plain JDBC and without the adapter, and fills it with rows as Doclea's storage code writes them
 * (JSON-text arrays, integer booleans, memory_data JSON text).
 */
final class DocleaDatabase {
  private static final Gson GSON = new Gson();

  private static final List<String> DDL = List.of(
      "CREATE TABLE _doclea_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
          + " updated_at INTEGER DEFAULT (unixepoch()))",
      "CREATE TABLE _doclea_migrations (version TEXT PRIMARY KEY, name TEXT NOT NULL,"
          + " applied_at INTEGER DEFAULT (unixepoch()))",
      "CREATE TABLE memories (id TEXT PRIMARY KEY, type TEXT NOT NULL, title TEXT NOT NULL,"
          + " content TEXT NOT NULL, summary TEXT, importance REAL DEFAULT 0.5,"
          + " tags TEXT DEFAULT '[]', related_files TEXT DEFAULT '[]', git_commit TEXT,"
          + " source_pr TEXT, experts TEXT DEFAULT '[]', qdrant_id TEXT,"
          + " created_at INTEGER DEFAULT (unixepoch()), accessed_at INTEGER DEFAULT (unixepoch()),"
          + " access_count INTEGER DEFAULT 0, needs_review INTEGER DEFAULT 0, decay_rate REAL,"
          + " last_refreshed_at INTEGER, confidence_floor REAL, decay_function TEXT)",
      "CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT NOT NULL, content TEXT NOT NULL,"
          + " content_hash TEXT, created_at INTEGER DEFAULT (unixepoch()),"
          + " updated_at INTEGER DEFAULT (unixepoch()))",
      "CREATE TABLE chunks (id TEXT PRIMARY KEY, document_id TEXT REFERENCES documents(id)"
          + " ON DELETE CASCADE, content TEXT NOT NULL, qdrant_id TEXT, start_offset INTEGER,"
          + " end_offset INTEGER)",
      "CREATE TABLE embedding_cache (content_hash TEXT PRIMARY KEY, embedding TEXT NOT NULL,"
          + " model TEXT NOT NULL, created_at INTEGER DEFAULT (unixepoch()))",
      "CREATE TABLE code_nodes (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL,"
          + " file_path TEXT NOT NULL, start_line INTEGER, end_line INTEGER, signature TEXT,"
          + " summary TEXT, metadata TEXT, created_at INTEGER DEFAULT (unixepoch()),"
          + " updated_at INTEGER DEFAULT (unixepoch()))",
      "CREATE TABLE memory_relations (id TEXT PRIMARY KEY, source_id TEXT NOT NULL REFERENCES"
          + " memories(id) ON DELETE CASCADE, target_id TEXT NOT NULL REFERENCES memories(id)"
          + " ON DELETE CASCADE, type TEXT NOT NULL, weight REAL DEFAULT 1.0, metadata TEXT,"
          + " created_at INTEGER DEFAULT (unixepoch()), UNIQUE(source_id, target_id, type))",
      "CREATE TABLE pending_memories (id TEXT PRIMARY KEY, memory_data TEXT NOT NULL,"
          + " qdrant_id TEXT NOT NULL, suggested_at INTEGER NOT NULL, source TEXT NOT NULL,"
          + " reason TEXT NOT NULL)",
      "CREATE TABLE cross_layer_relations (id TEXT PRIMARY KEY, memory_id TEXT NOT NULL"
          + " REFERENCES memories(id) ON DELETE CASCADE, code_node_id TEXT NOT NULL REFERENCES"
          + " code_nodes(id) ON DELETE CASCADE, relation_type TEXT NOT NULL, direction TEXT NOT"
          + " NULL, confidence REAL NOT NULL, metadata TEXT, created_at INTEGER DEFAULT"
          + " (unixepoch()), UNIQUE(memory_id, code_node_id, relation_type))",
      "INSERT INTO _doclea_meta (key, value) VALUES ('schema_version', '012')");

  private DocleaDatabase() {}

  /**
   * Creates the file (it must not exist) and writes the records into it.
   *
   * @param file the database file
   * @param contents the records
   */
  static void create(Path file, SampleKnowledgeBase.Contents contents) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        for (String sql : DDL) {
          s.execute(sql);
        }
      }
      c.setAutoCommit(false);
      insert(c, contents);
      c.commit();
    }
  }

  /**
   * Counts the rows of a table.
   *
   * @param file the database
   * @param table the table
   * @return its row count
   */
  static long count(Path file, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Reads one column of one row.
   *
   * @param file the database
   * @param sql a query returning one value
   * @param id its one parameter
   * @return the value as text, or null
   */
  static String query(Path file, String sql, String id) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, id);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * Runs one update.
   *
   * @param file the database
   * @param sql the statement
   * @param args its parameters
   */
  static void update(Path file, String sql, Object... args) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      p.executeUpdate();
    }
  }

  private static void insert(Connection c, SampleKnowledgeBase.Contents k) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO documents (id, title, content,"
        + " content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Document d : k.documents()) {
        p.setString(1, d.id());
        p.setString(2, d.title());
        p.setString(3, d.content());
        p.setString(4, d.contentHash());
        setLong(p, 5, d.createdAt());
        setLong(p, 6, d.updatedAt());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO chunks (id, document_id, content,"
        + " qdrant_id, start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Chunk ch : k.chunks()) {
        p.setString(1, ch.id());
        p.setString(2, ch.documentId());
        p.setString(3, ch.content());
        p.setString(4, ch.qdrantId());
        setLong(p, 5, ch.startOffset());
        setLong(p, 6, ch.endOffset());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO memories (id, type, title,"
        + " content, summary, importance, tags, related_files, git_commit, source_pr, experts,"
        + " qdrant_id, created_at, accessed_at, access_count, needs_review, decay_rate,"
        + " last_refreshed_at, confidence_floor, decay_function)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Memory m : k.memories()) {
        p.setString(1, m.id());
        p.setString(2, m.type());
        p.setString(3, m.title());
        p.setString(4, m.content());
        p.setString(5, m.summary());
        p.setDouble(6, m.importance());
        p.setString(7, GSON.toJson(m.tags()));
        p.setString(8, GSON.toJson(m.relatedFiles()));
        p.setString(9, m.gitCommit());
        p.setString(10, m.sourcePr());
        p.setString(11, GSON.toJson(m.experts()));
        p.setString(12, m.qdrantId());
        setLong(p, 13, m.createdAt());
        setLong(p, 14, m.accessedAt());
        p.setLong(15, m.accessCount());
        p.setInt(16, m.needsReview() ? 1 : 0);
        setDouble(p, 17, m.decayRate());
        setLong(p, 18, m.lastRefreshedAt());
        setDouble(p, 19, m.confidenceFloor());
        p.setString(20, m.decayFunction());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO pending_memories (id,"
        + " memory_data, qdrant_id, suggested_at, source, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (PendingMemory pm : k.pendingMemories()) {
        p.setString(1, pm.id());
        p.setString(2, pm.memoryData());
        p.setString(3, JsonParser.parseString(pm.memoryData()).getAsJsonObject()
            .get("qdrantId").getAsString());
        p.setLong(4, pm.suggestedAt());
        p.setString(5, pm.source());
        p.setString(6, pm.reason());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO memory_relations (id, source_id,"
        + " target_id, type, weight, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (MemoryRelation r : k.memoryRelations()) {
        p.setString(1, r.id());
        p.setString(2, r.sourceId());
        p.setString(3, r.targetId());
        p.setString(4, r.type());
        p.setDouble(5, r.weight());
        p.setString(6, r.metadata());
        setLong(p, 7, r.createdAt());
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO cross_layer_relations (id,"
        + " memory_id, code_node_id, relation_type, direction, confidence, metadata, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (CrossLayerRelation r : k.crossLayerRelations()) {
        p.setString(1, r.id());
        p.setString(2, r.memoryId());
        p.setString(3, r.codeNodeId());
        p.setString(4, r.relationType());
        p.setString(5, r.direction());
        p.setDouble(6, r.confidence());
        p.setString(7, r.metadata());
        setLong(p, 8, r.createdAt());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
    if (v == null) {
      p.setNull(i, Types.INTEGER);
    } else {
      p.setLong(i, v);
    }
  }

  private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
    if (v == null) {
      p.setNull(i, Types.REAL);
    } else {
      p.setDouble(i, v);
    }
  }
}
