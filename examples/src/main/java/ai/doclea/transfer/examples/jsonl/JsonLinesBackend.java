package ai.doclea.transfer.examples.jsonl;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.BackendInfo;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StoredVector;
import ai.doclea.transfer.spi.WriteTransaction;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store in one directory (see {@link JsonLinesStorageProvider} for the layout). Thread-safe:
 * snapshots may be opened from several threads, and one transaction may be open at a time.
 */
final class JsonLinesBackend implements StorageBackend {
  static final String CURRENT = "CURRENT";
  static final String META = "meta.json";
  static final String VECTORS = "vectors.jsonl";
  static final String SCHEMA_VERSION = "1";
  private static final Logger LOG = LoggerFactory.getLogger(JsonLinesBackend.class);
  private static final Pattern GENERATION = Pattern.compile("gen-(\\d{6,})");

  private final Path dir;
  private final boolean readOnly;
  private final String storageMode;
  private final Object lock = new Object();
  private final Map<String, Integer> pins = new HashMap<>();
  private boolean writerOpen;
  private boolean closed;

  private JsonLinesBackend(Path dir, boolean readOnly, String storageMode) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.storageMode = storageMode;
  }

  static JsonLinesBackend open(Path dir, boolean create, boolean readOnly, String storageMode) {
    Path current = dir.resolve(CURRENT);
    if (!Files.exists(current)) {
      if (!create) {
        throw new BackendException("No jsonl store in " + dir + " (" + current
            + " is missing). Pass the option create=true to make a new one.");
      }
      initialise(dir);
    }
    JsonLinesBackend backend = new JsonLinesBackend(dir, readOnly, storageMode);
    Path generation = backend.generationDir(backend.readCurrent());
    if (!Files.isDirectory(generation)) {
      throw new BackendException("The jsonl store in " + dir + " is damaged: " + current
          + " names " + generation.getFileName() + ", which does not exist");
    }
    return backend;
  }

  private static void initialise(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new BackendException(dir + " is not empty and holds no jsonl store; refusing"
                + " to create one there. Choose an empty or new directory.");
          }
        }
      }
      Files.createDirectories(dir);
      String name = name(0);
      Path gen = Files.createDirectory(dir.resolve(name));
      for (RecordKind kind : RecordKind.values()) {
        writeDurably(gen.resolve(fileName(kind)), w -> { });
      }
      writeDurably(gen.resolve(VECTORS), w -> { });
      writeMeta(gen, new EnumMap<>(RecordKind.class), null, null);
      switchCurrent(dir, name);
    } catch (IOException e) {
      throw new BackendException("Cannot create a jsonl store in " + dir + ": " + e, e);
    }
  }

  @Override
  public BackendInfo info() {
    JsonObject meta = readMeta(generationDir(readCurrent()));
    return new BackendInfo(JsonLinesStorageProvider.SCHEME, storageMode, SCHEMA_VERSION,
        string(meta, "embeddingProvider"), string(meta, "embeddingModel"));
  }

  @Override
  public ReadSnapshot openSnapshot() {
    return new JsonLinesSnapshot(this, pinCurrent());
  }

  @Override
  public WriteTransaction beginTransaction() {
    if (readOnly) {
      throw new BackendException("jsonl:" + dir + " was opened read-only; it cannot be written");
    }
    synchronized (lock) {
      ensureOpen();
      if (writerOpen) {
        throw new BackendException("jsonl:" + dir + " already has an open transaction; close it"
            + " first");
      }
      writerOpen = true;
    }
    try {
      return new JsonLinesTransaction(this, pinCurrent());
    } catch (RuntimeException e) {
      synchronized (lock) {
        writerOpen = false;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  @Override
  public String toString() {
    return "jsonl:" + dir;
  }

  Path dir() {
    return dir;
  }

  Path generationDir(String name) {
    return dir.resolve(name);
  }

  /** Pins the current generation so that no commit deletes it while it is read. */
  String pinCurrent() {
    synchronized (lock) {
      ensureOpen();
      String name = readCurrent();
      pins.merge(name, 1, Integer::sum);
      return name;
    }
  }

  void unpin(String name) {
    synchronized (lock) {
      pins.computeIfPresent(name, (k, n) -> n > 1 ? n - 1 : null);
      deleteUnused();
    }
  }

  void writerDone() {
    synchronized (lock) {
      writerOpen = false;
    }
  }

  /**
   * Writes a transaction's changes as a new generation and makes it current.
   *
   * @throws BackendException when the store changed meanwhile or writing fails; then nothing
   *     changed
   */
  void publish(JsonLinesTransaction tx) {
    Path base = generationDir(tx.baseGeneration());
    String name = name(number(tx.baseGeneration()) + 1);
    Path target = generationDir(name);
    try {
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.createDirectory(target);
      Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
      for (RecordKind kind : RecordKind.values()) {
        counts.put(kind, writeSection(base.resolve(fileName(kind)),
            target.resolve(fileName(kind)), tx, kind));
      }
      writeVectors(base.resolve(VECTORS), target.resolve(VECTORS), tx);
      JsonObject oldMeta = readMeta(base);
      StoredVector last = tx.lastVector();
      writeMeta(target, counts,
          last != null ? last.provider() : string(oldMeta, "embeddingProvider"),
          last != null ? last.model() : string(oldMeta, "embeddingModel"));
      synchronized (lock) {
        ensureOpen();
        String onDisk = readCurrent();
        if (!onDisk.equals(tx.baseGeneration())) {
          throw new BackendException("jsonl:" + dir + " changed since the transaction began"
              + " (now at " + onDisk + ", began at " + tx.baseGeneration() + "); nothing was"
              + " written");
        }
        switchCurrent(dir, name);
        deleteUnused();
      }
    } catch (IOException | UncheckedIOException | BackendException e) {
      if (!name.equals(readCurrentQuietly())) {
        deleteTreeQuietly(target, e);
      }
      if (e instanceof BackendException be) {
        throw be;
      }
      throw new BackendException("Cannot commit to jsonl:" + dir + ": " + e.getMessage(), e);
    }
  }

  private long writeSection(Path from, Path to, JsonLinesTransaction tx, RecordKind kind)
      throws IOException {
    Map<String, TransferRecord> replaced = tx.replaced(kind);
    Map<String, TransferRecord> inserted = tx.inserted(kind);
    long[] count = {0};
    writeDurably(to, w -> {
      try (BufferedReader in = Files.newBufferedReader(from, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          TransferRecord replacement = replaced.isEmpty() ? null : replaced.get(Codec.id(line));
          w.write(replacement != null ? Codec.write(replacement) : line);
          w.write('\n');
          count[0]++;
        }
      }
      for (TransferRecord r : inserted.values()) {
        w.write(Codec.write(r));
        w.write('\n');
        count[0]++;
      }
    });
    return count[0];
  }

  private void writeVectors(Path from, Path to, JsonLinesTransaction tx) throws IOException {
    Map<String, StoredVector> added = tx.vectors();
    writeDurably(to, w -> {
      try (BufferedReader in = Files.newBufferedReader(from, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          String memoryId = Codec.vectorMemoryId(line);
          if (!added.containsKey(memoryId) && !tx.droppedVectors().contains(memoryId)) {
            w.write(line);
            w.write('\n');
          }
        }
      }
      for (StoredVector v : added.values()) {
        w.write(Codec.writeVector(v));
        w.write('\n');
      }
    });
  }

  String readCurrent() {
    Path current = dir.resolve(CURRENT);
    try {
      String name = Files.readString(current, StandardCharsets.UTF_8).strip();
      if (!GENERATION.matcher(name).matches()) {
        throw new BackendException("The jsonl store in " + dir + " is damaged: " + current
            + " holds '" + name + "', not a generation name");
      }
      return name;
    } catch (IOException e) {
      throw new BackendException("Cannot read " + current + ": " + e, e);
    }
  }

  private String readCurrentQuietly() {
    try {
      return readCurrent();
    } catch (BackendException e) {
      return "";
    }
  }

  JsonObject readMeta(Path generation) {
    Path meta = generation.resolve(META);
    try {
      return JsonParser.parseString(Files.readString(meta, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      throw new BackendException("Cannot read " + meta + ": " + e.getMessage(), e);
    }
  }

  /** Deletes every generation that is neither current nor pinned by this backend. */
  private void deleteUnused() {
    String current = readCurrentQuietly();
    if (current.isEmpty()) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "gen-*")) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (!name.equals(current) && !pins.containsKey(name)
            && GENERATION.matcher(name).matches() && number(name) < number(current)) {
          deleteTree(p);
        }
      }
    } catch (IOException e) {
      // The old generation stays on disk; it is unused and deleted after the next commit.
      LOG.warn("Cannot delete an old generation in {}: {}", dir, e.toString());
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new BackendException("jsonl:" + dir + " is closed");
    }
  }

  static String fileName(RecordKind kind) {
    return kind.sectionName() + ".jsonl";
  }

  static String name(long number) {
    return String.format(Locale.ROOT, "gen-%06d", number);
  }

  static long number(String name) {
    Matcher m = GENERATION.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a generation name: " + name);
    }
    return Long.parseLong(m.group(1));
  }

  private static String string(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
  }

  private static void writeMeta(Path generation, Map<RecordKind, Long> counts, String provider,
      String model) throws IOException {
    JsonObject meta = new JsonObject();
    meta.addProperty("format", 1);
    JsonObject c = new JsonObject();
    for (RecordKind k : RecordKind.values()) {
      c.addProperty(k.sectionName(), counts.getOrDefault(k, 0L));
    }
    meta.add("counts", c);
    if (provider != null) {
      meta.addProperty("embeddingProvider", provider);
    }
    if (model != null) {
      meta.addProperty("embeddingModel", model);
    }
    writeDurably(generation.resolve(META), w -> w.write(meta.toString()));
  }

  private static void switchCurrent(Path dir, String name) throws IOException {
    Path tmp = dir.resolve(CURRENT + ".tmp");
    writeDurably(tmp, w -> w.write(name + "\n"));
    try {
      Files.move(tmp, dir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("The file system of " + dir + " cannot replace a file atomically,"
          + " which the jsonl store needs", e);
    }
  }

  /** Something that writes a file's content. */
  interface Content {
    void write(Writer w) throws IOException;
  }

  /** Writes a file and forces it to the disk before returning. */
  static void writeDurably(Path file, Content content) throws IOException {
    try (FileOutputStream out = new FileOutputStream(file.toFile())) {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      content.write(w);
      w.flush();
      out.getFD().sync();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void deleteTreeQuietly(Path dir, Exception primary) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
