package ai.doclea.transfer.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferListener;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.WriteTransaction;
import ai.doclea.transfer.testkit.StoreContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a user sees when the server cannot be reached, refuses the login, lacks the schema, or
 * loses the writing connection in the middle of an import: one clear message, and nothing
 * half-written.
 */
class PostgresFailuresTest {

  @Test
  void serverThatDoesNotListenIsAClearConnectionError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    BackendException e = assertThrows(BackendException.class, () -> PostgresBackend.open(
        "postgresql://127.0.0.1:" + port + "/postgres?user=postgres&password=x", Map.of()));
    assertTrue(e.getMessage().contains("the connection to PostgreSQL failed"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
  }

  @Test
  void wrongPasswordIsAClearLoginErrorWithoutThePassword() {
    TestPostgres pg = TestPostgres.shared();
    BackendException e = assertThrows(BackendException.class, () -> PostgresBackend.open(
        "postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres&password=not-it",
        Map.of()));
    assertTrue(e.getMessage().contains("refused the login of user 'postgres'"), e.getMessage());
    assertTrue(e.getMessage().contains("Check the user and password"), e.getMessage());
    assertFalse(e.getMessage().contains("not-it"), e.getMessage());
  }

  @Test
  void missingSchemaWithoutCreateFailsAndCreatesNothing() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String schema = TestPostgres.freshSchema("missing");
    BackendException e = assertThrows(BackendException.class,
        () -> PostgresBackend.open(pg.uri(schema, false), Map.of()));
    assertTrue(e.getMessage().contains("schema " + schema), e.getMessage());
    assertTrue(e.getMessage().contains("set create=true"), e.getMessage());
    try (Connection c = pg.connect(); PreparedStatement st = c.prepareStatement(
        "SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        assertEquals(0, rs.getInt(1), "the schema was created");
      }
    }
  }

  @Test
  void badOptionsNameTheOptionAndTheValidOnes() {
    ConfigurationException unknown = assertThrows(ConfigurationException.class,
        () -> PostgresBackend.open("postgresql://h/db?colour=red", Map.of()));
    assertTrue(unknown.getMessage().contains("Unknown option 'colour'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("schema"), unknown.getMessage());
    ConfigurationException schema = assertThrows(ConfigurationException.class,
        () -> PostgresBackend.open("postgresql://h/db?schema=Bad-Name", Map.of()));
    assertTrue(schema.getMessage().contains("'Bad-Name'"), schema.getMessage());
    ConfigurationException noDb = assertThrows(ConfigurationException.class,
        () -> PostgresBackend.open("postgresql://h:5432", Map.of()));
    assertTrue(noDb.getMessage().contains("names no database"), noDb.getMessage());
  }

  @Test
  void connectionKilledMidImportLeavesTheStoreUnchanged() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String schema = TestPostgres.freshSchema("killed");
    List<TransferRecord> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(Memory.builder(String.format("mem_%04d", i), "note", "t" + i, "c" + i)
          .accessedAt((long) i).build());
    }
    byte[] file = exportOf(StoreContent.of(records));
    StoreContent before = StoreContent.of(Memory.builder("mem_kept", "note", "kept", "kept")
        .build());
    try (StorageBackend target = PostgresBackend.open(pg.uri(schema, true), Map.of())) {
      before.loadInto(target);
      AtomicInteger batches = new AtomicInteger();
      TransferListener killer = new TransferListener() {
        @Override
        public void progress(RecordKind kind, long done) {
          if (batches.incrementAndGet() == 3) {
            terminateWriters(pg);
          }
        }
      };
      ImportResult result = Transfer.importFrom(target, new ByteArrayInputStream(file),
          "the file", ImportOptions.builder().batchSize(20).listener(killer).build());

      assertFalse(result.success(), "the import succeeded although its connection was killed");
      String message = result.failure().orElseThrow().getMessage();
      assertTrue(message.contains(schema), message);
      assertTrue(message.contains("nothing of it was written")
          || message.contains("nothing was changed"), message);
      assertEquals(before.ids(RecordKind.MEMORY), StoreContent.read(target).ids(RecordKind.MEMORY),
          "memories after the failed import");
    }
  }

