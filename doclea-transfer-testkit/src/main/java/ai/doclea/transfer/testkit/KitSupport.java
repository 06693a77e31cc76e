package ai.doclea.transfer.testkit;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assertions;

/** Assertions and file helpers shared by the contract tests. */
final class KitSupport {
  private KitSupport() {}

  static void assertSameContent(StoreContent expected, StoreContent actual, String context) {
    String differences = actual.differencesFrom(expected);
    if (!differences.isEmpty()) {
      Assertions.fail(context + ": the store differs from what was expected\n" + differences);
    }
  }

  static void assertSucceeded(ImportResult result, String context) {
    if (!result.success()) {
      Assertions.fail(context + ": the import failed: " + result.errors(),
          result.failure().orElse(null));
    }
  }

  static void assertSucceeded(ExportResult result, String context) {
    if (!result.success()) {
      Assertions.fail(context + ": the export failed: " + result.error(),
          result.failure().orElse(null));
    }
  }

  static byte[] exportBytes(StorageBackend backend, ExportOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportResult result = Transfer.export(backend, out, "export stream", options);
    assertSucceeded(result, "export to a stream");
    return out.toByteArray();
  }

  static ImportResult importBytes(StorageBackend backend, byte[] file, ImportOptions options) {
    return Transfer.importFrom(backend, new ByteArrayInputStream(file), "import stream", options);
  }

  static void assertSameBytes(byte[] expected, byte[] actual, String context) {
    int n = Math.min(expected.length, actual.length);
    int at = -1;
    for (int i = 0; i < n; i++) {
      if (expected[i] != actual[i]) {
        at = i;
        break;
      }
    }
    if (at < 0 && expected.length == actual.length) {
      return;
    }
    if (at < 0) {
      at = n;
    }
    Assertions.fail(context + ": the files differ at byte " + at + " (lengths " + expected.length
        + " and " + actual.length + ")\nexpected: …" + excerpt(expected, at) + "…\nactual:   …"
        + excerpt(actual, at) + "…");
  }

  /**
   * The record components of Doclea's ORDER BY for a section of the file: the one definition of
   * the sort keys. {@link #sortKey} reads them from a record, {@link #withTiesById} from an
   * export under their keys in the file ({@link StorageBackendContractTest#fileKey}).
   */
  static List<String> sortComponents(RecordKind kind) {
    return switch (kind) {
      case MEMORY -> List.of("accessedAt");
      case DOCUMENT -> List.of("createdAt");
      case CHUNK -> List.of("documentId", "startOffset");
      case MEMORY_RELATION, CROSS_LAYER_RELATION -> List.of("createdAt");
      case PENDING_MEMORY -> List.of("suggestedAt");
    };
  }

  /**
   * Like {@link #assertSameBytes}, but records whose sort keys (Doclea's ORDER BY of their
   * section) are equal may come in any order, and {@code metadata.sha256} (which hashes that
   * order) is not compared. Everything else, the order of records with different keys included,
   * must be equal.
   */
  static void assertSameIgnoringTieOrder(byte[] expected, byte[] actual, String context) {
    JsonObject a = withTiesById(parse(expected, context));
    JsonObject b = withTiesById(parse(actual, context));
    if (!a.equals(b)) {
      assertSameBytes(a.toString().getBytes(StandardCharsets.UTF_8),
          b.toString().getBytes(StandardCharsets.UTF_8),
          context + " (records with equal sort keys ordered by id, sha256 left out)");
    }
  }

  private static JsonObject parse(byte[] file, String context) {
    try (java.io.InputStream in = file.length > 1 && file[0] == (byte) 0x1f
            && file[1] == (byte) 0x8b
            ? new java.util.zip.GZIPInputStream(new ByteArrayInputStream(file))
            : new ByteArrayInputStream(file);
        java.io.Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(reader).getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(context + ": an export is not a JSON object: " + e, e);
    }
  }

  private static JsonObject withTiesById(JsonObject file) {
    JsonObject metadata = file.getAsJsonObject("metadata");
    if (metadata != null) {
      metadata.remove("sha256");
    }
    JsonObject data = file.getAsJsonObject("data");
    if (data == null) {
      return file;
    }
    for (RecordKind kind : RecordKind.values()) {
      JsonArray records = data.getAsJsonArray(kind.sectionName());
      if (records == null) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      for (String component : sortComponents(kind)) {
        fields.add(StorageBackendContractTest.fileKey(kind, component));
      }
      List<JsonElement> list = new ArrayList<>();
      records.forEach(list::add);
      int start = 0;
      for (int i = 1; i <= list.size(); i++) {
        if (i == list.size() || !sameKey(list.get(start), list.get(i), fields)) {
          list.subList(start, i).sort(Comparator.comparing(r -> String.valueOf(
              r.getAsJsonObject().get("id"))));
          start = i;
        }
      }
      JsonArray sorted = new JsonArray();
      list.forEach(sorted::add);
      data.add(kind.sectionName(), sorted);
    }
    return file;
  }

