package ai.doclea.transfer.sqlite;

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
import ai.doclea.transfer.spi.JavaScriptJson;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * How one record kind maps to one of Doclea's tables: its columns (with the migration that added
 * each), the export order, how a row becomes a record and a record becomes column values. Columns
 * a database lacks (because it is at an older schema) read as SQL NULL and take Doclea's defaults.
 *
 * @param <T> the record type
 */
abstract class RecordTable<T extends TransferRecord> {

  /**
   * A column.
   *
   * @param name the column name
   * @param addedIn the migration that added it to an existing table, or null when the table was
   *     created with it
   * @param absentValue the only value a record may carry for this column when the database lacks
   *     it (Doclea's default), so that writing it anyway loses nothing
   */
  record Column(String name, String addedIn, Object absentValue) {
    static Column of(String name) {
      return new Column(name, null, null);
    }
  }

  private static final Map<RecordKind, RecordTable<?>> BY_KIND = new EnumMap<>(RecordKind.class);

  static final RecordTable<Memory> MEMORIES = new MemoryTable();
  static final RecordTable<Document> DOCUMENTS = new DocumentTable();
  static final RecordTable<Chunk> CHUNKS = new ChunkTable();
  static final RecordTable<MemoryRelation> MEMORY_RELATIONS = new MemoryRelationTable();
  static final RecordTable<CrossLayerRelation> CROSS_LAYER_RELATIONS =
      new CrossLayerRelationTable();
  static final RecordTable<PendingMemory> PENDING_MEMORIES = new PendingMemoryTable();

  final RecordKind kind;
  final String table;
  final String createdIn;
  final List<Column> columns;
  final String orderBy;
  final Class<T> type;
  /**
   * The text columns an export reads as UTF-8 bytes ({@link Row#text} then returns a placeholder),
   * by the field's key in the export file: the large free-text columns.
   */
  final Map<String, Integer> utf8Fields;

  RecordTable(RecordKind kind, Class<T> type, String table, String createdIn, String orderBy,
      List<Column> columns, Map<String, Integer> utf8Fields) {
    this.utf8Fields = utf8Fields;
    this.kind = kind;
    this.type = type;
    this.table = table;
    this.createdIn = createdIn;
    this.orderBy = orderBy;
    this.columns = List.copyOf(columns);
    if (!columns.get(0).name().equals("id")) {
      throw new IllegalStateException("the first column of " + table + " must be id");
    }
    register(this);
  }

  private static void register(RecordTable<?> table) {
    BY_KIND.put(table.kind, table);
  }

  /**
   * The table of a record kind.
   *
   * @param kind the kind
   * @return its table
   */
  static RecordTable<?> of(RecordKind kind) {
    RecordTable<?> table = BY_KIND.get(kind);
    if (table == null) {
      throw new IllegalStateException("no table for " + kind);
    }
    return table;
  }

  /**
   * The names of the tables whose columns {@link Layout} inspects.
   *
   * @return Doclea's six record tables
   */
  static List<String> knownTableNames() {
    return List.of("memories", "documents", "chunks", "memory_relations",
        "cross_layer_relations", "pending_memories");
  }

  /**
   * Reads the current row. The row's columns are those of {@link #selectList}, in order.
   *
   * @param row the row
   * @return the record
   * @throws SQLException when a value cannot be read
   */
  abstract T read(Row row) throws SQLException;

  /**
   * The record's column values, in the order of {@link #columns}.
   *
   * @param record the record
   * @param path the database, for messages
   * @return the values: String, Long, Double, Integer or null
   */
  abstract Object[] values(T record, Path path);

  /**
   * The select list: every column, with {@code NULL AS name} for those the database lacks.
   *
   * @param layout the database's layout
   * @return the list, for example {@code id, type, NULL AS access_count}
   */
  String selectList(Layout layout) {
    StringJoiner list = new StringJoiner(", ");
    for (Column column : columns) {
      list.add(layout.hasColumn(table, column.name())
          ? column.name()
          : "NULL AS " + column.name());
    }
    return list.toString();
  }

