package ai.doclea.transfer.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.WriteTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connection a backend keeps between operations: one login serves consecutive operations, a
 * kept connection the server ended is replaced, a connection whose transaction failed is not
 * reused, concurrent operations each get their own, and closing leaves none behind. Each backend
 * names its connections with an application name of its own, so that {@code pg_stat_activity}
 * shows them apart from the other tests'.
 */
class PostgresConnectionsTest {

  @Test
  void consecutiveOperationsUseOneConnectionAndCloseEndsIt() throws Exception {
    withBackend((pg, app, backend) -> {
      List<Long> opened = sessions(pg, app);
      assertEquals(1, opened.size(), "connections after open");
      backend.info();
      insert(backend, "mem_1");
      assertEquals(1, count(backend));
      backend.info();
      assertEquals(opened, sessions(pg, app), "the operations did not reuse the connection");
    });
  }

  @Test
  void aKeptConnectionTheServerEndedIsReplaced() throws Exception {
    withBackend((pg, app, backend) -> {
      insert(backend, "mem_1");
      List<Long> before = sessions(pg, app);
      terminate(pg, app);
      awaitSessions(pg, app, 0);
      assertEquals(1, count(backend));
      insert(backend, "mem_2");
      assertEquals(2, count(backend));
      List<Long> after = sessions(pg, app);
      assertEquals(1, after.size(), "connections after the replacement");
      assertNotEquals(before, after);
    });
  }

  @Test
  void aTransactionWhoseConnectionWasLostGivesNoConnectionBack() throws Exception {
    withBackend((pg, app, backend) -> {
      List<Long> writer = sessions(pg, app);
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.insert(Memory.builder("mem_1", "note", "title", "content").build());
        terminate(pg, app);
        awaitSessions(pg, app, 0);
        assertThrows(BackendException.class, tx::commit);
      }
      assertEquals(0, count(backend), "the lost transaction wrote something");
      List<Long> reader = sessions(pg, app);
      assertEquals(1, reader.size());
      assertNotEquals(writer, reader, "the lost connection was used again");
    });
  }

  @Test
  void openSnapshotsOutliveTheBackendAndCloseTheirConnections() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String app = application();
    PostgresBackend backend = open(pg, app);
    insert(backend, "mem_1");
    ReadSnapshot first = backend.openSnapshot();
    ReadSnapshot second = backend.openSnapshot();
    assertEquals(2, sessions(pg, app).size());
    backend.close();
    assertEquals(1, first.count(RecordKind.MEMORY).getAsLong());
    first.close();
    try (RecordCursor<? extends TransferRecord> cursor = second.read(RecordKind.MEMORY)) {
      assertEquals("mem_1", cursor.next().id());
    }
    second.close();
    awaitSessions(pg, app, 0);
    assertThrows(BackendException.class, backend::openSnapshot);
  }

  @Test
  void concurrentOperationsEachHaveAConnectionAndOneIsKept() throws Exception {
    withBackend((pg, app, backend) -> {
      insert(backend, "mem_1");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
          int t = thread;
          work.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++) {
              try (ReadSnapshot snapshot = backend.openSnapshot()) {
                assertTrue(snapshot.count(RecordKind.MEMORY).getAsLong() >= 1);
              }
              if (i % 3 == 0) {
                insert(backend, "mem_" + t + "_" + i);
              }
              backend.info();
            }
            return null;
          }));
        }
        for (Future<?> f : work) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1 + 4 * 4, count(backend));
      // The connections given back while one was kept are closed (their processes end soon).
      awaitSessions(pg, app, 1);
    });
  }

  /** A test's body, given the server, its backend's application name and the backend. */
  private interface OnBackend {
    void run(TestPostgres pg, String app, PostgresBackend backend) throws Exception;
  }

  /**
   * Opens a backend whose connections carry an application name of their own, runs the body,
   * closes the backend and checks that it left no connection behind.
   */
  private static void withBackend(OnBackend body) throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String app = application();
    try (PostgresBackend backend = open(pg, app)) {
      body.run(pg, app, backend);
    }
    awaitSessions(pg, app, 0);
  }

  private static String application() {
    return "doclea-transfer-test-" + UUID.randomUUID();
  }

  private static PostgresBackend open(TestPostgres pg, String app) {
    return PostgresBackend.open(pg.uri(TestPostgres.freshSchema("conn"), true),
        Map.of("ApplicationName", app));
  }

  private static void insert(PostgresBackend backend, String id) {
    try (WriteTransaction tx = backend.beginTransaction()) {
      tx.insert(Memory.builder(id, "note", "title", "content").build());
      tx.commit();
    }
  }

  private static long count(PostgresBackend backend) {
    try (ReadSnapshot snapshot = backend.openSnapshot()) {
      return snapshot.count(RecordKind.MEMORY).getAsLong();
    }
  }

  /** The process ids of the server's connections with this application name. */
  private static List<Long> sessions(TestPostgres pg, String app) throws Exception {
    try (Connection c = pg.connect(); PreparedStatement st = c.prepareStatement(
        "SELECT pid FROM pg_stat_activity WHERE application_name = ? ORDER BY pid")) {
      st.setString(1, app);
      List<Long> pids = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getLong(1));
        }
      }
      return pids;
    }
  }

  /** Waits until the server has as many connections with this name (a closed one ends soon). */
  private static void awaitSessions(TestPostgres pg, String app, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Long> pids = sessions(pg, app);
    while (pids.size() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      pids = sessions(pg, app);
    }
    assertEquals(expected, pids.size(), "connections named " + app + ": " + pids);
  }

  private static void terminate(TestPostgres pg, String app) throws Exception {
    try (Connection c = pg.connect(); PreparedStatement st = c.prepareStatement(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
      st.setString(1, app);
      st.executeQuery().close();
    }
  }
}
