package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.memory.InMemoryBackend;
import ai.doclea.transfer.spi.WriteTransaction;
import ai.doclea.transfer.testkit.ForwardingStorageBackend;
import ai.doclea.transfer.testkit.ForwardingWriteTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import into a section that is empty at its start skips the look-up of the section's own ids
 * (nothing stored can conflict), and still looks up what the records refer to; into a section
 * that holds records it looks them up as before, and the results agree.
 */
class EmptySectionLookupTest {
  @TempDir Path dir;

  /** Every existingIds call: the kind and the ids asked about. */
  private final List<Map.Entry<RecordKind, List<String>>> lookups = new ArrayList<>();

  private ForwardingStorageBackend recording(SqliteBackend backend) {
    return new ForwardingStorageBackend(backend) {
      @Override
      public WriteTransaction beginTransaction() {
        return new ForwardingWriteTransaction(super.beginTransaction()) {
          @Override
          public Set<String> existingIds(RecordKind kind, Collection<String> ids) {
            lookups.add(Map.entry(kind, List.copyOf(ids)));
            return super.existingIds(kind, ids);
          }
        };
      }
    };
  }

  private List<String> askedAbout(RecordKind kind) {
    List<String> ids = new ArrayList<>();
    lookups.stream().filter(e -> e.getKey() == kind).forEach(e -> ids.addAll(e.getValue()));
    return ids;
  }

  @Test
  void aSectionEmptyAtItsStartSkipsTheConflictLookUpAndAFullOneDoesNot() throws Exception {
    InMemoryBackend source = InMemoryBackend.create().load(List.of(
        SqliteWriteTransactionTest.memory("m1"), SqliteWriteTransactionTest.memory("m2"),
        new MemoryRelation("r1", "m1", "m2", "extends", 1, null, 1L)));
    Path file = dir.resolve("f.json");
    Transfer.export(source, file, TransferInteropTest.EXPORT).orThrow();
    try (SqliteBackend sqlite = SqliteBackend.open(dir.resolve("t.db"),
        Map.of("create", "true"))) {
      ImportResult first = Transfer.importFrom(recording(sqlite), file, ImportOptions.defaults());
      assertTrue(first.success(), first.toJson());
      assertEquals(List.of(), askedAbout(RecordKind.MEMORY_RELATION), "relations: none stored");
      assertEquals(List.of("m1", "m2"), askedAbout(RecordKind.MEMORY),
          "memories: only as the relation's references, not for conflicts");

      lookups.clear();
      ImportResult again = Transfer.importFrom(recording(sqlite), file,
          ImportOptions.builder().conflictStrategy("skip").build());
      assertTrue(again.success(), again.toJson());
      assertEquals(List.of("r1"), askedAbout(RecordKind.MEMORY_RELATION));
      assertTrue(askedAbout(RecordKind.MEMORY).containsAll(List.of("m1", "m2")));
      assertEquals(2, again.section(RecordKind.MEMORY).conflicts(), again.toJson());
      assertEquals(1, again.section(RecordKind.MEMORY_RELATION).conflicts(), again.toJson());
      assertEquals(0, again.section(RecordKind.MEMORY).imported(), again.toJson());
    }
  }
}