  /**
   * The statement that streams the whole table in export order.
   *
   * @param layout the layout
   * @return the SELECT
   */
  String selectAllSql(Layout layout) {
    return "SELECT " + selectList(layout) + " FROM " + table + " ORDER BY " + orderBy;
  }

  /**
   * The statement that streams the rows matching a condition, in export order.
   *
   * @param layout the layout
   * @param where the condition, without {@code WHERE}
   * @return the SELECT
   */
  String selectWhereSql(Layout layout, String where) {
    return "SELECT " + selectList(layout) + " FROM " + table + " WHERE " + where + " ORDER BY "
        + orderBy;
  }

  /**
   * The INSERT of every column the database has.
   *
   * @param layout the layout
   * @return the statement
   */
  String insertSql(Layout layout) {
    return shape(layout).insertSql;
  }

  /**
   * What this table looks like in one database: the columns it has and the statements that
   * write them. Made once per layout (the import asks for each record) and kept for the last
   * layout asked; immutable, so threads share it safely.
   */
  private static final class Shape {
    final Layout layout;
    final boolean[] present;
    final int presentCount;
    final String insertSql;
    final String updateSql;

    Shape(RecordTable<?> t, Layout layout) {
      this.layout = layout;
      present = new boolean[t.columns.size()];
      StringJoiner names = new StringJoiner(", ");
      StringJoiner marks = new StringJoiner(", ");
      StringJoiner sets = new StringJoiner(", ");
      int count = 0;
      for (int i = 0; i < present.length; i++) {
        String name = t.columns.get(i).name();
        present[i] = layout.hasColumn(t.table, name);
        if (present[i]) {
          count++;
          names.add(name);
          marks.add("?");
          if (i > 0) {
            sets.add(name + " = ?");
          }
        }
      }
      presentCount = count;
      insertSql = "INSERT INTO " + t.table + " (" + names + ") VALUES (" + marks + ")";
      updateSql = "UPDATE " + t.table + " SET " + sets + " WHERE id = ?";
    }
  }

  private volatile Shape shape;

  private Shape shape(Layout layout) {
    Shape s = shape;
    if (s == null || s.layout != layout) {
      s = new Shape(this, layout);
      shape = s;
    }
    return s;
  }

  /**
   * Doclea's UNIQUE constraint besides the id, if the table has one.
   *
   * @return for example {@code "source_id, target_id, type"}, or null
   */
  String naturalKey() {
    return null;
  }

  /**
   * The INSERT that skips a row repeating the natural key (and fails on anything else, a
   * duplicate id included).
   *
   * @param layout the layout
   * @return the statement, or null when the table has no natural key
   */
  String insertUnlessNaturalKeyTakenSql(Layout layout) {
    String key = naturalKey();
    return key == null ? null : insertSql(layout) + " ON CONFLICT(" + key + ") DO NOTHING";
  }

  /**
   * The UPDATE of every column the database has, by id. An UPDATE, not a DELETE and INSERT, so
   * that nothing referring to the row (relations, chunks) is touched.
   *
   * @param layout the layout
   * @return the statement; its last parameter is the id
   */
  String updateSql(Layout layout) {
    return shape(layout).updateSql;
  }

  /**
   * The parameters of {@link #insertSql} for a record.
   *
   * @param layout the layout
   * @param record the record, of this table's record class
   * @param path the database, for messages
   * @return the parameters
   * @throws BackendException when the record carries a value for a column the database lacks
   */
  Object[] insertParams(Layout layout, Object record, Path path) {
    T r = type.cast(record); // Class.cast: no cast the compiler would specialise to one class
    Object[] all = values(r, path);
    Shape s = shape(layout);
    Object[] present = s.presentCount == all.length ? all : new Object[s.presentCount];
    int k = 0;
    for (int i = 0; i < all.length; i++) {
      if (keep(s, i, all[i], r, path)) {
        present[k++] = all[i];
      }
    }
    return present;
  }

