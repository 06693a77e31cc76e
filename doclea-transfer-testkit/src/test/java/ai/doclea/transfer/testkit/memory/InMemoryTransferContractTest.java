package ai.doclea.transfer.testkit.memory;

import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.TransferContractTest;

/**
 * The in-memory backend runs the whole transfer contract: 80 tries of each of the five round-trip
 * properties (400 round trips), and 70 tries of every other property (the SQLite, PostgreSQL and
 * example adapters run it too, each with its own tries).
 */
class InMemoryTransferContractTest extends TransferContractTest {

  @Override
  protected StorageBackend createBackend() {
    return InMemoryBackend.create();
  }

  @Override
  protected int roundTripTries() {
    return 80;
  }

  @Override
  protected int tries() {
    return 70;
  }
}
