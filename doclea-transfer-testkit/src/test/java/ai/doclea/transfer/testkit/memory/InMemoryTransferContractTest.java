package ai.doclea.transfer.testkit.memory;

import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.TransferContractTest;

/**
 * The in-memory backend runs the whole transfer contract: 120 tries of each of the five round-trip
 * properties (600 round trips), and 100 tries of every other property.
 */
class InMemoryTransferContractTest extends TransferContractTest {

  @Override
  protected StorageBackend createBackend() {
    return InMemoryBackend.create();
  }

  @Override
  protected int roundTripTries() {
    return 120;
  }

  @Override
  protected int tries() {
    return 100;
  }
}
