package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.TransferContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/** The PostgreSQL adapter runs the whole export/import contract of the test kit. */
@AddLifecycleHook(value = SchemasAfterTry.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class PostgresTransferContractTest extends TransferContractTest
    implements SchemasAfterTry.SchemaUser {
  private final List<String> schemas = new ArrayList<>();

  @Override
  protected StorageBackend createBackend() {
    String schema = TestPostgres.shared().cleanSchema("xfer");
    synchronized (schemas) {
      schemas.add(schema);
    }
    return PostgresBackend.open(TestPostgres.shared().uri(schema, false), Map.of());
  }

  @Override
  protected int roundTripTries() {
    return 15;
  }

  @Override
  protected int tries() {
    return 6;
  }

  @Override
  public void releaseSchemas() {
    List<String> used;
    synchronized (schemas) {
      used = new ArrayList<>(schemas);
      schemas.clear();
    }
    TestPostgres.shared().release(used);
  }
}
