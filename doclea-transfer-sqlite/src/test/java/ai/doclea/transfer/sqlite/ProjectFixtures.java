package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.EmbeddingProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Projects, export files and a deterministic embedder for the project tests. */
final class ProjectFixtures {
  static final String MODEL = "fake-model";
  static final int DIMS = 4;

  private ProjectFixtures() {}

  /** A project configured for {@link #MODEL} with {@link #DIMS} dimensions. */
  static Path project(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve(".doclea"));
    Files.writeString(p.resolve(".doclea/config.json"), "{\"embedding\":{\"provider\":"
        + "\"transformers\",\"model\":\"" + MODEL + "\"},\"vector\":{\"provider\":\"libsql\","
        + "\"vectorSize\":" + DIMS + "},\"storage\":{\"backend\":\"sqlite\",\"dbPath\":"
        + "\".doclea/local.db\",\"mode\":\"manual\"}}", StandardCharsets.UTF_8);
    return p;
  }

  static Memory memory(String id, String qdrantId) {
    return Memory.builder(id, "decision", "Title of " + id, "Content of " + id + " \u2028 \u6F22")
        .tags(List.of("db", "q\"uote")).relatedFiles(List.of("src/a.ts")).importance(0.7)
        .qdrantId(qdrantId).createdAt(1_700_000_000L).accessedAt(1_700_000_100L).build();
  }

  /** An export file holding the memories. */
  static Path exportFile(Path dir, String name, List<Memory> memories) {
    InMemoryBackend store = InMemoryBackend.builder().addAll(memories).build();
    Path file = dir.resolve(name);
    Transfer.export(store, file, ExportOptions.builder().build()).orThrow();
    return file;
  }

  /**
   * An export file with vectors ({@code --vectors}) of {@link #MODEL}: each memory's vector is
   * {@link #vectorOf} its embedding text, as {@link FakeEmbedder} would make it.
   */
  static Path exportWithVectors(Path dir, String name, List<Memory> memories) {
    InMemoryBackend.Builder b = InMemoryBackend.builder().embedding("transformers", MODEL)
        .addAll(memories);
    for (Memory m : memories) {
      b.vector(m.id(), "transformers", MODEL, vectorOf(m.title() + "\n\n" + m.content(), DIMS));
    }
    Path file = dir.resolve(name);
    Transfer.export(b.build(), file, ExportOptions.builder().includeVectors(true).build())
        .orThrow();
    return file;
  }

  /** A deterministic embedder: the vector depends only on the text. */
  static final class FakeEmbedder implements EmbeddingProvider {
    final String model;
    final int dims;
    int calls;
    RuntimeException failOn;

    FakeEmbedder(String model, int dims) {
      this.model = model;
      this.dims = dims;
    }

    FakeEmbedder() {
      this(MODEL, DIMS);
    }

    @Override
    public String providerName() {
      return "transformers";
    }

    @Override
    public String modelName() {
      return model;
    }

    @Override
    public int dimensions() {
      return dims;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      calls++;
      if (failOn != null) {
        throw failOn;
      }
      List<float[]> out = new ArrayList<>();
      for (String t : texts) {
        out.add(vectorOf(t, dims));
      }
      return out;
    }
  }

  static float[] vectorOf(String text, int dims) {
    float[] v = new float[dims];
    int h = text.hashCode();
    for (int i = 0; i < dims; i++) {
      v[i] = ((h >>> (i * 7)) & 0xff) / 255f - 0.5f + i * 0.01f;
    }
    return v;
  }

  static byte[] le(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  /** Every row of vector_memories by id, each as column name to value. */
  static Map<String, Map<String, Object>> vectorRows(Path project) throws SQLException {
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    Path file = project.resolve(".doclea/vectors.db");
    if (!Files.exists(file)) {
      return rows;
    }
    try (Connection c = connect(file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, memory_id, embedding, type, title, tags,"
            + " related_files, importance, payload FROM vector_memories ORDER BY id")) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        rows.put(rs.getString(1), row);
      }
    }
    return rows;
  }

  /** memory id to qdrant_id of every memory in the project's local.db. */
  static Map<String, String> qdrantIds(Path project) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = connect(project.resolve(".doclea/local.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, qdrant_id FROM memories ORDER BY id")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Creates vectors.db as Doclea would, with one row, and libSQL's shadow tables. */
  static void docleaVectorStore(Path project, String id, String memoryId, float[] v)
      throws SQLException {
    try (Connection c = connect(project.resolve(".doclea/vectors.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute(LibSqlVectors.createTable(DIMS));
      s.execute("CREATE INDEX IF NOT EXISTS idx_vector_memories_memory_id ON"
          + " vector_memories(memory_id)");
      // What libSQL's index leaves besides the index itself (plain SQLite cannot create it).
      s.execute("CREATE TABLE libsql_vector_meta_shadow (name TEXT PRIMARY KEY, metadata BLOB)");
      s.execute("INSERT INTO libsql_vector_meta_shadow VALUES ('vector_memories_vec_idx', x'01')");
      s.execute("CREATE TABLE vector_memories_vec_idx_shadow (index_key INTEGER, data BLOB)");
      try (var ps = c.prepareStatement("INSERT INTO vector_memories VALUES (?,?,?,?,?,?,?,?,?)")) {
        ps.setString(1, id);
        ps.setString(2, memoryId);
        ps.setBytes(3, le(v));
        ps.setString(4, "note");
        ps.setString(5, "old");
        ps.setString(6, "[]");
        ps.setString(7, "[]");
        ps.setDouble(8, 0.5);
        ps.setString(9, "{\"memoryId\":\"" + memoryId + "\"}");
        ps.executeUpdate();
      }
    }
  }
}
