package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharing and version-control workflow of the README, end to end through the tool on Doclea
 * databases: a slice by tag and type, a diff of two exports of a database edited in between, and
 * a diff against a database that predicts the import.
 */
class SharingWorkflowTest {
  @TempDir Path dir;

  @Test
  void sliceByTagAndTypeHoldsExactlyWhatSqlSelects() throws Exception {
    Path db = Fixtures.docleaDb(dir, "a.db", SampleKnowledgeBase.generate(120, 11, Fixtures.NOW));
    // Two selected memories related to each other, and one related to an unselected memory.
    List<String> selectedIds = ids(db, "SELECT id FROM memories WHERE type = 'decision' AND"
        + " EXISTS (SELECT 1 FROM json_each(tags) WHERE value = 'security') ORDER BY id");
    assertTrue(selectedIds.size() >= 2, "the sample needs two security decisions: "
        + selectedIds);
    String other = ids(db, "SELECT id FROM memories WHERE type <> 'decision' ORDER BY id").get(0);
    DocleaDatabase.update(db, "INSERT INTO memory_relations (id, source_id, target_id, type,"
        + " weight, created_at) VALUES ('rel_in', ?, ?, 'supersedes', 1.0, 1)",
        selectedIds.get(0), selectedIds.get(1));
    DocleaDatabase.update(db, "INSERT INTO memory_relations (id, source_id, target_id, type,"
        + " weight, created_at) VALUES ('rel_out', ?, ?, 'supersedes', 1.0, 1)",
        selectedIds.get(0), other);
    Path out = dir.resolve("auth.json");

    JsonObject result = Cli.run("export", "--db", db.toString(), "--output", out.toString(),
        "--tag", "security", "--type", "decision").exits(0).noStackTrace().json();

    JsonObject file = Fixtures.readExport(out);
    JsonObject data = file.getAsJsonObject("data");
    assertEquals(Set.copyOf(selectedIds), idsOf(data.getAsJsonArray("memories")));
    String selected = "(SELECT id FROM memories WHERE type = 'decision' AND EXISTS (SELECT 1"
        + " FROM json_each(tags) WHERE value = 'security'))";
    Set<String> relations = idsOf(data.getAsJsonArray("memoryRelations"));
    assertEquals(Set.copyOf(ids(db, "SELECT id FROM memory_relations WHERE source_id IN "
        + selected + " AND target_id IN " + selected)), relations);
    assertTrue(relations.contains("rel_in") && !relations.contains("rel_out"), relations::toString);
    assertEquals(Set.copyOf(ids(db, "SELECT id FROM cross_layer_relations WHERE memory_id IN "
        + selected)), idsOf(data.getAsJsonArray("crossLayerRelations")));
    assertEquals(0, data.getAsJsonArray("pendingMemories").size(), "pending need a flag");
    assertEquals(DocleaDatabase.count(db, "documents"), data.getAsJsonArray("documents").size());
    JsonObject metadata = file.getAsJsonObject("metadata");
    assertEquals(selectedIds.size(), metadata.get("totalMemories").getAsLong());
    assertEquals("{\"types\":[\"decision\"],\"tags\":[\"security\"],"
        + "\"includePendingMatching\":false}", metadata.get("selection").toString());
    assertEquals(selectedIds.size(), result.getAsJsonObject("stats").get("memories").getAsLong());
    JsonObject verified = Cli.run("verify", out.toString()).exits(0).json();
    assertTrue(verified.get("warnings").toString().contains("selective export"),
        verified::toString);
  }