  /**
   * The parameters of {@link #updateSql} for a record.
   *
   * @param layout the layout
   * @param record the record
   * @param path the database, for messages
   * @return the parameters, the id last
   * @throws BackendException when the record carries a value for a column the database lacks
   */
  Object[] updateParams(Layout layout, TransferRecord record, Path path) {
    Object[] all = values(type.cast(record), path);
    Shape s = shape(layout);
    Object[] present = new Object[s.presentCount];
    int k = 0;
    for (int i = 1; i < all.length; i++) {
      if (keep(s, i, all[i], record, path)) {
        present[k++] = all[i];
      }
    }
    present[k] = all[0];
    return present;
  }

  private boolean keep(Shape s, int i, Object value, TransferRecord record, Path path) {
    if (s.present[i]) {
      if (value instanceof String) {
        checkEncodable((String) value, i, record, path);
      }
      return true;
    }
    Column column = columns.get(i);
    if (!Objects.equals(value, column.absentValue())) {
      throw new BackendException("Cannot store " + kind.displayName() + " '" + record.id()
          + "' in " + path + ": it has " + column.name() + " = " + value
          + ", but the database (schema version " + s.layout.schemaVersionOrUnknown()
          + ") has no column " + table + "." + column.name() + " (added by Doclea's migration "
          + column.addedIn() + "). Start Doclea's server on this database once so that it"
          + " migrates it, then import again.");
    }
    return false;
  }

