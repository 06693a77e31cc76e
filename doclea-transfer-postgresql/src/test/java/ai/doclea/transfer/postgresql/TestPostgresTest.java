package ai.doclea.transfer.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test server starts as a real PostgreSQL, also as root, and leaves no process behind. */
class TestPostgresTest {

  @Test
  void serverRunsAsUnprivilegedUserAndStopsWithoutLeftovers() throws Exception {
    TestPostgres pg = TestPostgres.startNew();
    long pid = pg.pid();
    try (Connection c = pg.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('server_encoding')")) {
      rs.next();
      assertEquals("UTF8", rs.getString(1));
    }
    Optional<ProcessHandle> server = ProcessHandle.of(pid);
    pg.stop();
    assertFalse(server.map(ProcessHandle::isAlive).orElse(false), "the server is still running");
  }

  /**
   * The test password's SCRAM verifier has one iteration: every login of the adapter repeats
   * them on the client, and 4096 of them made the PostgreSQL tests several times slower.
   */
  @Test
  void passwordVerifierIsCheapToLogInWith() throws Exception {
    try (Connection c = TestPostgres.shared().connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")) {
      rs.next();
      String verifier = rs.getString(1);
      assertTrue(verifier.startsWith("SCRAM-SHA-256$1:"),
          "not a SCRAM verifier of one iteration: " + verifier.replaceAll(":.*", ":..."));
    }
  }
}
