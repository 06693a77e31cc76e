package ai.doclea.transfer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's launcher variant archives the classes of both commands it times, as the launcher. */
class BenchClassListsTest {
  @Test
  void theImportsClassesAreAddedOnceEachWithoutLineNumbers(@TempDir Path dir) throws Exception {
    Path export = Files.write(dir.resolve("export.classlist"),
        List.of("java/lang/Object id: 0", "picocli/CommandLine id: 1", "a/Export id: 2"));
    Path importList = Files.write(dir.resolve("import.classlist"),
        List.of("java/lang/Object id: 0", "picocli/CommandLine id: 7", "a/Import id: 3"));

    Bench.mergeClassLists(export, importList);

    assertEquals(List.of("java/lang/Object", "picocli/CommandLine", "a/Export", "a/Import"),
        Files.readAllLines(export));
    assertFalse(Files.exists(importList), "the import's list is consumed");
  }

  @Test
  void listsOfJava17WithoutNumbersAreMergedAsTheyAre(@TempDir Path dir) throws Exception {
    Path export = Files.write(dir.resolve("export.classlist"),
        List.of("java/lang/Object", "@lambda-proxy a/Export run ()V"));
    Path importList = Files.write(dir.resolve("import.classlist"),
        List.of("@lambda-proxy a/Export run ()V", "a/Import"));

    Bench.mergeClassLists(export, importList);

    assertEquals(List.of("java/lang/Object", "@lambda-proxy a/Export run ()V", "a/Import"),
        Files.readAllLines(export));
  }
}