  /**
   * SQLite keeps text as UTF-8, which has no encoding for an unpaired UTF-16 surrogate; the
   * driver would store '?' instead. Refuse rather than change the text silently. (Inside the
   * JSON-text columns such characters are written as JSON escapes and survive.)
   */
  private void checkEncodable(String text, int column, TransferRecord record, Path path) {
    int n = text.length();
    int i = 0;
    while (i < n && !Character.isSurrogate(text.charAt(i))) {
      i++; // the common case: no surrogate at all
    }
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new BackendException("Cannot store " + kind.displayName() + " '" + record.id()
            + "' in " + path + ": its " + columns.get(column).name() + " holds an unpaired UTF-16"
            + String.format(" surrogate (U+%04X at index %d)", (int) c, i) + ", which SQLite's"
            + " UTF-8 text cannot represent; the driver would replace it. Fix the text in the"
            + " export file (it appears there as a \\u escape), then import again.");
      }
    }
  }

  /**
   * A result-set row with the context for messages. In UTF-8 mode the table's {@link #utf8Fields}
   * columns are read as bytes, kept per row, and {@link #text} gives a placeholder for them.
   */
  static final class Row {
    /** An integer's text as SQLite and JavaScript read it: an optional sign and ASCII digits. */
    private static final java.util.regex.Pattern ASCII_INTEGER =
        java.util.regex.Pattern.compile("[+-]?[0-9]+");

    private final ResultSet rs;
    private final String table;
    private final Path path;
    private final boolean[] utf8Column;
    private byte[][] utf8;
    /** What a NULL written as the schema's default says, where Doclea's export writes null. */
    private static final String AS_DEFAULT =
        " (the schema's default; Doclea's own export writes null)";

    /** Where an export's reads record the values they change, or null (an import's look-ups). */
    private ValueChanges changes;

    Row(ResultSet rs, String table, Path path) {
      this(rs, table, path, null);
    }

    /**
     * Records in {@code changes} each value this row's reads write otherwise than it is stored.
     *
     * @return this row
     */
    Row reportingTo(ValueChanges changes) {
      this.changes = changes;
      return this;
    }

    private void changed(int column, String how) throws SQLException {
      if (changes != null) {
        changes.changed(table, rs.getMetaData().getColumnName(column), rs.getString(1), how);
      }
    }

    /**
     * A row.
     *
     * @param utf8Columns the columns to read as UTF-8 bytes, or null for none
     */
    Row(ResultSet rs, String table, Path path, java.util.Collection<Integer> utf8Columns) {
      this.rs = rs;
      this.table = table;
      this.path = path;
      if (utf8Columns == null) {
        this.utf8Column = null;
      } else {
        int max = 0;
        for (int c : utf8Columns) {
          max = Math.max(max, c);
        }
        this.utf8Column = new boolean[max + 1];
        for (int c : utf8Columns) {
          utf8Column[c] = true;
        }
      }
    }

    /** Starts a row: the bytes of the previous one stay with whoever took them. */
    void startRow() {
      if (utf8Column != null) {
        utf8 = new byte[utf8Column.length][];
      }
    }

    /**
     * The bytes read for the UTF-8 columns of the current row, by column index (null where SQL
     * NULL or not a UTF-8 column); null when not in UTF-8 mode.
     */
    byte[][] utf8() {
      return utf8;
    }

    /**
     * A text column; for a UTF-8 column the empty string stands for the bytes (null for NULL).
     * The bytes are SQLite's own: {@code getBytes} hands over the text as stored, which is UTF-8
     * in a database whose encoding is UTF-8 (checked before this mode is used).
     */
    String text(int column) throws SQLException {
      if (utf8Column != null && column < utf8Column.length && utf8Column[column]) {
        byte[] b = rs.getBytes(column);
        utf8[column] = b;
        return b == null ? null : "";
      }
      return rs.getString(column);
    }

    Long longOrNull(int column) throws SQLException {
      Object value = rs.getObject(column);
      if (value == null) {
        return null;
      }
      if (value instanceof Integer || value instanceof Long) {
        return ((Number) value).longValue();
      }
      if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
        return d.longValue();
      }
      if (value instanceof String s) {
        String digits = s.strip();
        // ASCII digits only: Long.parseLong also reads other scripts' digits ('١٧٠٠' as 1700),
        // which SQLite, JavaScript and Doclea take for text.
        if (!ASCII_INTEGER.matcher(digits).matches()) {
          throw bad(column, "is not an integer: '" + s + "'", null);
        }
        try {
          return Long.parseLong(digits);
        } catch (NumberFormatException e) {
          throw bad(column, "is not a 64-bit integer: '" + s + "'", e);
        }
      }
      throw bad(column, "is not an integer: " + value, null);
    }

    /**
     * An integer column, or {@code fallback} for NULL, without a warning: a NULL
     * {@code access_count} is what Doclea's own export writes as 0 too ({@code ?? 0}), and what
     * a database older than the column reads as.
     */
    long longOr(int column, long fallback) throws SQLException {
      Long value = longOrNull(column);
      return value == null ? fallback : value;
    }

    Double doubleOrNull(int column) throws SQLException {
      Object value = rs.getObject(column);
      if (value == null) {
        return null;
      }
      if (value instanceof Number n) {
        return n.doubleValue();
      }
      if (value instanceof String s) {
        try {
          return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
          throw bad(column, "is not a number: '" + s + "'", e);
        }
      }
      throw bad(column, "is not a number: " + value, null);
    }

    double doubleOr(int column, double fallback) throws SQLException {
      Double value = doubleOrNull(column);
      if (value == null) {
        changed(column, "is NULL, written as " + JavaScriptJson.number(fallback) + AS_DEFAULT);
        return fallback;
      }
      return value;
    }

    long requiredLong(int column) throws SQLException {
      Long value = longOrNull(column);
      if (value == null) {
        throw bad(column, "is NULL (the column is NOT NULL in Doclea's schema)", null);
      }
      return value;
    }

    double requiredDouble(int column) throws SQLException {
      Double value = doubleOrNull(column);
      if (value == null) {
        throw bad(column, "is NULL (the column is NOT NULL in Doclea's schema)", null);
      }
      return value;
    }

    /**
     * A 0/1 column as Doclea's server reads it, {@code (needs_review ?? 0) === 1}: true for 1
     * only, so that a 2 or a -1 written by another tool comes out as Doclea's export writes it.
     */
    boolean flag(int column) throws SQLException {
      Long value = longOrNull(column);
      if (value != null && value != 0L && value != 1L) {
        changed(column, "is neither 0 nor 1, written as false (as Doclea's server reads it)");
      }
      return value != null && value == 1L;
    }

    List<String> stringArray(int column) throws SQLException {
      String text = rs.getString(column);
      if (text == null) {
        changed(column, "is NULL, written as []" + AS_DEFAULT);
        return List.of();
      }
      try {
        boolean[] scalars = new boolean[1];
        List<String> values = JsonText.parseStringArray(text, scalars);
        if (scalars[0]) {
          changed(column, "holds numbers or booleans in its JSON list, written as strings");
        }
        return values;
      } catch (JsonText.BadJsonException e) {
        throw bad(column, e.getMessage(), e);
      }
    }

    /**
     * Wraps a record constructor's complaint about a row; a column's complaint, which already
     * names the row, is returned as it is.
     *
     * @param e the complaint
     * @return the exception to throw
     * @throws SQLException when the id cannot be read
     */
    BackendException invalid(TransferException e) throws SQLException {
      if (e instanceof BackendException) {
        return (BackendException) e; // a column's own complaint ({@link #bad}) names the row
      }
      return new BackendException("Row '" + rs.getString(1) + "' of table " + table + " in "
          + path + " cannot be exported: " + e.getMessage(), e);
    }

    private BackendException bad(int column, String problem, Throwable cause)
        throws SQLException {
      return new BackendException("Row '" + rs.getString(1) + "' of table " + table + " in "
          + path + ": column " + rs.getMetaData().getColumnName(column) + " " + problem, cause);
    }
  }

  // ---------------------------------------------------------------- the six tables

  private static final class MemoryTable extends RecordTable<Memory> {
    MemoryTable() {
      super(RecordKind.MEMORY, Memory.class, "memories", "001", "accessed_at DESC",
          List.of(Column.of("id"), Column.of("type"), Column.of("title"), Column.of("content"),
              Column.of("summary"), Column.of("importance"), Column.of("tags"),
              Column.of("related_files"), Column.of("git_commit"), Column.of("source_pr"),
              Column.of("experts"), Column.of("qdrant_id"), Column.of("created_at"),
              Column.of("accessed_at"), new Column("access_count", "007", 0L),
              new Column("needs_review", "010", 0), new Column("decay_rate", "011", null),
              new Column("last_refreshed_at", "011", null),
              new Column("confidence_floor", "011", null),
              new Column("decay_function", "011", null)),
          Map.of("title", 3, "content", 4, "summary", 5));
    }

    @Override
    Memory read(Row row) throws SQLException {
      try {
        return new Memory(row.text(1), row.text(2), row.text(3), row.text(4), row.text(5),
            row.doubleOr(6, Memory.DEFAULT_IMPORTANCE), row.stringArray(7), row.stringArray(8),
            row.text(9), row.text(10), row.stringArray(11), row.text(12), row.longOrNull(13),
            row.longOrNull(14), row.longOr(15, 0L), row.flag(16), row.doubleOrNull(17),
            row.longOrNull(18), row.doubleOrNull(19), row.text(20));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    Object[] values(Memory m, Path path) {
      return new Object[] {m.id(), m.type(), m.title(), m.content(), m.summary(),
          m.importance(), JsonText.stringArray(m.tags()), JsonText.stringArray(m.relatedFiles()),
          m.gitCommit(), m.sourcePr(), JsonText.stringArray(m.experts()), m.qdrantId(),
          m.createdAt(), m.accessedAt(), m.accessCount(), m.needsReview() ? 1 : 0,
          m.decayRate(), m.lastRefreshedAt(), m.confidenceFloor(), m.decayFunction()};
    }
  }

  private static final class DocumentTable extends RecordTable<Document> {
    DocumentTable() {
      super(RecordKind.DOCUMENT, Document.class, "documents", "001", "created_at DESC",
          List.of(Column.of("id"), Column.of("title"), Column.of("content"),
              Column.of("content_hash"), Column.of("created_at"), Column.of("updated_at")),
          Map.of("title", 2, "content", 3));
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
    Object[] values(Document d, Path path) {
      return new Object[] {d.id(), d.title(), d.content(), d.contentHash(), d.createdAt(),
          d.updatedAt()};
    }
  }

  private static final class ChunkTable extends RecordTable<Chunk> {
    ChunkTable() {
      super(RecordKind.CHUNK, Chunk.class, "chunks", "001", "document_id, start_offset",
          List.of(Column.of("id"), Column.of("document_id"), Column.of("content"),
              Column.of("qdrant_id"), Column.of("start_offset"), Column.of("end_offset")),
          Map.of("content", 3));
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
    Object[] values(Chunk c, Path path) {
      return new Object[] {c.id(), c.documentId(), c.content(), c.qdrantId(), c.startOffset(),
          c.endOffset()};
    }
  }

  private static final class MemoryRelationTable extends RecordTable<MemoryRelation> {
    MemoryRelationTable() {
      super(RecordKind.MEMORY_RELATION, MemoryRelation.class, "memory_relations", "003",
          "created_at DESC",
          List.of(Column.of("id"), Column.of("source_id"), Column.of("target_id"),
              Column.of("type"), Column.of("weight"), Column.of("metadata"),
              Column.of("created_at")),
          Map.of());
    }

    @Override
    String naturalKey() {
      return "source_id, target_id, type";
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
    Object[] values(MemoryRelation r, Path path) {
      return new Object[] {r.id(), r.sourceId(), r.targetId(), r.type(), r.weight(),
          r.metadata(), r.createdAt()};
    }
  }

  private static final class CrossLayerRelationTable extends RecordTable<CrossLayerRelation> {
    CrossLayerRelationTable() {
      super(RecordKind.CROSS_LAYER_RELATION, CrossLayerRelation.class, "cross_layer_relations",
          "005", "created_at DESC",
          List.of(Column.of("id"), Column.of("memory_id"), Column.of("code_node_id"),
              Column.of("relation_type"), Column.of("direction"), Column.of("confidence"),
              Column.of("metadata"), Column.of("created_at")),
          Map.of());
    }

    @Override
    String naturalKey() {
      return "memory_id, code_node_id, relation_type";
    }

    @Override
    CrossLayerRelation read(Row row) throws SQLException {
      double confidence = row.requiredDouble(6);
      try {
        return new CrossLayerRelation(row.text(1), row.text(2), row.text(3), row.text(4),
            row.text(5), confidence, row.text(7), row.longOrNull(8));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    Object[] values(CrossLayerRelation r, Path path) {
      return new Object[] {r.id(), r.memoryId(), r.codeNodeId(), r.relationType(),
          r.direction(), r.confidence(), r.metadata(), r.createdAt()};
    }
  }

  private static final class PendingMemoryTable extends RecordTable<PendingMemory> {
    PendingMemoryTable() {
      super(RecordKind.PENDING_MEMORY, PendingMemory.class, "pending_memories", "006",
          "suggested_at DESC",
          List.of(Column.of("id"), Column.of("memory_data"), Column.of("qdrant_id"),
              Column.of("suggested_at"), Column.of("source"), Column.of("reason")),
          Map.of());
    }

    @Override
    PendingMemory read(Row row) throws SQLException {
      long suggestedAt = row.requiredLong(4);
      try {
        // The qdrant_id column (3) is derived from memory_data; memory_data is what Doclea reads.
        return new PendingMemory(row.text(1), row.text(2), suggestedAt, row.text(5),
            row.text(6));
      } catch (TransferException e) {
        throw row.invalid(e);
      }
    }

    @Override
    Object[] values(PendingMemory p, Path path) {
      String qdrantId;
      try {
        qdrantId = JsonText.qdrantIdOf(p.memoryData());
      } catch (JsonText.BadJsonException e) {
        throw new BackendException("Cannot store pending memory '" + p.id() + "' in " + path
            + ": its memoryData " + e.getMessage(), e);
      }
      return new Object[] {p.id(), p.memoryData(), qdrantId, p.suggestedAt(), p.source(),
          p.reason()};
    }
  }
}
