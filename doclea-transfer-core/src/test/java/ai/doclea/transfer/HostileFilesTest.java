package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.LimitExceededException;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferListener;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files made to change meaning or to slip past the checks: each is refused or read exactly. */
class HostileFilesTest {
  @TempDir Path dir;

  private static final String MEMORY =
      "{\"id\":\"m1\",\"type\":\"note\",\"title\":\"t\",\"content\":\"c\"%s}";

  static String file(String memoryExtra) {
    return "{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{\"memories\":["
        + String.format(MEMORY, memoryExtra) + "]}}";
  }

  /** Relations before memories (so the import reads the file twice), without a digest. */
  static String relationsFirst(String relationType) {
    return "{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{\"memoryRelations\":["
        + "{\"id\":\"r1\",\"source_id\":\"m1\",\"target_id\":\"m1\",\"type\":\"" + relationType
        + "\",\"weight\":1,\"metadata\":null,\"created_at\":5}],"
        + "\"memories\":[" + String.format(MEMORY, "") + "]}}";
  }

  Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  TransferException importFails(String text) throws IOException {
    InMemoryBackend store = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(store, write("in.json", text), ImportOptions.defaults());
    assertFalse(r.success(), r::toJson);
    assertTrue(store.isEmpty(), "a failed import changes nothing");
    return r.failure().orElseThrow();
  }

  Memory importOne(String text) throws IOException {
    InMemoryBackend store = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(store, write("in.json", text), ImportOptions.defaults());
    assertTrue(r.success(), r::toJson);
    return store.records(Memory.class).get(0);
  }

  /** A listener that runs an action once, when the memories have been imported. */
  static TransferListener afterMemories(Runnable action) {
    return new TransferListener() {
      @Override
      public void sectionFinished(RecordKind kind, long total) {
        if (kind == RecordKind.MEMORY) {
          action.run();
        }
      }
    };
  }

  @Test
  void aFileRenamedOverTheInputBetweenPassesIsNotRead() throws IOException {
    Path input = write("in.json", relationsFirst("related_to"));
    Path tampered = write("tampered.json", relationsFirst("TAMPERED"));
    InMemoryBackend store = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(store, input, ImportOptions.builder()
        .listener(afterMemories(() -> move(tampered, input))).build());
    assertTrue(r.success(), r::toJson);
    assertTrue(Files.readString(input).contains("TAMPERED"),
        "the rename happened during the import");
    assertEquals("related_to", store.records(MemoryRelation.class).get(0).type());
  }

