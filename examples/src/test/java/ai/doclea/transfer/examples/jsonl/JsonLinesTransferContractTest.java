package ai.doclea.transfer.examples.jsonl;

import ai.doclea.transfer.Providers;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.TransferContractTest;
import java.util.Map;
import net.jqwik.api.lifecycle.AfterContainer;

/** The example adapter passes the adapter test kit's transfer contract. */
class JsonLinesTransferContractTest extends TransferContractTest {

  @Override
  protected StorageBackend createBackend() {
    return Providers.openBackend("jsonl:" + KitDirectories.fresh(), Map.of("create", "true"));
  }

  /** Fewer round trips than the kit's default: every commit writes and syncs eight files. */
  @Override
  protected int roundTripTries() {
    return 25;
  }

  @Override
  protected int tries() {
    return 15;
  }

  @AfterContainer
  static void deleteStores() {
    KitDirectories.deleteAll();
  }
}