  @Test
  void diffOfTwoExportsReportsExactlyTheEditsInBetween() throws Exception {
    Path db = Fixtures.docleaDb(dir, "a.db", Fixtures.small());
    Path monday = dir.resolve("monday.json");
    Cli.run("export", "--db", db.toString(), "--output", monday.toString()).exits(0);
    List<String> memories = ids(db, "SELECT id FROM memories WHERE id NOT IN (SELECT source_id"
        + " FROM memory_relations UNION SELECT target_id FROM memory_relations UNION SELECT"
        + " memory_id FROM cross_layer_relations) ORDER BY id");
    String deleted = memories.get(0);
    String updated = memories.get(1);
    String document = ids(db, "SELECT id FROM documents ORDER BY id").get(0);
    DocleaDatabase.update(db, "DELETE FROM memories WHERE id = ?", deleted);
    DocleaDatabase.update(db, "UPDATE memories SET title = 'Renamed', tags = '[\"x\"]'"
        + " WHERE id = ?", updated);
    DocleaDatabase.update(db, "INSERT INTO memories (id, type, title, content, created_at,"
        + " accessed_at) VALUES ('mem_new', 'note', 'New', 'Body', 5, 6)");
    DocleaDatabase.update(db, "UPDATE documents SET content = 'changed' WHERE id = ?", document);
    Path friday = dir.resolve("friday.json.gz");
    Cli.run("export", "--db", db.toString(), "--output", friday.toString(), "--gzip").exits(0);

    Cli.Run run = Cli.run("diff", monday.toString(), friday.toString()).exits(0).noStackTrace();

    JsonObject json = run.json();
    assertTrue(json.get("success").getAsBoolean());
    assertFalse(json.get("identical").getAsBoolean());
    JsonObject sections = json.getAsJsonObject("sections");
    long memoryCount = DocleaDatabase.count(db, "memories");
    assertEquals(counts(1, 1, 1, memoryCount - 2), sections.get("memories").toString());
    assertEquals(counts(0, 0, 1, DocleaDatabase.count(db, "documents") - 1),
        sections.get("documents").toString());
    assertEquals(counts(0, 0, 0, DocleaDatabase.count(db, "chunks")),
        sections.get("chunks").toString());
    assertEquals("[{\"section\":\"memories\",\"id\":\"" + updated + "\",\"change\":\"changed\","
        + "\"fields\":[\"title\",\"tags\"]},"
        + "{\"section\":\"memories\",\"id\":\"" + deleted + "\",\"change\":\"removed\","
        + "\"fields\":[]},"
        + "{\"section\":\"memories\",\"id\":\"mem_new\",\"change\":\"added\",\"fields\":[]},"
        + "{\"section\":\"documents\",\"id\":\"" + document + "\",\"change\":\"changed\","
        + "\"fields\":[\"content\"]}]", sorted(json.getAsJsonArray("changes")));
    assertEquals(4, json.get("changesTotal").getAsLong());
    assertTrue(run.err().contains("memories +1 -1 ~1"), run.err());

    Cli.run("diff", "--exit-code", monday.toString(), friday.toString()).exits(1);
    Cli.run("diff", "--exit-code", monday.toString(), monday.toString()).exits(0);
    JsonObject limited = Cli.run("diff", "--limit", "1", monday.toString(), friday.toString())
        .exits(0).json();
    assertEquals(1, limited.getAsJsonArray("changes").size());
    assertEquals(4, limited.get("changesTotal").getAsLong());
  }

