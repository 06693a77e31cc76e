package ai.doclea.transfer.examples.jsonl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One temporary directory per store the kit creates, all under one root deleted at the end. */
final class KitDirectories {
  private static Path root;
  private static long next;

  private KitDirectories() {}

  static synchronized Path fresh() {
    try {
      if (root == null) {
        root = Files.createTempDirectory("jsonl-kit-");
      }
      return root.resolve("store-" + next++);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static synchronized void deleteAll() {
    if (root != null) {
      try {
        JsonLinesBackend.deleteTree(root);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete " + root, e);
      }
      root = null;
    }
  }
}
