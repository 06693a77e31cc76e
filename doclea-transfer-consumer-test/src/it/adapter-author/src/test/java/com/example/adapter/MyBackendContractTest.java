package com.example.adapter;

import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StorageBackendContractTest;

/** What an adapter author writes first: the kit's storage contract against their backend. */
class MyBackendContractTest extends StorageBackendContractTest {
  @Override
  protected StorageBackend createBackend() {
    return InMemoryBackend.create();
  }
}
