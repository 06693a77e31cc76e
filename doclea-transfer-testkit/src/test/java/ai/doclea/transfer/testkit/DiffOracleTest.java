package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kit's oracle for "unchanged" ({@link KitSupport#sameForDiff}) agrees with what {@code
 * Transfer.diff} reports for relation metadata, and with the expected answer written here. The
 * first row is the case a CI run found: metadata {@code {}} against {@code {"k":null}}.
 */
class DiffOracleTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} against {1}: same {2}")
  @CsvSource(delimiter = '|', value = {
      "{}|{\"k\":null}|true",
      "{\"a\":1,\"b\":[2.50,null]}|{\"b\":[2.5,null],\"a\":1.0}|true",
      "{\"a\":1E5}|{\"a\":100000}|true",
      "{\"a\":1}|{\"a\":2}|false",
      "[null]|[]|false",
      "{\"a\":\"1\"}|{\"a\":1}|false",
      "{\"a\":true}|{\"a\":\"true\"}|false",
      "not json|not json|true",
      "not json|not  json|false",
  })
  void theOracleAndTheDiffAgreeOnRelationMetadata(String before, String after, boolean same)
      throws Exception {
    MemoryRelation old = relation(before);
    MemoryRelation changed = relation(after);
    assertEquals(same, KitSupport.sameForDiff(old, changed), "the oracle");
    Path a = export(old, "a.json");
    Path b = export(changed, "b.json");
    DiffResult d = Transfer.diff(a, b, DiffOptions.defaults());
    assertTrue(d.success(), d.toJson());
    assertEquals(same ? DiffResult.SectionDiff.of(0, 0, 0, 1) : DiffResult.SectionDiff.of(0, 0, 1, 0),
        d.section(RecordKind.MEMORY_RELATION), d.toJson());
  }

  private static MemoryRelation relation(String metadata) {
    return new MemoryRelation("r1", "m1", "m1", "references", 0.5, metadata, 7L);
  }

  private Path export(MemoryRelation relation, String name) {
    InMemoryBackend backend = InMemoryBackend.create();
    StoreContent.of(Memory.builder("m1", "note", "T", "C").build(), relation).loadInto(backend);
    Path file = dir.resolve(name);
    KitSupport.assertSucceeded(Transfer.export(backend, file, ExportOptions.defaults()), name);
    return file;
  }
}
