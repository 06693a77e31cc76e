package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.FaultInjectingBackend;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * An export through the adapter's UTF-8 cursor ({@link ReadSnapshot#readUtf8}: text columns as
 * SQLite's bytes, no {@code String}s) writes the same file as an export through the ordinary
 * cursors ({@code getString}), for memories, documents and chunks whose text holds quotes,
 * control characters, U+2028/U+2029, CJK, emoji, the empty string, NULL and ill-formed UTF-8.
 * The one documented difference, an encoded surrogate, is pinned by an example.
 */
class Utf8ExportProperties {
  private static final ExportOptions OPTIONS = ExportOptions.builder()
      .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC))
      .replaceAnyFile(true).build();

  private static final List<byte[]> PIECES = List.of(
      utf8("plain "), utf8("\""), utf8("\\"), utf8("\n\t\r"), utf8("\u0001\u001f\u007f"),
      utf8("Grüße "), utf8("日本語"), utf8("\u2028\u2029"), utf8("🎉👩‍💻"), utf8("\uFFFD"),
      utf8("?"), new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE6, (byte) 0x97},
      new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80, (byte) 0xBF},
      new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x8E});

  private static Path dir;

  @BeforeContainer
  static void makeDirectory() throws Exception {
    dir = Files.createTempDirectory("utf8-export");
  }

  @AfterContainer
  static void removeDirectory() throws Exception {
    TempFiles.deleteTree(dir);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<List<byte[]>> texts() {
    Arbitrary<byte[]> text = Arbitraries.of(PIECES).list().ofMaxSize(12).map(list -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      list.forEach(out::writeBytes);
      return out.toByteArray();
    });
    Arbitrary<byte[]> orNull = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, text), net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
    return orNull.list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 20)
  void theUtf8CursorWritesTheSameFileAsTheStringCursors(@ForAll("texts") List<byte[]> texts)
      throws Exception {
    Path db = Files.createTempFile(dir, "texts", ".db");
    Files.delete(db);
    DocleaFixtures.createDatabase(db, "012", true);
    fill(db, texts, false);
    assertEquals(export(db, false), export(db, true));
  }

  @Example
  void aDatabaseInUtf16IsReadWithStringsAndExportsTheSameText() throws Exception {
    Path db = dir.resolve("utf16.db");
    try (Connection c = DocleaFixtures.connect(db); Statement s = c.createStatement()) {
      s.execute("PRAGMA encoding = 'UTF-16le'");
      s.execute("CREATE TABLE encoding_set_by_this_table (a)");
    }
    DocleaFixtures.createDatabase(db, "012", true);
    // Bound as strings: a BLOB cast to TEXT would be read as UTF-16 here.
    fill(db, List.of(utf8("日本語 \" 🎉"), utf8("plain")), true);
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"));
        ReadSnapshot snapshot = backend.openSnapshot()) {
      assertTrue(snapshot.readUtf8(RecordKind.MEMORY, Selection.ALL).isEmpty(),
          "a UTF-16 database must not offer its text as UTF-8 bytes");
    }
    String file = export(db, true);
    assertTrue(file.contains("\"content\": \"日本語 \\\" 🎉\""), file);
    assertEquals(export(db, false), file);
  }

  @Example
  void anEncodedSurrogateBecomesThreeReplacementCharacters() throws Exception {
    Path db = dir.resolve("surrogate.db");
    DocleaFixtures.createDatabase(db, "012", true);
    fill(db, List.of(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'}), false);
    // JavaScript's decoder (TextDecoder, V8): three U+FFFD, one per byte of the maximal subparts
    // ED, A0 and 80. Java's would make one; the string cursor still does.
    assertTrue(export(db, true).contains("\"content\": \"a\uFFFD\uFFFD\uFFFDb\""));
  }

  /**
   * One memory, document and chunk per text (the text in every large text column), bound as
   * bytes cast to TEXT (kept as they are, ill-formed or not) or as strings.
   */
  private static void fill(Path db, List<byte[]> texts, boolean asStrings) throws Exception {
    try (Connection c = DocleaFixtures.connect(db)) {
      c.setAutoCommit(false);
      try (PreparedStatement m = c.prepareStatement("INSERT INTO memories (id, type, title,"
              + " content, summary, created_at, accessed_at) VALUES (?, 'note',"
              + " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), ?, ?)");
          PreparedStatement d = c.prepareStatement("INSERT INTO documents (id, title, content,"
              + " created_at, updated_at) VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?)");
          PreparedStatement k = c.prepareStatement("INSERT INTO chunks (id, document_id,"
              + " content, start_offset, end_offset) VALUES (?, ?, CAST(? AS TEXT), ?, ?)")) {
        for (int i = 0; i < texts.size(); i++) {
          byte[] t = texts.get(i);
          byte[] required = t == null ? new byte[0] : t;
          m.setString(1, "mem_" + i);
          m.setObject(2, value(required, asStrings));
          m.setObject(3, value(required, asStrings));
          m.setObject(4, value(t, asStrings));
          m.setLong(5, 1_700_000_000L + i);
          m.setLong(6, 1_700_000_000L + i);
          m.executeUpdate();
          d.setString(1, "doc_" + i);
          d.setObject(2, value(required, asStrings));
          d.setObject(3, value(required, asStrings));
          d.setLong(4, 1_700_000_000L + i);
          d.setLong(5, 1_700_000_000L + i);
          d.executeUpdate();
          k.setString(1, "chk_" + i);
          k.setString(2, "doc_" + i);
          k.setObject(3, value(required, asStrings));
          k.setLong(4, i);
          k.setLong(5, i + 1L);
          k.executeUpdate();
        }
      }
      c.commit();
    }
  }

  private static Object value(byte[] text, boolean asString) {
    return text == null ? null : asString ? new String(text, StandardCharsets.UTF_8) : text;
  }

  /**
   * The export file. Without the UTF-8 cursor the backend is wrapped in a pass-through wrapper
   * whose snapshot does not offer it, so every text comes through {@code getString}.
   */
  private static String export(Path db, boolean utf8) throws Exception {
    Path out = Files.createTempFile(dir, utf8 ? "fast" : "strings", ".json");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      StorageBackend source = utf8 ? backend
          : FaultInjectingBackend.failingOnRead(backend, Long.MAX_VALUE);
      Transfer.export(source, out, OPTIONS).orThrow();
    }
    byte[] bytes = Files.readAllBytes(out);
    Files.delete(out);
    assertArrayEquals(bytes, new String(bytes, StandardCharsets.UTF_8)
        .getBytes(StandardCharsets.UTF_8), "the export is not well-formed UTF-8");
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
