package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.testkit.StorageBackendContractTest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL adapter runs the whole storage contract of the test kit, durability included,
 * against a real server; every backend gets a fresh schema.
 */
class PostgresBackendContractTest extends StorageBackendContractTest {
  private final Map<StorageBackend, String> schemas = new ConcurrentHashMap<>();

  @Override
  protected StorageBackend createBackend() {
    String schema = TestPostgres.freshSchema("kit");
    StorageBackend backend =
        PostgresBackend.open(TestPostgres.shared().uri(schema, true), Map.of());
    schemas.put(backend, schema);
    return backend;
  }

  @Override
  protected StorageBackend reopen(StorageBackend closed) {
    return PostgresBackend.open(TestPostgres.shared().uri(schemas.remove(closed), false),
        Map.of());
  }
}
