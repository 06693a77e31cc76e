package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import org.sqlite.Function;

/**
 * Translates a {@link Selection} into SQL {@code WHERE} clauses, so that a selective export reads
 * only the rows it writes. Conditions SQL expresses exactly (ids, types, time range, importance)
 * are plain SQL that can use the indexes ({@code memories} primary key and {@code
 * idx_memories_type}, the relation and chunk indexes on their parent ids); tags, file globs,
 * document titles and pending memories' {@code memoryData} are checked by SQL functions that call
 * the same {@link Selection} methods as the core, after a {@code LIKE} pre-filter for tags. The
 * functions are registered on the snapshot's own connection.
 */
final class SelectionSql {
  static final String MEMORY_FN = "doclea_selected_memory";
  static final String DOCUMENT_FN = "doclea_selected_document";
  static final String PENDING_FN = "doclea_selected_pending";

  /** A WHERE clause (without the keyword) and its parameters; null clause means no rows. */
  record Where(String clause, List<Object> params) {
    static final Where NONE = new Where(null, List.of());
    static final Where EVERYTHING = new Where("1", List.of());
  }

  private final Selection selection;

  SelectionSql(Selection selection) {
    this.selection = selection;
  }

  /** Registers the three functions for this selection on a connection. */
  void register(Connection connection) throws SQLException {
    Function.create(connection, MEMORY_FN, new Function() {
      @Override
      protected void xFunc() throws SQLException {
        String id = value_text(0);
        List<String> tags = array(value_text(3), id, "tags");
        List<String> files = array(value_text(4), id, "related_files");
        result(selection.matchesMemory(id, value_text(1),
            isNull(2) ? ai.doclea.transfer.api.Memory.DEFAULT_IMPORTANCE : value_double(2),
            tags, files, isNull(5) ? null : value_long(5), isNull(6) ? null : value_long(6))
            ? 1 : 0);
      }

      private boolean isNull(int i) throws SQLException {
        return value_type(i) == 5; // SQLITE_NULL
      }
    }, 7, Function.FLAG_DETERMINISTIC);
    Function.create(connection, DOCUMENT_FN, new Function() {
      @Override
      protected void xFunc() throws SQLException {
        result(selection.matchesDocument(value_text(0), value_text(1)) ? 1 : 0);
      }
    }, 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, PENDING_FN, new Function() {
      @Override
      protected void xFunc() throws SQLException {
        String data = value_text(0);
        try {
          result(data != null && selection.matchesPending(data) ? 1 : 0);
        } catch (RuntimeException e) {
          throw new SQLException("memory_data of pending memory '" + value_text(1)
              + "' cannot be read: " + e.getMessage(), e);
        }
      }
    }, 2, Function.FLAG_DETERMINISTIC);
  }

  private static List<String> array(String text, String id, String column) throws SQLException {
    if (text == null) {
      return List.of();
    }
    try {
      return JsonText.parseStringArray(text);
    } catch (JsonText.BadJsonException e) {
      throw new SQLException("memories." + column + " of memory '" + id + "' is not a JSON array"
          + " of strings: " + e.getMessage(), e);
    }
  }

  /** Which rows of {@code kind}'s table an export of the selection writes. */
  Where where(RecordKind kind) {
    switch (kind) {
      case MEMORY:
        return memories();
      case MEMORY_RELATION: {
        if (!selection.filtersMemories()) {
          return Where.EVERYTHING;
        }
        Where m = memories();
        List<Object> params = new ArrayList<>(m.params());
        params.addAll(m.params());
        // "+target_id" keeps SQLite from probing the (source_id, target_id) index with every
        // pair of selected memories (quadratic in the slice): it looks relations up by source
        // and checks the target against the materialised list.
        return new Where("source_id IN (SELECT id FROM memories WHERE " + m.clause()
            + ") AND +target_id IN (SELECT id FROM memories WHERE " + m.clause() + ")", params);
      }
      case CROSS_LAYER_RELATION: {
        if (!selection.filtersMemories()) {
          return Where.EVERYTHING;
        }
        Where m = memories();
        return new Where("memory_id IN (SELECT id FROM memories WHERE " + m.clause() + ")",
            m.params());
      }
      case PENDING_MEMORY:
        if (!selection.filtersMemories()) {
          return Where.EVERYTHING;
        }
        if (!selection.includePendingMatching()) {
          return Where.NONE;
        }
        return new Where(PENDING_FN + "(memory_data, id)", List.of());
      case DOCUMENT:
        return documents();
      case CHUNK: {
        if (!selection.filtersDocuments()) {
          return Where.EVERYTHING;
        }
        Where d = documents();
        if (d.clause() == null) {
          return Where.NONE;
        }
        return new Where("document_id IN (SELECT id FROM documents WHERE " + d.clause() + ")",
            d.params());
      }
      default:
        throw new AssertionError(kind);
    }
  }

