package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How one record kind maps to one table of the schema: its columns, the export order (the SQLite
 * adapter's order, with SQLite's NULL placement and byte-wise text order spelled out for
 * PostgreSQL), how a row becomes a record and a record becomes a {@code COPY} row or UPDATE
 * parameters.
 *
 * @param <T> the record type
 */
abstract class PgTable<T extends TransferRecord> {

  /** The SQL types of the columns. */
  enum Type { TEXT, BIGINT, FLOAT8, BOOL }

  /**
   * A column.
   *
   * @param name the column name
   * @param type its type
   * @param ddl its definition in CREATE TABLE
   */
  record Column(String name, Type type, String ddl) {}

  /**
   * The column of our own that numbers rows in the order they were written (an identity column,
   * filled by PostgreSQL): an import writes in file order, so records with equal sort keys are
   * exported in the order the file had them, as SQLite's rowid does for a Doclea database.
   */
  static final String ORD = "doclea_transfer_ord";

  private static final Map<RecordKind, PgTable<?>> BY_KIND = new EnumMap<>(RecordKind.class);

  static {
    register(new MemoryTable());
    register(new DocumentTable());
    register(new ChunkTable());
    register(new MemoryRelationTable());
    register(new CrossLayerRelationTable());
    register(new PendingMemoryTable());
  }

  final RecordKind kind;
  final Class<T> type;
  final String table;
  final List<Column> columns;
  final String orderBy;
  final String naturalKey;
  final String columnList;

  PgTable(RecordKind kind, Class<T> type, String table, String orderBy, String naturalKey,
      List<Column> columns) {
    this.kind = kind;
    this.type = type;
    this.table = table;
    this.orderBy = orderBy;
    this.naturalKey = naturalKey;
    this.columns = List.copyOf(columns);
    StringJoiner names = new StringJoiner(", ");
    columns.forEach(c -> names.add(c.name()));
    this.columnList = names.toString();
  }

  private static void register(PgTable<?> table) {
    BY_KIND.put(table.kind, table);
  }

  static PgTable<?> of(RecordKind kind) {
    return BY_KIND.get(kind);
  }

  static List<String> tableNames() {
    return List.of("memories", "documents", "chunks", "memory_relations",
        "cross_layer_relations", "pending_memories");
  }

  /** @return the record's column values in column order: String, Long, Double, Boolean or null */
  abstract Object[] values(T record);

  /** Reads a row whose columns are {@link #columnList}, in order. */
  abstract T read(Row row) throws SQLException;

  String create(String schema) {
    StringJoiner defs = new StringJoiner(",\n  ");
    columns.forEach(c -> defs.add(c.name() + " " + c.ddl()));
    defs.add(ORD + " bigint GENERATED ALWAYS AS IDENTITY");
    if (naturalKey != null) {
      defs.add("UNIQUE (" + naturalKey + ")");
    }
    return "CREATE TABLE IF NOT EXISTS " + schema + "." + table + " (\n  " + defs + "\n)";
  }

  String selectAll(String schema) {
    return "SELECT " + columnList + " FROM " + schema + "." + table + " ORDER BY " + orderBy;
  }

  String update(String schema) {
    StringJoiner sets = new StringJoiner(", ");
    for (Column c : columns.subList(1, columns.size())) {
      sets.add(c.name() + " = ?");
    }
    return "UPDATE " + schema + "." + table + " SET " + sets + " WHERE id = ?";
  }

