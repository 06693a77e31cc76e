package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.doclea.transfer.api.BackendException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closing a cursor's result set and statements ({@link SqliteCursor#closeAll}, which the JSON-row
 * cursor's close runs over its rowid statement too) closes every one of them even when one fails
 * to close, and loses no failure.
 */
class CursorCloseTest {

  @Test
  void everyResourceIsClosedAndTheFirstFailureCarriesTheLaterOnes() {
    List<String> closed = new ArrayList<>();
    SQLException first = new SQLException("result set");
    SQLException later = new SQLException("rowid statement");
    AutoCloseable rs = () -> {
      closed.add("result set");
      throw first;
    };
    AutoCloseable statement = () -> closed.add("statement");
    AutoCloseable byRowid = () -> {
      closed.add("rowid statement");
      throw later;
    };
    BackendException e = assertThrows(BackendException.class, () -> SqliteCursor.closeAll(
        "memories", Path.of("store.db"), 0, rs, statement, null, byRowid));
    assertEquals(List.of("result set", "statement", "rowid statement"), closed);
    assertSame(first, e.getCause());
    assertArrayEquals(new Throwable[] {later}, first.getSuppressed());
  }

  @Test
  void nullsAreSkipped() {
    List<String> closed = new ArrayList<>();
    SqliteCursor.closeAll("memories", Path.of("store.db"), 0, null,
        () -> closed.add("statement"), null);
    assertEquals(List.of("statement"), closed);
  }
}
