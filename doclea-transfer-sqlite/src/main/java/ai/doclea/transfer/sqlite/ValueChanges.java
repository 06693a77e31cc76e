package ai.doclea.transfer.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values an export read from the database but could not write as they are, so that its
 * result warns about them instead of changing them silently: SQL NULL where the format has a
 * number or a list (written as the schema's default), numbers or booleans in a JSON list of
 * strings (written as their text), a {@code needs_review} other than 0 or 1 (written as Doclea's
 * server reads it). One warning per table, column and kind of change, with how many rows and the
 * first row's id. Shared by the reading thread and the thread that asks for the notes, so
 * synchronized.
 */
final class ValueChanges {
  /** How many rows of one table and column were changed one way, and the first one's id. */
  private static final class Count {
    final String table;
    final String firstId;
    long rows;

    Count(String table, String firstId) {
      this.table = table;
      this.firstId = firstId;
    }
  }

  private final Path path;
  /** By change: {@code table.column} and how, as the note says it. */
  private final Map<String, Count> counts = new LinkedHashMap<>();

  ValueChanges(Path path) {
    this.path = path;
  }

  /**
   * Records that a value of row {@code id} in {@code table.column} was written changed.
   *
   * @param table the table
   * @param column the column
   * @param id the row's id
   * @param how what the value was and how it is written, for example {@code "is NULL, written
   *     as 0.5 (the schema's default)"}
   */
  synchronized void changed(String table, String column, String id, String how) {
    counts.computeIfAbsent(table + "." + column + " " + how, k -> new Count(table, id)).rows++;
    TestHooks.run("value-changed", table);
  }

  /** One sentence per table, column and change, in the order they were first met. */
  List<String> notes() {
    return notes(table -> true);
  }

  /**
   * As {@link #notes()}, for the tables given only.
   *
   * @param tables which tables' changes to tell
   * @return the sentences
   */
  synchronized List<String> notes(java.util.function.Predicate<String> tables) {
    List<String> notes = new ArrayList<>();
    counts.forEach((change, c) -> {
      if (tables.test(c.table)) {
        notes.add(change + " in " + c.rows + (c.rows == 1 ? " row" : " rows") + " of " + path
            + " (first: '" + c.firstId + "')");
      }
    });
    return notes;
  }
}
