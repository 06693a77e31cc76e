package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.InvalidRecordException;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads an export file in one streaming pass and pushes its records to a {@link Handler}: the
 * one place that knows the file's layout on the reading side. Accepts any key and section order,
 * missing sections, and unknown keys (warnings). Checks the version, the limits, and, through
 * {@link Summary#checkIntegrity}, the counts and digest recorded in the metadata.
 */
public final class FileParser {

  /** Receives what the parser reads. */
  interface Handler {
    /** Whether records of this section are decoded and passed on; if not they are only counted. */
    boolean wantSection(RecordKind kind);

    /** A wanted section starts. */
    default void sectionStart(RecordKind kind) {}

    /** One decoded record; {@code path} is its JSON path. */
    void record(TransferRecord record, String path);

    /** A wanted section ended. */
    default void sectionEnd(RecordKind kind) {}

    /**
     * Whether the entries of {@code data.vectors} are passed on; they are decoded and checked
     * either way (when the parser decodes records).
     */
    default boolean wantVectors() {
      return false;
    }

    /** One checked entry of {@code data.vectors}; {@code path} is its JSON path. */
    default void vector(VectorEntry vector, String path) {}

    /** The wanted vectors section ended. */
    default void vectorsEnd() {}
  }

  /**
   * One entry of {@code data.vectors}, decoded and checked: a memory id, the store's id of the
   * vector (or null) and the components' bytes.
   */
  static final class VectorEntry {
    final String memoryId;
    final String id;
    /** The components as they are in the file ({@link Float32}), all finite. */
    final byte[] bytes;

    VectorEntry(String memoryId, String id, byte[] bytes) {
      this.memoryId = memoryId;
      this.id = id;
      this.bytes = bytes;
    }
  }

  /** What a pass found in the file, besides the records. */
  static final class Summary {
    String version;
    Long exportedAt;
    String backendType;
    String storageMode;
    String schemaVersion;
    String embeddingProvider;
    String embeddingModel;
    Long totalMemories;
    Map<RecordKind, Long> declaredCounts;
    String declaredSha256;
    /** {@code metadata.selection} as compact JSON text, or null for a full export. */
    String selection;
    String computedSha256;
    /** Whether the data value holds carriage returns between its tokens (CRLF line endings). */
    boolean carriageReturnInData;
    boolean sawData;
    /** Whether {@code data.vectors} was present. */
    boolean sawVectors;
    /** Entries of {@code data.vectors}. */
    long vectors;
    /** The length of the vectors found, or -1 before the first. */
    int vectorLength = -1;
    /** {@code metadata.dimensions}, or null. */
    Integer dimensions;
    /** {@code metadata.counts.vectors}, or null. */
    Long declaredVectors;
    final Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    final Map<RecordKind, Boolean> present = new EnumMap<>(RecordKind.class);

    long count(RecordKind kind) {
      return counts.getOrDefault(kind, 0L);
    }

    /** Checks totals, counts and digest; throws the first mismatch. */
    void checkIntegrity(String file) {
      if (totalMemories != null && totalMemories != count(RecordKind.MEMORY)) {
        throw new InvalidFileException(file + ": metadata.totalMemories is " + totalMemories
            + " but data.memories holds " + count(RecordKind.MEMORY)
            + " records; the file is truncated or was edited", file, "$.metadata.totalMemories",
            null, null);
      }
      if (declaredCounts != null) {
        for (Map.Entry<RecordKind, Long> e : declaredCounts.entrySet()) {
          long found = count(e.getKey());
          if (e.getValue() != found) {
            String section = e.getKey().sectionName();
            throw new InvalidFileException(file + ": metadata.counts." + section + " is "
                + e.getValue() + " but data." + section + " holds " + found
                + " records; the file is truncated or was edited", file,
                "$.metadata.counts." + section, null, null);
          }
        }
      }
      if (declaredVectors != null && declaredVectors != vectors) {
        throw new InvalidFileException(file + ": metadata.counts.vectors is " + declaredVectors
            + " but data.vectors holds " + vectors + " entries; the file is truncated or was"
            + " edited", file, "$.metadata.counts.vectors", null, null);
      }
      if (vectors > 0) {
        if (dimensions == null) {
          throw new InvalidFileException(file + ": data.vectors holds " + vectors + " vectors"
              + " but metadata.dimensions is missing; the file does not say how long its"
              + " vectors are", file, "$.metadata.dimensions", null, null);
        }
        if (vectorLength >= 0 && dimensions != vectorLength) {
          throw new InvalidFileException(file + ": metadata.dimensions is " + dimensions
              + " but the vectors in data.vectors have " + vectorLength + " components", file,
              "$.metadata.dimensions", null, null);
        }
        if (embeddingProvider == null || embeddingModel == null) {
          throw new InvalidFileException(file + ": data.vectors holds " + vectors + " vectors"
              + " but metadata does not name the embedding provider and model that made them"
              + " (embeddingProvider, embeddingModel)", file, "$.metadata", null, null);
        }
      }
      if (declaredSha256 != null && !declaredSha256.equalsIgnoreCase(
          computedSha256 == null ? "" : computedSha256)) {
        throw new InvalidFileException(file + ": the SHA-256 of the data section is "
            + computedSha256 + " but metadata.sha256 says " + declaredSha256
            + "; the file is corrupted or was edited" + (carriageReturnInData
                ? " (its data section has CRLF line endings, which an export never writes: if"
                + " they are the only change, as when git's core.autocrlf or a Windows editor"
                + " converts a file, convert the line endings back to LF, for example with"
                + " dos2unix, and the digest matches again)" : ""),
            file, "$.metadata.sha256", null, null);
      }
    }

    /**
     * Checks that a second pass read the same file as the first: same digest of the data and
     * same counts. A second pass reads the same open file, so this fails only when the file was
     * changed in place while it was being read.
     */
    void checkSameAs(Summary first, String file) {
      if (!java.util.Objects.equals(computedSha256, first.computedSha256)
          || !counts.equals(first.counts) || vectors != first.vectors) {
        throw new InvalidFileException(file + ": the file changed while it was being read (its"
            + " second pass differs from the first); nothing was imported", file, "$.data",
            null, null);
      }
    }

    String digestStatus() {
      if (declaredSha256 == null) {
        return "absent";
      }
      return declaredSha256.equalsIgnoreCase(String.valueOf(computedSha256)) ? "verified"
          : "mismatch";
    }
  }

  static final String SUPPORTED = "1.x.y (this library writes " + ExportWriter.FORMAT_VERSION
      + ")";

  private final String file;
  private final Limits limits;
  private final Warnings warnings;
  private final boolean decodeRecords;
  private long records;

  /**
   * Creates a parser for one pass.
   *
   * @param file names the input in messages
   * @param limits the limits
   * @param warnings where warnings go
   * @param decodeRecords whether wanted sections are decoded (false: inspect, counting only)
   */
  FileParser(String file, Limits limits, Warnings warnings, boolean decodeRecords) {
    this.file = file;
    this.limits = limits;
    this.warnings = warnings;
    this.decodeRecords = decodeRecords;
  }

  /**
   * Parses the whole input.
   *
   * @param raw the file's bytes, plain or gzip
   * @param handler receives the records
   * @return what was found
   * @throws InvalidFileException for anything wrong with the file
   */
  Summary parse(InputStream raw, Handler handler) {
    Summary s = new Summary();
    BufferedInputStream buffered = raw instanceof BufferedInputStream
        ? (BufferedInputStream) raw : new BufferedInputStream(raw, 65536);
    JsonReader r = null;
    GuardedReader guard;
    RecordReader records = new RecordReader(warnings);
    try {
      boolean gzip = InputFiles.isGzip(buffered);
      InputStream decoded = InputFiles.decoded(buffered, gzip, limits.maxDecompressedBytes());
      guard = new GuardedReader(decoded, limits.maxStringLength(), limits.maxDepth());
      r = new JsonReader(guard);
      r.setStrictness(Strictness.STRICT);
      r.setNestingLimit(limits.maxDepth() + 1);
      if (r.peek() != JsonToken.BEGIN_OBJECT) {
        throw ParseFailure.at(file, r, null,
            "an export file is one JSON object, but it starts with " + RecordReader.describe(
                r.peek()), null);
      }
      r.beginObject();
      Keys keys = new Keys();
      while (r.hasNext()) {
        String name = keys.next(r);
        switch (name) {
          case "version":
            s.version = headerString(r, name);
            checkVersion(r, s.version);
            break;
          case "exportedAt":
            s.exportedAt = headerLong(r);
            break;
          case "backendType":
            s.backendType = headerString(r, name);
            break;
          case "storageMode":
            s.storageMode = headerString(r, name);
            break;
          case "schemaVersion":
            s.schemaVersion = r.peek() == JsonToken.NUMBER ? r.nextString()
                : headerString(r, name);
            break;
          case "data":
            s.sawData = true;
            data(r, s, handler, records);
            break;
          case "metadata":
            metadata(r, s);
            break;
          default:
            warnings.add("unknown top-level key '" + name + "' ignored");
            r.skipValue();
        }
      }
      r.endObject();
      if (!atEnd(r)) {
        throw ParseFailure.at(file, r, null, "unexpected content after the export object (a"
            + " second JSON value, or text that is not white space)", null);
      }
      if (s.version == null) {
        throw new InvalidFileException(file + ": no 'version' key: this is not a Doclea export "
            + "file (supported versions: " + SUPPORTED + ")", file, "$.version", null, null);
      }
      if (!s.sawData) {
        warnings.add("the file has no 'data' object; nothing to import");
      }
      s.computedSha256 = guard.dataSha256();
      s.carriageReturnInData = guard.carriageReturnInData();
      return s;
    } catch (GuardedReader.LimitHit e) {
      throw ParseFailure.limit(file, r, e);
    } catch (GuardedReader.MalformedText e) {
      // The parser has read ahead: its path and record would name an earlier place.
      throw new InvalidFileException(file + ": the file is not valid UTF-8 text: "
          + e.getMessage(), file, null, null, e);
    } catch (CharacterCodingException e) {
      throw failure(r, records, "the file is not valid UTF-8 text", e);
    } catch (EOFException e) {
      throw failure(r, records, "the file ends too early (truncated)", e);
    } catch (ZipException e) {
      throw failure(r, records, "the gzip data is corrupt: " + e.getMessage(), e);
    } catch (IOException e) {
      // Gson reports the end of input inside a string as "Unterminated string/escape".
      String message = String.valueOf(e.getMessage());
      throw failure(r, records, message.startsWith("Unterminated string")
          || message.startsWith("Unterminated escape")
          ? "the file ends too early (truncated): " + ParseFailure.plain(message)
          : "malformed JSON: " + ParseFailure.plain(message), e);
    } catch (IllegalStateException | NumberFormatException | RecordReader.WrongType e) {
      throw failure(r, records, ParseFailure.plain(e.getMessage()), e);
    } catch (InvalidRecordException e) {
      throw failure(r, records, "invalid record: " + e.getMessage(), e);
    }
  }

  /**
   * Whether only white space follows the top-level object. The strict reader refuses a second
   * value with its general complaint about malformed JSON; this says what it is.
   */
  private static boolean atEnd(JsonReader r) throws IOException {
    try {
      return r.peek() == JsonToken.END_DOCUMENT;
    } catch (com.google.gson.stream.MalformedJsonException e) {
      return false;
    }
  }

  private InvalidFileException failure(JsonReader r, RecordReader records, String problem,
      Throwable cause) {
    if (r == null) {
      return new InvalidFileException(file + ": " + problem, file, null, null, cause);
    }
    return ParseFailure.at(file, r, records.currentId, problem, cause);
  }

  /**
   * What is wrong with a base64 text, in words: the JDK's decoder names an illegal character by
   * its code in hexadecimal alone ("Illegal base64 character a" for a line break).
   */
  static String base64Problem(String encoded, IllegalArgumentException e) {
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '+' || c == '/' || c == '=';
      if (!alphabet) {
        return String.format("the character U+%04X at index %d is not in base64's alphabet,"
            + " A-Z a-z 0-9 + / with = for padding (RFC 4648)", (int) c, i);
      }
    }
    return e.getMessage();
  }

  private static final java.util.regex.Pattern VERSION =
      java.util.regex.Pattern.compile("(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})");

  private void checkVersion(JsonReader r, String version) {
    if (version == null) {
      throw ParseFailure.at(file, r, null, "'version' is null; supported: " + SUPPORTED, null);
    }
    java.util.regex.Matcher m = VERSION.matcher(version);
    if (!m.matches()) {
      throw ParseFailure.at(file, r, null, "the format version '" + shorten(version)
          + "' is not of the form MAJOR.MINOR.PATCH; supported: " + SUPPORTED, null);
    }
    if (!m.group(1).equals("1")) {
      throw ParseFailure.at(file, r, null, "unsupported export format version '" + version
          + "'; supported: " + SUPPORTED, null);
    }
    if (!m.group(2).equals("0")) {
      warnings.add("the file's format version " + version + " is newer than "
          + ExportWriter.FORMAT_VERSION + "; keys this library does not know are ignored");
    }
  }

  private String headerString(JsonReader r, String name) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.NULL) {
      r.nextNull();
      return null;
    }
    if (t != JsonToken.STRING) {
      throw new RecordReader.WrongType("'" + name + "' must be a string but is "
          + RecordReader.describe(t));
    }
    return r.nextString();
  }

  private static Long headerLong(JsonReader r) throws IOException {
    return RecordReader.lng(r);
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private void data(JsonReader r, Summary s, Handler handler, RecordReader records)
      throws IOException {
    if (r.peek() != JsonToken.BEGIN_OBJECT) {
      throw new RecordReader.WrongType("'data' must be an object but is "
          + RecordReader.describe(r.peek()));
    }
    r.beginObject();
    Keys keys = new Keys();
    while (r.hasNext()) {
      String section = keys.next(r);
      if (section.equals(ExportWriter.VECTORS)) {
        if (s.sawVectors) {
          throw ParseFailure.at(file, r, null, "the section 'data.vectors' appears twice", null);
        }
        s.sawVectors = true;
        vectors(r, s, handler);
        continue;
      }
      RecordKind kind = RecordKind.forSection(section);
      if (kind == null) {
        warnings.add("unknown section 'data." + section + "' ignored");
        r.skipValue();
        continue;
      }
      if (s.present.put(kind, Boolean.TRUE) != null) {
        throw ParseFailure.at(file, r, null, "the section 'data." + section + "' appears twice",
            null);
      }
      JsonToken t = r.peek();
      if (t == JsonToken.NULL) {
        r.nextNull();
        s.counts.put(kind, 0L);
        continue;
      }
      if (t != JsonToken.BEGIN_ARRAY) {
        throw new RecordReader.WrongType("'data." + section + "' must be an array but is "
            + RecordReader.describe(t));
      }
      boolean want = decodeRecords && handler.wantSection(kind);
      if (want) {
        handler.sectionStart(kind);
      }
      long count = 0;
      r.beginArray();
      while (r.hasNext()) {
        if (++this.records > limits.maxRecords()) {
          throw new GuardedReader.LimitHit("the file holds more than " + limits.maxRecords()
              + " records", "maxRecords");
        }
        if (want) {
          String path = r.getPath();
          TransferRecord record;
          try {
            record = records.read(kind, r);
            records.currentId = null;
          } catch (InvalidRecordException e) {
            String at = path + "." + e.field();
            throw new InvalidFileException(file + ": invalid " + kind.displayName() + " at " + at
                + ": " + e.getMessage(), file, at, e.recordId(), e);
          }
          try {
            handler.record(record, path);
          } catch (TransferException e) {
            throw e;
          } catch (RuntimeException e) {
            throw new TransferException("unexpected failure while handling the record at "
                + path + " of " + file + ": " + e, e);
          }
        } else {
          r.skipValue();
        }
        count++;
      }
      r.endArray();
      s.counts.put(kind, count);
      if (want) {
        handler.sectionEnd(kind);
      }
    }
    r.endObject();
  }

  /** Reads {@code data.vectors}: checks every entry, and passes them on when wanted. */
  private void vectors(JsonReader r, Summary s, Handler handler) throws IOException {
    JsonToken t = r.peek();
    if (t == JsonToken.NULL) {
      r.nextNull();
      return;
    }
    if (t != JsonToken.BEGIN_ARRAY) {
      throw new RecordReader.WrongType("'data.vectors' must be an array but is "
          + RecordReader.describe(t));
    }
    boolean want = decodeRecords && handler.wantVectors();
    IdFingerprints memoryIds = decodeRecords ? new IdFingerprints() : null;
    java.util.Base64.Decoder base64 = java.util.Base64.getDecoder();
    r.beginArray();
    while (r.hasNext()) {
      if (++this.records > limits.maxRecords()) {
        throw new GuardedReader.LimitHit("the file holds more than " + limits.maxRecords()
            + " records", "maxRecords");
      }
      if (!decodeRecords) {
        r.skipValue();
        s.vectors++;
        continue;
      }
      String path = r.getPath();
      VectorEntry entry = vectorEntry(r, path, base64, s);
      if (!memoryIds.add(entry.memoryId)) {
        throw new InvalidFileException(file + ": memory '" + entry.memoryId + "' has a second"
            + " vector at " + path + "; a file carries one vector per memory", file, path,
            entry.memoryId, null);
      }
      s.vectors++;
      if (want) {
        try {
          handler.vector(entry, path);
        } catch (TransferException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new TransferException("unexpected failure while handling the vector at "
              + path + " of " + file + ": " + e, e);
        }
      }
    }
    r.endArray();
    if (want) {
      handler.vectorsEnd();
    }
  }

  private VectorEntry vectorEntry(JsonReader r, String path, java.util.Base64.Decoder base64,
      Summary s) throws IOException {
    if (r.peek() != JsonToken.BEGIN_OBJECT) {
      throw new InvalidFileException(file + ": the entry at " + path + " of data.vectors must be"
          + " an object but is " + RecordReader.describe(r.peek()), file, path, null, null);
    }
    r.beginObject();
    Keys keys = new Keys();
    String memoryId = null;
    String id = null;
    String encoded = null;
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "memoryId":
          memoryId = headerString(r, "memoryId");
          break;
        case "id":
          id = headerString(r, "id");
          break;
        case "vector":
          encoded = headerString(r, "vector");
          break;
        default:
          warnings.add("unknown key '" + name + "' in data.vectors ignored");
          r.skipValue();
      }
    }
    r.endObject();
    if (memoryId == null || memoryId.isEmpty()) {
      throw new InvalidFileException(file + ": the vector at " + path + " has no memoryId",
          file, path + ".memoryId", null, null);
    }
    String named = "the vector of memory '" + memoryId + "' at " + path;
    if (id != null && id.isEmpty()) {
      throw new InvalidFileException(file + ": " + named + " has an empty id", file,
          path + ".id", memoryId, null);
    }
    if (encoded == null) {
      throw new InvalidFileException(file + ": " + named + " has no 'vector'", file,
          path + ".vector", memoryId, null);
    }
    byte[] bytes;
    try {
      bytes = base64.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidFileException(file + ": " + named + " is not valid base64 ("
          + base64Problem(encoded, e) + ")", file, path + ".vector", memoryId, e);
    }
    if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
      throw new InvalidFileException(file + ": " + named + " holds " + bytes.length
          + " bytes, which is not a whole number of float32 components", file, path + ".vector",
          memoryId, null);
    }
    float[] vector = Float32.decode(bytes);
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new InvalidFileException(file + ": " + named + " has a non-finite component ("
            + vector[i] + " at index " + i + ")", file, path + ".vector", memoryId, null);
      }
    }
    if (s.vectorLength < 0) {
      s.vectorLength = vector.length;
    } else if (vector.length != s.vectorLength) {
      throw new InvalidFileException(file + ": " + named + " has " + vector.length
          + " components, the earlier vectors " + s.vectorLength + "; every vector of a file"
          + " has the same length", file, path + ".vector", memoryId, null);
    }
    return new VectorEntry(memoryId, id, bytes);
  }

  private void metadata(JsonReader r, Summary s) throws IOException {
    if (r.peek() != JsonToken.BEGIN_OBJECT) {
      throw new RecordReader.WrongType("'metadata' must be an object but is "
          + RecordReader.describe(r.peek()));
    }
    r.beginObject();
    Keys keys = new Keys();
    while (r.hasNext()) {
      String name = keys.next(r);
      switch (name) {
        case "totalMemories":
          s.totalMemories = headerLong(r);
          break;
        case "embeddingProvider":
          s.embeddingProvider = headerString(r, name);
          break;
        case "embeddingModel":
          s.embeddingModel = headerString(r, name);
          break;
        case "sha256":
          s.declaredSha256 = headerString(r, name);
          break;
        case "counts":
          s.declaredCounts = counts(r, s);
          break;
        case "dimensions":
          Long dimensions = headerLong(r);
          if (dimensions == null || dimensions < 1 || dimensions > 65536) {
            throw new RecordReader.WrongType("'metadata.dimensions' must be an integer from 1"
                + " to 65536 but is " + dimensions);
          }
          s.dimensions = dimensions.intValue();
          break;
        case "selection":
          s.selection = com.google.gson.JsonParser.parseReader(r).toString();
          warnings.add("the file is a selective export (metadata.selection " + s.selection
              + "): it holds only part of its store");
          break;
        default:
          String plain = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
          if (plain.equals("sha256") || plain.equals("counts")) {
            throw new RecordReader.WrongType("the metadata key '" + shorten(name) + "' looks like"
                + " '" + plain + "' but is spelled differently; a misspelled integrity key would"
                + " switch the check off, so the file is not read (rename the key to '" + plain
                + "', or remove it)");
          }
          warnings.add("unknown key 'metadata." + name + "' ignored");
          r.skipValue();
      }
    }
    r.endObject();
  }

  private Map<RecordKind, Long> counts(JsonReader r, Summary s) throws IOException {
    Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
    if (r.peek() != JsonToken.BEGIN_OBJECT) {
      throw new RecordReader.WrongType("'metadata.counts' must be an object but is "
          + RecordReader.describe(r.peek()));
    }
    r.beginObject();
    Keys keys = new Keys();
    while (r.hasNext()) {
      String name = keys.next(r);
      RecordKind kind = RecordKind.forSection(name);
      if (kind == null && name.equals(ExportWriter.VECTORS)) {
        Long count = headerLong(r);
        if (count == null || count < 0) {
          throw new RecordReader.WrongType("'metadata.counts.vectors' must be a non-negative"
              + " integer but is " + count);
        }
        s.declaredVectors = count;
      } else if (kind == null) {
        warnings.add("unknown key 'metadata.counts." + name + "' ignored");
        r.skipValue();
      } else {
        Long count = headerLong(r);
        if (count == null || count < 0) {
          throw new RecordReader.WrongType("'metadata.counts." + name + "' must be a"
              + " non-negative integer but is " + count);
        }
        counts.put(kind, count);
      }
    }
    r.endObject();
    return counts;
  }

}
