package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ExportOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our export of a database laid out by Doclea's DDL equals, byte for byte, the file Doclea's server
 * writes for it (except {@code exportedAt} and our own {@code metadata.counts}/{@code sha256}).
 * Doclea's side is {@code tools/node/doclea-export.mjs}: Doclea's export queries and row mapping
 * run on Node with libsql, serialised with {@code JSON.stringify(value, null, 2)}. The rows have
 * tied timestamps in every ordered column (so the order of ties is SQLite's, not ours), NULL
 * relation metadata, and text that exercises JSON escaping.
 */
class DocleaByteIdentityTest {
  /**
   * {@code needs_review} values: Doclea writes 0 and 1; another tool may leave 2 or -1, which
   * Doclea's export writes as {@code false} ({@code (needs_review ?? 0) === 1}).
   */
  private static final int[] NEEDS_REVIEW = {0, 1, 0, 1, 2, -1};

  private static final Pattern EXPORTED_AT = Pattern.compile("\n  \"exportedAt\": \\d+,\n");
  private static final Pattern OUR_METADATA_KEYS = Pattern.compile(
      ",\n    \"counts\": \\{\n(?:      \"[A-Za-z]+\": \\d+,?\n)*    \\},\n"
          + "    \"sha256\": \"[0-9a-f]{64}\"\n  \\}\n\\}$");

  private static Path dir;
  private static Path script;

  @BeforeAll
  static void findNodeAndLibsql() throws IOException {
    dir = Files.createTempDirectory("doclea-byte-identity");
    script = findScript();
    if (!commandWorks("node", "--version")) {
      System.err.println("SKIPPED DocleaByteIdentityTest: 'node' is not on the PATH, so Doclea's"
          + " export cannot be run for comparison. Install Node.js 20+ and run"
          + " 'npm ci --prefix tools/node'.");
      Assumptions.abort("node is not on the PATH");
    }
    assertTrue(Files.isDirectory(script.getParent().resolve("node_modules/libsql")),
        "libsql is not installed in " + script.getParent() + "; run 'npm ci --prefix tools/node'"
            + " (.ci/run does) before the tests");
  }

  @AfterAll
  static void cleanUp() throws IOException {
    TempFiles.deleteTree(dir);
  }

  @ParameterizedTest(name = "{0} memories")
  @ValueSource(ints = {100, 10_000})
  void ourExportOfADocleaDatabaseEqualsDocleasExportByteForByte(int n) throws Exception {
    Path db = dir.resolve("doclea-" + n + ".db");
    DocleaFixtures.createDatabase(db, "012", true);
    fill(db, n, new Random(n));

    Path ours = dir.resolve("ours-" + n + ".json");
    try (SqliteBackend backend = SqliteBackend.open(db, Map.of("readOnly", "true"))) {
      Transfer.export(backend, ours, ExportOptions.defaults()).orThrow();
    }
    Path theirs = dir.resolve("doclea-" + n + ".json");
    runDocleaExport(db, theirs);

    String expected = EXPORTED_AT.matcher(Files.readString(theirs, StandardCharsets.UTF_8))
        .replaceFirst("\n  \"exportedAt\": 0,\n");
    String actual = Files.readString(ours, StandardCharsets.UTF_8);
    actual = EXPORTED_AT.matcher(actual).replaceFirst("\n  \"exportedAt\": 0,\n");
    Matcher ourKeys = OUR_METADATA_KEYS.matcher(actual);
    assertTrue(ourKeys.find(), "our file does not end with metadata.counts and sha256");
    actual = actual.substring(0, ourKeys.start()) + "\n  }\n}";
    assertSameText(expected, actual);
  }

  private static void assertSameText(String expected, String actual) {
    if (expected.equals(actual)) {
      return;
    }
    int at = 0;
    while (at < Math.min(expected.length(), actual.length())
        && expected.charAt(at) == actual.charAt(at)) {
      at++;
    }
    int line = 1;
    for (int i = 0; i < at; i++) {
      if (expected.charAt(i) == '\n') {
        line++;
      }
    }
    int from = Math.max(0, at - 300);
    fail("our export differs from Doclea's at line " + line + " (character " + at + ");"
        + " lengths " + actual.length() + " (ours) and " + expected.length() + " (Doclea's)."
        + "\n--- Doclea's:\n" + expected.substring(from, Math.min(expected.length(), at + 300))
        + "\n--- ours:\n" + actual.substring(from, Math.min(actual.length(), at + 300)));
  }

  private static void runDocleaExport(Path db, Path out) throws IOException, InterruptedException {
    Path log = dir.resolve("node.log");
    Process p = new ProcessBuilder("node", script.toString(), db.toString(), out.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Doclea's export script did not finish in 120 s");
    }
    assertEquals(0, p.exitValue(), () -> "Doclea's export script failed: " + read(log));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static Path findScript() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("tools/node/doclea-export.mjs");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("tools/node/doclea-export.mjs not found above "
        + Path.of("").toAbsolutePath());
  }

  private static boolean commandWorks(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ------------------------------------------------------------- rows as Doclea writes them

  private static final String[] TEXTS = {
    "plain ASCII text", "Grüße aus Köln, naïve café", "日本語のテキストと中文", "emoji 🎉👩‍💻",
    "quote \" backslash \\ slash / <script>&amp;</script>", "line\nbreak\ttab\rcarriage",
    "control \u0001\u0007\u001f and DEL \u007f", "separators \u2028 and \u2029", "=' <>",
  };
  private static final double[] NUMBERS = {0.5, 0.1 + 0.2, 1.0, 0.0, 1e-7, 0.123456789, 0.75,
      5e-324, 2.5e-5};

  /** Numbers as JSON.stringify writes them, as Doclea stores them inside memory_data. */
  private static final String[] JS_NUMBERS = {"0.5", "0.30000000000000004", "1", "0", "1e-7",
      "0.123456789"};

  private static String text(Random r, int parts) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      s.append(TEXTS[r.nextInt(TEXTS.length)]).append(' ');
    }
    return s.toString();
  }

  /** JSON.stringify of an array of simple strings (no characters that need escaping). */
  private static String jsonArray(Random r, String prefix) {
    int k = r.nextInt(4);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      items.add("\"" + prefix + r.nextInt(20) + "\"");
    }
    return "[" + String.join(",", items) + "]";
  }

  private static <T> T maybeNull(Random r, T value) {
    return r.nextInt(3) == 0 ? null : value;
  }

  private static void fill(Path db, int n, Random r) throws SQLException {
    // Ids are inserted in shuffled order, so that rowid order and id order differ.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, r);
    int spread = Math.max(2, n / 8);
    try (Connection c = DocleaFixtures.connect(db)) {
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO memories (id, type, title,"
          + " content, summary, importance, tags, related_files, git_commit, source_pr, experts,"
          + " qdrant_id, created_at, accessed_at, access_count, needs_review, decay_rate,"
          + " last_refreshed_at, confidence_floor, decay_function)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        String[] types = {"decision", "solution", "pattern", "architecture", "note"};
        for (int i : order) {
          Object[] v = {"mem_" + Integer.toString(i * 7919 % 1_000_003, 36),
              types[r.nextInt(types.length)], text(r, 1), text(r, 1 + r.nextInt(6)),
              maybeNull(r, text(r, 1)), NUMBERS[r.nextInt(NUMBERS.length)],
              jsonArray(r, "tag"), jsonArray(r, "src/file"), maybeNull(r, "abc" + i),
              maybeNull(r, "PR-" + i), jsonArray(r, "expert"), maybeNull(r, "vec_" + i),
              1_700_000_000L + r.nextInt(spread), 1_700_000_000L + r.nextInt(spread),
              (long) r.nextInt(5), NEEDS_REVIEW[r.nextInt(NEEDS_REVIEW.length)],
              maybeNull(r, NUMBERS[r.nextInt(4)]),
              maybeNull(r, 1_700_000_500L + r.nextInt(spread)), maybeNull(r, 0.2),
              maybeNull(r, "exponential")};
          bind(p, v);
        }
        p.executeBatch();
      }
      int docs = Math.max(2, n / 4);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO documents (id, title, content,"
          + " content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = docs - 1; i >= 0; i--) {
          bind(p, new Object[] {"doc_" + i, text(r, 1), text(r, 3), maybeNull(r, "h" + i),
              1_700_000_000L + r.nextInt(spread), 1_700_000_000L + r.nextInt(spread)});
        }
        p.executeBatch();
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO chunks (id, document_id,"
          + " content, qdrant_id, start_offset, end_offset) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < docs; i++) {
          long start = r.nextInt(3) * 10L; // ties within a document
          bind(p, new Object[] {"chk_" + (docs - i), "doc_" + r.nextInt(docs), text(r, 2),
              maybeNull(r, "vec_c" + i), start, start + 10});
        }
        p.executeBatch();
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO memory_relations (id,"
          + " source_id, target_id, type, weight, metadata, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < n / 2; i++) {
          bind(p, new Object[] {"rel_" + (n - i), "mem_" + Integer.toString(i * 7919 % 1_000_003,
                  36), "mem_" + Integer.toString((i + 1) * 7919 % 1_000_003, 36),
              r.nextBoolean() ? "references" : "implements", NUMBERS[r.nextInt(NUMBERS.length)],
              maybeNull(r, "{\"reason\":\"" + TEXTS[r.nextInt(3)] + "\"}"),
              1_700_000_000_000L + r.nextInt(spread)});
        }
        p.executeBatch();
      }
      DocleaFixtures.exec(c, "INSERT INTO code_nodes (id, type, name, file_path)"
          + " VALUES ('node_1', 'file', 'a.ts', 'src/a.ts')");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO cross_layer_relations (id,"
          + " memory_id, code_node_id, relation_type, direction, confidence, metadata,"
          + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < Math.max(1, n / 4); i++) {
          bind(p, new Object[] {"xl_" + (n - i), "mem_" + Integer.toString(i * 7919 % 1_000_003,
                  36), "node_1", "documents" + i, "memory_to_code",
              NUMBERS[r.nextInt(NUMBERS.length)],
              maybeNull(r, "{\"detectionMethod\":\"file_path_match\"}"),
              1_700_000_000L + r.nextInt(spread)});
        }
        p.executeBatch();
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO pending_memories (id,"
          + " memory_data, qdrant_id, suggested_at, source, reason)"
          + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < Math.max(1, n / 10); i++) {
          String data = "{\"type\":\"note\",\"title\":\"T" + i + "\",\"content\":\"caf\u00e9 "
              + "\\u2028 \\\"q\\\"\",\"importance\":" + JS_NUMBERS[r.nextInt(JS_NUMBERS.length)]
              + ",\"tags\":[],\"relatedFiles\":[\"a\"],\"experts\":[],\"id\":\"mem_p" + i
              + "\",\"qdrantId\":\"vec_p" + i + "\",\"needsReview\":false,"
              + "\"future\":{\"nested\":[1,2.5,null,true]}}";
          bind(p, new Object[] {"pnd_" + (n - i), data, "vec_p" + i,
              1_700_000_000L + r.nextInt(spread), r.nextBoolean() ? "user_store" : "import",
              text(r, 1)});
        }
        p.executeBatch();
      }
      c.commit();
    }
  }

  private static void bind(PreparedStatement p, Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      p.setObject(i + 1, values[i]);
    }
    p.addBatch();
  }
}
