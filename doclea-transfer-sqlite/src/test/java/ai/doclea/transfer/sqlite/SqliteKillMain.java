package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ImportResult;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a child JVM by {@link SqliteKillPointTest}: one import into a database the backend
 * creates, halted at a kill point.
 */
public final class SqliteKillMain {
  private SqliteKillMain() {}

  public static void main(String[] args) {
    try (SqliteBackend b = SqliteBackend.open(Path.of(args[0]), Map.of("create", "true"))) {
      ImportResult r = Transfer.importFrom(b, Path.of(args[1]), ImportOptions.builder().build());
      System.out.println(r.toJson());
      System.exit(r.success() ? 0 : 1);
    }
  }
}