  private Where documents() {
    if (!selection.includeDocuments()) {
      return Where.NONE;
    }
    if (selection.documentTitles().isEmpty()) {
      if (selection.documentIds().isEmpty()) {
        return Where.EVERYTHING;
      }
      List<Object> params = new ArrayList<>(selection.documentIds());
      return new Where("id IN (" + marks(params.size()) + ")", params);
    }
    return new Where(DOCUMENT_FN + "(id, title)", List.of());
  }

  private Where memories() {
    List<String> terms = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (!selection.ids().isEmpty()) {
      terms.add("id IN (" + marks(selection.ids().size()) + ")");
      params.addAll(selection.ids());
    }
    if (!selection.types().isEmpty()) {
      terms.add("type IN (" + marks(selection.types().size()) + ")");
      params.addAll(selection.types());
    }
    String time = selection.timeField() == Selection.TimeField.ACCESSED
        ? "accessed_at" : "created_at";
    if (selection.since() != null) {
      terms.add(time + " >= ?");
      params.add(selection.since());
    }
    if (selection.until() != null) {
      terms.add(time + " < ?");
      params.add(selection.until());
    }
    if (selection.minImportance() != null) {
      terms.add("COALESCE(importance, " + ai.doclea.transfer.api.Memory.DEFAULT_IMPORTANCE
          + ") >= ?");
      params.add(selection.minImportance());
    }
    if (!selection.tags().isEmpty()) {
      // The pre-filter only when every tag can be found in the JSON text as it is; its
      // parameters are added only then, so that they always match the placeholders.
      if (selection.tags().stream().allMatch(SelectionSql::plainJsonString)) {
        List<String> likes = new ArrayList<>();
        for (String tag : selection.tags()) {
          likes.add("tags LIKE ? ESCAPE '\\'");
          params.add("%\"" + escapeLike(tag) + "\"%");
        }
        // Any character may be written as a \\u escape ("\\u0061" is "a"): a text holding one
        // is left to the function, which reads the JSON.
        likes.add("instr(tags, '\\u') > 0");
        terms.add("(" + String.join(" OR ", likes) + ")");
      }
    }
    if (!selection.tags().isEmpty() || !selection.fileGlobs().isEmpty()) {
      terms.add(MEMORY_FN + "(id, type, importance, tags, related_files, created_at,"
          + " accessed_at)");
    }
    return terms.isEmpty() ? Where.EVERYTHING : new Where(String.join(" AND ", terms), params);
  }

  /**
   * Whether every JSON writer writes the string as it is (ASCII letters, digits and a few
   * punctuation marks no writer escapes), so that a LIKE on the JSON text is sure to find it
   * where the text has no {@code \\u} escape (which JSON allows for any character).
   */
  private static boolean plainJsonString(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || " -_.:@#+".indexOf(c) >= 0;
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static String marks(int n) {
    StringJoiner j = new StringJoiner(", ");
    for (int i = 0; i < n; i++) {
      j.add("?");
    }
    return j.toString();
  }

  static void bind(PreparedStatement statement, Collection<Object> params) throws SQLException {
    int i = 1;
    for (Object p : params) {
      statement.setObject(i++, p);
    }
  }
}
