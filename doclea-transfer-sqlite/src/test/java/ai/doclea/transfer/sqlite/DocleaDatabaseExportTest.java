package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exports databases that Doclea's own DDL and SQL built, at schema "006" and "012". */
class DocleaDatabaseExportTest {
  @TempDir Path dir;

  static List<TransferRecord> readAll(ReadSnapshot snapshot, RecordKind kind) {
    List<TransferRecord> records = new ArrayList<>();
    try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind)) {
      cursor.forEachRemaining(records::add);
    }
    return records;
  }

  private Path doclea(String version) throws Exception {
    Path db = dir.resolve("local-" + version + ".db");
    DocleaFixtures.createDatabase(db, version, true);
    DocleaFixtures.fill(db, version);
    return db;
  }

  /** The memories {@link DocleaFixtures#fill} wrote, as a reader must see them. */
  static List<Memory> expectedMemories(String version) {
    boolean v007 = version.compareTo("007") >= 0;
    boolean v010 = version.compareTo("010") >= 0;
    boolean v011 = version.compareTo("011") >= 0;
    Memory auth = Memory.builder("mem_auth", "decision", "Use JWT for auth",
            "We chose JWT because sessions do not scale.\nSee ADR-7.")
        .summary("JWT over sessions").importance(0.8).tags(List.of("auth", "security"))
        .relatedFiles(List.of("src/auth.ts", "src/middleware/jwt.ts")).gitCommit("abc123")
        .sourcePr("PR-42").qdrantId("vec_auth").createdAt(1700000000L).accessedAt(1700000500L)
        .accessCount(v007 ? 3 : 0)
        .decayRate(v011 ? 0.0 : null).lastRefreshedAt(v011 ? 1700000600L : null)
        .confidenceFloor(v011 ? 0.2 : null).decayFunction(v011 ? "linear" : null)
        .build();
    Memory note = Memory.builder("mem_note", "note", "Grüße \"quoted\" 🎉",
            "Line one\u2028line two\ttabbed <b>&amp;</b> \\ backslash")
        .experts(List.of("alice", "bob \"the builder\"")).createdAt(1700000100L)
        .accessedAt(1700000100L).needsReview(v010).build();
    Memory pattern = Memory.builder("mem_pattern", "pattern", "Repository pattern",
            "Use repositories.")
        .importance(0.3).tags(List.of("architecture")).qdrantId("vec_pattern")
        .createdAt(1700000050L).accessedAt(1700000900L).decayRate(v011 ? 1.5 : null).build();
    // Doclea's order: accessed_at DESC
    return List.of(pattern, auth, note);
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"006", "012"})
  void exportReadsEverySectionOfADocleaDatabase(String version) throws Exception {
    Path db = doclea(version);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      assertEquals(expectedMemories(version), readAll(snapshot, RecordKind.MEMORY));
      assertEquals(List.of(
              new Document("doc_guide", "Guide", "Guide text", null, 1700000030L, 1700000030L),
              new Document("doc_readme", "README", "# Project\nHello", "h1", 1700000010L,
                  1700000020L)),
          readAll(snapshot, RecordKind.DOCUMENT));
      assertEquals(List.of(
              new Chunk("chk_3", "doc_guide", "Guide text", null, 0L, 10L),
              new Chunk("chk_1", "doc_readme", "# Project", "vec_c1", 0L, 9L),
              new Chunk("chk_2", "doc_readme", "Hello", "vec_c2", 10L, 15L)),
          readAll(snapshot, RecordKind.CHUNK));
      assertEquals(List.of(
              new MemoryRelation("rel_2", "mem_note", "mem_auth", "references", 1.0, null,
                  1700000000456L),
              new MemoryRelation("V1StGXR8_Z5jdHi6B-myT", "mem_pattern", "mem_auth",
                  "implements", 0.9, "{\"reason\":\"pattern implements decision\"}",
                  1700000000123L)),
          readAll(snapshot, RecordKind.MEMORY_RELATION));
      assertEquals(List.of(new CrossLayerRelation("xl_1", "mem_auth", "node_auth_ts",
              "documents", "memory_to_code", 0.75,
              "{\"detectionMethod\":\"file_path_match\",\"reason\":\"path match\"}",
              1700000002L)),
          readAll(snapshot, RecordKind.CROSS_LAYER_RELATION));
      assertEquals(List.of(new PendingMemory("pnd_abc", DocleaFixtures.PENDING_DATA,
              1700000300L, "user_store", "Looks like a decision")),
          readAll(snapshot, RecordKind.PENDING_MEMORY));
      assertEquals(3, snapshot.count(RecordKind.MEMORY).orElseThrow());
      assertEquals(3, snapshot.count(RecordKind.CHUNK).orElseThrow());
      assertEquals(1, snapshot.count(RecordKind.PENDING_MEMORY).orElseThrow());
      assertEquals(java.util.Optional.empty(), snapshot.vector("mem_auth"));
      assertEquals(List.of(), snapshot.notes(), "Doclea's own columns all have a field");
    }
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"006", "012"})
  void infoReportsSqliteTheStorageModeOptionAndTheRecordedSchemaVersion(String version)
      throws Exception {
    Path db = doclea(version);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("storageMode", "manual"))) {
      assertEquals(new BackendInfo("sqlite", "manual", version, null, null), backend.info());
    }
  }

  @Test
  void aNewerSchemaIsReadAndWrittenInTheColumnsThisAdapterKnows() throws Exception {
    Path db = doclea("012");
    try (var c = DocleaFixtures.connect(db)) {
      DocleaFixtures.exec(c, "ALTER TABLE memories ADD COLUMN pinned_by TEXT DEFAULT 'nobody'");
      DocleaFixtures.exec(c, "UPDATE _doclea_meta SET value = '013' WHERE key = 'schema_version'");
    }
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      assertEquals("013", backend.info().schemaVersion());
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(expectedMemories("012"), readAll(snapshot, RecordKind.MEMORY));
      }
      try (var tx = backend.beginTransaction()) {
        tx.insert(Memory.builder("mem_new", "note", "t", "c").build());
        tx.commit();
      }
    }
    assertEquals(List.of("pinned_by=nobody"), DocleaFixtures.query(db,
        "SELECT pinned_by FROM memories WHERE id = 'mem_new'"));
  }

  @Test
  void aDatabaseWithoutMetaTableReportsUnknownSchema() throws Exception {
    Path db = dir.resolve("legacy.db");
    DocleaFixtures.createDatabase(db, "001", false);
    try (var c = DocleaFixtures.connect(db)) {
      DocleaFixtures.exec(c, "DROP TABLE _doclea_meta");
    }
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of())) {
      BackendInfo info = backend.info();
      assertEquals("unknown", info.schemaVersion());
      assertEquals("automatic", info.storageMode());
      assertNull(info.embeddingProvider());
    }
  }

  @Test
  void schema001HasNoRelationOrPendingTablesAndExportsThoseSectionsEmpty() throws Exception {
    Path db = dir.resolve("v001.db");
    DocleaFixtures.createDatabase(db, "001", true);
    try (var c = DocleaFixtures.connect(db)) {
      DocleaFixtures.exec(c, "INSERT INTO memories (id, type, title, content, tags,"
          + " related_files, experts, created_at, accessed_at) VALUES (?,?,?,?,?,?,?,?,?)",
          "m", "note", "t", "c", "[]", "[]", "[]", 1L, 2L);
    }
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        ReadSnapshot snapshot = backend.openSnapshot()) {
      assertEquals(1, readAll(snapshot, RecordKind.MEMORY).size());
      assertEquals(List.of(), readAll(snapshot, RecordKind.MEMORY_RELATION));
      assertEquals(List.of(), readAll(snapshot, RecordKind.CROSS_LAYER_RELATION));
      assertEquals(List.of(), readAll(snapshot, RecordKind.PENDING_MEMORY));
      assertEquals(0, snapshot.count(RecordKind.PENDING_MEMORY).orElseThrow());
    }
  }

  private List<String> listing() throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anExportOfADatabaseNobodyHasOpenLeavesNoWalOrShmFileBehind() throws Exception {
    Path db = doclea("012");
    List<String> before = listing();
    assertEquals(List.of("local-012.db"), before, "Doclea's close removed its WAL files");
    Path out = Files.createTempDirectory("export-out").resolve("backup.json");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      ai.doclea.transfer.Transfer.export(backend, out,
          ai.doclea.transfer.api.ExportOptions.defaults()).orThrow();
    }
    assertEquals(before, listing(), "files beside the database after the export");
    Files.delete(out);
    Files.delete(out.getParent());
  }

  @Test
  void anExportWhileDocleaHasTheDatabaseOpenLeavesItsWalFilesInPlace() throws Exception {
    Path db = doclea("012");
    try (var doclea = DocleaFixtures.connect(db); var s = doclea.createStatement()) {
      s.execute("INSERT INTO documents (id, title, content) VALUES ('doc_live', 't', 'c')");
      List<String> before = listing();
      assertEquals(List.of("local-012.db", "local-012.db-shm", "local-012.db-wal"), before);
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
          ReadSnapshot snapshot = backend.openSnapshot()) {
        assertEquals(3, readAll(snapshot, RecordKind.DOCUMENT).size(),
            "the export sees the rows committed into the WAL");
      }
      assertEquals(before, listing(), "files beside the database after the export");
    }
  }

  @ParameterizedTest(name = "schema {0}")
  @ValueSource(strings = {"006", "012"})
  void aReadOnlyExportNeverModifiesTheDatabaseFile(String version) throws Exception {
    Path db = doclea(version);
    // Checkpoint so that the main file holds everything and the WAL is empty.
    try (var c = DocleaFixtures.connect(db); var s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000L);
    Files.setLastModifiedTime(db, past);
    byte[] before = Files.readAllBytes(db);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      backend.info();
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          readAll(snapshot, kind);
          snapshot.count(kind);
        }
        snapshot.vector("mem_auth");
      }
    }
    // The same holds without readOnly: exports always read on read-only connections.
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        ReadSnapshot snapshot = backend.openSnapshot()) {
      for (RecordKind kind : RecordKind.values()) {
        readAll(snapshot, kind);
      }
    }
    assertArrayEquals(before, Files.readAllBytes(db), "the main database file changed");
    assertEquals(past, Files.getLastModifiedTime(db), "the main database file was touched");
  }

  @Test
  void aRowDocleaCouldNotHaveWrittenFailsTheExportNamingTableAndRow() throws Exception {
    Path db = doclea("012");
    try (var c = DocleaFixtures.connect(db)) {
      DocleaFixtures.exec(c, "UPDATE memories SET tags = 'not json' WHERE id = 'mem_note'");
    }
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
        ReadSnapshot snapshot = backend.openSnapshot()) {
      var e = org.junit.jupiter.api.Assertions.assertThrows(
          ai.doclea.transfer.api.BackendException.class,
          () -> readAll(snapshot, RecordKind.MEMORY));
      org.junit.jupiter.api.Assertions.assertTrue(
          e.getMessage().contains("mem_note") && e.getMessage().contains("tags")
              && e.getMessage().contains(db.toString()),
          e.getMessage());
    }
  }

  @org.junit.jupiter.api.Test
  void anExportNamesTheColumnsTheFormatHasNoFieldFor() throws Exception {
    Path db = doclea("012");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement()) {
      s.execute("ALTER TABLE memories ADD COLUMN mood TEXT");
      s.execute("ALTER TABLE memories ADD COLUMN Zeal INTEGER");
      s.execute("ALTER TABLE pending_memories ADD COLUMN reviewer TEXT");
      s.execute("UPDATE _doclea_meta SET value = '013' WHERE key = 'schema_version'");
    }
    Path file = db.resolveSibling("extra.json");
    ai.doclea.transfer.api.ExportResult result;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      result = ai.doclea.transfer.Transfer.export(backend, file,
          ai.doclea.transfer.api.ExportOptions.defaults());
    }
    assertEquals(List.of(db + " is at Doclea schema version 013, newer than the 012 this tool"
        + " knows: what that version added is not in the export",
        "table memories of " + db + " has columns that the export format has"
        + " no field for (mood, zeal): their values are not in the export",
        "table pending_memories of " + db + " has a column that the export format has no field"
        + " for (reviewer): its values are not in the export"), result.warnings());
    assertEquals(3, result.count(RecordKind.MEMORY));
  }

  /**
   * Doclea writes its schema version padded and not ("011", "11"): a version written without the
   * leading zero, or stored as an integer, is the same version, and an export of it carries no
   * warning that something is missing; a version that is really newer still gets one.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"'12'", "12", "'11'", "'9'", "'0012'", "'13'", "'100'"})
  void theSchemaVersionIsComparedAsANumber(String stored) throws Exception {
    Path db = doclea("012");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement s = c.createStatement()) {
      s.execute("UPDATE _doclea_meta SET value = " + stored + " WHERE key = 'schema_version'");
    }
    Path file = db.resolveSibling("v.json");
    ai.doclea.transfer.api.ExportResult result;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      result = ai.doclea.transfer.Transfer.export(backend, file,
          ai.doclea.transfer.api.ExportOptions.defaults());
    }
    String version = stored.replace("'", "");
    boolean newer = Integer.parseInt(version) > 12;
    assertEquals(newer ? List.of(db + " is at Doclea schema version " + version + ", newer than"
        + " the 012 this tool knows: what that version added is not in the export") : List.of(),
        result.warnings());
  }

  /**
   * A tag written with a JSON escape ({@code "\\u0061uth"} is "auth", as a hand edit or any
   * writer may spell it) is the tag: an export selecting by tag finds it, as it finds the same
   * tag written plainly.
   */
  @Test
  void aTagWrittenWithAnEscapeIsFoundByTheTagFilter() throws Exception {
    Path db = doclea("012");
    try (var c = DocleaFixtures.connect(db)) {
      DocleaFixtures.exec(c, "UPDATE memories SET tags = '[\"\\u0061uth\"]' WHERE id = 'mem_note'");
    }
    Path file = db.resolveSibling("auth.json");
    ai.doclea.transfer.api.ExportResult result;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      result = ai.doclea.transfer.Transfer.export(backend, file,
          ai.doclea.transfer.api.ExportOptions.builder().selection(
              ai.doclea.transfer.api.Selection.builder().tags(List.of("auth")).build()).build());
    }
    String text = Files.readString(file);
    // mem_auth carries "auth" plainly, mem_note as an escape; mem_pattern does not carry it.
    assertEquals(2, result.count(RecordKind.MEMORY), result::toJson);
    org.junit.jupiter.api.Assertions.assertTrue(text.contains("\"id\": \"mem_note\""), text);
  }

  /**
   * A timestamp kept as text in another script's digits ('١٧٠٠', which Java's Long.parseLong reads
   * as 1700 but SQLite, JavaScript and Doclea take for text) fails the export naming the row and
   * column, instead of being exported as a number that was never in the database.
   */
  @Test
  void anIntegerColumnHoldingNonAsciiDigitsFailsTheExport() throws Exception {
    Path db = doclea("012");
    try (var c = DocleaFixtures.connect(db)) {
      DocleaFixtures.exec(c, "UPDATE memories SET created_at = '\u0661\u0667\u0660\u0660'"
          + " WHERE id = 'mem_note'");
    }
    Path file = db.resolveSibling("digits.json");
    ai.doclea.transfer.api.ExportResult result;
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      result = ai.doclea.transfer.Transfer.export(backend, file,
          ai.doclea.transfer.api.ExportOptions.defaults());
    }
    org.junit.jupiter.api.Assertions.assertFalse(result.success(), result::toJson);
    org.junit.jupiter.api.Assertions.assertTrue(result.error().contains("Row 'mem_note' of table"
        + " memories") && result.error().contains("column created_at is not an integer"),
        result.error());
    org.junit.jupiter.api.Assertions.assertFalse(Files.exists(file));
  }
}
