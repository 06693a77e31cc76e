package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StorageBackendContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The project backend ({@code doclea:DIR}) runs the storage contract of the test kit: records go
 * through its journalled transaction (a replaced memory journals the removal of its vector).
 * Vectors are model-bound in a project, so the kit's arbitrary vectors are left out; the project
 * tests check vectors.
 */
class DocleaProjectContractTest extends StorageBackendContractTest {
  private static Path directory;

  static synchronized Path directory() {
    if (directory == null) {
      try {
        directory = Files.createTempDirectory("project-contract");
      } catch (IOException e) {
        throw new IllegalStateException("cannot create a temporary directory", e);
      }
    }
    return directory;
  }

  @AfterContainer
  static void removeDirectory() throws IOException {
    TempFiles.deleteTree(directory);
    directory = null;
  }

  @Override
  protected boolean storesVectors() {
    return false;
  }

  @Override
  protected int tries() {
    return 5;
  }

  @Override
  protected StorageBackend createBackend() {
    try {
      Path p = ProjectFixtures.project(directory(), UUID.randomUUID().toString());
      return DocleaProjectBackend.open(p, Map.of("create", "true"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected StorageBackend reopen(StorageBackend closed) {
    return DocleaProjectBackend.open(((DocleaProjectBackend) closed).config().projectDir(),
        Map.of());
  }

  /** Doclea's ORDER BYs have no tie-breaker: ties come in the order of SQLite's plan. */
  @Override
  protected boolean ordersTiesByStore() {
    return true;
  }
}
