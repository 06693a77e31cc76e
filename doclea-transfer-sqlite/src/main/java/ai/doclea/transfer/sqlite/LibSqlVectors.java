package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.BackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Doclea's libSQL vector store ({@code .doclea/vectors.db}, table {@value #TABLE}) seen through
 * plain SQLite. Reading works as on any SQLite file. Writing needs libSQL's DiskANN index out of
 * the way (plain SQLite does not know {@code libsql_vector_idx()}, and any write to the table
 * fails while it exists): {@link #dropLibSqlIndex} drops the index, its shadow table and its meta
 * row in the writing transaction; Doclea's server rebuilds the index over all rows with its
 * {@code CREATE INDEX IF NOT EXISTS} at its next start.
 */
final class LibSqlVectors {
  static final String TABLE = "vector_memories";
  static final String INDEX = "vector_memories_vec_idx";
  static final String SHADOW = INDEX + "_shadow";
  static final String META_SHADOW = "libsql_vector_meta_shadow";

  /** nanoid's url alphabet, which Doclea's {@code nanoid(16)} draws from. */
  static final String NANOID_ALPHABET =
      "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern SIZE = Pattern.compile("F32_BLOB\\((\\d+)\\)",
      Pattern.CASE_INSENSITIVE);

  static final String INSERT = "INSERT OR REPLACE INTO " + TABLE + " (id, memory_id, embedding,"
      + " type, title, tags, related_files, importance, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String DELETE_MEMORY = "DELETE FROM " + TABLE + " WHERE memory_id = ?";

  private LibSqlVectors() {}

  /** A new vector id as Doclea makes one: {@code vec_} and 16 characters of nanoid. */
  static String newVectorId() {
    char[] c = new char[16];
    for (int i = 0; i < c.length; i++) {
      c[i] = NANOID_ALPHABET.charAt(RANDOM.nextInt(NANOID_ALPHABET.length()));
    }
    return "vec_" + new String(c);
  }

  /**
   * Doclea's {@code CREATE TABLE}, byte for byte as its {@code LibSqlVectorStore.initialize}
   * sends it (so {@code sqlite_master} holds the same text).
   */
  static String createTable(int size) {
    return "\n      CREATE TABLE IF NOT EXISTS " + TABLE + " (\n"
        + "        id TEXT PRIMARY KEY,\n"
        + "        memory_id TEXT NOT NULL,\n"
        + "        embedding F32_BLOB(" + size + "),\n"
        + "        type TEXT NOT NULL,\n"
        + "        title TEXT NOT NULL,\n"
        + "        tags TEXT NOT NULL,\n"
        + "        related_files TEXT NOT NULL,\n"
        + "        importance REAL NOT NULL,\n"
        + "        payload TEXT NOT NULL\n"
        + "      )\n    ";
  }

  /** Doclea's libSQL index statement (for documentation and the libSQL test). */
  static final String CREATE_VECTOR_INDEX = "\n        CREATE INDEX IF NOT EXISTS " + INDEX
      + "\n        ON " + TABLE + " (libsql_vector_idx(embedding, 'metric=cosine'))\n      ";

  private static final String[] PLAIN_INDEXES = {
    "CREATE INDEX IF NOT EXISTS idx_" + TABLE + "_type ON " + TABLE + "(type)",
    "CREATE INDEX IF NOT EXISTS idx_" + TABLE + "_importance ON " + TABLE + "(importance)",
    "CREATE INDEX IF NOT EXISTS idx_" + TABLE + "_memory_id ON " + TABLE + "(memory_id)",
  };

  static boolean hasTable(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  static boolean hasIndex(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?")) {
      s.setString(1, INDEX);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The dimensions declared by the table ({@code F32_BLOB(N)}), or -1 without a table.
   *
   * @throws BackendException when the table's declaration has no F32_BLOB size
   */
  static int declaredSize(Connection c, Path file) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      s.setString(1, TABLE);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        Matcher m = SIZE.matcher(String.valueOf(rs.getString(1)));
        if (!m.find()) {
          throw new BackendException(file + ": table " + TABLE + " has no F32_BLOB(N) column;"
              + " it was not made by Doclea's libSQL vector store");
        }
        return Integer.parseInt(m.group(1));
      }
    }
  }

  /**
   * Makes sure the table exists with the given size: creates it (and Doclea's plain indexes, not
   * the libSQL one) when missing, refuses another size. Runs inside the caller's transaction.
   */
  static void ensureTable(Connection c, Path file, int size) throws SQLException {
    int declared = declaredSize(c, file);
    if (declared < 0) {
      try (Statement s = c.createStatement()) {
        s.execute(createTable(size));
        for (String sql : PLAIN_INDEXES) {
          s.execute(sql);
        }
      }
    } else if (declared != size) {
      throw new BackendException(file + ": table " + TABLE + " holds vectors of " + declared
          + " dimensions (F32_BLOB(" + declared + ")), but the project's vector.vectorSize is "
          + size + "; fix .doclea/config.json or move the old vector store aside");
    }
  }

  /**
   * Drops libSQL's DiskANN index, its shadow table and its meta row, inside the caller's
   * transaction, so that plain SQLite can write the table.
   *
   * @return whether there was an index to drop
   */
  static boolean dropLibSqlIndex(Connection c) throws SQLException {
    boolean had = hasIndex(c);
    try (Statement s = c.createStatement()) {
      if (had) {
        s.execute("DROP INDEX " + INDEX);
      }
      if (hasTable(c, SHADOW)) {
        s.execute("DROP TABLE " + SHADOW);
      }
      if (hasTable(c, META_SHADOW)) {
        s.execute("DELETE FROM " + META_SHADOW + " WHERE name = '" + INDEX + "'");
      }
    }
    return had;
  }

  /** Opens the vector database; {@code create} makes a missing file (in WAL mode). */
  static Connection open(Path file, boolean create, boolean readOnly, int busyTimeoutMs)
      throws SQLException {
    boolean exists = Files.exists(file);
    Connection c = Connections.open(file, readOnly ? Connections.Mode.READ_ONLY
        : exists || !create ? Connections.Mode.READ_WRITE : Connections.Mode.CREATE,
        busyTimeoutMs);
    if (!exists && create) {
      Connections.exec(c, "PRAGMA journal_mode = WAL");
    }
    return c;
  }
}
