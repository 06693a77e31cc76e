package ai.doclea.transfer.testkit.memory;

import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.TransferContractTest;

/** The in-memory backend runs the whole transfer contract, with 1,002 round trips. */
class InMemoryTransferContractTest extends TransferContractTest {

  @Override
  protected StorageBackend createBackend() {
    return InMemoryBackend.create();
  }

  @Override
  protected int roundTripTries() {
    return 334;
  }
}
