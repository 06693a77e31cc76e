package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.postgresql.PostgresBackend;
import ai.doclea.transfer.postgresql.TestPostgres;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.sqlite.SqliteBackend;
import ai.doclea.transfer.testkit.ExportAssertions;
import ai.doclea.transfer.testkit.Generators;
import ai.doclea.transfer.testkit.StoreContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;

/**
 * Interop between the two adapters through the export format: a Doclea SQLite database, exported,
 * imported into PostgreSQL and exported again, gives the same file byte for byte (but for the
 * header's backend name), records with equal sort keys included; and SQLite -> PostgreSQL ->
 * SQLite gives an export equal up to the order of such ties (SQLite's own). The
 * generated stores carry the kit's edge cases (NUL and other control characters in ids and text,
 * extreme numbers), so this checks the text code and the export order against SQLite's. Here,
 * beside both adapters, rather than in the PostgreSQL adapter's module: there it made that module
 * wait for the SQLite adapter's tests.
 */
class InteropRoundTripTest {
  private static final ExportOptions EXPORT = ExportOptions.builder()
      .clock(Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC)).build();
  private static Path directory;
  private final List<String> schemas = new ArrayList<>();

  @Provide
  Arbitrary<StoreContent> stores() {
    // without vectors: an export file carries none, so the header's embedding facts would differ
    return Generators.stores();
  }

  @Property(tries = 8)
  void sqliteToPostgresToSqliteGivesIdenticalExports(@ForAll("stores") StoreContent content)
      throws IOException {
    byte[] original;
    try (StorageBackend sqlite = newSqlite()) {
      content.loadInto(sqlite);
      original = export(sqlite);
    }
    byte[] viaPostgres;
    byte[] back;
    try (StorageBackend pg = newPostgres()) {
      importInto(pg, original);
      viaPostgres = export(pg);
      try (StorageBackend sqlite = newSqlite()) {
        importInto(sqlite, viaPostgres);
        back = export(sqlite);
      }
    }
    String pgText = new String(viaPostgres, StandardCharsets.UTF_8)
        .replaceFirst("(\"backendType\":\\s*)\"postgresql\"", "$1\"sqlite\"");
    // PostgreSQL exports records with equal sort keys in the order they were imported (its
    // doclea_transfer_ord column), which is the order of the original's export: byte for byte.
    assertSameBytes(new String(original, StandardCharsets.UTF_8), pgText,
        "the export of the PostgreSQL copy");
    // SQLite orders ties by its plan, so a SQLite -> file -> SQLite round trip may reorder them
    // by itself (the SQLite adapter's kit tests declare ordersTiesByStore): here only the
    // order of ties may differ.
    ExportAssertions.assertSameIgnoringTieOrder(original, back,
        "SQLite -> PostgreSQL -> SQLite");
  }

  private static void assertSameBytes(String expected, String actual, String context) {
    int at = 0;
    while (at < Math.min(expected.length(), actual.length())
        && expected.charAt(at) == actual.charAt(at)) {
      at++;
    }
    int from = Math.max(0, at - 60);
    assertEquals(expected, actual, context + " differs from the SQLite original's export at"
        + " character " + at + ": " + expected.substring(from, Math.min(expected.length(),
            at + 60)) + " versus " + actual.substring(from, Math.min(actual.length(), at + 60)));
  }

  private static byte[] export(StorageBackend backend) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportResult result = Transfer.export(backend, out, backend.toString(), EXPORT);
    assertTrue(result.success(), () -> "export failed: " + result.error());
    return out.toByteArray();
  }

  private static void importInto(StorageBackend backend, byte[] file) {
    ImportResult result = Transfer.importFrom(backend, new ByteArrayInputStream(file), "export",
        ImportOptions.builder().build());
    assertTrue(result.success() && result.errors().isEmpty(),
        () -> "import failed: " + result.errors() + " " + result.failure());
  }

  private StorageBackend newPostgres() {
    String schema = TestPostgres.shared().cleanSchema("interop");
    schemas.add(schema);
    return PostgresBackend.open(TestPostgres.shared().uri(schema, false), Map.of());
  }

  private static synchronized StorageBackend newSqlite() throws IOException {
    if (directory == null) {
      directory = Files.createTempDirectory("pg-interop");
    }
    return SqliteBackend.open(directory.resolve(UUID.randomUUID() + ".db"),
        Map.of("create", "true"));
  }

  @AfterTry
  void releaseSchemas() {
    TestPostgres.shared().release(schemas);
    schemas.clear();
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    if (directory == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
    directory = null;
  }
}
