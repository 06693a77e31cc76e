package ai.doclea.transfer.examples.jsonl;

import ai.doclea.transfer.Providers;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StorageBackendContractTest;
import java.util.Map;
import net.jqwik.api.lifecycle.AfterContainer;

/** The example adapter passes the adapter test kit's storage contract. */
class JsonLinesStorageBackendContractTest extends StorageBackendContractTest {

  @Override
  protected StorageBackend createBackend() {
    return Providers.openBackend("jsonl:" + KitDirectories.fresh(), Map.of("create", "true"));
  }

  @Override
  protected StorageBackend reopen(StorageBackend closed) {
    return Providers.openBackend("jsonl:" + ((JsonLinesBackend) closed).dir());
  }

  /** Fewer tries than the kit's default: every commit writes and syncs eight files. */
  @Override
  protected int tries() {
    return 12;
  }

  @AfterContainer
  static void deleteStores() {
    KitDirectories.deleteAll();
  }
}
