package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import java.nio.file.Path;
import java.util.Map;

/** Run in a child JVM by {@link ProjectKillPointTest}: one import, halted at a kill point. */
public final class ProjectKillMain {
  private ProjectKillMain() {}

  public static void main(String[] args) {
    try (DocleaProjectBackend b = DocleaProjectBackend.open(Path.of(args[0]), Map.of())) {
      ImportResult r = Transfer.importFrom(b, Path.of(args[1]), ImportOptions.builder()
          .reembed(new ProjectFixtures.FakeEmbedder()).conflictStrategy("overwrite").build());
      System.out.println(r.toJson());
      System.exit(r.success() ? 0 : 1);
    }
  }
}
