package ai.doclea.transfer.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Deletes the temporary directories of the tests. */
final class TempFiles {
  private TempFiles() {}

  /**
   * A new empty Doclea database: a copy of one laid out once with {@code create=true} (copying a
   * file is far cheaper than running Doclea's twelve migrations for every try).
   */
  static Path freshDatabase(Path directory) {
    try {
      Path template = directory.resolve("template.db");
      synchronized (TempFiles.class) {
        if (!Files.exists(template)) {
          SqliteBackend.open(template, Map.of("create", "true")).close();
        }
      }
      Path db = directory.resolve(UUID.randomUUID() + ".db");
      Files.copy(template, db);
      return db;
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy the template database", e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    List<Path> paths;
    try (var walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