  @Test
  void aFileRewrittenInPlaceBetweenPassesFailsAndChangesNothing() throws IOException {
    Path input = write("in.json", relationsFirst("related_to"));
    InMemoryBackend store = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(store, input, ImportOptions.builder()
        .listener(afterMemories(() -> rewrite(input, relationsFirst("TAMPERED__"))))
        .build());
    assertFalse(r.success(), r::toJson);
    assertTrue(r.failure().orElseThrow().getMessage().contains("changed while it was being read"),
        r::toJson);
    assertTrue(store.isEmpty());
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rewrite(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void integersOutsideTheLongRangeAreErrorsNamingThePlace() throws IOException {
    for (String v : new String[] {"9223372036854775808", "-9223372036854775809", "1e20",
        "92233720368547758070.0"}) {
      TransferException e = importFails(file(",\"createdAt\":" + v));
      assertInstanceOf(InvalidFileException.class, e);
      assertTrue(e.getMessage().contains("outside the 64-bit range"), e.getMessage());
      assertEquals("$.data.memories[0].createdAt", ((InvalidFileException) e).jsonPath(),
          e.getMessage());
    }
  }

  @Test
  void integersWithAFractionAreErrors() throws IOException {
    TransferException e = importFails(file(",\"accessCount\":1.5"));
    assertTrue(e.getMessage().contains("fractional part"), e.getMessage());
  }

  @Test
  void integralNumbersInAnySpellingAreReadExactly() throws IOException {
    assertEquals(9007199254740993L, importOne(file(",\"createdAt\":9007199254740993.0"))
        .createdAt());
    assertEquals(12345678901234567L, importOne(file(",\"createdAt\":12345678901234567.0"))
        .createdAt());
    assertEquals(100L, importOne(file(",\"createdAt\":1e2")).createdAt());
    assertEquals(Long.MIN_VALUE, importOne(file(",\"createdAt\":-9223372036854775808"))
        .createdAt());
  }

  @Test
  void aDuplicateKeyInARecordIsRefused() throws IOException {
    TransferException e = importFails(file(",\"id\":\"m2\""));
    assertTrue(e.getMessage().contains("the key 'id' appears twice"), e.getMessage());
    assertTrue(e.getMessage().contains("$.data.memories[0]"), e.getMessage());
  }

  @Test
  void aDuplicateKeyInMemoryDataOrTheHeaderIsRefused() throws IOException {
    String pending = "{\"version\":\"1.0.0\",\"data\":{\"pendingMemories\":[{\"id\":\"p\","
        + "\"memoryData\":{\"type\":\"note\",\"type\":\"decision\"},\"suggestedAt\":1,"
        + "\"source\":\"import\",\"reason\":\"r\"}]}}";
    assertTrue(importFails(pending).getMessage().contains("the key 'type' appears twice"));
    String header = "{\"version\":\"1.0.0\",\"version\":\"1.0.0\",\"data\":{}}";
    assertTrue(importFails(header).getMessage().contains("the key 'version' appears twice"));
  }

  @Test
  void versionsMustBeMajorMinorPatch() throws IOException {
    for (String v : new String[] {"1.0", "1.0.0-evil", "01.0.0", "1", "1.0.0.0", " 1.0.0"}) {
      TransferException e = importFails(file("").replace("1.0.0", v));
      assertTrue(e.getMessage().contains("MAJOR.MINOR.PATCH"), v + ": " + e.getMessage());
    }
    InMemoryBackend store = InMemoryBackend.create();
    ImportResult newer = Transfer.importFrom(store,
        write("in.json", file("").replace("1.0.0", "1.2.3")), ImportOptions.defaults());
    assertTrue(newer.success(), newer::toJson);
    assertTrue(newer.warnings().stream().anyMatch(w -> w.contains("newer")), newer::toJson);
  }

  @Test
  void aMisspelledDigestKeyIsAnErrorNotAnUnknownKey() throws IOException {
    String text = file("").replace("]}}", "]},\"metadata\":{\"Sha256\":\"00\"}}");
    TransferException e = importFails(text);
    assertTrue(e.getMessage().contains("'Sha256' looks like 'sha256'"), e.getMessage());
    assertFalse(e.getMessage().contains("record id"), "no stale record id: " + e.getMessage());
  }

  @Test
  void bytesAfterTheGzipDataAreRefused() throws IOException {
    byte[] gz = gzip(file(""));
    byte[] withGarbage = java.util.Arrays.copyOf(gz, gz.length + 5);
    System.arraycopy("junk!".getBytes(StandardCharsets.US_ASCII), 0, withGarbage, gz.length, 5);
    Path input = dir.resolve("in.json.gz");
    Files.write(input, withGarbage);
    InMemoryBackend store = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(store, input, ImportOptions.defaults());
    assertFalse(r.success(), r::toJson);
    String message = r.failure().orElseThrow().getMessage();
    assertTrue(message.contains("unexpected bytes after the end of the gzip data, at byte "
        + gz.length), message);
    assertFalse(message.contains("record id"), message);
    assertTrue(store.isEmpty());
  }

  @Test
  void concatenatedGzipMembersAreOneFile() throws IOException {
    String text = file("");
    int cut = text.length() / 2;
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(gzip(text.substring(0, cut)));
    both.write(gzip(text.substring(cut)));
    Path input = dir.resolve("in.json.gz");
    Files.write(input, both.toByteArray());
    InMemoryBackend store = InMemoryBackend.create();
    assertTrue(Transfer.importFrom(store, input, ImportOptions.defaults()).success());
    assertEquals(1, store.size(RecordKind.MEMORY));
  }

  @Test
  void aCorruptGzipChecksumIsRefused() throws IOException {
    byte[] gz = gzip(file(""));
    gz[gz.length - 6] ^= 0x01; // inside the CRC-32 of the trailer
    Path input = dir.resolve("in.json.gz");
    Files.write(input, gz);
    VerifyResult v = Transfer.verify(input);
    assertFalse(v.valid());
    assertTrue(v.errors().get(0).contains("checksum"), v.errors()::toString);
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void aVeryLongNumberGetsAPlainMessage() throws IOException {
    TransferException e = importFails(file(",\"importance\":" + "1".repeat(100_000)));
    assertFalse(e.getMessage().contains("setStrictness"), e.getMessage());
    assertFalse(e.getMessage().contains("LENIENT"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void aLimitNamesItselfAndKeepsTheProblemApart() throws IOException {
    String text = file(",\"summary\":\"" + "x".repeat(5000) + "\"");
    Path input = write("in.json", text);
    int column = text.indexOf("xxx") + 1000 + 1; // the 1001st character of the string
    ImportResult r = Transfer.importFrom(InMemoryBackend.create(), input, ImportOptions.builder()
        .limits(Limits.DEFAULTS.withMaxStringLength(1000)).build());
    LimitExceededException e =
        assertInstanceOf(LimitExceededException.class, r.failure().orElseThrow());
    assertEquals("maxStringLength", e.limit());
    assertTrue(e.problem().contains("longer than the limit of 1000 characters at line 1 column "
        + column + " "), e.problem());
    assertFalse(e.problem().contains("Limits."), e.problem());
    assertTrue(e.getMessage().contains("Limits.maxStringLength"), e.getMessage());
  }

  @Test
  void anErrorInMetadataAfterTheRecordsCitesNoRecordId() throws IOException {
    String text = file("").replace("]}}", "]},\"metadata\":{\"totalMemories\":\"x\"}}");
    TransferException e = importFails(text);
    assertTrue(e.getMessage().contains("metadata"), e.getMessage());
    assertFalse(e.getMessage().contains("record id"), e.getMessage());
  }

  @Test
  void inspectCallsAFileWithAWrongDigestInvalid() throws IOException {
    Path file = sampleExport();
    String text = Files.readString(file).replace("Use JWT", "Use XML");
    Files.writeString(file, text);
    VerifyResult r = Transfer.inspect(file);
    assertFalse(r.valid(), r::toJson);
    assertEquals("mismatch", r.digest());
  }

  @Test
  void illFormedUtf8IsPlacedAtItsOwnBytesNotWhereTheParserStands() throws IOException {
    // Two records, the bad byte in the second one's title, well within the parser's read-ahead.
    String first = String.format(MEMORY, "");
    String second = String.format(MEMORY, "").replace("m1", "m2").replace("\"t\"", "\"tXY\"");
    String text = "{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{\"memories\":[\n"
        + first + ",\n" + second + "]}}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int bad = text.indexOf("XY");
    bytes[bad] = (byte) 0xFF;
    Path input = dir.resolve("in.json");
    Files.write(input, bytes);
    InMemoryBackend store = InMemoryBackend.create();
    ImportResult r = Transfer.importFrom(store, input, ImportOptions.defaults());
    assertFalse(r.success(), r::toJson);
    assertTrue(store.isEmpty());
    String message = r.failure().orElseThrow().getMessage();
    int column = bad - text.lastIndexOf('\n', bad);
    assertTrue(message.contains("the byte 0xFF is not well-formed UTF-8 at line 3 column " + column
        + " (character " + (bad + 1) + " of the text, byte " + (bad + 1) + ")"), message);
    assertFalse(message.contains("'m1'"), "the first record is not to blame: " + message);
    assertEquals(java.util.List.of(message), Transfer.verify(input).errors());
  }

  /**
   * A memoryData given as object text (a JSON string holding the object) is read as strictly as
   * the file: text a lenient reader would repair ({@code TRUE}, a {@code \\'} escape, a raw
   * control character, a comment) is refused, naming the record and its place, not rewritten.
   */
  @Test
  void memoryDataGivenAsObjectTextIsReadAsStrictlyAsTheFile() throws IOException {
    for (String inner : new String[] {"{\\\"a\\\":TRUE}", "{\\\"a\\\":\\\"x\\\\'y\\\"}",
        "{\\\"a\\\":\\\"\\u0001\\\"}", "{/*c*/}"}) {
      String text = "{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{\"pendingMemories\":["
          + "{\"id\":\"p1\",\"memoryData\":\"" + inner + "\",\"suggestedAt\":1,"
          + "\"source\":\"user_store\",\"reason\":\"r\"}]}}";
      TransferException e = importFails(text);
      assertTrue(e.getMessage().contains("found a string that is not JSON")
          && e.getMessage().contains("(record id 'p1')")
          && e.getMessage().contains("$.data.pendingMemories[0].memoryData"), e.getMessage());
      assertFalse(e.getMessage().contains("setStrictness") || e.getMessage().contains("https:"),
          e.getMessage());
    }
  }

  /** Content after the export object is named as such, whatever it is, and nothing is imported. */
  @Test
  void contentAfterTheExportObjectIsNamedAsSuch() throws IOException {
    for (String after : new String[] {" {}", "\n{\"version\":\"1.0.0\"}", "x", " 1", "\u0000"}) {
      TransferException e = importFails(file("") + after);
      assertTrue(e.getMessage().contains("unexpected content after the export object"),
          e.getMessage());
      assertFalse(e.getMessage().contains("unquoted word"), e.getMessage());
    }
    assertEquals("m1", importOne(file("") + " \n\t\r ").id()); // white space is no content
  }

  /**
   * A field given under two of its spellings in one record (Doclea's snake_case and the camelCase
   * its documentation shows) is refused like a key given twice: the one read last would win in
   * silence, and a second {@code sourceId} re-links the relation.
   */
  @Test
  void aFieldGivenUnderTwoSpellingsInOneRecordIsRefused() throws IOException {
    String memories = "\"memories\":[" + String.format(MEMORY, "") + ","
        + String.format(MEMORY, "").replace("m1", "m2") + "]";
    String[][] cases = {
        {"memoryRelations", "{\"id\":\"r1\",\"source_id\":\"m1\",\"sourceId\":\"m2\","
            + "\"target_id\":\"m2\",\"type\":\"x\",\"weight\":1,\"metadata\":null,"
            + "\"created_at\":5}", "'source_id' is given twice in one record, as 'source_id' and"
            + " as 'sourceId'"},
        {"memoryRelations", "{\"id\":\"r1\",\"source_id\":\"m1\",\"target_id\":\"m2\","
            + "\"relationType\":\"a\",\"type\":\"b\",\"created_at\":5}",
            "'type' is given twice in one record, as 'relationType' and as 'type'"},
        {"crossLayerRelations", "{\"id\":\"r1\",\"memory_id\":\"m1\",\"code_node_id\":\"n\","
            + "\"relation_type\":\"t\",\"direction\":\"d\",\"confidence\":1,\"created_at\":5,"
            + "\"createdAt\":6}", "'created_at' is given twice"},
        {"pendingMemories", "{\"id\":\"r1\",\"memoryData\":{\"a\":1},\"memory_data\":{\"b\":2},"
            + "\"suggestedAt\":1,\"source\":\"s\",\"reason\":\"r\"}", "'memoryData' is given twice"}};
    for (String[] c : cases) {
      String text = "{\"version\":\"1.0.0\",\"exportedAt\":1,\"data\":{" + memories + ",\""
          + c[0] + "\":[" + c[1] + "]}}";
      TransferException e = importFails(text);
      assertTrue(e.getMessage().contains(c[2]) && e.getMessage().contains("(record id 'r1')")
          && e.getMessage().contains("$.data." + c[0] + "[0]"), e.getMessage());
    }
  }

  /** A real number beyond the range of a double is named as such, not as malformed JSON. */
  @Test
  void aRealNumberBeyondTheRangeOfADoubleIsNamedAsSuch() throws IOException {
    for (String n : new String[] {"5e999999999", "-1e309", "1.7976931348623159e308"}) {
      TransferException e = importFails(file(",\"importance\":" + n));
      assertTrue(e.getMessage().contains("the number is too large for a double-precision value")
          && e.getMessage().contains("$.data.memories[0].importance"), e.getMessage());
      assertFalse(e.getMessage().contains("malformed"), e.getMessage());
    }
  }

  /** The sample store exported to {@code a.json}. */
  private Path sampleExport() {
    Path file = dir.resolve("a.json");
    Transfer.export(ImportTest.sampleStore(), file,
        ai.doclea.transfer.api.ExportOptions.defaults()).orThrow();
    return file;
  }

  /**
   * A backup whose line endings were converted to CRLF (git's core.autocrlf, a Windows editor) is
   * refused by its digest as before, and the refusal says what the likely change is and how to
   * undo it; a digest mismatch without carriage returns does not say so.
   */
  @Test
  void aDigestMismatchFromCrlfLineEndingsSaysSo() throws IOException {
    Path file = sampleExport();
    String lf = Files.readString(file);
    TransferException crlf = importFails(lf.replace("\n", "\r\n"));
    assertTrue(crlf.getMessage().contains("metadata.sha256 says")
        && crlf.getMessage().contains("CRLF line endings")
        && crlf.getMessage().contains("convert the line endings back to LF"), crlf.getMessage());
    TransferException edited = importFails(lf.replace("Use JWT", "Use XML"));
    assertTrue(edited.getMessage().contains("metadata.sha256 says"), edited.getMessage());
    assertFalse(edited.getMessage().contains("CRLF"), edited.getMessage());
  }
}
