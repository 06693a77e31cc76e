package ai.doclea.transfer.testkit.memory;

import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StorageBackendContractTest;

/** The in-memory backend runs the whole storage contract. */
class InMemoryBackendContractTest extends StorageBackendContractTest {

  @Override
  protected StorageBackend createBackend() {
    return InMemoryBackend.create();
  }
}
