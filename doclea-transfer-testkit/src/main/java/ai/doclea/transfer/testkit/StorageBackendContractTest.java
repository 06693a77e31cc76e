package ai.doclea.transfer.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.doclea.transfer.api.Chunk;
import ai.doclea.transfer.api.CrossLayerRelation;
import ai.doclea.transfer.api.Document;
import ai.doclea.transfer.api.Memory;
import ai.doclea.transfer.api.MemoryRelation;
import ai.doclea.transfer.api.PendingMemory;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.Utf8RecordCursor;
import ai.doclea.transfer.spi.WriteTransaction;
import ai.doclea.transfer.testkit.Generators.Overlap;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Group;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.MethodLifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The contract of the storage SPI ({@link StorageBackend}, {@link ReadSnapshot}, {@link
 * RecordCursor}, {@link WriteTransaction}) as properties and examples that every adapter runs:
 * complete and stable streaming of every section, all-or-nothing transactions that see their own
 * writes, batched id look-ups, vectors, consistent snapshots while another thread writes, and the
 * life cycle of a backend.
 *
 * <p>Extend it in your adapter's tests and implement {@link #createBackend()}:
 *
 * <pre>{@code
 * class MyBackendContractTest extends StorageBackendContractTest {
 *   @Override
 *   protected StorageBackend createBackend() {
 *     return MyBackend.openFresh(tempDir.resolve(UUID.randomUUID() + ".db"));
 *   }
 * }
 * }</pre>
 *
 * <p>What the kit expects beyond the SPI's own Javadoc, so that an adapter can be checked at all:
 *
 * <ul>
 *   <li>inserting an id that exists fails with a {@link TransferException} at the insert or at
 *       the commit at the latest;
 *   <li>after {@link StorageBackend#close()}, which may be called twice, {@link
 *       StorageBackend#openSnapshot()} and {@link StorageBackend#beginTransaction()} throw a
 *       {@link TransferException} or an {@link IllegalStateException};
 *   <li>a second {@link StorageBackend#beginTransaction()} from another thread either fails with
 *       a {@link TransferException} or returns only after the first transaction ended;
 *   <li>a snapshot never waits for an open write transaction.
 * </ul>
 *
 * <p>Every backend the kit creates is closed after each try. {@link #tries()} sets the tries of
 * every property; {@link #reopen} enables the durability checks; {@link #ordersTiesByStore()},
 * the one hook both contract tests read, declares a store that orders records with equal sort
 * keys its own way.
 *
 * @since 0.1.0
 */
@AddLifecycleHook(value = KitTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public abstract class StorageBackendContractTest extends AdapterContract {

  /** Creates the contract test. */
  protected StorageBackendContractTest() {}

  /**
   * Creates a fresh, empty store of the adapter under test. Every store it returns must be
   * independent of the others. The kit closes each one after the try.
   *
   * @return an open, empty backend
   */
  protected abstract StorageBackend createBackend();

  /**
   * Whether the adapter keeps embedding vectors: stores them through {@link
   * WriteTransaction#storeVector} and reads them back through {@link ReadSnapshot#vector}. The
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
   * Opens again the store of a backend that the kit has closed, for the durability checks. The
   * default returns null: the adapter keeps nothing after close (like the in-memory backend), and
   * the durability checks pass without checking anything.
   *
   * @param closed a backend from {@link #createBackend()}, already closed
   * @return a new backend on the same store, or null
   */
  protected StorageBackend reopen(StorageBackend closed) {
    return null;
  }

  /**
   * How many tries every property runs. The default is 20.
   *
   * @return a positive number
   */
  protected int tries() {
    return 20;
  }

  /**
   * How long the concurrency checks wait for another thread before they fail. The default is 30
   * seconds.
   *
   * @return a positive duration
   */
  protected Duration timeout() {
    return Duration.ofSeconds(30);
  }

  /** Starts every try with no backend of its own yet. */
  @BeforeTry
  void startTry() {
    backends.clear();
  }

  /** Closes the backends of the try. */
  @AfterTry
  void releaseTryResources() {
    closeBackends();
  }

  Integer triesFor(Class<?> container) {
    return tries();
  }

  // ---- generators ---------------------------------------------------------------------------

  /** @return consistent stores with some vectors */
  @Provide
  Arbitrary<StoreContent> storesWithVectors() {
    return Generators.storesWithVectors();
  }

  /** @return stores with a selection drawn from their values */
  @Provide
  Arbitrary<net.jqwik.api.Tuple.Tuple2<StoreContent, ai.doclea.transfer.api.Selection>>
      storesWithSelections() {
    return SelectionOracle.storesWithSelections();
  }

  /** @return stores that share ids */
  @Provide
  Arbitrary<Overlap> overlaps() {
    return Generators.overlappingStores();
  }

  /** @return a memory with one to three vectors, to store in turn */
  @Provide
  Arbitrary<List<StoredVector>> vectorSequences() {
    return Generators.vectors("mem_vector").list().ofMinSize(1).ofMaxSize(3);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A small store with records of every kind, for the examples. */
  static StoreContent sample(String prefix) {
    Memory m1 = Memory.builder(prefix + "mem_1", "decision", "Use SQLite",
            "Because \u2028 of \uD83D\uDE00")
        .tags(List.of("db", "\u6F22\u5B57")).createdAt(1_705_432_800L).accessedAt(1_705_432_900L)
        .accessCount(3).decayRate(0.0).build();
    Memory m2 = Memory.builder(prefix + "mem_2", "note", "Second", "Line\nbreak\u0000NUL").build();
    Document d = new Document(prefix + "doc_1", "README", "# Title", "abc", 1L, 2L);
    Chunk c = new Chunk(prefix + "chk_1", d.id(), "# Title", null, 0L, 7L);
    MemoryRelation r = new MemoryRelation(prefix + "rel_1", m1.id(), m2.id(), "references", 0.5,
        "{\"why\":\"test\"}", 1_705_432_800_123L);
    CrossLayerRelation x = new CrossLayerRelation(prefix + "clr_1", m1.id(),
        "src/db.ts:function:open", "addresses", "memory_to_code", 0.9, null, 1_705_432_800L);
    PendingMemory p = new PendingMemory(prefix + "pnd_1",
        "{\"id\":\"mem_9\",\"qdrantId\":\"q9\",\"title\":\"t\",\"extra\":{\"a\":[1,null]}}",
        1_705_432_800L, "user_store", "looks useful");
    return StoreContent.of(m1, m2, d, c, r, x, p).withVectors(List.of(
        new StoredVector(m1.id(), "transformers", "all-MiniLM-L6-v2", new float[] {0.25f, -1f})));
  }

  static List<TransferRecord> readSection(ReadSnapshot snapshot, RecordKind kind) {
    List<TransferRecord> records = new ArrayList<>();
    try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind)) {
      while (cursor.hasNext()) {
        records.add(cursor.next());
      }
    }
    return records;
  }

  /** A record field's key in the export file: snake_case in the two relation sections. */
  static String fileKey(RecordKind kind, String component) {
    if (!kind.isRelation()) {
      return component;
    }
    StringBuilder key = new StringBuilder();
    for (char ch : component.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        key.append('_').append(Character.toLowerCase(ch));
      } else {
        key.append(ch);
      }
    }
    return key.toString();
  }

  static List<String> idsOf(Collection<? extends TransferRecord> records) {
    List<String> ids = new ArrayList<>();
    records.forEach(r -> ids.add(r.id()));
    return ids;
  }

  /**
   * Writes {@code incoming} into a transaction on a store holding {@code existing}: records with a
   * new id inserted (in dependency order, one section with insertAll and the rest one by one),
   * the others replaced, then a vector for every other incoming memory.
   *
   * @return the incoming content with the vectors it stored
   */
  StoreContent writeIncoming(WriteTransaction tx, Overlap o) {
    List<StoredVector> vectors = new ArrayList<>();
    boolean batch = true;
    for (RecordKind kind : StoreContent.DEPENDENCY_ORDER) {
      List<TransferRecord> inserts = new ArrayList<>();
      for (TransferRecord r : o.incoming().records(kind)) {
        if (o.existing().ids(kind).contains(r.id())) {
          tx.replace(r);
        } else {
          inserts.add(r);
        }
      }
      if (batch && !inserts.isEmpty()) {
        List<TransferRecord> refused = tx.insertAll(inserts);
        assertTrue(refused.isEmpty(), "insertAll refused records with unique keys: " + refused);
        batch = false;
      } else {
        inserts.forEach(tx::insert);
      }
    }
    int i = 0;
    for (String id : storesVectors() ? o.incoming().ids(RecordKind.MEMORY)
        : java.util.Set.<String>of()) {
      if (i++ % 2 == 0) {
        StoredVector v = new StoredVector(id, "kit", "kit-model", new float[] {i, 0.5f});
        tx.storeVector(v);
        vectors.add(v);
      }
    }
    return o.incoming().withVectors(vectors);
  }

  <T> T await(Future<T> future, String what) throws Exception {
    try {
      return future.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError(what + " did not finish within " + timeout(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw new AssertionError(what + " failed", e.getCause());
    }
  }

  static void shutdown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new AssertionError("a thread of the test did not stop");
    }
  }

  // ---- contract -----------------------------------------------------------------------------

  /** Reading sections through snapshots and cursors. */
  @Group
  public class Streaming {

    /** A fresh store streams no record in any section. */
    @Example
    public void freshStoreStreamsNothing() {
      StorageBackend backend = newBackend();
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          assertEquals(List.of(), readSection(snapshot, kind), kind.sectionName());
          OptionalLong count = snapshot.count(kind);
          assertTrue(count.isEmpty() || count.getAsLong() == 0, kind.sectionName() + " count");
        }
        assertTrue(snapshot.vector("mem_none").isEmpty(), "vector of a missing memory");
      }
    }

    /**
     * Every section streams every stored record exactly once, unchanged, as a record of its
     * kind; every vector reads back exactly; counts, where known, are right.
     *
     * @param content the generated store
     */
    @Property
    public void everySectionStreamsEveryRecordExactlyOnce(
        @ForAll("storesWithVectors") StoreContent content) {
      StorageBackend backend = newBackend(content);
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          List<TransferRecord> records = readSection(snapshot, kind);
          for (TransferRecord r : records) {
            assertSame(kind, r.kind(), "a record in " + kind.sectionName());
          }
          assertEquals(records.size(), new HashSet<>(idsOf(records)).size(),
              kind.sectionName() + " streamed an id twice: " + idsOf(records));
          OptionalLong count = snapshot.count(kind);
          if (count.isPresent()) {
            assertEquals(content.size(kind), count.getAsLong(), kind.sectionName() + " count");
          }
        }
        assertSameStored(content, StoreContent.read(snapshot), "streamed content");
      }
    }

    /**
     * The same data streams in the same order every time: twice from one snapshot and again from
     * a new snapshot.
     *
     * @param content the generated store
     */
    @Property
    public void streamingOrderIsStable(@ForAll("storesWithVectors") StoreContent content) {
      StorageBackend backend = newBackend(content);
      Map<RecordKind, List<String>> first = new TreeMap<>();
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          first.put(kind, idsOf(readSection(snapshot, kind)));
          assertEquals(first.get(kind), idsOf(readSection(snapshot, kind)),
              kind.sectionName() + " read twice from one snapshot");
        }
      }
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          assertEquals(first.get(kind), idsOf(readSection(snapshot, kind)),
              kind.sectionName() + " read from a second snapshot");
        }
      }
    }

    /**
     * Where the backend offers the optional UTF-8 cursor ({@link ReadSnapshot#readUtf8}), it
     * yields the same records as {@link ReadSnapshot#read(RecordKind)} in the same order: each
     * text field it hands over as bytes holds the placeholder {@code ""} and its bytes decode to
     * the stored text; every other field is the stored value.
     *
     * @param content the generated store
     * @throws ReflectiveOperationException when a record component's accessor cannot be called
     *     (the fields are compared component by component)
     */
    @Property
    public void theUtf8CursorYieldsWhatReadYields(@ForAll("storesWithVectors") StoreContent content)
        throws ReflectiveOperationException {
      StorageBackend backend = newBackend(content);
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          List<TransferRecord> expected = readSection(snapshot, kind);
          Optional<Utf8RecordCursor<? extends TransferRecord>> fast =
              snapshot.readUtf8(kind, Selection.ALL);
          if (fast.isEmpty()) {
            continue;
          }
          try (Utf8RecordCursor<? extends TransferRecord> cursor = fast.get()) {
            for (TransferRecord want : expected) {
              assertTrue(cursor.hasNext(), kind.sectionName() + " ended before " + want.id());
              TransferRecord got = cursor.next();
              assertSame(want.getClass(), got.getClass(), kind.sectionName());
              for (RecordComponent c : want.getClass().getRecordComponents()) {
                Object value = c.getAccessor().invoke(got);
                byte[] utf8 = c.getType() == String.class
                    ? cursor.utf8(fileKey(kind, c.getName())) : null;
                if (utf8 != null) {
                  assertEquals("", value, "the placeholder of " + c.getName());
                  value = new String(utf8, StandardCharsets.UTF_8);
                }
                assertEquals(c.getAccessor().invoke(want), value,
                    kind.sectionName() + " '" + want.id() + "' " + c.getName());
              }
            }
            assertFalse(cursor.hasNext(), kind.sectionName() + " has more records");
          }
        }
      }
    }

    /** A cursor past its last record throws {@link NoSuchElementException}, as iterators do. */
    @Example
    public void cursorPastTheEndThrowsNoSuchElement() {
      StorageBackend backend = newBackend(sample("s."));
      try (ReadSnapshot snapshot = backend.openSnapshot();
          RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.DOCUMENT)) {
        assertTrue(cursor.hasNext());
        assertTrue(cursor.hasNext(), "hasNext() twice");
        assertEquals("s.doc_1", cursor.next().id());
        assertFalse(cursor.hasNext());
        assertThrows(NoSuchElementException.class, cursor::next);
      }
    }

    /** Cursors may be closed before their end, and twice; the snapshot stays usable. */
    @Example
    public void cursorsCanBeClosedEarlyAndTwice() {
      StoreContent content = sample("s.");
      StorageBackend backend = newBackend(content);
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.MEMORY);
        assertTrue(cursor.hasNext());
        cursor.next();
        cursor.close();
        cursor.close();
        assertSameStored(content, StoreContent.read(snapshot), "after closing a cursor early");
      }
    }
  }

  /**
   * Selective reads ({@link ReadSnapshot#read(RecordKind, ai.doclea.transfer.api.Selection)}):
   * every section returns exactly the records the closure rules of {@link
   * ai.doclea.transfer.api.Selection} select, in the order of the full read. The SPI's default
   * implementation passes these; an adapter that overrides it (with an SQL {@code WHERE}, say)
   * proves here that it selects the same records.
   *
   * @since 0.2.0
   */
  @Group
  public class SelectedReads {

    /**
     * A selection drawn from the store's own values selects, per section, what the rules say.
     *
     * @param pair the store and the selection
     */
    @Property
    public void selectedReadReturnsExactlyWhatTheRulesSelect(
        @ForAll("storesWithSelections")
            net.jqwik.api.Tuple.Tuple2<StoreContent, ai.doclea.transfer.api.Selection> pair) {
      StoreContent content = pair.get1();
      ai.doclea.transfer.api.Selection selection = pair.get2();
      StorageBackend backend = newBackend(content);
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          List<TransferRecord> all = readSection(snapshot, kind);
          List<TransferRecord> selected = new ArrayList<>();
          try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind, selection)) {
            while (cursor.hasNext()) {
              selected.add(cursor.next());
            }
          }
          List<TransferRecord> expected = SelectionOracle.expected(selection, content, kind, all);
          if (ordersTiesByStore()) {
            expected = KitSupport.tiesById(expected);
            selected = KitSupport.tiesById(selected);
          }
          assertEquals(idsOf(expected), idsOf(selected),
              kind.sectionName() + " selected by " + selection);
        }
      }
    }

    /**
     * Tags of every shape in one filter (plain ASCII and characters JSON writers may escape)
     * select the memories carrying any of them, and the relations among those.
     */
    @Example
    public void tagsOfAnyShapeSelectTogether() {
      StoreContent content = sample("t.");
      StorageBackend backend = newBackend(content);
      ai.doclea.transfer.api.Selection selection = ai.doclea.transfer.api.Selection.builder()
          .tags(List.of("db", "\u6F22\u5B57", "q\"x")).build();
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          List<TransferRecord> selected = new ArrayList<>();
          try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(kind, selection)) {
            cursor.forEachRemaining(selected::add);
          }
          assertEquals(idsOf(SelectionOracle.expected(selection, content, kind,
              readSection(snapshot, kind))), idsOf(selected), kind.sectionName());
        }
      }
    }

    /** {@code Selection.ALL} reads every section whole. */
    @Example
    public void selectingAllReadsEverything() {
      StoreContent content = sample("a.");
      StorageBackend backend = newBackend(content);
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        for (RecordKind kind : RecordKind.values()) {
          List<TransferRecord> selected = new ArrayList<>();
          try (RecordCursor<? extends TransferRecord> cursor =
              snapshot.read(kind, ai.doclea.transfer.api.Selection.ALL)) {
            cursor.forEachRemaining(selected::add);
          }
          assertEquals(idsOf(readSection(snapshot, kind)), idsOf(selected), kind.sectionName());
        }
      }
    }
  }

  /** All-or-nothing writes. */
  @Group
  public class Transactions {

    /**
     * Inserts, replacements and vectors become visible together on commit, and replacing a
     * memory drops its old vector.
     *
     * @param o what the store holds and what is written
     */
    @Property
    public void committedWritesBecomeVisible(@ForAll("overlaps") Overlap o) {
      StorageBackend backend = newBackend(o.existing());
      StoreContent written;
      try (WriteTransaction tx = backend.beginTransaction()) {
        written = writeIncoming(tx, o);
        tx.commit();
      }
      assertSameStored(o.existing().mergeReplacingExisting(written), StoreContent.read(backend),
          "after commit");
    }

    /**
     * {@link WriteTransaction#isEmpty} never says a section is empty while it holds a record,
     * stored before or written by the transaction itself (the importer then skips its conflict
     * look-ups, and a wrong "empty" would let an insert collide). "Not empty" is always allowed.
     *
     * @param o what the store holds and what is written
     */
    @Property
    public void isEmptyIsTrueOnlyForASectionWithoutRecords(@ForAll("overlaps") Overlap o) {
      StorageBackend backend = newBackend(o.existing());
      try (WriteTransaction tx = backend.beginTransaction()) {
        for (RecordKind kind : RecordKind.values()) {
          if (!o.existing().records(kind).isEmpty()) {
            assertFalse(tx.isEmpty(kind), kind + " holds stored records");
          }
        }
        StoreContent written = writeIncoming(tx, o);
        for (RecordKind kind : RecordKind.values()) {
          if (!o.existing().records(kind).isEmpty() || !written.records(kind).isEmpty()) {
            assertFalse(tx.isEmpty(kind), kind + " holds records after this transaction's writes");
          }
        }
        tx.rollback();
      }
    }

    /**
     * After a rollback the store is exactly as before, and the next transaction can begin.
     *
     * @param o what the store holds and what is written
     */
    @Property
    public void rollbackLeavesTheStoreExactlyAsBefore(@ForAll("overlaps") Overlap o) {
      StorageBackend backend = newBackend(o.existing());
      StoreContent before = StoreContent.read(backend);
      try (WriteTransaction tx = backend.beginTransaction()) {
        writeIncoming(tx, o);
        tx.rollback();
      }
      assertSameStored(before, StoreContent.read(backend), "after rollback");
      StoreContent more = sample("after.");
      stored(more).loadInto(backend);
      assertSameStored(before.mergeKeepingExisting(more), StoreContent.read(backend),
          "after a commit that followed the rollback");
    }

    /**
     * Closing a transaction without commit rolls it back.
     *
     * @param o what the store holds and what is written
     */
    @Property
    public void closeWithoutCommitRollsBack(@ForAll("overlaps") Overlap o) {
      StorageBackend backend = newBackend(o.existing());
      StoreContent before = StoreContent.read(backend);
      try (WriteTransaction tx = backend.beginTransaction()) {
        writeIncoming(tx, o);
      }
      assertSameStored(before, StoreContent.read(backend), "after close without commit");
    }

    /**
     * {@code existingIds} answers exactly which ids of a batch exist, and {@code find} returns
     * their records, counting the transaction's own writes; writes are invisible to snapshots
     * until the commit.
     *
     * @param o what the store holds and what is written
     */
    @Property
    public void lookupsSeeStoredRecordsAndOwnWrites(@ForAll("overlaps") Overlap o) {
      StorageBackend backend = newBackend(o.existing());
      StoreContent expected = o.existing().mergeReplacingExisting(o.incoming());
      try (WriteTransaction tx = backend.beginTransaction()) {
        for (RecordKind kind : RecordKind.values()) {
          List<String> asked = new ArrayList<>(o.incoming().ids(kind));
          asked.add("kit-absent-" + kind.sectionName());
          Set<String> found = new HashSet<>(tx.existingIds(kind, asked));
          Set<String> want = new HashSet<>(o.existing().ids(kind));
          want.retainAll(asked);
          assertEquals(want, found, kind.sectionName() + " existingIds before writing");
        }
        writeIncoming(tx, o);
        for (RecordKind kind : RecordKind.values()) {
          List<String> asked = new ArrayList<>(o.existing().ids(kind));
          asked.addAll(o.incoming().ids(kind));
          asked.add("kit-absent-" + kind.sectionName());
          assertEquals(expected.ids(kind), new HashSet<>(tx.existingIds(kind, asked)),
              kind.sectionName() + " existingIds after writing");
          Map<String, TransferRecord> records = tx.find(kind, asked);
          assertEquals(expected.ids(kind), records.keySet(), kind.sectionName() + " find ids");
          for (TransferRecord r : expected.records(kind)) {
            assertEquals(r, records.get(r.id()), kind.sectionName() + " find "
                + StoreContent.show(r.id()));
          }
        }
        assertSameStored(o.existing(), StoreContent.read(backend),
            "a snapshot during an open transaction");
        tx.rollback();
      }
    }

    /**
     * Inserting records one by one stores the same as inserting them in batches.
     *
     * @param content the generated store
     */
    @Property
    public void insertOneByOneStoresTheSameAsInsertAll(
        @ForAll("storesWithVectors") StoreContent content) {
      StorageBackend backend = newBackend();
      try (WriteTransaction tx = backend.beginTransaction()) {
        for (RecordKind kind : StoreContent.DEPENDENCY_ORDER) {
          content.records(kind).forEach(tx::insert);
        }
        stored(content).vectors().values().forEach(tx::storeVector);
        tx.commit();
      }
      assertSameStored(content, StoreContent.read(backend), "after inserting one by one");
    }

    /** Inserting an id that exists fails, at the insert or at the commit, and changes nothing. */
    @Example
    public void insertingAnExistingIdFails() {
      StoreContent content = sample("s.");
      StorageBackend backend = newBackend(content);
      Memory again = Memory.builder("s.mem_1", "note", "other", "other").build();
      try (WriteTransaction tx = backend.beginTransaction()) {
        try {
          tx.insert(again);
          tx.commit();
          fail("inserting the existing memory 's.mem_1' was accepted");
        } catch (TransferException expected) {
          // at the insert or at the commit
        }
      }
      assertSameStored(content, StoreContent.read(backend), "after the failed insert");
    }

    /**
     * {@code insertAll} reports exactly the records it refused as natural-key duplicates: a store
     * either takes two relations that repeat (source, target, type), or (memory, node, type), or
     * refuses the later one and reports it; nothing else is refused.
     */
    @Example
    public void insertAllReportsExactlyTheRecordsItRefused() {
      StoreContent content = sample("n.");
      StorageBackend backend = newBackend(content);
      MemoryRelation kept = new MemoryRelation("n.rel_a", "n.mem_1", "n.mem_2", "supersedes",
          1.0, null, 5L);
      MemoryRelation repeat = new MemoryRelation("n.rel_b", "n.mem_1", "n.mem_2", "supersedes",
          0.5, null, 6L);
      MemoryRelation other = new MemoryRelation("n.rel_c", "n.mem_2", "n.mem_1", "supersedes",
          1.0, null, 7L);
      CrossLayerRelation link = new CrossLayerRelation("n.clr_a", "n.mem_2", "node", "documents",
          "memory_to_code", 1.0, null, null);
      CrossLayerRelation linkRepeat = new CrossLayerRelation("n.clr_b", "n.mem_2", "node",
          "documents", "code_to_memory", 0.5, null, null);
      List<TransferRecord> refused = new ArrayList<>();
      try (WriteTransaction tx = backend.beginTransaction()) {
        refused.addAll(tx.insertAll(List.of(kept, repeat, other)));
        refused.addAll(tx.insertAll(List.of(link, linkRepeat)));
        tx.commit();
      }
      for (TransferRecord r : refused) {
        assertTrue(r.equals(repeat) || r.equals(linkRepeat), "insertAll refused " + r);
      }
      List<TransferRecord> inserted = new ArrayList<>(List.of(kept, repeat, other, link,
          linkRepeat));
      inserted.removeAll(refused);
      assertSameStored(content.mergeKeepingExisting(StoreContent.of(inserted)),
          StoreContent.read(backend), "after inserting relations with repeated keys");
    }

    /** Transactions can follow each other after commit and after rollback. */
    @Example
    public void transactionsFollowEachOther() {
      StorageBackend backend = newBackend();
      StoreContent first = sample("1.");
      StoreContent second = sample("2.");
      stored(first).loadInto(backend);
      try (WriteTransaction tx = backend.beginTransaction()) {
        stored(sample("rolled-back.")).insertInto(tx);
        tx.rollback();
      }
      stored(second).loadInto(backend);
      assertSameStored(first.mergeKeepingExisting(second), StoreContent.read(backend),
          "after commit, rollback, commit");
    }
  }

  /** Embedding vectors stored for memories. */
  @Group
  public class Vectors {

    /**
     * Storing vectors for a memory one after the other keeps the last, exactly.
     *
     * @param vectors the vectors, stored in turn, in separate transactions
     */
    @Property
    public void lastStoredVectorReadsBackExactly(
        @ForAll("vectorSequences") List<StoredVector> vectors) {
      if (!storesVectors()) {
        return; // nothing to check: the adapter keeps no vectors
      }
      StorageBackend backend =
          newBackend(StoreContent.of(Memory.builder("mem_vector", "note", "t", "c").build()));
      for (StoredVector v : vectors) {
        try (WriteTransaction tx = backend.beginTransaction()) {
          tx.storeVector(v);
          tx.commit();
        }
      }
      StoredVector last = vectors.get(vectors.size() - 1);
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        StoredVector read = snapshot.vector("mem_vector").orElseThrow(
            () -> new AssertionError("no vector for mem_vector"));
        assertEquals(last.provider(), read.provider(), "provider");
        assertEquals(last.model(), read.model(), "model");
        assertArrayEquals(last.vector(), read.vector(), "components");
      }
    }

    /** Replacing a memory deletes its vector; other memories keep theirs. */
    @Example
    public void replacingAMemoryDeletesItsVector() {
      Assume.that(storesVectors());
      StoreContent content = sample("v.");
      Memory m2 = content.records(Memory.class).get(1);
      StoreContent withBoth = content.withVectors(List.of(
          content.vectors().get("v.mem_1"),
          new StoredVector(m2.id(), "transformers", "all-MiniLM-L6-v2", new float[] {1f, 2f})));
      StorageBackend backend = newBackend(withBoth);
      Memory changed = m2.toBuilder().content("changed").build();
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.replace(changed);
        tx.commit();
      }
      StoreContent after = StoreContent.read(backend);
      assertTrue(after.vectors().get(m2.id()) == null, "the replaced memory kept its vector");
      assertTrue(StoreContent.sameVector(withBoth.vectors().get("v.mem_1"),
          after.vectors().get("v.mem_1")), "another memory's vector changed");
      assertEquals(changed, after.record(RecordKind.MEMORY, m2.id()).orElseThrow());
    }

    /** A vector stored after replacing its memory in the same transaction is kept. */
    @Example
    public void vectorStoredAfterReplacingItsMemoryIsKept() {
      Assume.that(storesVectors());
      StoreContent content = sample("v.");
      StorageBackend backend = newBackend(content);
      Memory m1 = content.records(Memory.class).get(0);
      StoredVector fresh = new StoredVector(m1.id(), "openai", "text-embedding-3-small",
          new float[] {3f, 4f, 5f});
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.replace(m1.toBuilder().title("new").build());
        tx.storeVector(fresh);
        tx.commit();
      }
      assertTrue(StoreContent.sameVector(fresh, StoreContent.read(backend).vectors()
          .get(m1.id())), "the new vector was not kept");
    }

    /** A rolled-back vector leaves no trace. */
    @Example
    public void rolledBackVectorIsGone() {
      Assume.that(storesVectors());
      StoreContent content = sample("v.");
      StorageBackend backend = newBackend(content);
      try (WriteTransaction tx = backend.beginTransaction()) {
        tx.storeVector(new StoredVector("v.mem_2", "p", "m", new float[] {9f}));
        tx.storeVector(new StoredVector("v.mem_1", "p", "m", new float[] {9f}));
        tx.rollback();
      }
      assertSameStored(content, StoreContent.read(backend), "after rolling back vectors");
    }
  }

  /** Concurrent readers and one writer. */
  @Group
  public class Concurrency {

    /**
     * A snapshot opened before another thread commits keeps showing the store as it was, both in
     * a cursor that was already reading and in cursors opened afterwards.
     *
     * @throws Exception when a thread fails
     */
    @Example
    public void snapshotStaysConsistentWhileAnotherThreadCommits() throws Exception {
      StoreContent initial = sample("c.");
      Overlap changes = new Overlap(initial, StoreContent.of(
          initial.records(Memory.class).get(0).toBuilder().title("changed").build(),
          new Document("c.doc_2", "new", "new", null, null, null)));
      StorageBackend backend = newBackend(initial);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (ReadSnapshot snapshot = backend.openSnapshot()) {
        List<TransferRecord> memories = new ArrayList<>();
        try (RecordCursor<? extends TransferRecord> cursor = snapshot.read(RecordKind.MEMORY)) {
          memories.add(cursor.next());
          await(pool.submit(() -> {
            try (WriteTransaction tx = backend.beginTransaction()) {
              writeIncoming(tx, changes);
              tx.commit();
            }
            return null;
          }), "the writer");
          cursor.forEachRemaining(memories::add);
        }
        assertEquals(initial.records(RecordKind.MEMORY), memories,
            "a cursor reading while another thread committed");
        assertSameStored(initial, StoreContent.read(snapshot),
            "a snapshot opened before another thread committed");
      } finally {
        shutdown(pool);
      }
      StoreContent after = StoreContent.read(backend);
      assertEquals("changed", ((Memory) after.record(RecordKind.MEMORY, "c.mem_1").orElseThrow())
          .title(), "the committed change");
    }

    /**
     * The thread contract of {@link ReadSnapshot}: a snapshot opened on one thread is read on a
     * second (a cursor started there goes on on a third), read again and closed on the third, as
     * the core does when it exports on a worker thread; it sees the store as it was and, once
     * closed there, leaves nothing behind that keeps a writer out.
     *
     * @throws Exception when a thread fails
     */
    @Example
    public void aSnapshotOpenedOnOneThreadIsReadAndClosedOnAnother() throws Exception {
      StoreContent initial = sample("h.");
      StorageBackend backend = newBackend(initial);
      ExecutorService first = Executors.newSingleThreadExecutor();
      ExecutorService second = Executors.newSingleThreadExecutor();
      try {
        ReadSnapshot snapshot = backend.openSnapshot();
        List<TransferRecord> memories = new ArrayList<>();
        RecordCursor<? extends TransferRecord> cursor = await(first.submit(() -> {
          RecordCursor<? extends TransferRecord> c = snapshot.read(RecordKind.MEMORY);
          memories.add(c.next());
          return c;
        }), "the thread that starts reading");
        StoreContent seen = await(second.submit(() -> {
          try {
            try (cursor) {
              cursor.forEachRemaining(memories::add);
            }
            return StoreContent.read(snapshot);
          } finally {
            snapshot.close();
          }
        }), "the thread that reads on and closes");
        assertEquals(initial.records(RecordKind.MEMORY), memories,
            "a cursor started on one thread and read to its end on another");
        assertSameStored(initial, seen, "a snapshot read on threads other than its opener's");
        StoreContent more = sample("after.");
        await(first.submit(() -> {
          stored(more).loadInto(backend);
          return null;
        }), "a writer after the snapshot was closed on another thread");
        assertSameStored(initial.mergeKeepingExisting(more), StoreContent.read(backend),
            "the store after a commit that followed the snapshot");
      } finally {
        shutdown(first);
        shutdown(second);
      }
    }

    /**
     * While another thread holds an open write transaction with uncommitted writes, a new
     * snapshot opens and reads every section without waiting and sees only committed data.
     *
     * @throws Exception when a thread fails
     */
    @Example
    public void readDuringAnOpenWriteTransactionSeesTheCommittedState() throws Exception {
      StoreContent initial = sample("c.");
      StorageBackend backend = newBackend(initial);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      CountDownLatch written = new CountDownLatch(1);
      CountDownLatch read = new CountDownLatch(1);
      try {
        Future<Object> writer = pool.submit(() -> {
          try (WriteTransaction tx = backend.beginTransaction()) {
            stored(sample("uncommitted.")).insertInto(tx);
            tx.replace(new Document("c.doc_1", "changed", "changed", null, null, null));
            written.countDown();
            if (!read.await(timeout().toMillis(), TimeUnit.MILLISECONDS)) {
              throw new AssertionError("the reader did not finish");
            }
            tx.commit();
          }
          return null;
        });
        assertTrue(written.await(timeout().toMillis(), TimeUnit.MILLISECONDS),
            "the writer did not start");
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
          StoreContent seen = await(reader.submit(() -> StoreContent.read(backend)),
              "a snapshot while a write transaction was open (it must not wait for the writer)");
          assertSameStored(initial, seen, "a snapshot during an open write transaction");
        } finally {
          shutdown(reader);
        }
        read.countDown();
        await(writer, "the writer");
      } finally {
        read.countDown();
        shutdown(pool);
      }
      assertEquals(initial.size() + sample("uncommitted.").size(), StoreContent.read(backend).size(),
          "records after the writer committed");
    }

    /**
     * Snapshots taken while another thread commits many small transactions always see whole
     * transactions: each commit adds a memory, a relation to it and a document, so every snapshot
     * holds as many of each, and every relation's memory.
     *
     * @throws Exception when a thread fails
     */
    @Example
    public void snapshotsDuringManyCommitsSeeWholeTransactions() throws Exception {
      StorageBackend backend = newBackend();
      int commits = 40;
      AtomicBoolean done = new AtomicBoolean();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Object> writer = pool.submit(() -> {
          try {
            for (int i = 0; i < commits; i++) {
              String id = String.format("m%03d", i);
              try (WriteTransaction tx = backend.beginTransaction()) {
                tx.insert(new Document("d" + id, "t", "c", null, null, null));
                tx.insert(Memory.builder(id, "note", "t", "c").build());
                tx.insert(new MemoryRelation("r" + id, id, id, "related_to", 1.0, null, null));
                tx.commit();
              }
            }
          } finally {
            done.set(true);
          }
          return null;
        });
        int snapshots = 0;
        while (!done.get() || snapshots == 0) {
          StoreContent seen = StoreContent.read(backend);
          int n = seen.size(RecordKind.MEMORY);
          assertEquals(n, seen.size(RecordKind.DOCUMENT), "documents in snapshot " + snapshots);
          assertEquals(n, seen.size(RecordKind.MEMORY_RELATION),
              "relations in snapshot " + snapshots);
          for (MemoryRelation r : seen.records(MemoryRelation.class)) {
            assertTrue(seen.ids(RecordKind.MEMORY).contains(r.sourceId()),
                "relation " + r.id() + " without its memory in snapshot " + snapshots);
          }
          snapshots++;
        }
        await(writer, "the writer");
      } finally {
        shutdown(pool);
      }
      assertEquals(commits, StoreContent.read(backend).size(RecordKind.MEMORY_RELATION));
    }

    /**
     * A second transaction begun from another thread while one is open either fails with a
     * {@link TransferException} or waits until the first ends and then sees its writes.
     *
     * @throws Exception when a thread fails
     */
    @Example
    public void secondWriterWaitsOrFails() throws Exception {
      StorageBackend backend = newBackend();
      Memory first = Memory.builder("w.mem_1", "note", "first", "c").build();
      Memory second = Memory.builder("w.mem_2", "note", "second", "c").build();
      AtomicBoolean firstEnded = new AtomicBoolean();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<String> other;
        try (WriteTransaction tx = backend.beginTransaction()) {
          tx.insert(first);
          Callable<String> secondWriter = () -> {
            WriteTransaction tx2;
            try {
              tx2 = backend.beginTransaction();
            } catch (TransferException e) {
              return "failed";
            }
            try (tx2) {
              if (!firstEnded.get()) {
                throw new AssertionError("a second transaction began while one was open");
              }
              if (tx2.existingIds(RecordKind.MEMORY, List.of(first.id())).isEmpty()) {
                throw new AssertionError("the second transaction does not see the first's"
                    + " committed memory");
              }
              tx2.insert(second);
              tx2.commit();
            }
            return "waited";
          };
          other = pool.submit(secondWriter);
          try {
            String early = other.get(300, TimeUnit.MILLISECONDS);
            assertEquals("failed", early, "the second writer");
          } catch (TimeoutException stillWaiting) {
            // it waits: fine
          } catch (ExecutionException e) {
            throw new AssertionError("the second writer failed", e.getCause());
          }
          firstEnded.set(true);
          tx.commit();
        }
        String outcome = await(other, "the second writer");
        StoreContent after = StoreContent.read(backend);
        assertTrue(after.ids(RecordKind.MEMORY).contains(first.id()), "the first commit");
        assertEquals("waited".equals(outcome), after.ids(RecordKind.MEMORY).contains(second.id()),
            "the second commit (" + outcome + ")");
      } finally {
        shutdown(pool);
      }
    }
  }

  /** Header facts, closing and reopening. */
  @Group
  public class Lifecycle {

    /** {@code info()} names the backend and a storage mode Doclea knows. */
    @Example
    public void infoIsComplete() {
      BackendInfo info = newBackend().info();
      assertNotNull(info, "info()");
      assertTrue(BackendInfo.STORAGE_MODES.contains(info.storageMode()),
          "storage mode " + info.storageMode());
      assertFalse(info.backendType().isBlank(), "backend type");
      assertFalse(info.schemaVersion().isBlank(), "schema version");
    }

    /** Closing twice is allowed; a closed backend refuses new snapshots and transactions. */
    @Example
    public void closedBackendRefusesNewWork() {
      StorageBackend backend = newBackend(sample("l."));
      backend.close();
      backend.close();
      for (Runnable call : List.<Runnable>of(backend::openSnapshot, backend::beginTransaction)) {
        RuntimeException e = assertThrows(RuntimeException.class, call::run,
            "a closed backend accepted a call");
        assertTrue(e instanceof TransferException || e instanceof IllegalStateException,
            "a closed backend must throw a TransferException or IllegalStateException, not " + e);
      }
    }
  }

  /**
   * Durability: runs only when {@link #reopen} gives a backend; otherwise it is reported as
   * skipped, not passed.
   */
  @Group
  public class Durability {
    /**
     * Committed records and vectors survive closing and reopening the store (checked only when
     * {@link #reopen} gives a backend).
     *
     * @param content the generated store
     */
    @Property
    @AddLifecycleHook(RequiresReopen.class)
    public void reopenedStoreKeepsCommittedRecordsAndVectors(
        @ForAll("storesWithVectors") StoreContent content) {
      StorageBackend backend = newBackend(content);
      try (WriteTransaction tx = backend.beginTransaction()) {
        stored(sample("rolled-back.")).insertInto(tx);
        tx.rollback();
      }
      backend.close();
      StorageBackend reopened = reopen(backend);
      assertTrue(reopened != null, "reopen() gave a backend for the probe but not now");
      backends.add(reopened);
      assertSameStored(content, StoreContent.read(reopened), "after reopening");
    }
  }

  /** Whether {@link #reopen} gives a backend: probed with an empty store. */
  final boolean reopens() {
    StorageBackend probe = createBackend();
    probe.close();
    StorageBackend reopened = reopen(probe);
    if (reopened == null) {
      return false;
    }
    reopened.close();
    return true;
  }

  /** Reports a property as skipped, not passed, when the adapter cannot reopen a closed store. */
  static final class RequiresReopen implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      if (context instanceof MethodLifecycleContext method) {
        for (Object instance : method.testInstances()) {
          if (instance instanceof StorageBackendContractTest kit && !kit.reopens()) {
            return SkipResult.skip("the adapter does not override reopen(): durability is not"
                + " checked");
          }
        }
      }
      return SkipResult.doNotSkip();
    }
  }
}
