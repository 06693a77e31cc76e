package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StorageBackendContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The PostgreSQL adapter runs the whole storage contract of the test kit, durability included,
 * against a real server; every backend gets an empty schema of its own.
 */
@AddLifecycleHook(value = SchemasAfterTry.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class PostgresBackendContractTest extends StorageBackendContractTest
    implements SchemasAfterTry.SchemaUser {
  private final Map<StorageBackend, String> schemas = new ConcurrentHashMap<>();

  @Override
  protected StorageBackend createBackend() {
    String schema = TestPostgres.shared().cleanSchema("kit");
    StorageBackend backend =
        PostgresBackend.open(TestPostgres.shared().uri(schema, false), Map.of());
    schemas.put(backend, schema);
    return backend;
  }

  @Override
  protected StorageBackend reopen(StorageBackend closed) {
    return PostgresBackend.open(TestPostgres.shared().uri(schemas.get(closed), false), Map.of());
  }

  @Override
  protected int tries() {
    return 6;
  }

  @Override
  public void releaseSchemas() {
    List<String> used = new ArrayList<>(schemas.values());
    schemas.clear();
    TestPostgres.shared().release(used);
  }
}
