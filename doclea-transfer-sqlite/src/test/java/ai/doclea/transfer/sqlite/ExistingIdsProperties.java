package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.spi.WriteTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@code existingIds} answers exactly which of the ids asked are stored, compared as Java strings:
 * whatever the mix of present, absent and repeated ids, across its lookup chunks, and also for a
 * memories table whose ids are not unique or compare without case (a layout Doclea does not make,
 * but a database may have).
 */
class ExistingIdsProperties {

  /** How the memories table's id column is declared. */
  enum IdColumn {
    /** {@code id TEXT PRIMARY KEY}, Doclea's. */
    PRIMARY_KEY,
    /** No key, and every row stored twice. */
    NOT_UNIQUE,
    /** {@code COLLATE NOCASE}: "MEM" matches "mem" in SQL, not in Java. */
    NOCASE
  }

  @Property(tries = 30)
  void theIdsFoundAreExactlyTheStoredOnesAsked(
      @ForAll @IntRange(min = 0, max = 1_100) int stored,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 1_300) Integer> picks,
      @ForAll @IntRange(min = 0, max = 1_100) int runFrom,
      @ForAll @IntRange(min = 0, max = 700) int runLength,
      @ForAll IdColumn column) throws Exception {
    // Asked: a run of consecutive ids (some stored, some beyond), single picks (repeats among
    // them), each in the stored spelling or in upper case (never stored).
    List<String> asked = new ArrayList<>();
    for (int i = runFrom; i < runFrom + runLength; i++) {
      asked.add(id(i));
    }
    for (int p : picks) {
      asked.add(p % 3 == 0 ? id(p).toUpperCase(Locale.ROOT) : id(p));
    }
    check(stored, asked, column);
  }

  /**
   * Half the ids asked are stored, each twice: as many rows match as ids were asked, and still
   * only half of them are there.
   */
  @Example
  void rowsStoredTwiceCountOnce() throws Exception {
    check(2, List.of(id(0), id(1), id(5), id(6)), IdColumn.NOT_UNIQUE);
  }

  private static void check(int stored, List<String> asked, IdColumn column) throws Exception {
    Path dir = Files.createTempDirectory("existing-ids");
    try {
      Path db = dir.resolve("local.db");
      SqliteBackend.open(db, Map.of("create", "true")).close();
      if (column != IdColumn.PRIMARY_KEY) {
        redeclareIds(db, column);
      }
      List<Memory> memories = new ArrayList<>();
      for (int i = 0; i < stored; i++) {
        memories.add(SqliteWriteTransactionTest.memory(id(i)));
      }
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        tx.insertAll(memories);
        tx.commit();
      }
      if (column == IdColumn.NOT_UNIQUE) {
        sql(db, "INSERT INTO memories SELECT * FROM memories");
      }

      Set<String> want = new TreeSet<>();
      for (String a : asked) {
        if (a.startsWith("mem-") && Integer.parseInt(a.substring(4)) < stored) {
          want.add(a);
        }
      }
      try (SqliteBackend backend = SqliteBackend.open(db, Map.of());
          WriteTransaction tx = backend.beginTransaction()) {
        assertEquals(want, new TreeSet<>(tx.existingIds(RecordKind.MEMORY, asked)));
        // Asked again in the same transaction (the statements are prepared once).
        List<String> reversed = new ArrayList<>(asked);
        java.util.Collections.reverse(reversed);
        assertEquals(want, new TreeSet<>(tx.existingIds(RecordKind.MEMORY, reversed)));
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String id(int i) {
    return "mem-" + i;
  }

  /** Makes the memories table again with the same columns and the id declared as asked. */
  private static void redeclareIds(Path db, IdColumn column) throws Exception {
    String ddl;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'memories'")) {
      rs.next();
      ddl = rs.getString(1);
    }
    String declared = column == IdColumn.NOCASE ? "id TEXT PRIMARY KEY COLLATE NOCASE" : "id TEXT";
    String changed = ddl.replaceFirst("id TEXT PRIMARY KEY", declared);
    assertNotEquals(ddl, changed, "the DDL declares the id as expected");
    Set<String> indexes = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE tbl_name = 'memories'"
            + " AND type IN ('index', 'trigger') AND sql IS NOT NULL")) {
      while (rs.next()) {
        indexes.add(rs.getString(1));
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = OFF");
      s.execute("DROP TABLE memories");
      s.execute(changed);
      for (String index : indexes) {
        s.execute(index);
      }
    }
  }

  private static void sql(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
