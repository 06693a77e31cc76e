package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.TransferContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.lifecycle.AfterContainer;

/** The SQLite adapter runs the whole export/import contract of the test kit. */
class SqliteTransferContractTest extends TransferContractTest {
  private static Path directory;

  static synchronized Path directory() {
    if (directory == null) {
      try {
        directory = Files.createTempDirectory("sqlite-transfer-contract");
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

  /** Doclea keeps vectors in its vector store; this adapter writes only local.db. */
  @Override
  protected boolean storesVectors() {
    return false;
  }

  /** Doclea's ORDER BYs have no tie-breaker: ties come in the order of SQLite's plan. */
  @Override
  protected boolean ordersTiesByStore() {
    return true;
  }

  @Override
  protected StorageBackend createBackend() {
    return SqliteBackend.open(TempFiles.freshDatabase(directory()), Map.of());
  }
}
