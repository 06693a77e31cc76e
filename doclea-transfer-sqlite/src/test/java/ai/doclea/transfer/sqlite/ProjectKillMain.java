package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import java.nio.file.Path;
import java.util.Map;

/** Run in a child JVM by {@link ProjectKillPointTest}: one import, halted at a kill point. */
public final class ProjectKillMain {
  private ProjectKillMain() {}

  public static void main(String[] args) {
    try (DocleaProjectBackend b = DocleaProjectBackend.open(Path.of(args[0]), Map.of())) {
      // A third argument "vectors": restore the file's vectors instead of embedding.
      ImportOptions.Builder options = ImportOptions.builder().conflictStrategy("overwrite");
      if (args.length < 3 || !args[2].equals("vectors")) {
        options.reembed(new ProjectFixtures.FakeEmbedder());
      }
      ImportResult r = Transfer.importFrom(b, Path.of(args[1]), options.build());
      System.out.println(r.toJson());
      System.exit(r.success() ? 0 : 1);
    }
  }
}
