package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.TransferContractTest;
import java.util.Map;

/** The PostgreSQL adapter runs the whole export/import contract of the test kit. */
class PostgresTransferContractTest extends TransferContractTest {

  @Override
  protected StorageBackend createBackend() {
    return PostgresBackend.open(TestPostgres.shared().uri(TestPostgres.freshSchema("xfer"), true),
        Map.of());
  }
}