  /** Appends the record as one row of {@code COPY table (columnList) FROM STDIN}. */
  void copyRow(TransferRecord record, CopyRows out) {
    Object[] values = values(type.cast(record));
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.tab();
      }
      Object v = values[i];
      final int column = i;
      if (v == null) {
        out.nul();
      } else if (v instanceof String s) {
        out.text(s, () -> describe(record, columns.get(column).name()));
      } else if (v instanceof Boolean b) {
        out.ascii(b ? "t" : "f");
      } else {
        out.ascii(v.toString());
      }
    }
    out.newline();
  }

  /**
   * The record's natural key as one string, for the tables that have one.
   *
   * @param record a record of this table
   * @return its natural key columns joined by U+0000, or null when the table has none
   */
  String naturalKeyOf(TransferRecord record) {
    return null;
  }

  /** Binds the parameters of {@link #update}: every column but the id, then the id. */
  void bindUpdate(PreparedStatement statement, TransferRecord record) throws SQLException {
    Object[] values = values(type.cast(record));
    for (int i = 1; i < values.length; i++) {
      bind(statement, i, columns.get(i), values[i], record);
    }
    bind(statement, values.length, columns.get(0), values[0], record);
  }

  private void bind(PreparedStatement statement, int index, Column column, Object value,
      TransferRecord record) throws SQLException {
    if (value == null) {
      statement.setNull(index, switch (column.type()) {
        case TEXT -> Types.VARCHAR;
        case BIGINT -> Types.BIGINT;
        case FLOAT8 -> Types.DOUBLE;
        case BOOL -> Types.BOOLEAN;
      });
    } else if (value instanceof String s) {
      statement.setString(index, PgText.param(s, () -> describe(record, column.name())));
    } else if (value instanceof Long l) {
      statement.setLong(index, l);
    } else if (value instanceof Double d) {
      statement.setDouble(index, d);
    } else {
      statement.setBoolean(index, (Boolean) value);
    }
  }

  String describe(TransferRecord record, String column) {
    return kind.displayName() + " '" + record.id() + "' (column " + table + "." + column + ")";
  }

  /** A result-set row with the context for messages. */
  static final class Row {
    private final ResultSet rs;
    private final String where;

    Row(ResultSet rs, String where) {
      this.rs = rs;
      this.where = where;
    }

    String text(int column) throws SQLException {
      return PgText.decode(rs.getString(column));
    }

    Long longOrNull(int column) throws SQLException {
      long v = rs.getLong(column);
      return rs.wasNull() ? null : v;
    }

    Double doubleOrNull(int column) throws SQLException {
      double v = rs.getDouble(column);
      return rs.wasNull() ? null : v;
    }

    double doubleOr(int column, double fallback) throws SQLException {
      Double v = doubleOrNull(column);
      return v == null ? fallback : v;
    }

    List<String> stringArray(int column) throws SQLException {
      try {
        return JsonText.parseStringArray(text(column));
      } catch (JsonText.BadJsonException e) {
        throw bad(column, e.getMessage(), e);
      }
    }

    BackendException invalid(TransferException e) throws SQLException {
      return new BackendException("Row '" + text(1) + "' of " + where + " cannot be exported: "
          + e.getMessage(), e);
    }

    private BackendException bad(int column, String problem, Throwable cause)
        throws SQLException {
      return new BackendException("Row '" + text(1) + "' of " + where + ": column "
          + rs.getMetaData().getColumnName(column) + " " + problem, cause);
    }
  }

  private static Column text(String name) {
    return new Column(name, Type.TEXT, "text");
  }

  private static Column key(String name) {
    return new Column(name, Type.TEXT, "text COLLATE \"C\" NOT NULL");
  }

  private static Column id() {
    return new Column("id", Type.TEXT, "text COLLATE \"C\" PRIMARY KEY");
  }

  private static Column bigint(String name) {
    return new Column(name, Type.BIGINT, "bigint");
  }

  private static Column float8(String name) {
    return new Column(name, Type.FLOAT8, "double precision");
  }

  // SQLite sorts NULL below every value: first ascending, last descending. PostgreSQL does the
  // opposite unless told; ids compare byte-wise in both (COLLATE "C" on UTF-8).

  private static final class MemoryTable extends PgTable<Memory> {
    MemoryTable() {
      super(RecordKind.MEMORY, Memory.class, "memories", "accessed_at DESC NULLS LAST, " + ORD, null,
          List.of(id(), new Column("type", Type.TEXT, "text NOT NULL"),
              new Column("title", Type.TEXT, "text NOT NULL"),
              new Column("content", Type.TEXT, "text NOT NULL"), text("summary"),
              new Column("importance", Type.FLOAT8, "double precision DEFAULT 0.5"),
              new Column("tags", Type.TEXT, "text DEFAULT '[]'"),
              new Column("related_files", Type.TEXT, "text DEFAULT '[]'"), text("git_commit"),
              text("source_pr"), new Column("experts", Type.TEXT, "text DEFAULT '[]'"),
              text("qdrant_id"), bigint("created_at"), bigint("accessed_at"),
              new Column("access_count", Type.BIGINT, "bigint DEFAULT 0"),
              new Column("needs_review", Type.BOOL, "boolean DEFAULT false"),
              float8("decay_rate"), bigint("last_refreshed_at"), float8("confidence_floor"),
              text("decay_function")));
    }

    @Override
    Memory read(Row row) throws SQLException {
      try {
        Long accessCount = row.longOrNull(15);
        return new Memory(row.text(1), row.text(2), row.text(3), row.text(4), row.text(5),
            row.doubleOr(6, Memory.DEFAULT_IMPORTANCE), row.stringArray(7), row.stringArray(8),
            row.text(9), row.text(10), row.stringArray(11), row.text(12), row.longOrNull(13),
            row.longOrNull(14), accessCount == null ? 0L : accessCount,
            Boolean.TRUE.equals(row.rs.getObject(16)), row.doubleOrNull(17),
            row.longOrNull(18), row.doubleOrNull(19), row.text(20));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    Object[] values(Memory m) {
      return new Object[] {m.id(), m.type(), m.title(), m.content(), m.summary(),
          m.importance(), JsonText.stringArray(m.tags()), JsonText.stringArray(m.relatedFiles()),
          m.gitCommit(), m.sourcePr(), JsonText.stringArray(m.experts()), m.qdrantId(),
          m.createdAt(), m.accessedAt(), m.accessCount(), m.needsReview(), m.decayRate(),
          m.lastRefreshedAt(), m.confidenceFloor(), m.decayFunction()};
    }
  }

  private static final class DocumentTable extends PgTable<Document> {
    DocumentTable() {
      super(RecordKind.DOCUMENT, Document.class, "documents", "created_at DESC NULLS LAST, " + ORD,
          null, List.of(id(), new Column("title", Type.TEXT, "text NOT NULL"),
              new Column("content", Type.TEXT, "text NOT NULL"), text("content_hash"),
              bigint("created_at"), bigint("updated_at")));
    }

    @Override
    Document read(Row row) throws SQLException {
      try {
        return new Document(row.text(1), row.text(2), row.text(3), row.text(4),
            row.longOrNull(5), row.longOrNull(6));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    Object[] values(Document d) {
      return new Object[] {d.id(), d.title(), d.content(), d.contentHash(), d.createdAt(),
          d.updatedAt()};
    }
  }

  private static final class ChunkTable extends PgTable<Chunk> {
    ChunkTable() {
      super(RecordKind.CHUNK, Chunk.class, "chunks", "document_id, start_offset NULLS FIRST, "
          + ORD,
          null, List.of(id(), new Column("document_id", Type.TEXT, "text COLLATE \"C\""),
              new Column("content", Type.TEXT, "text NOT NULL"), text("qdrant_id"),
              bigint("start_offset"), bigint("end_offset")));
    }

    @Override
    Chunk read(Row row) throws SQLException {
      try {
        return new Chunk(row.text(1), row.text(2), row.text(3), row.text(4), row.longOrNull(5),
            row.longOrNull(6));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    Object[] values(Chunk c) {
      return new Object[] {c.id(), c.documentId(), c.content(), c.qdrantId(), c.startOffset(),
          c.endOffset()};
    }
  }

  private static final class MemoryRelationTable extends PgTable<MemoryRelation> {
    MemoryRelationTable() {
      super(RecordKind.MEMORY_RELATION, MemoryRelation.class, "memory_relations",
          "created_at DESC NULLS LAST, " + ORD, "source_id, target_id, type",
          List.of(id(), key("source_id"), key("target_id"), key("type"),
              new Column("weight", Type.FLOAT8, "double precision DEFAULT 1.0"),
              text("metadata"), bigint("created_at")));
    }

    @Override
    MemoryRelation read(Row row) throws SQLException {
      try {
        return new MemoryRelation(row.text(1), row.text(2), row.text(3), row.text(4),
            row.doubleOr(5, MemoryRelation.DEFAULT_WEIGHT), row.text(6), row.longOrNull(7));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    String naturalKeyOf(TransferRecord record) {
      MemoryRelation r = (MemoryRelation) record;
      return r.sourceId() + '\0' + r.targetId() + '\0' + r.type();
    }

    @Override
    Object[] values(MemoryRelation r) {
      return new Object[] {r.id(), r.sourceId(), r.targetId(), r.type(), r.weight(),
          r.metadata(), r.createdAt()};
    }
  }

  private static final class CrossLayerRelationTable extends PgTable<CrossLayerRelation> {
    CrossLayerRelationTable() {
      super(RecordKind.CROSS_LAYER_RELATION, CrossLayerRelation.class, "cross_layer_relations",
          "created_at DESC NULLS LAST, " + ORD, "memory_id, code_node_id, relation_type",
          List.of(id(), key("memory_id"), key("code_node_id"), key("relation_type"),
              new Column("direction", Type.TEXT, "text NOT NULL"),
              new Column("confidence", Type.FLOAT8, "double precision NOT NULL"),
              text("metadata"), bigint("created_at")));
    }

    @Override
    CrossLayerRelation read(Row row) throws SQLException {
      try {
        return new CrossLayerRelation(row.text(1), row.text(2), row.text(3), row.text(4),
            row.text(5), row.doubleOr(6, 0.0), row.text(7), row.longOrNull(8));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    String naturalKeyOf(TransferRecord record) {
      CrossLayerRelation r = (CrossLayerRelation) record;
      return r.memoryId() + '\0' + r.codeNodeId() + '\0' + r.relationType();
    }

    @Override
    Object[] values(CrossLayerRelation r) {
      return new Object[] {r.id(), r.memoryId(), r.codeNodeId(), r.relationType(),
          r.direction(), r.confidence(), r.metadata(), r.createdAt()};
    }
  }

  private static final class PendingMemoryTable extends PgTable<PendingMemory> {
    PendingMemoryTable() {
      super(RecordKind.PENDING_MEMORY, PendingMemory.class, "pending_memories",
          "suggested_at DESC, " + ORD, null,
          List.of(id(), new Column("memory_data", Type.TEXT, "text NOT NULL"),
              new Column("qdrant_id", Type.TEXT, "text NOT NULL"),
              new Column("suggested_at", Type.BIGINT, "bigint NOT NULL"),
              new Column("source", Type.TEXT, "text NOT NULL"),
              new Column("reason", Type.TEXT, "text NOT NULL")));
    }

    @Override
    PendingMemory read(Row row) throws SQLException {
      // suggested_at is NOT NULL in the table
      long suggestedAt = row.longOrNull(4);
      try {
        // qdrant_id (3) is derived from memory_data, which is what Doclea reads.
        return new PendingMemory(row.text(1), row.text(2), suggestedAt, row.text(5),
            row.text(6));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    Object[] values(PendingMemory p) {
      String qdrantId;
      try {
        qdrantId = JsonText.qdrantIdOf(p.memoryData());
      } catch (JsonText.BadJsonException e) {
        throw new BackendException("Cannot store pending memory '" + p.id() + "': its"
            + " memoryData " + e.getMessage(), e);
      }
      return new Object[] {p.id(), p.memoryData(), qdrantId, p.suggestedAt(), p.source(),
          p.reason()};
    }
  }
}
