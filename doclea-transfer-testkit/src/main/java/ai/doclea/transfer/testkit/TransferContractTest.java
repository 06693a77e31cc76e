package ai.doclea.transfer.testkit;

import static ai.doclea.transfer.testkit.KitSupport.assertSameBytes;
import static ai.doclea.transfer.testkit.KitSupport.assertSectionCounts;
import static ai.doclea.transfer.testkit.KitSupport.assertSucceeded;
import static ai.doclea.transfer.testkit.KitSupport.exportBytes;
import static ai.doclea.transfer.testkit.KitSupport.importBytes;
import static ai.doclea.transfer.testkit.KitSupport.listing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.ConflictException;
import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.DiffResult;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.VerifyResult;
import ai.doclea.transfer.spi.BuiltInConflictStrategy;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.testkit.Generators.Overlap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The contract between a storage adapter and {@link Transfer}: jqwik properties that export
 * generated stores from the adapter, import the files into fresh stores of the same adapter, and
 * check that nothing is lost, that conflict strategies and section options do exactly what Doclea
 * documents, and that corrupt files and failures leave the store and the target path exactly as
 * they were.
 *
 * <p>Extend it in your adapter's tests and implement {@link #createBackend()}:
 *
 * <pre>{@code
 * class MyBackendTransferContractTest extends TransferContractTest {
 *   @Override
 *   protected StorageBackend createBackend() {
 *     return MyBackend.openFresh(tempDir.resolve(UUID.randomUUID() + ".db"));
 *   }
 * }
 * }</pre>
 *
 * <p>The properties are grouped: {@link RoundTrip}, {@link ConflictStrategies}, {@link Sections},
 * {@link CorruptFiles}, {@link Faults}. Every backend a property creates is closed after each try.
 * Exports use a fixed clock ({@link #FIXED_CLOCK}), so two exports of equal stores must be byte
 * for byte identical; this requires that the adapter streams equal data in the same order and
 * reports the same {@link ai.doclea.transfer.spi.BackendInfo} for every fresh store. A store that
 * orders records with equal sort keys its own way declares it with {@link #ordersTiesByStore()},
 * the one hook both contract tests read; the round trips then forgive exactly that order.
 *
 * <p>The number of tries is set by {@link #roundTripTries()} for each round-trip property and by
 * {@link #tries()} for every other property; override them to trade thoroughness for time.
 *
 * @since 0.1.0
 */
@AddLifecycleHook(value = KitTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class TransferContractTest extends AdapterContract {
  /** An older export at the target path, which a failed export must leave as it was. */
  private static final String OLDER_BACKUP =
      "{\"version\":\"1.0.0\",\"data\":{\"memories\":[]},\"note\":\"an older backup\"}";

  /** The clock of every export the kit writes: 2026-01-02T03:04:05Z. */
  public static final Clock FIXED_CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private Path tempDirectory;

  /** Creates the contract test. */
  protected TransferContractTest() {}

  /**
   * Creates a fresh, empty store of the adapter under test. Called several times per try; every
   * store it returns must be independent of the others and report the same {@link
   * StorageBackend#info()}. The kit closes each one after the try.
   *
   * @return an open, empty backend
   */
  protected abstract StorageBackend createBackend();

  /**
   * Whether the adapter keeps embedding vectors: stores them through {@link
   * ai.doclea.transfer.spi.WriteTransaction#storeVector} and reads them back through {@link
   * ai.doclea.transfer.spi.ReadSnapshot#vector}. The
   * default is true. An adapter whose store keeps vectors elsewhere returns false (the {@code
   * sqlite:} adapter: Doclea keeps vectors in a separate vector store, written by the {@code
   * doclea:} project backend); the kit then loads and compares content without vectors and skips
   * the checks about vectors.
   *
   * @return whether vectors are stored
   * @since 0.1.0
   */
  protected boolean storesVectors() {
    return true;
  }

  /**
   * How many tries each of the five {@link RoundTrip} properties runs. The default, 100, runs 500
   * round trips in all.
   *
   * @return a positive number
   */
  protected int roundTripTries() {
    return 100;
  }

  private void assertSameExport(byte[] first, byte[] second, String context) {
    if (ordersTiesByStore()) {
      KitSupport.assertSameIgnoringTieOrder(first, second, context);
    } else {
      assertSameBytes(first, second, context);
    }
  }

  /**
   * How many tries every property outside {@link RoundTrip} runs. The default is 30.
   *
   * @return a positive number
   */
  protected int tries() {
    return 30;
  }

  /**
   * A temporary directory for this try, deleted after it.
   *
   * @return the directory
   */
  protected final Path tempDirectory() {
    if (tempDirectory == null) {
      try {
        tempDirectory = Files.createTempDirectory("doclea-testkit-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tempDirectory;
  }

  /**
   * Export options with the fixed clock.
   *
   * @return a builder
   */
  protected static ExportOptions.Builder exportOptions() {
    return ExportOptions.builder().clock(FIXED_CLOCK);
  }

  /** Starts every try with no backend (and no temporary directory) of its own yet. */
  @BeforeTry
  void startTry() {
    backends.clear();
    tempDirectory = null;
  }

  /** Closes the backends and deletes the temporary directory of the try. */
  @AfterTry
  void releaseTryResources() {
    try {
      closeBackends();
    } finally {
      KitSupport.deleteRecursively(tempDirectory);
      tempDirectory = null;
    }
  }

  Integer triesFor(Class<?> container) {
    if (container == Diffs.class) {
      // Each try writes and reads three or four files: cap the cost, the counts are exact anyway.
      return Math.min(tries(), 15);
    }
    return container == RoundTrip.class ? roundTripTries() : tries();
  }

  // ---- generators ---------------------------------------------------------------------------

  /** @return consistent stores without vectors */
  @Provide
  Arbitrary<StoreContent> stores() {
    return Generators.stores();
  }

  /** @return stores whose ids all start with {@code a.} */
  @Provide
  Arbitrary<StoreContent> storesA() {
    return Generators.stores("a.", 5);
  }

  /** @return stores whose ids all start with {@code b.}, with vectors for some memories */
  @Provide
  Arbitrary<StoreContent> storesB() {
    return Generators.storesWithVectors("b.", 5);
  }


  /** @return stores as {@link #storesA()} with a selection drawn from their values */
  @Provide
  Arbitrary<net.jqwik.api.Tuple.Tuple2<StoreContent, Selection>> slicesOfA() {
    return SelectionOracle.storesWithSelections(Generators.stores("a.", 5));
  }

  /** @return stores of up to 24 records per section, to cross small batches */
  @Provide
  Arbitrary<StoreContent> storesWithModelVectors() {
    return Generators.storesWithModelVectors("", 8);
  }

  @Provide
  Arbitrary<StoreContent> batchStores() {
    return Generators.stores("", 16);
  }

  /** @return small batch sizes */
  @Provide
  Arbitrary<Integer> batchSizes() {
    return Arbitraries.of(1, 2, 3, 5, 7, 11);
  }

  /** @return stores that share ids */
  @Provide
  Arbitrary<Overlap> overlaps() {
    return Generators.overlappingStores();
  }

  /** @return stores that share at least one id */
  @Provide
  Arbitrary<Overlap> conflictingOverlaps() {
    return Generators.overlappingStores().filter(o -> o.conflicts() > 0);
  }

  /** @return the built-in strategies */
  @Provide
  Arbitrary<ConflictStrategy> strategies() {
    return Arbitraries.of(BuiltInConflictStrategy.all());
  }

  /** @return skip and overwrite */
  @Provide
  Arbitrary<ConflictStrategy> writingStrategies() {
    return Arbitraries.of(BuiltInConflictStrategy.SKIP, BuiltInConflictStrategy.OVERWRITE);
  }

  private static ImportOptions strategy(ConflictStrategy strategy) {
    return ImportOptions.builder().conflictStrategy(strategy).build();
  }

  private static StoreContent expectedAfter(Overlap o, ConflictStrategy strategy) {
    return strategy == BuiltInConflictStrategy.OVERWRITE
        ? o.existing().mergeReplacingExisting(o.incoming())
        : o.existing().mergeKeepingExisting(o.incoming());
  }

  // ---- properties ---------------------------------------------------------------------------

  /**
   * Diffs and slices: {@code Transfer.diff} of two files counts exactly the records added,
   * removed and changed between them; {@code Transfer.diff} of a store and a file predicts what an
   * import of the file reports, and writes nothing; a slice of one store imported into another
   * arrives whole.
   *
   * @since 0.2.0
   */
  @Group
  public class Diffs {

    /**
     * Between the exports of two overlapping stores, the diff counts per section the ids only in
     * the new file as added, those only in the old one as removed, and shared ids as changed or
     * unchanged as their records differ or not (JSON text fields compared as values, as the diff
     * documents); a file compared with itself is identical.
     *
     * @param o the old (existing) and new (incoming) stores
     */
    @Property
    public void diffOfTwoExportsCountsExactlyTheDifferences(@ForAll("overlaps") Overlap o) {
      Path a = tempDirectory().resolve("a.json");
      Path b = tempDirectory().resolve("b.json.gz");
      assertSucceeded(Transfer.export(newBackend(o.existing()), a, exportOptions().build()), "a");
      assertSucceeded(Transfer.export(newBackend(o.incoming()), b,
          exportOptions().gzip(true).build()), "b");
      DiffResult same = Transfer.diff(a, a, DiffOptions.defaults());
      assertTrue(same.success() && same.identical() && same.changes().isEmpty(), same.toJson());
      DiffResult d = Transfer.diff(a, b, DiffOptions.builder().limit(1000).build());
      assertTrue(d.success(), d.toJson());
      long listed = 0;
      for (RecordKind kind : RecordKind.values()) {
        long changed = 0;
        long unchanged = 0;
        for (String id : o.commonIds(kind)) {
          if (KitSupport.sameForDiff(o.existing().record(kind, id).orElseThrow(),
              o.incoming().record(kind, id).orElseThrow())) {
            unchanged++;
          } else {
            changed++;
          }
        }
        long common = o.commonIds(kind).size();
        DiffResult.SectionDiff expected = DiffResult.SectionDiff.of(
            o.incoming().size(kind) - common, o.existing().size(kind) - common, changed,
            unchanged);
        assertEquals(expected, d.section(kind), kind.sectionName() + " in " + d.toJson());
        listed += expected.added() + expected.removed() + expected.changed();
      }
      assertEquals(listed, d.changes().size(), "every change listed: " + d.toJson());
      assertEquals(listed == 0, d.identical(), d.toJson());
    }

    /**
     * Comparing a store with a file changes nothing, and tells what the import then reports:
     * {@code added} records are imported, {@code changed} and {@code unchanged} ones are skipped
     * with {@code skip} or overwritten with {@code overwrite}; afterwards an {@code overwrite}
     * leaves nothing added or changed.
     *
     * @param o the store's content and the file's
     * @param strategy skip or overwrite
     */
    @Property
    public void diffAgainstTheStorePredictsTheImport(@ForAll("overlaps") Overlap o,
        @ForAll("writingStrategies") ConflictStrategy strategy) {
      StorageBackend target = newBackend(o.existing());
      Path file = tempDirectory().resolve("incoming.json");
      assertSucceeded(Transfer.export(newBackend(o.incoming()), file, exportOptions().build()),
          "export");
      DiffResult plan = Transfer.diff(target, "target", file, DiffOptions.defaults());
      assertTrue(plan.success(), plan.toJson());
      assertSameStored(o.existing(), StoreContent.read(target), "after the diff");
      ImportResult result = Transfer.importFrom(target, file, strategy(strategy));
      assertSucceeded(result, "import");
      boolean replace = strategy == BuiltInConflictStrategy.OVERWRITE;
      for (RecordKind kind : RecordKind.values()) {
        DiffResult.SectionDiff p = plan.section(kind);
        var stats = result.section(kind);
        String where = kind.sectionName() + ": plan " + p + ", import " + stats;
        assertEquals(p.added(), stats.imported(), where);
        assertEquals(p.changed() + p.unchanged(), replace ? stats.overwritten() : stats.skipped(),
            where);
        assertEquals(o.existing().size(kind) - o.commonIds(kind).size(), p.removed(), where);
      }
      if (replace) {
        DiffResult after = Transfer.diff(target, "target", file, DiffOptions.defaults());
        for (RecordKind kind : RecordKind.values()) {
          assertEquals(0, after.section(kind).added() + after.section(kind).changed(),
              kind.sectionName() + " after overwrite: " + after.toJson());
        }
      }
    }

    /**
     * Sharing: a slice of store A imported into store B (no shared ids) arrives whole; comparing
     * B's export (old) with the slice (new) shows nothing added or changed, the slice's records
     * unchanged and B's own records as removed from the slice.
     *
     * @param slice0 the sharing store and the selection
     * @param b the receiving store
     * @param strategy any built-in strategy (no id is shared, so even {@code error} imports)
     */
    @Property
    public void sliceImportedIntoAnotherStoreArrivesWhole(
        @ForAll("slicesOfA") net.jqwik.api.Tuple.Tuple2<StoreContent, Selection> slice0,
        @ForAll("storesB") StoreContent b,
        @ForAll("strategies") ConflictStrategy strategy) {
      StoreContent a = slice0.get1();
      Selection selection = slice0.get2();
      Path slice = tempDirectory().resolve("slice.json");
      ExportResult exported = Transfer.export(newBackend(a), slice,
          exportOptions().selection(selection).build());
      assertSucceeded(exported, "slice export");
      VerifyResult verified = Transfer.verify(slice);
      assertTrue(verified.valid() && verified.warnings().stream()
          .noneMatch(w -> w.contains("which is not in the file")),
          "the slice verifies without dangling references: " + verified.toJson());
      StorageBackend target = newBackend(b);
      assertSucceeded(Transfer.importFrom(target, slice, strategy(strategy)), "slice import");
      Path all = tempDirectory().resolve("b.json");
      assertSucceeded(Transfer.export(target, all, exportOptions().build()), "export of B");
      DiffResult d = Transfer.diff(all, slice, DiffOptions.defaults());
      assertTrue(d.success(), d.toJson());
      for (RecordKind kind : RecordKind.values()) {
        assertEquals(DiffResult.SectionDiff.of(0, b.size(kind), 0, exported.count(kind)),
            d.section(kind), kind.sectionName() + " with " + selection + ": " + d.toJson());
      }
    }
  }

  /**
   * Lossless round trips: every field of every record survives export and import, and exporting
   * the imported store again gives the same bytes.
   */
  @Group
  public class RoundTrip {

    /**
     * A generated store exported to a stream, imported into a fresh store and exported again
     * gives byte-identical files, and the fresh store holds exactly the generated records (and no
     * vectors).
     *
     * @param content the generated store
     */
    @Property
    public void exportImportExportIsByteIdenticalAndLossless(
        @ForAll("stores") StoreContent content) {
      ExportOptions options = exportOptions().build();
      StorageBackend source = newBackend(content);
      byte[] first = exportBytes(source, options);
      StorageBackend target = newBackend();
      ImportResult result = importBytes(target, first, ImportOptions.defaults());
      assertSucceeded(result, "import of the export");
      for (RecordKind kind : RecordKind.values()) {
        assertEquals(content.size(kind), result.section(kind).imported(),
            kind.sectionName() + " imported");
      }
      assertTrue(result.errors().isEmpty(), "errors: " + result.errors());
      assertSameStored(content, StoreContent.read(target), "after export and import");
      byte[] second = exportBytes(target, options);
      assertSameExport(first, second, "export, import, export");
    }

    /**
     * Backups that carry their vectors: a store whose vectors are of one model, exported with
     * {@link ExportOptions#includeVectors()}, imported into a fresh store (which restores the
     * vectors, no model runs) and exported again with vectors gives the same file; the fresh
     * store holds the same records and the same vectors, bit for bit. Skipped when the adapter
     * does not {@linkplain #storesVectors() store vectors}.
     *
     * @param content the generated store
     * @since 0.3.0
     */
    @Property(tries = 30)
    @AddLifecycleHook(RequiresVectors.class)
    public void anExportWithVectorsRoundTripsRecordsAndVectorsBitForBit(
        @ForAll("storesWithModelVectors") StoreContent content) {
      ExportOptions options = exportOptions().includeVectors(true).build();
      byte[] first = exportBytes(newBackend(content), options);
      StorageBackend target = newBackend();
      ImportResult result = importBytes(target, first, ImportOptions.defaults());
      assertSucceeded(result, "import of an export with vectors");
      assertEquals(content.vectors().size(), result.restoredVectors(), "vectors restored");
      assertEquals(0, result.reembedded(), "no model runs");
      StoreContent restored = StoreContent.read(target);
      assertSameStored(content, restored, "after export and import with vectors");
      for (StoredVector v : content.vectors().values()) {
        StoredVector got = restored.vectors().get(v.memoryId());
        assertNotNull(got, "the vector of memory '" + v.memoryId() + "'");
        for (int i = 0; i < v.vector().length; i++) {
          assertEquals(Float.floatToRawIntBits(v.vector()[i]),
              Float.floatToRawIntBits(got.vector()[i]),
              "component " + i + " of the vector of memory '" + v.memoryId() + "'");
        }
      }
      assertSameExport(first, exportBytes(target, options), "export, import, export with"
          + " vectors");
    }

    /**
     * Batch boundaries: stores of up to 16 records per section imported with small batch sizes
     * (1, 2, 3, 5, 7, 11), so that sections end exactly on, just before and just after a batch,
     * and references and conflicts are looked up across batches. With the default batch size the
     * kit's other stores never fill one batch.
     *
     * @param content the generated store
     * @param batchSize the import's batch size
     */
    @Property(tries = 10)
    public void importsCrossingBatchBoundariesAreLossless(
        @ForAll("batchStores") StoreContent content, @ForAll("batchSizes") int batchSize) {
      ExportOptions options = exportOptions().build();
      byte[] first = exportBytes(newBackend(content), options);
      StorageBackend target = newBackend();
      ImportResult result = importBytes(target, first,
          ImportOptions.builder().batchSize(batchSize).build());
      assertSucceeded(result, "import with batches of " + batchSize);
      for (RecordKind kind : RecordKind.values()) {
        assertEquals(content.size(kind), result.section(kind).imported(),
            kind.sectionName() + " imported in batches of " + batchSize);
      }
      assertSameStored(content, StoreContent.read(target), "after import in batches of "
          + batchSize);
      ImportResult again = importBytes(target, first,
          ImportOptions.builder().batchSize(batchSize).build());
      assertSucceeded(again, "second import with batches of " + batchSize);
      for (RecordKind kind : RecordKind.values()) {
        assertEquals(content.size(kind), again.section(kind).skipped(),
            kind.sectionName() + " skipped as existing in batches of " + batchSize);
      }
    }

    /**
     * More than one default batch (500 records) in every section (520), so that the adapter's own
     * batching (SQL {@code IN} lists, multi-row inserts, cursors' fetch sizes) is crossed too.
     */
    @Example
    public void aStoreLargerThanOneDefaultBatchRoundTrips() {
      StoreContent content = Generators.stores("big.", 520, 520).sample();
      ExportOptions options = exportOptions().build();
      byte[] first = exportBytes(newBackend(content), options);
      StorageBackend target = newBackend();
      ImportResult result = importBytes(target, first, ImportOptions.defaults());
      assertSucceeded(result, "import of a store larger than one batch");
      assertSameStored(content, StoreContent.read(target), "after import of a large store");
      assertSameExport(first, exportBytes(target, options), "export, import, export (large)");
    }

    /**
     * The same through files, plain or gzip-compressed: the export result counts every record,
     * the file verifies, the import restores every record, and a second export gives the same
     * bytes.
     *
     * @param content the generated store
     * @param gzip whether to compress
     * @throws IOException when the test cannot read or write its files
     */
    @Property
    public void roundTripThroughFilesIsLossless(@ForAll("stores") StoreContent content,
        @ForAll boolean gzip) throws IOException {
      ExportOptions options = exportOptions().gzip(gzip).build();
      Path first = tempDirectory().resolve(gzip ? "first.json.gz" : "first.json");
      ExportResult exported = Transfer.export(newBackend(content), first, options);
      assertSucceeded(exported, "export to " + first);
      assertEquals(Files.size(first), exported.bytes(), "bytes reported");
      for (RecordKind kind : RecordKind.values()) {
        assertEquals(content.size(kind), exported.count(kind), kind.sectionName() + " exported");
      }
      VerifyResult verified = Transfer.verify(first);
      assertTrue(verified.valid(), "verify: " + verified.errors());
      StorageBackend target = newBackend();
      assertSucceeded(Transfer.importFrom(target, first, ImportOptions.defaults()),
          "import of " + first);
      assertSameStored(content, StoreContent.read(target), "after export and import");
      Path second = tempDirectory().resolve(gzip ? "second.json.gz" : "second.json");
      assertSucceeded(Transfer.export(target, second, options), "second export");
      assertSameExport(Files.readAllBytes(first), Files.readAllBytes(second),
          "export, import, export through files");
    }

    /**
     * Importing into a store that holds other records adds every record and changes none of the
     * existing ones (or their vectors), whatever the strategy.
     *
     * @param content the imported store
     * @param existing what the target holds, sharing no id with {@code content}
     * @param strategy the conflict strategy
     */
    @Property
    public void importIntoAnOccupiedStoreAddsEverythingAndChangesNothingElse(
        @ForAll("storesA") StoreContent content, @ForAll("storesB") StoreContent existing,
        @ForAll("strategies") ConflictStrategy strategy) {
      byte[] file = exportBytes(newBackend(content), exportOptions().build());
      StorageBackend target = newBackend(existing);
      ImportResult result = importBytes(target, file, strategy(strategy));
      assertSucceeded(result, "import with " + strategy.name());
      assertSectionCounts(result, existing, content, false);
      assertSameStored(existing.mergeKeepingExisting(content), StoreContent.read(target),
          "after importing into an occupied store with " + strategy.name());
    }
  }

  /** The three built-in conflict strategies, and dry runs. */
  @Group
  public class ConflictStrategies {

    /**
     * {@code skip} keeps every existing record and vector unchanged and adds the new ones; the
     * result counts each conflict as skipped.
     *
     * @param o the existing and incoming stores
     */
    @Property
    public void skipNeverChangesAnExistingRecord(@ForAll("overlaps") Overlap o) {
      StorageBackend target = newBackend(o.existing());
      byte[] file = exportBytes(newBackend(o.incoming()), exportOptions().build());
      ImportResult result = importBytes(target, file, strategy(BuiltInConflictStrategy.SKIP));
      assertSucceeded(result, "import with skip");
      assertSectionCounts(result, o.existing(), o.incoming(), false);
      assertSameStored(o.existing().mergeKeepingExisting(o.incoming()),
          StoreContent.read(target), "after importing with skip");
    }

    /**
     * {@code overwrite} ends with every incoming record, replaces the conflicting ones (deleting
     * the replaced memories' vectors) and leaves the others alone; the result counts each conflict
     * as overwritten.
     *
     * @param o the existing and incoming stores
     */
    @Property
    public void overwriteAlwaysEndsWithTheIncomingRecord(@ForAll("overlaps") Overlap o) {
      StorageBackend target = newBackend(o.existing());
      byte[] file = exportBytes(newBackend(o.incoming()), exportOptions().build());
      ImportResult result =
          importBytes(target, file, strategy(BuiltInConflictStrategy.OVERWRITE));
      assertSucceeded(result, "import with overwrite");
      assertSectionCounts(result, o.existing(), o.incoming(), true);
      assertSameStored(o.existing().mergeReplacingExisting(o.incoming()),
          StoreContent.read(target), "after importing with overwrite");
    }

    /**
     * {@code error} with at least one conflict fails with a {@link ConflictException} and changes
     * nothing at all.
     *
     * @param o the existing and incoming stores, sharing at least one id
     */
    @Property
    public void errorOnAnyConflictChangesNothing(@ForAll("conflictingOverlaps") Overlap o) {
      StorageBackend target = newBackend(o.existing());
      StoreContent before = StoreContent.read(target);
      byte[] file = exportBytes(newBackend(o.incoming()), exportOptions().build());
      ImportResult result = importBytes(target, file, strategy(BuiltInConflictStrategy.ERROR));
      assertFalse(result.success(), "import with error succeeded despite "
          + o.conflicts() + " conflicts");
      assertInstanceOf(ConflictException.class, result.failure().orElseThrow(),
          "the failure of a conflict under error");
      assertFalse(result.errors().isEmpty(), "errors must say what conflicted");
      assertSameStored(before, StoreContent.read(target), "after a failed import with error");
    }

    /**
     * A dry run changes nothing and reports exactly what a real import reports.
     *
     * @param o the existing and incoming stores
     * @param strategy the conflict strategy
     */
    @Property
    public void dryRunChangesNothingAndCountsLikeARealImport(@ForAll("overlaps") Overlap o,
        @ForAll("strategies") ConflictStrategy strategy) {
      byte[] file = exportBytes(newBackend(o.incoming()), exportOptions().build());
      StorageBackend dryTarget = newBackend(o.existing());
      StorageBackend realTarget = newBackend(o.existing());
      ImportResult dry = importBytes(dryTarget, file,
          ImportOptions.builder().conflictStrategy(strategy).dryRun(true).build());
      ImportResult real = importBytes(realTarget, file, strategy(strategy));
      assertSameStored(o.existing(), StoreContent.read(dryTarget), "after a dry run");
      assertTrue(dry.dryRun(), "dryRun flag of the result");
      assertEquals(real.success(), dry.success(), "success of dry and real run: " + dry.errors()
          + " / " + real.errors());
      for (RecordKind kind : RecordKind.values()) {
        assertEquals(real.section(kind), dry.section(kind), kind.sectionName() + " stats");
      }
      assertEquals(real.errors(), dry.errors(), "errors");
    }

    /**
     * With {@code reembed}, every imported or overwritten memory gets a vector of the embedding
     * provider, computed from {@code title + "\n\n" + content}, stored through the backend.
     *
     * @param o the existing and incoming stores
     * @param strategy skip or overwrite
     */
    @Property
    public void reembedStoresAVectorForEveryWrittenMemory(@ForAll("overlaps") Overlap o,
        @ForAll("writingStrategies") ConflictStrategy strategy) {
      if (!storesVectors()) {
        return; // nothing to check: the adapter keeps no vectors
      }
      StorageBackend target = newBackend(o.existing());
      byte[] file = exportBytes(newBackend(o.incoming()), exportOptions().build());
      HashingEmbeddingProvider provider = new HashingEmbeddingProvider();
      ImportResult result = importBytes(target, file, ImportOptions.builder()
          .conflictStrategy(strategy).reembed(provider).embeddingBatchSize(3).build());
      assertSucceeded(result, "import with reembed");
      StoreContent after = StoreContent.read(target);
      Set<String> written = new java.util.TreeSet<>(o.incoming().ids(RecordKind.MEMORY));
      if (strategy == BuiltInConflictStrategy.SKIP) {
        written.removeAll(o.existing().ids(RecordKind.MEMORY));
      }
      assertEquals(written.size(), result.reembedded(), "memories re-embedded");
      assertFalse(result.reembeddingRequired(), "reembeddingRequired after reembed");
      for (String id : o.incoming().ids(RecordKind.MEMORY)) {
        StoredVector v = after.vectors().get(id);
        if (written.contains(id)) {
          assertNotNull(v, "no vector stored for memory " + StoreContent.show(id));
          Memory m = (Memory) after.record(RecordKind.MEMORY, id).orElseThrow();
          assertEquals(HashingEmbeddingProvider.PROVIDER, v.provider(), "provider");
          assertEquals(HashingEmbeddingProvider.MODEL, v.model(), "model");
          assertArrayEquals(HashingEmbeddingProvider.vectorOf(m.title() + "\n\n" + m.content()),
              v.vector(), "vector of memory " + StoreContent.show(id));
        } else {
          StoredVector old = o.existing().vectors().get(id);
          assertTrue(old == null ? v == null : StoreContent.sameVector(old, v),
              "the vector of skipped memory " + StoreContent.show(id) + " changed");
        }
      }
      StoreContent withoutNewVectors = after.withVectors(
          after.vectors().values().stream().filter(v -> !written.contains(v.memoryId()))
              .collect(java.util.stream.Collectors.toList()));
      assertSameStored(expectedAfter(o, strategy), withoutNewVectors,
          "records after importing with reembed");
    }
  }

  /** The options that leave out relations and pending memories. */
  @Group
  public class Sections {

    /**
     * With {@code includeRelations} or {@code includePending} off, the file's sections are empty
     * (the export result and the file's own counts say 0) and an import of it restores everything
     * else.
     *
     * @param content the generated store
     * @param includeRelations whether relations are exported
     * @param includePending whether pending memories are exported
     * @throws IOException when the test cannot read or write its files
     */
    @Property
    public void excludedSectionsAreAbsentFromTheFile(@ForAll("stores") StoreContent content,
        @ForAll boolean includeRelations, @ForAll boolean includePending) throws IOException {
      Set<RecordKind> excluded = excluded(!includeRelations, !includePending);
      Path file = tempDirectory().resolve("partial.json");
      ExportResult exported = Transfer.export(newBackend(content), file, exportOptions()
          .includeRelations(includeRelations).includePending(includePending).build());
      assertSucceeded(exported, "export");
      VerifyResult verified = Transfer.verify(file);
      assertTrue(verified.valid(), "verify: " + verified.errors());
      for (RecordKind kind : RecordKind.values()) {
        long expected = excluded.contains(kind) ? 0 : content.size(kind);
        assertEquals(expected, exported.count(kind), kind.sectionName() + " in the result");
        assertEquals(expected, verified.counts().get(kind), kind.sectionName() + " in the file");
      }
      StorageBackend target = newBackend();
      assertSucceeded(Transfer.importFrom(target, file, ImportOptions.defaults()), "import");
      assertSameStored(content.withoutSections(excluded), StoreContent.read(target),
          "after importing a partial export");
    }

    /**
     * With {@code importRelations} or {@code importPending} off, those sections of the target are
     * untouched, even under {@code overwrite}, and the result counts nothing for them.
     *
     * @param o the existing and incoming stores
     * @param importRelations whether relations are imported
     * @param importPending whether pending memories are imported
     * @param strategy skip or overwrite
     */
    @Property
    public void sectionsNotImportedAreUntouched(@ForAll("overlaps") Overlap o,
        @ForAll boolean importRelations, @ForAll boolean importPending,
        @ForAll("writingStrategies") ConflictStrategy strategy) {
      Set<RecordKind> excluded = excluded(!importRelations, !importPending);
      StorageBackend target = newBackend(o.existing());
      byte[] file = exportBytes(newBackend(o.incoming()), exportOptions().build());
      ImportResult result = importBytes(target, file, ImportOptions.builder()
          .conflictStrategy(strategy).importRelations(importRelations)
          .importPending(importPending).build());
      assertSucceeded(result, "import");
      for (RecordKind kind : excluded) {
        assertEquals(0, result.section(kind).total(), kind.sectionName() + " stats");
      }
      Overlap imported = new Overlap(o.existing(), o.incoming().withoutSections(excluded));
      assertSameStored(expectedAfter(imported, strategy), StoreContent.read(target),
          "after importing without " + excluded);
    }

    private Set<RecordKind> excluded(boolean relations, boolean pending) {
      Set<RecordKind> kinds = EnumSet.noneOf(RecordKind.class);
      if (relations) {
        kinds.add(RecordKind.MEMORY_RELATION);
        kinds.add(RecordKind.CROSS_LAYER_RELATION);
      }
      if (pending) {
        kinds.add(RecordKind.PENDING_MEMORY);
      }
      return kinds;
    }
  }

  /**
   * Damaged files: an import either succeeds with exactly what the intact file holds or fails
   * and changes nothing.
   */
  @Group
  public class CorruptFiles {

    /**
     * A valid export cut off at any byte (near the start, anywhere, or in its last 64 bytes).
     *
     * @param content the exported store
     * @param existing what the target holds, sharing no id with {@code content}
     * @param where where to cut, as a fraction of the file
     * @param nearTheEnd whether to cut in the last 64 bytes instead
     * @param fromEnd how many bytes to cut off then
     */
    @Property
    public void truncatedFileImportsCorrectlyOrChangesNothing(
        @ForAll("storesA") StoreContent content, @ForAll("storesB") StoreContent existing,
        @ForAll @DoubleRange(min = 0, max = 1) double where, @ForAll boolean nearTheEnd,
        @ForAll @IntRange(min = 1, max = 64) int fromEnd) {
      byte[] file = exportBytes(newBackend(content), exportOptions().build());
      int length = nearTheEnd ? Math.max(0, file.length - fromEnd)
          : Math.min(file.length - 1, (int) (where * file.length));
      checkDamagedImport(Arrays.copyOf(file, length), content, existing,
          "the export cut to " + length + " of " + file.length + " bytes");
    }

    /**
     * A valid export with a burst of 1 to 8 bytes flipped at one place.
     *
     * @param content the exported store
     * @param existing what the target holds, sharing no id with {@code content}
     * @param where where the burst starts, as a fraction of the file
     * @param masks what each byte is XOR-ed with
     */
    @Property
    public void corruptedBytesImportCorrectlyOrChangeNothing(
        @ForAll("storesA") StoreContent content, @ForAll("storesB") StoreContent existing,
        @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double where,
        @ForAll("masks") List<Integer> masks) {
      byte[] file = exportBytes(newBackend(content), exportOptions().build());
      byte[] damaged = file.clone();
      int at = (int) (where * file.length);
      for (int i = 0; i < masks.size() && at + i < damaged.length; i++) {
        damaged[at + i] ^= masks.get(i);
      }
      checkDamagedImport(damaged, content, existing,
          "the export with bytes " + at + ".." + (at + masks.size() - 1) + " of " + file.length
              + " flipped (" + excerpt(file, at) + " became " + excerpt(damaged, at) + ")");
    }

    /** @return 1 to 8 non-zero XOR masks */
    @Provide
    Arbitrary<List<Integer>> masks() {
      return Arbitraries.integers().between(1, 255).list().ofMinSize(1).ofMaxSize(8);
    }

    private void checkDamagedImport(byte[] damaged, StoreContent content, StoreContent existing,
        String what) {
      StorageBackend target = newBackend(existing);
      StoreContent before = StoreContent.read(target);
      ImportResult result = importBytes(target, damaged, ImportOptions.defaults());
      StoreContent after = StoreContent.read(target);
      if (result.success()) {
        assertSameStored(existing.mergeKeepingExisting(content), after,
            "importing " + what + " succeeded but");
      } else {
        assertFalse(result.errors().isEmpty(), "a failed import must say why");
        assertSameStored(before, after, "importing " + what + " failed ("
            + result.errors() + ") but changed the store");
      }
    }

    private String excerpt(byte[] bytes, int at) {
      int to = Math.min(bytes.length, at + 12);
      return StoreContent.show(new String(bytes, at, to - at, StandardCharsets.ISO_8859_1));
    }
  }

  /** Failures of the backend or the disk in the middle of a transfer. */
  @Group
  public class Faults {

    /**
     * When the backend fails on the k-th write of an import, the import reports failure and the
     * store is exactly as before; when k is beyond the last write, the import succeeds.
     *
     * @param o the existing and incoming stores
     * @param strategy skip or overwrite
     * @param where which write fails, as a fraction of the records imported plus the commit
     */
    @Property
    public void failingWriteLeavesTheStoreUnchanged(@ForAll("overlaps") Overlap o,
        @ForAll("writingStrategies") ConflictStrategy strategy,
        @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double where) {
      StorageBackend target = newBackend(o.existing());
      StoreContent before = StoreContent.read(target);
      byte[] file = exportBytes(newBackend(o.incoming()), exportOptions().build());
      long k = 1 + (long) (where * (o.incoming().size() + 1));
      FaultInjectingBackend faulty = FaultInjectingBackend.failingOnWrite(target, k);
      ImportResult result = importBytes(faulty, file, strategy(strategy));
      StoreContent after = StoreContent.read(target);
      if (faulty.failed()) {
        assertFalse(result.success(), "the import succeeded despite " + faulty.failureMessage()
            .orElseThrow());
        assertFalse(result.errors().isEmpty(), "a failed import must say why");
        assertSameStored(before, after, "after " + faulty.failureMessage().orElseThrow());
      } else {
        assertSucceeded(result, "import with " + faulty.writes() + " writes");
        assertSameStored(expectedAfter(o, strategy), after, "after the import");
      }
    }

    /**
     * When the backend fails on the k-th record read by an export to a path, the export reports
     * failure, an older file at the path is untouched, no file appears, and no temporary file is
     * left in the directory.
     *
     * @param content the exported store
     * @param where which read fails, as a fraction of the records
     * @param targetExists whether an older file is at the path
     * @throws IOException when the test cannot read or write its files
     */
    @Property
    public void failingReadLeavesTheTargetPathUnchanged(@ForAll("stores") StoreContent content,
        @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double where,
        @ForAll boolean targetExists) throws IOException {
      Path dir = tempDirectory();
      Path target = dir.resolve("backup.json");
      if (targetExists) {
        Files.write(target, OLDER_BACKUP.getBytes(StandardCharsets.UTF_8));
      }
      Map<String, String> before = listing(dir);
      long k = 1 + (long) (where * content.size());
      FaultInjectingBackend faulty = FaultInjectingBackend.failingOnRead(newBackend(content), k);
      ExportResult result = Transfer.export(faulty, target, exportOptions().build());
      if (faulty.failed()) {
        assertFalse(result.success(), "the export succeeded despite "
            + faulty.failureMessage().orElseThrow());
        assertNotNull(result.error(), "a failed export must say why");
        assertEquals(before, listing(dir), "the directory changed after a failed export");
      } else {
        assertSucceeded(result, "export");
        assertEquals(Set.of("backup.json"), listing(dir).keySet(), "files in the directory");
      }
    }

    /**
     * An export to a stream that fails reports the failure instead of throwing.
     *
     * @param content the exported store
     * @param where after how many bytes the stream fails, as a fraction of the file's size
     */
    @Property
    public void exportToAFailingStreamReportsTheFailure(@ForAll("stores") StoreContent content,
        @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double where) {
      StorageBackend source = newBackend(content);
      ExportOptions options = exportOptions().build();
      long size = exportBytes(source, options).length;
      FailingOutputStream stream =
          new FailingOutputStream(new ByteArrayOutputStream(), (long) (where * size));
      ExportResult result = Transfer.export(source, stream, "a failing stream", options);
      assertTrue(stream.failed(), "the stream did not fail");
      assertFalse(result.success(), "the export succeeded on a failing stream");
      assertTrue(result.error() != null && result.error().contains("a failing stream"),
          "the error must name the target: " + result.error());
    }

    /**
     * An export to a path that is a directory fails and leaves the directory as it was.
     *
     * @throws IOException when the test cannot set up its files
     */
    @Example
    public void exportOntoADirectoryFailsAndLeavesNoTrace() throws IOException {
      Path dir = tempDirectory();
      Path target = Files.createDirectory(dir.resolve("backup.json"));
      Files.write(target.resolve("inside.txt"), new byte[] {1, 2, 3});
      Map<String, String> before = listing(dir);
      Map<String, String> inside = listing(target);
      ExportResult result = Transfer.export(newBackend(StoreContent.empty()), target,
          exportOptions().build());
      assertFalse(result.success(), "an export onto a directory succeeded");
      assertEquals(before, listing(dir), "the parent directory changed");
      assertEquals(inside, listing(target), "the directory's content changed");
    }
  }

  /**
   * Checks the kit's own wiring: the factory gives empty, independent stores.
   */
  @Example
  public void createBackendGivesEmptyIndependentStores() {
    StorageBackend first = newBackend();
    StorageBackend second = newBackend();
    if (first == second) {
      fail("createBackend() returned the same instance twice");
    }
    assertSameStored(StoreContent.empty(), StoreContent.read(first), "a fresh store");
    StoreContent.of(Memory.builder("mem_kit", "note", "t", "c").build()).loadInto(first);
    assertSameStored(StoreContent.empty(), StoreContent.read(second),
        "a fresh store after writing to another");
    assertEquals(first.info(), second.info(), "info() of two fresh stores");
  }

  /** Reports a property as skipped, not passed, when the adapter keeps no vectors. */
  static final class RequiresVectors implements net.jqwik.api.lifecycle.SkipExecutionHook {
    @Override
    public net.jqwik.api.lifecycle.SkipExecutionHook.SkipResult shouldBeSkipped(
        net.jqwik.api.lifecycle.LifecycleContext context) {
      if (context instanceof net.jqwik.api.lifecycle.MethodLifecycleContext method) {
        for (Object instance : method.testInstances()) {
          if (instance instanceof TransferContractTest kit && !kit.storesVectors()) {
            return SkipResult.skip("the adapter keeps no vectors (storesVectors() is false):"
                + " backups with vectors are not checked");
          }
        }
      }
      return SkipResult.doNotSkip();
    }
  }
}
