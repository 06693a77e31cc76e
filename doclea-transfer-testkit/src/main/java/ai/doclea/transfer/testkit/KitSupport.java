package ai.doclea.transfer.testkit;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.spi.StorageBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
