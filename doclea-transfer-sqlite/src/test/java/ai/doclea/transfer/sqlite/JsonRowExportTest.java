package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.JsonRowCursor;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.FaultInjectingBackend;
import ai.doclea.transfer.testkit.ForwardingReadSnapshot;
import ai.doclea.transfer.testkit.ForwardingStorageBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export through rows SQLite renders itself ({@link ReadSnapshot#readJsonRows}) writes the same
 * file as the UTF-8 cursor and the plain string cursors, for rows SQLite renders and for rows it
 * must leave to the ordinary read: values of another storage class than the schema's, absent
 * values that take defaults, JSON lists that are not plain string arrays, and real numbers whose
 * SQLite decimal text does not read back to the same double.
 */
class JsonRowExportTest {
  private static final ExportOptions OPTIONS = ExportOptions.builder()
      .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC))
      .replaceAnyFile(true).build();

  private static final List<String> MEMORY_KEYS = List.of("id", "type", "title", "content",
      "summary", "importance", "tags", "relatedFiles", "gitCommit", "sourcePr", "experts",
      "qdrantId", "createdAt", "accessedAt", "accessCount", "needsReview", "decayRate",
      "lastRefreshedAt", "confidenceFloor", "decayFunction");

  /** Memories by id, each with the columns that make it regular or not. */
  private static final Map<String, String> MEMORIES = new LinkedHashMap<>();

  static {
    String base = "'note', 'Title', 'Content \"q\" \\ \n', NULL, 0.5, '[\"a\",\"b c\"]', '[]',"
        + " NULL, NULL, '[]', NULL, 1700000000, ";
    MEMORIES.put("mem_plain", base + "1700000001, 0, 0, NULL, NULL, NULL, NULL");
    MEMORIES.put("mem_full", "'decision', 'T', 'C', 'S', 1, '[\"x\\u00e9\"]', '[\"f\"]',"
        + " 'abc', 'pr1', '[\"e\"]', 'q1', 1, 1700000002, 7, 1, 0.25, 5, 0.3, 'linear'");
    MEMORIES.put("mem_blob_title", "'note', x'313233', 'C', NULL, 0.5, '[]', '[]', NULL, NULL,"
        + " '[]', NULL, 1, 1700000003, 0, 0, NULL, NULL, NULL, NULL");
    MEMORIES.put("mem_null_importance", "'note', 'T', 'C', NULL, NULL, '[]', '[]', NULL,"
        + " NULL, '[]', NULL, 1, 1700000004, 0, 0, NULL, NULL, NULL, NULL");
    MEMORIES.put("mem_text_importance", "'note', 'T', 'C', NULL, '0x1p-1', '[]', '[]', NULL,"
        + " NULL, '[]', NULL, 1, 1700000005, 0, 0, NULL, NULL, NULL, NULL");
    MEMORIES.put("mem_scalar_tags", "'note', 'T', 'C', NULL, 0.5, '[1,true,\"x\"]', NULL,"
        + " NULL, NULL, '[\"\\/\"]', NULL, 1, 1700000006, 0, 0, NULL, NULL, NULL, NULL");
    MEMORIES.put("mem_json5_tags", "'note', 'T', 'C', NULL, 0.5, '[''a'']', '[ \"spaced\" ]',"
        + " NULL, NULL, '[]', NULL, 1, 1700000007, 0, 0, NULL, NULL, NULL, NULL");
    MEMORIES.put("mem_real_time", "'note', 'T', 'C', NULL, 0.5, '[]', '[]', NULL, NULL, '[]',"
        + " NULL, 1700000000.0, 1700000008, NULL, 2, '0.5', NULL, NULL, NULL");
    MEMORIES.put("mem_garbled_reals", "'note', 'T', 'C', NULL, 0.30000000000000004, '[]',"
        + " '[]', NULL, NULL, '[]', NULL, 1, 1700000009, 0, 0, 4.9587441273948554E200, NULL,"
        + " 1.469604742298896E-309, NULL");
  }

  /** The memories SQLite cannot render exactly as the ordinary read reads them. */
  private static final List<String> IRREGULAR = List.of("mem_blob_title", "mem_null_importance",
      "mem_text_importance", "mem_scalar_tags", "mem_json5_tags", "mem_real_time");

  static void fill(Path db) throws Exception {
    DocleaFixtures.createDatabase(db, "012", true);
    try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
      for (Map.Entry<String, String> m : MEMORIES.entrySet()) {
        s.executeUpdate("INSERT INTO memories (id, type, title, content, summary, importance,"
            + " tags, related_files, git_commit, source_pr, experts, qdrant_id, created_at,"
            + " accessed_at, access_count, needs_review, decay_rate, last_refreshed_at,"
            + " confidence_floor, decay_function) VALUES ('" + m.getKey() + "', "
            + m.getValue() + ")");
      }
      s.executeUpdate("INSERT INTO documents (id, title, content, content_hash, created_at,"
          + " updated_at) VALUES ('doc_1', 'D', 'text', NULL, 1, 2), ('doc_2', 'D2', 'text',"
          + " 'h', 3, '4')");
      s.executeUpdate("INSERT INTO chunks (id, document_id, content, qdrant_id, start_offset,"
          + " end_offset) VALUES ('chk_1', 'doc_1', 'c', NULL, 0, 1), ('chk_2', 'doc_1', 'c2',"
          + " 'q', 1, 2.0)");
      s.executeUpdate("INSERT INTO memory_relations (id, source_id, target_id, type, weight,"
          + " metadata, created_at) VALUES ('rel_1', 'mem_plain', 'mem_full', 'related_to',"
          + " 0.7, NULL, 5), ('rel_2', 'mem_full', 'mem_plain', 'supersedes', NULL, '{}', NULL),"
          + " ('rel_3', 'mem_plain', 'mem_blob_title', 'x', 1e300, 'm', 6)");
      s.executeUpdate("INSERT INTO cross_layer_relations (id, memory_id, code_node_id,"
          + " relation_type, direction, confidence, metadata, created_at) VALUES ('clr_1',"
          + " 'mem_plain', 'node', 'memory_to_code', 'out', 0.8, NULL, 7), ('clr_2', 'mem_full',"
          + " 'node2', 'memory_to_code', 'out', 1, x'6869', 8)");
      int n = 0;
      for (Map.Entry<String, String> p : PENDING.entrySet()) {
        s.executeUpdate("INSERT INTO pending_memories (id, memory_data, qdrant_id, suggested_at,"
            + " source, reason) VALUES ('" + p.getKey() + "', " + p.getValue() + ", 'q', "
            // An em space keeps the text from the column's INTEGER affinity; the ordinary read
            // strips it.
            + (p.getKey().equals("pend_text_time") ? "char(8195) || '1700000100'"
                : 1_700_000_110L + n)
            + ", 'git', 'why')");
        n++;
      }
    }
  }

  /** Pending memories by id, each with its memory_data; which SQLite renders: {@link #fill}. */
  private static final Map<String, String> PENDING = new LinkedHashMap<>();

  static {
    PENDING.put("pend_plain", "'{\"id\":\"m1\",\"tags\":[\"a\",\"b\"],\"n\":1.50,"
        + "\"x\":{\"e\":[],\"o\":{},\"z\":null,\"t\":true,\"big\":123456789012345678901}}'");
    PENDING.put("pend_spaced", "' { \"a\" :\n [ 1 , -0 , 2E+3 ] } '");
    // Escapes JSON.stringify does not write: rendered by SQLite, refused by the core.
    PENDING.put("pend_escapes", "'{\"a\":\"\\u00e9 \\/ \\u001F\"}'");
    // Not rendered by SQLite: a BLOB, a timestamp as text.
    PENDING.put("pend_blob", "x'7b2261223a317d'");
    PENDING.put("pend_text_time", "'{\"b\":2}'");
  }

  @Test
  void theThreeReadPathsWriteTheSameFile(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("store.db");
    fill(db);
    String rendered = export(db, dir, "rendered");
    assertEquals(export(db, dir, "utf8"), rendered, "rendered rows against the UTF-8 cursor");
    assertEquals(export(db, dir, "strings"), rendered, "rendered rows against strings");
    // What the ordinary read makes of the irregular rows (documented in RecordTable).
    assertTrue(rendered.contains("\"title\": \"123\""), rendered);
    assertTrue(rendered.contains("\"tags\": [\n          \"1\",\n          \"true\","), rendered);
    assertTrue(rendered.contains("\"decayRate\": 4.9587441273948554e+200"), rendered);
    assertTrue(rendered.contains("\"importance\": 0.30000000000000004"), rendered);
  }

  /**
   * Each value the export writes otherwise than stored is named in the result's warnings, by
   * table, column and first row, whichever way the rows were read: nothing is changed silently.
   */
  @Test
  void valuesWrittenOtherwiseThanStoredAreNamedInTheWarnings(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("store.db");
    fill(db);
    String of = " of " + db + " (first: '";
    List<String> expected = List.of(
        "memories.importance is NULL, written as 0.5 (the schema's default; Doclea's own export"
            + " writes null) in 1 row" + of + "mem_null_importance')",
        "memories.tags holds numbers or booleans in its JSON list, written as strings in 1 row"
            + of + "mem_scalar_tags')",
        "memories.related_files is NULL, written as [] (the schema's default; Doclea's own"
            + " export writes null) in 1 row" + of + "mem_scalar_tags')",
        "memories.needs_review is neither 0 nor 1, written as false (as Doclea's server reads"
            + " it) in 1 row" + of + "mem_real_time')",
        "memory_relations.weight is NULL, written as 1 (the schema's default; Doclea's own"
            + " export writes null) in 1 row" + of + "rel_2')");
    for (String how : List.of("rendered", "utf8", "strings")) {
      List<String> warnings = exportResult(db, dir, how).warnings();
      for (String warning : expected) {
        assertTrue(warnings.contains(warning), how + ": " + warning + " in " + warnings);
      }
      assertEquals(expected.size(), warnings.stream().filter(w -> w.contains(" written as "))
          .count(), how + ": " + warnings);
    }
    assertTrue(export(db, dir, "rendered").contains("\"needsReview\": false"));
  }

  @Test
  void sqliteRendersTheRegularRowsAndLeavesTheOthersToTheOrdinaryRead(@TempDir Path dir)
      throws Exception {
    Path db = dir.resolve("store.db");
    fill(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot();
        JsonRowCursor<? extends TransferRecord> cursor =
            snapshot.readJsonRows(RecordKind.MEMORY, MEMORY_KEYS).orElseThrow()) {
      int rows = 0;
      while (cursor.advance()) {
        rows++;
        TransferRecord record = cursor.record();
        byte[] json = cursor.json();
        if (IRREGULAR.contains(record.id())) {
          assertNull(json, record.id());
        } else {
          assertNotNull(json, record.id());
          String row = new String(json, 0, cursor.jsonLength(), StandardCharsets.UTF_8);
          assertTrue(row.startsWith("[\"" + record.id() + "\",") && row.endsWith("]"), row);
        }
      }
      assertEquals(MEMORIES.size(), rows);
    }
  }

  /**
   * Rows read where SQLite holds them ({@link InPlaceText}, into one reused array) are the rows
   * {@code getBytes} gives, byte for byte, NULL for NULL; the driver the build pins offers that
   * read, so that an upgrade without it fails here instead of slowing every export unnoticed.
   */
  @Test
  void rowsReadInPlaceAreTheRowsGetBytesGives(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("store.db");
    fill(db);
    // Rows of very different lengths one after another: a long one, then shorter ones.
    try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE memories SET content = content || replace(hex(zeroblob(20000)),"
          + " '0', 'x') WHERE id = 'mem_plain'");
    }
    assertTrue(InPlaceText.available(), "sqlite-jdbc's column_text_utf8 is not reachable");
    int rendered = 0;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot();
        SqliteJsonCursor<?> inPlace = (SqliteJsonCursor<?>)
            snapshot.readJsonRows(RecordKind.MEMORY, MEMORY_KEYS).orElseThrow();
        Connection c = DocleaFixtures.connect(db);
        java.sql.PreparedStatement statement = c.prepareStatement(inPlace.select().sql());
        SqliteJsonCursor<?> copied = new SqliteJsonCursor<>(RecordTable.of(RecordKind.MEMORY),
            c, Layout.detect(c), statement, statement.executeQuery(), inPlace.select(), db,
            1000, false, null)) {
      assertTrue(inPlace.readsInPlace());
      assertFalse(copied.readsInPlace());
      while (copied.advance()) {
        assertTrue(inPlace.advance());
        byte[] expected = copied.json();
        if (expected == null) {
          assertNull(inPlace.json());
          assertEquals(0, inPlace.jsonLength());
          continue;
        }
        rendered++;
        assertEquals(expected.length, copied.jsonLength());
        assertEquals(new String(expected, StandardCharsets.UTF_8),
            new String(inPlace.json(), 0, inPlace.jsonLength(), StandardCharsets.UTF_8));
      }
      assertFalse(inPlace.advance());
    }
    assertTrue(rendered >= 2, "rendered rows: " + rendered);
  }

  @Test
  void pendingMemoriesAreRenderedWithTheirTextApartAndTheOthersReadAsRecords(@TempDir Path dir)
      throws Exception {
    Path db = dir.resolve("store.db");
    fill(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot();
        JsonRowCursor<? extends TransferRecord> cursor = snapshot.readJsonRows(
            RecordKind.PENDING_MEMORY,
            List.of("id", "memoryData", "suggestedAt", "source", "reason")).orElseThrow()) {
      Map<String, String> rendered = new LinkedHashMap<>();
      while (cursor.advance()) {
        byte[] json = cursor.json();
        String id = cursor.record().id();
        rendered.put(id, json == null ? null
            : new String(json, 0, cursor.jsonLength(), StandardCharsets.UTF_8) + " "
            + new String(cursor.jsonText(1), StandardCharsets.UTF_8));
      }
      assertEquals(PENDING.keySet(), rendered.keySet());
      assertNull(rendered.get("pend_blob"));
      assertNull(rendered.get("pend_text_time"));
      assertEquals("[\"pend_spaced\",1,1700000111,\"git\",\"why\"]  { \"a\" :\n [ 1 , -0 ,"
          + " 2E+3 ] } ", rendered.get("pend_spaced"));
    }
    // The core takes pend_escapes as a record (its escapes are not JSON.stringify's): the file
    // is the record path's, with the text decoded and written again.
    int[] records = new int[1];
    String viaRows = Files.readString(exportFile(db, dir, "rendered",
        backend -> new WithJsonRows(backend, (snapshot, kind, fields) -> snapshot
            .readJsonRows(kind, fields).map(cursor -> counting(cursor,
                kind == RecordKind.PENDING_MEMORY ? records : new int[1])))));
    assertEquals(3, records[0], "pending memories read as records");
    // Record keys 8 spaces in, memoryData's own members 10 (JSON.stringify's layout).
    assertTrue(viaRows.contains("\"memoryData\": {\n          \"a\": \"é / \\u001f\"\n"
        + "        }"), viaRows);
    assertTrue(viaRows.contains("\"memoryData\": {\n          \"a\": [\n            1,\n"
        + "            -0,\n            2E+3\n          ]\n        }"), viaRows);
  }

  /**
   * Memories and documents are sorted by their keys alone, then read by rowid, when Doclea's query
   * is a scan into the sorter (its plan on Doclea's schema) and the keys follow the rowids; with
   * keys in no such order, or another plan (an index on the ordered column), the export keeps
   * Doclea's query. Each way the memories come out in the order of Doclea's own query, ties
   * included.
   */
  @Test
  void memoriesComeOutInTheOrderOfDocleasQueryTiesIncludedEachWay(@TempDir Path dir)
      throws Exception {
    Path db = dir.resolve("store.db");
    DocleaFixtures.createDatabase(db, "012", true);
    int n = 6000;
    List<Integer> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(i);
    }
    java.util.Collections.shuffle(ids, new java.util.Random(7));
    RecordTable<?> memories = RecordTable.of(RecordKind.MEMORY);
    String query = "SELECT * FROM memories ORDER BY accessed_at DESC";
    try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (int i = 0; i < n; i++) {
        // Runs of 100 equal timestamps rising with the rowid, the first run NULL; ids shuffled,
        // so that ties in rowid order are not in id order. Rows of 1 to 6 KB.
        String accessed = i < 100 ? "NULL" : Integer.toString(1_700_000_000 + i / 100);
        s.executeUpdate("INSERT INTO memories (id, type, title, content, importance, tags,"
            + " related_files, experts, created_at, accessed_at, access_count, needs_review)"
            + " VALUES ('mem_" + ids.get(i) + "', 'note', 'T', '" + "x".repeat(1000 * (1 + i % 6))
            + "', 0.5, '[]', '[]', '[]', 1, " + accessed + ", 0, 0)");
      }
      c.commit();
      assertTrue(JsonRowSql.isScanThenSort(JsonRowSql.queryPlan(c, memories), memories));
      RecordTable<?> documents = RecordTable.of(RecordKind.DOCUMENT);
      assertTrue(JsonRowSql.isScanThenSort(JsonRowSql.queryPlan(c, documents), documents));
      assertTrue(JsonRowSql.followsRowids(JsonRowSql.sample(c, memories)));
      assertTrue(snapshotSortsKeysFirst(db), "the export's statement");
      assertSameOrder(idsOf(s, query), exportedMemoryIds(db, dir), "sorted by keys first");
      // A column of a later schema named like the statement's own sorted rowids changes nothing.
      s.executeUpdate("ALTER TABLE memories ADD COLUMN doclea_transfer_rowid INTEGER");
      c.commit();
      assertTrue(snapshotSortsKeysFirst(db), "the export's statement");
      assertSameOrder(idsOf(s, query), exportedMemoryIds(db, dir), "with a column of that name");

      s.executeUpdate("UPDATE memories SET accessed_at = 1700000000 + (rowid * 7919) % 61");
      c.commit();
      assertFalse(JsonRowSql.followsRowids(JsonRowSql.sample(c, memories)));
      assertFalse(snapshotSortsKeysFirst(db), "the export's statement");
      assertSameOrder(idsOf(s, query), exportedMemoryIds(db, dir), "keys in no rowid order");

      s.executeUpdate("CREATE INDEX by_access ON memories(accessed_at)");
      c.commit();
      assertFalse(JsonRowSql.isScanThenSort(JsonRowSql.queryPlan(c, memories), memories));
      assertFalse(snapshotSortsKeysFirst(db), "the export's statement");
      List<String> indexed = idsOf(s, query);
      assertSameOrder(indexed, exportedMemoryIds(db, dir), "with an index");
      assertNotEquals(idsOf(s, "SELECT * FROM memories NOT INDEXED ORDER BY accessed_at DESC"),
          indexed, "the index should change the order of ties, or this test shows nothing");
    }
  }

  @Test
  void keysFollowRowidsWhenNearlyEverySampledStepGoesOneWay() {
    List<Long> rising = new java.util.ArrayList<>();
    for (long i = 0; i < JsonRowSql.SAMPLES; i++) {
      rising.add(i / 10);
    }
    assertTrue(JsonRowSql.followsRowids(rising));
    List<Long> falling = new java.util.ArrayList<>(rising);
    java.util.Collections.reverse(falling);
    assertTrue(JsonRowSql.followsRowids(falling));
    List<Long> withNulls = new java.util.ArrayList<>(rising);
    withNulls.set(0, null);
    withNulls.set(1, null);
    assertTrue(JsonRowSql.followsRowids(withNulls), "NULL is lowest");
    List<Long> dips = new java.util.ArrayList<>(rising);
    for (int i : new int[] {5, 25, 45}) {
      dips.set(i, -1L); // a step down, then one up: 60 of 63 steps still rise
    }
    assertTrue(JsonRowSql.followsRowids(dips));
    dips.set(55, -1L);
    assertFalse(JsonRowSql.followsRowids(dips), "59 of 63");
    List<Long> shuffled = new java.util.ArrayList<>(rising);
    java.util.Collections.shuffle(shuffled, new java.util.Random(1));
    assertFalse(JsonRowSql.followsRowids(shuffled));
    assertFalse(JsonRowSql.followsRowids(rising.subList(0, JsonRowSql.SAMPLES - 1)),
        "a table too small to sample");
  }

  /** Equal lists, or a failure that shows where they part (not 6,000 ids). */
  private static void assertSameOrder(List<String> expected, List<String> actual, String what) {
    int i = 0;
    while (i < Math.min(expected.size(), actual.size()) && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    int at = i;
    assertTrue(at == expected.size() && at == actual.size(), () -> what + ": the orders part at "
        + at + " of " + expected.size() + " (exported " + actual.size() + "): Doclea's query "
        + expected.subList(at, Math.min(expected.size(), at + 5)) + ", exported "
        + actual.subList(at, Math.min(actual.size(), at + 5)));
  }

  /** Whether the memories' rendered rows of an export of {@code db} sort the rowids first. */
  private static boolean snapshotSortsKeysFirst(Path db) {
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot();
        JsonRowCursor<? extends TransferRecord> cursor =
            snapshot.readJsonRows(RecordKind.MEMORY, MEMORY_KEYS).orElseThrow()) {
      return ((SqliteJsonCursor<?>) cursor).select().sql().startsWith(
          "WITH doclea_transfer_order AS MATERIALIZED");
    }
  }

  private static List<String> idsOf(Statement s, String query) throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    try (java.sql.ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        ids.add(rs.getString("id"));
      }
    }
    return ids;
  }

  private static List<String> exportedMemoryIds(Path db, Path dir) throws Exception {
    String file = Files.readString(exportFile(db, dir, "order", backend -> backend));
    List<String> ids = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n        \"id\": \"(mem_\\d+)\"")
        .matcher(file);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  @Test
  void aFieldTheAdapterDoesNotKnowMeansNoRenderedRows(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("store.db");
    fill(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      assertTrue(snapshot.readJsonRows(RecordKind.MEMORY, List.of("id", "mood")).isEmpty());
      assertTrue(snapshot.readJsonRows(RecordKind.PENDING_MEMORY, List.of("id", "memory_data"))
          .isEmpty());
    }
  }

  /**
   * Many rows of one section read as records among rendered ones, in runs and one at a time, each
   * with values of its own: the rowid statement, prepared once and run again for each row, reads
   * each row, so the file is the record path's byte for byte.
   */
  @Test
  void manyRowsReadAsRecordsGiveTheFileOfTheRecordPath(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("store.db");
    DocleaFixtures.createDatabase(db, "012", true);
    int rows = 240;
    int irregular = 0;
    try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
      for (int i = 0; i < rows; i++) {
        String title = "'T " + i + "'";
        String content = "'C " + i + "'";
        String importance = "0.5";
        switch (i % 4) {
          case 1 -> title = "x'" + hex("blob " + i) + "'"; // a BLOB where TEXT is expected
          case 2 -> content = "CAST(x'" + hex("bad " + i) + "ff' AS TEXT)"; // ill-formed UTF-8
          case 3 -> importance = "NULL"; // takes the default
          default -> { } // rendered by SQLite
        }
        irregular += i % 4 == 0 ? 0 : 1;
        s.executeUpdate("INSERT INTO memories (id, type, title, content, importance, tags,"
            + " related_files, experts, created_at, accessed_at, access_count, needs_review)"
            + " VALUES ('mem_" + i + "', 'note', " + title + ", " + content + ", " + importance
            + ", '[\"t" + i + "\"]', '[]', '[]', " + i + ", " + (1_700_000_000L + i)
            + ", " + i + ", 0)");
      }
    }
    int[] records = new int[1];
    byte[] rendered = Files.readAllBytes(exportFile(db, dir, "rendered",
        backend -> new WithJsonRows(backend, (snapshot, kind, fields) -> snapshot
            .readJsonRows(kind, fields).map(cursor -> counting(cursor, records)))));
    byte[] recordPath = Files.readAllBytes(
        exportFile(db, dir, "utf8", WithJsonRows::withoutRenderedRows));
    assertEquals(irregular, records[0], "rows read as records through the rendered rows");
    assertEquals(new String(recordPath, StandardCharsets.ISO_8859_1),
        new String(rendered, StandardCharsets.ISO_8859_1), "rendered rows against the UTF-8 cursor");
  }

  private static String hex(String s) {
    return java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A memory_data that an import would refuse (a key twice in one object) or that is not JSON
   * at all ({@code TRUE}, accepted by a lenient reader) fails the export on every read path,
   * naming the pending memory, the problem and its place, with no file written: the backup must
   * not be one that its own import refuses, nor quietly different from the row.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"rendered", "utf8", "strings"})
  void aMemoryDataNoImportCouldReadFailsTheExportOnEveryPath(String how, @TempDir Path dir)
      throws Exception {
    Map<String, String> cases = Map.of(
        "{\"tags\":[\"a\"],\"x\":{\"k\":1,\"k\":2}}", "the key 'k' appears twice in the same"
            + " object (an import of the file would refuse it as ambiguous) at $.x.k",
        "{\"needsReview\":TRUE}", "is not valid JSON: ");
    int n = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path db = dir.resolve("store" + n++ + ".db");
      DocleaFixtures.createDatabase(db, "012", true);
      try (Connection conn = DocleaFixtures.connect(db); Statement s = conn.createStatement()) {
        s.executeUpdate("INSERT INTO pending_memories (id, memory_data, qdrant_id, suggested_at,"
            + " source, reason) VALUES ('pend_bad', '" + c.getKey() + "', '', 1, 'git', 'why')");
      }
      Path out = dir.resolve(how + n + ".json");
      ai.doclea.transfer.api.ExportResult result;
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
        StorageBackend source = how.equals("rendered") ? backend
            : how.equals("utf8") ? WithJsonRows.withoutRenderedRows(backend)
            : FaultInjectingBackend.failingOnRead(backend, Long.MAX_VALUE);
        result = Transfer.export(source, out, OPTIONS);
      }
      assertFalse(result.success(), result::toJson);
      String error = result.error();
      assertTrue(error.contains("pending memory 'pend_bad' cannot be exported: its memoryData")
          && error.contains(c.getValue()) && error.contains("no file was written"), error);
      assertFalse(error.contains("Exception") || error.contains("https://")
          || error.contains("setStrictness"), error);
      assertFalse(Files.exists(out), "no file");
    }
  }

  private static String export(Path db, Path dir, String how) throws Exception {
    return Files.readString(exportFile(db, dir, how,
        how.equals("rendered") ? backend -> backend
            : how.equals("utf8") ? WithJsonRows::withoutRenderedRows
            : backend -> FaultInjectingBackend.failingOnRead(backend, Long.MAX_VALUE)));
  }

  private static ai.doclea.transfer.api.ExportResult exportResult(Path db, Path dir, String how)
      throws Exception {
    UnaryOperator<StorageBackend> source = how.equals("rendered") ? backend -> backend
        : how.equals("utf8") ? WithJsonRows::withoutRenderedRows
        : backend -> FaultInjectingBackend.failingOnRead(backend, Long.MAX_VALUE);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      return Transfer.export(source.apply(backend), dir.resolve(how + "-w.json"), OPTIONS)
          .orThrow();
    }
  }

  private static Path exportFile(Path db, Path dir, String name,
      UnaryOperator<StorageBackend> source) throws Exception {
    Path out = dir.resolve(name + ".json");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      Transfer.export(source.apply(backend), out, OPTIONS).orThrow();
    }
    return out;
  }

  /** The rendered rows of {@code cursor}, counting in {@code records} the rows taken as records. */
  private static <T extends TransferRecord> JsonRowCursor<T> counting(JsonRowCursor<T> cursor,
      int[] records) {
    return new JsonRowCursor<>() {
      @Override
      public boolean advance() {
        return cursor.advance();
      }

      @Override
      public byte[] json() {
        return cursor.json();
      }

      @Override
      public int jsonLength() {
        return cursor.jsonLength();
      }

      @Override
      public double real(int field) {
        return cursor.real(field);
      }

      @Override
      public byte[] jsonText(int field) {
        return cursor.jsonText(field);
      }

      @Override
      public T record() {
        records[0]++;
        return cursor.record();
      }

      @Override
      public byte[] utf8(String field) {
        return cursor.utf8(field);
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }

  /** What a snapshot's {@code readJsonRows} gives instead of its own rendered rows. */
  private interface JsonRows {
    Optional<JsonRowCursor<? extends TransferRecord>> read(ReadSnapshot snapshot, RecordKind kind,
        List<String> fields);
  }

  /** Passes everything through but the rendered rows, which {@link JsonRows} gives instead. */
  private static final class WithJsonRows extends ForwardingStorageBackend {
    private final JsonRows rows;

    WithJsonRows(StorageBackend inner, JsonRows rows) {
      super(inner);
      this.rows = rows;
    }

    /** Without rendered rows, so that the UTF-8 cursor is used. */
    static StorageBackend withoutRenderedRows(StorageBackend inner) {
      return new WithJsonRows(inner, (snapshot, kind, fields) -> Optional.empty());
    }

    @Override
    public ReadSnapshot openSnapshot() {
      return new ForwardingReadSnapshot(delegate().openSnapshot()) {
        @Override
        public Optional<JsonRowCursor<? extends TransferRecord>> readJsonRows(RecordKind kind,
            List<String> fields) {
          return rows.read(delegate(), kind, fields);
        }
      };
    }
  }
}