  @Test
  void aFailedWriteRemovesTheSchemaThatOpeningCreatedAndOnlyThat() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    byte[] file = exportOf(StoreContent.of(Memory.builder("mem_1", "note", "t", "c").build()));

    // a dry run into a new schema: rolled back, nothing committed: the schema goes again
    String dry = TestPostgres.freshSchema("created");
    try (PostgresBackend target = PostgresBackend.open(pg.uri(dry, true), Map.of())) {
      assertTrue(schemaExists(pg, dry));
      ImportResult result = Transfer.importFrom(target, new ByteArrayInputStream(file), "file",
          ImportOptions.builder().dryRun(true).build());
      assertTrue(result.success(), () -> String.valueOf(result.failure()));
    }
    assertFalse(schemaExists(pg, dry), "the schema created for a dry run is still there");

    // a failed write into a new schema: the same
    String failed = TestPostgres.freshSchema("created");
    insertAndRollBack(pg.uri(failed, true));
    assertFalse(schemaExists(pg, failed), "the schema created for a failed write is still there");

    // a schema that existed before is kept, even with create=true
    String existing = TestPostgres.freshSchema("created");
    PostgresBackend.open(pg.uri(existing, true), Map.of()).close();
    insertAndRollBack(pg.uri(existing, true));
    assertTrue(schemaExists(pg, existing), "a schema the backend did not create was removed");

    // a new schema that got a committed import is kept, even if a later write fails
    String kept = TestPostgres.freshSchema("created");
    try (PostgresBackend target = PostgresBackend.open(pg.uri(kept, true), Map.of())) {
      assertTrue(Transfer.importFrom(target, new ByteArrayInputStream(file), "file",
          ImportOptions.builder().build()).success());
      try (WriteTransaction tx = target.beginTransaction()) {
        tx.rollback();
      }
    }
    assertTrue(schemaExists(pg, kept), "a schema holding committed records was removed");
  }

  @Test
  void aRecordRefusedForALoneSurrogateLeavesNothingOfItInTheTransaction() {
    TestPostgres pg = TestPostgres.shared();
    String schema = TestPostgres.freshSchema("surrogate");
    try (PostgresBackend target = PostgresBackend.open(pg.uri(schema, true), Map.of())) {
      try (WriteTransaction tx = target.beginTransaction()) {
        BackendException e = assertThrows(BackendException.class, () -> tx.insert(
            Memory.builder("mem_bad", "note", "title", "half \uD800 a pair").build()));
        assertTrue(e.getMessage().contains("mem_bad"), e.getMessage());
        assertTrue(e.getMessage().contains("unpaired UTF-16 surrogate"), e.getMessage());
        tx.insert(Memory.builder("mem_good", "note", "title", "content").build());
        tx.commit();
      }
      assertEquals(java.util.Set.of("mem_good"),
          StoreContent.read(target).ids(RecordKind.MEMORY));
    }
  }

  private static void insertAndRollBack(String uri) {
    try (PostgresBackend target = PostgresBackend.open(uri, Map.of());
        WriteTransaction tx = target.beginTransaction()) {
      tx.insert(Memory.builder("mem_1", "note", "t", "c").build());
      tx.rollback();
    }
  }

  private static boolean schemaExists(TestPostgres pg, String schema) throws Exception {
    try (Connection c = pg.connect()) {
      return PgSchema.exists(c, schema);
    }
  }

  private static byte[] exportOf(StoreContent content) {
    try (InMemoryBackend source = InMemoryBackend.create()) {
      content.loadInto(source);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(Transfer.export(source, out, "memory", ExportOptions.defaults()).success());
      return out.toByteArray();
    }
  }

  private static void terminateWriters(TestPostgres pg) {
    try (Connection c = pg.connect(); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE application_name = 'doclea-transfer' AND pid <> pg_backend_pid()"
          + " AND state LIKE 'idle in transaction%'");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot terminate the writer", e);
    }
  }
}
