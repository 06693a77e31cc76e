package ai.doclea.transfer.postgresql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.spi.WriteTransaction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a write transaction answers without a query, on a real PostgreSQL server. */
class PgWriteTransactionTest {

  @Test
  void isEmptyIsTrueOnlyForATableEmptyAtTheStartThatTheTransactionHasNotWrittenInto() {
    TestPostgres pg = TestPostgres.shared();
    String schema = TestPostgres.freshSchema("isempty");
    try (PostgresBackend target = PostgresBackend.open(pg.uri(schema, true), Map.of())) {
      try (WriteTransaction tx = target.beginTransaction()) {
        assertTrue(tx.isEmpty(RecordKind.MEMORY));
        tx.insert(Memory.builder("mem_1", "note", "t", "c").build());
        assertFalse(tx.isEmpty(RecordKind.MEMORY), "its own write");
        assertTrue(tx.isEmpty(RecordKind.PENDING_MEMORY));
        tx.commit();
      }
      try (WriteTransaction tx = target.beginTransaction()) {
        assertFalse(tx.isEmpty(RecordKind.MEMORY), "rows committed before it began");
        assertTrue(tx.isEmpty(RecordKind.PENDING_MEMORY));
        tx.rollback();
      }
    }
  }
}