  /**
   * The records with each run of equal sort keys (Doclea's ORDER BY of their section) ordered by
   * id; the order of records with different keys is kept.
   */
  static List<TransferRecord> tiesById(List<? extends TransferRecord> records) {
    List<TransferRecord> list = new ArrayList<>(records);
    int start = 0;
    for (int i = 1; i <= list.size(); i++) {
      if (i == list.size() || !sortKey(list.get(start)).equals(sortKey(list.get(i)))) {
        list.subList(start, i).sort(Comparator.comparing(TransferRecord::id));
        start = i;
      }
    }
    return list;
  }

  /** The values of the record's {@link #sortComponents}, in their order. */
  static List<Object> sortKey(TransferRecord r) {
    List<Object> key = new ArrayList<>();
    for (String component : sortComponents(r.kind())) {
      key.add(componentValue(r, component));
    }
    return key;
  }

  /**
   * Whether {@code Transfer.diff} counts the two records as unchanged, by its documented rule:
   * every field equal, except that {@code memoryData} and relation {@code metadata} are compared
   * as JSON values (keys in any order, a member whose value is null same as a missing one, numbers
   * by value); a text that is not JSON compares as the plain string.
   */
  static boolean sameForDiff(TransferRecord a, TransferRecord b) {
    if (a.getClass() != b.getClass()) {
      return false;
    }
    for (RecordComponent c : a.getClass().getRecordComponents()) {
      Object x = componentValue(a, c.getName());
      Object y = componentValue(b, c.getName());
      boolean jsonText = c.getName().equals("memoryData") || c.getName().equals("metadata");
      if (jsonText && x instanceof String s && y instanceof String t) {
        if (!jsonValue(s).equals(jsonValue(t))) {
          return false;
        }
      } else if (!Objects.equals(x, y)) {
        return false;
      }
    }
    return true;
  }

  private static Object jsonValue(String text) {
    try {
      return jsonValue(JsonParser.parseString(text));
    } catch (JsonParseException e) {
      return List.of("text", text);
    }
  }

  private static Object jsonValue(JsonElement e) {
    if (e.isJsonNull()) {
      return List.of("null");
    } else if (e.isJsonObject()) {
      Map<String, Object> members = new TreeMap<>();
      e.getAsJsonObject().entrySet().stream().filter(m -> !m.getValue().isJsonNull())
          .forEach(m -> members.put(m.getKey(), jsonValue(m.getValue())));
      return members;
    } else if (e.isJsonArray()) {
      List<Object> items = new ArrayList<>();
      e.getAsJsonArray().forEach(item -> items.add(jsonValue(item)));
      return items;
    } else if (e.getAsJsonPrimitive().isNumber()) {
      return new BigDecimal(e.getAsString()).stripTrailingZeros();
    } else if (e.getAsJsonPrimitive().isBoolean()) {
      return e.getAsBoolean();
    }
    return List.of("string", e.getAsString());
  }

  private static Object componentValue(TransferRecord r, String component) {
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      if (c.getName().equals(component)) {
        try {
          return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + component + " of " + r, e);
        }
      }
    }
    throw new IllegalStateException(r.getClass().getName() + " has no component " + component);
  }

  private static boolean sameKey(JsonElement a, JsonElement b, List<String> fields) {
    for (String field : fields) {
      if (!Objects.equals(a.getAsJsonObject().get(field), b.getAsJsonObject().get(field))) {
        return false;
      }
    }
    return true;
  }

  private static String excerpt(byte[] bytes, int at) {
    int from = Math.max(0, at - 60);
    int to = Math.min(bytes.length, at + 60);
    return StoreContent.show(new String(bytes, from, to - from, StandardCharsets.UTF_8));
  }

  static void assertSectionCounts(ImportResult result, StoreContent existing,
      StoreContent incoming, boolean replace) {
    for (RecordKind kind : RecordKind.values()) {
      long common = incoming.ids(kind).stream().filter(existing.ids(kind)::contains).count();
      long fresh = incoming.size(kind) - common;
      var stats = result.section(kind);
      String where = kind.sectionName() + " stats " + stats;
      Assertions.assertEquals(fresh, stats.imported(), where + ": imported");
      Assertions.assertEquals(common, stats.conflicts(), where + ": conflicts");
      Assertions.assertEquals(replace ? common : 0, stats.overwritten(), where + ": overwritten");
      Assertions.assertEquals(replace ? 0 : common, stats.skipped(), where + ": skipped");
    }
  }

  /**
   * The entries of a directory, each with the SHA-256 of its content ("dir" for directories), to
   * compare a directory before and after an operation.
   */
  static Map<String, String> listing(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.collect(Collectors.toList())) {
        files.put(p.getFileName().toString(),
            Files.isRegularFile(p) ? sha256(Files.readAllBytes(p)) : "dir");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static String sha256(byte[] bytes) {
    try {
      StringBuilder sb = new StringBuilder();
      for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
        sb.append(String.format("%02x", b));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