  @Test
  void diffAgainstADatabasePredictsTheImportAndWritesNothing() throws Exception {
    Path a = Fixtures.docleaDb(dir, "a.db", Fixtures.small());
    Path slice = dir.resolve("slice.json");
    Cli.run("export", "--db", a.toString(), "--output", slice.toString(), "--tag", "security",
        "--tag", "api", "--include-pending-matching").exits(0);
    Path b = Fixtures.docleaDb(dir, "b.db", Fixtures.small());
    List<String> sliced = List.copyOf(idsOf(Fixtures.readExport(slice).getAsJsonObject("data")
        .getAsJsonArray("memories")));
    DocleaDatabase.update(b, "UPDATE memories SET title = 'Edited in B' WHERE id = ?",
        sliced.get(0));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + b)) {
      c.createStatement().execute("PRAGMA foreign_keys = ON");
      c.prepareStatement("DELETE FROM memories WHERE id = '" + sliced.get(1) + "'")
          .executeUpdate();
    }
    long before = DocleaDatabase.count(b, "memories");

    JsonObject plan = Cli.run("diff", "--db", b.toString(), slice.toString()).exits(0)
        .noStackTrace().json();

    assertEquals(before, DocleaDatabase.count(b, "memories"), "the diff wrote nothing");
    JsonObject memories = plan.getAsJsonObject("sections").getAsJsonObject("memories");
    assertEquals(1, memories.get("added").getAsLong(), plan::toString);
    assertEquals(1, memories.get("changed").getAsLong(), plan::toString);
    JsonObject imported = Cli.run("import", "--db", b.toString(), "--input", slice.toString())
        .exits(0).json();
    JsonObject sections = imported.getAsJsonObject("sections");
    for (String section : List.of("memories", "documents", "chunks", "memoryRelations",
        "crossLayerRelations", "pendingMemories")) {
      JsonObject p = plan.getAsJsonObject("sections").getAsJsonObject(section);
      JsonObject s = sections.getAsJsonObject(section);
      assertEquals(p.get("added").getAsLong(), s.get("imported").getAsLong(),
          section + ": plan " + p + ", import " + s);
      assertEquals(p.get("changed").getAsLong() + p.get("unchanged").getAsLong(),
          s.get("skipped").getAsLong(), section + ": plan " + p + ", import " + s);
    }
    JsonObject after = Cli.run("diff", "--db", b.toString(), slice.toString()).exits(0).json();
    assertEquals(0, after.getAsJsonObject("sections").getAsJsonObject("memories")
        .get("added").getAsLong(), after::toString);
  }

  @Test
  void idsFromFileGlobsAndDocumentFiltersCombine() throws Exception {
    Path db = Fixtures.docleaDb(dir, "a.db", Fixtures.small());
    List<String> all = ids(db, "SELECT id FROM memories ORDER BY id");
    Path list = dir.resolve("ids.txt");
    java.nio.file.Files.writeString(list, "# shared with Bob\n" + all.get(0) + "\n\n"
        + all.get(1) + "\n");
    Path out = dir.resolve("some.json");
    Cli.run("export", "--db", db.toString(), "--output", out.toString(), "--ids-from",
        list.toString(), "--id", all.get(2), "--no-documents").exits(0).noStackTrace();
    JsonObject data = Fixtures.readExport(out).getAsJsonObject("data");
    assertEquals(Set.of(all.get(0), all.get(1), all.get(2)), idsOf(data.getAsJsonArray("memories")));
    assertEquals(0, data.getAsJsonArray("documents").size());
    assertEquals(0, data.getAsJsonArray("chunks").size());

    String title = ids(db, "SELECT title FROM documents ORDER BY id").get(0);
    Cli.run("export", "--db", db.toString(), "--output", out.toString(), "--document-title",
        title.replace('?', '*')).exits(0);
    data = Fixtures.readExport(out).getAsJsonObject("data");
    Set<String> docs = idsOf(data.getAsJsonArray("documents"));
    assertEquals(Set.copyOf(ids(db, "SELECT id FROM documents WHERE title = '"
        + title.replace("'", "''") + "'")), docs);
    assertEquals(Set.copyOf(ids(db, "SELECT c.id FROM chunks c JOIN documents d ON"
        + " d.id = c.document_id WHERE d.title = '" + title.replace("'", "''") + "'")),
        idsOf(data.getAsJsonArray("chunks")));
    assertEquals(all.size(), data.getAsJsonArray("memories").size(), "no memory filter");

    String file = ids(db, "SELECT value FROM memories, json_each(memories.related_files)"
        + " ORDER BY 1").get(0);
    Cli.run("export", "--db", db.toString(), "--output", out.toString(), "--file", file)
        .exits(0);
    assertEquals(Set.copyOf(ids(db, "SELECT DISTINCT m.id FROM memories m,"
        + " json_each(m.related_files) f WHERE f.value = '" + file.replace("'", "''") + "'")),
        idsOf(Fixtures.readExport(out).getAsJsonObject("data").getAsJsonArray("memories")));

    Cli.run("export", "--db", db.toString(), "--output", out.toString(), "--by", "modified",
        "--since", "1").exits(2);
    Cli.run("export", "--db", db.toString(), "--output", out.toString(), "--since", "9",
        "--until", "3").exits(2);
    Cli.run("export", "--db", db.toString(), "--output", out.toString(), "--no-documents",
        "--document", "d").exits(2);
  }

  @Test
  void diffUsageErrorsExitWithTwo() throws Exception {
    Path file = Fixtures.exportFile(dir, Fixtures.small());
    Cli.run("diff", file.toString()).exits(2);
    Cli.run("diff", "--db", dir.resolve("x.db").toString(), file.toString(), file.toString())
        .exits(2);
    Cli.Run missing = Cli.run("diff", file.toString(), dir.resolve("nope.json").toString())
        .exits(1).noStackTrace();
    assertTrue(missing.err().contains("nope.json"), missing.err());
    assertFalse(missing.json().get("success").getAsBoolean());
  }

  private static String counts(long added, long removed, long changed, long unchanged) {
    return "{\"added\":" + added + ",\"removed\":" + removed + ",\"changed\":" + changed
        + ",\"unchanged\":" + unchanged + "}";
  }

  private static String sorted(JsonArray changes) {
    List<String> order = List.of("memories", "documents", "chunks");
    List<JsonElement> list = new java.util.ArrayList<>();
    changes.forEach(list::add);
    list.sort(java.util.Comparator.<JsonElement>comparingInt(e -> order.indexOf(
        e.getAsJsonObject().get("section").getAsString()))
        .thenComparing(e -> e.getAsJsonObject().get("change").getAsString().equals("changed")
            ? 0 : e.getAsJsonObject().get("change").getAsString().equals("removed") ? 1 : 2));
    JsonArray out = new JsonArray();
    list.forEach(out::add);
    return out.toString();
  }

  private static Set<String> idsOf(JsonArray records) {
    Set<String> ids = new TreeSet<>();
    records.forEach(r -> ids.add(r.getAsJsonObject().get("id").getAsString()));
    return ids;
  }

  private static List<String> ids(Path db, String sql) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement p = c.prepareStatement(sql);
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
