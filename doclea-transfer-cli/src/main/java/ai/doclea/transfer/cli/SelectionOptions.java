package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.Selection;
import ai.doclea.transfer.spi.IoFailures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The filters of a selective export ({@code export --tag auth --type decision}), turned into a
 * {@link Selection}. AND across kinds of filter, OR within one kind; the closure rules are those
 * of {@link Selection}.
 */
final class SelectionOptions {
  @Option(names = "--type", paramLabel = "TYPE",
      description = "Only memories of this type (decision, solution, pattern, architecture,"
          + " note, …). Repeatable: any of them.")
  List<String> types = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG",
      description = "Only memories carrying this tag. Repeatable: any of them.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--file", paramLabel = "GLOB",
      description = "Only memories with a related file matching GLOB (* and ? within one path"
          + " segment, ** across). Repeatable: any of them.")
  List<String> files = new ArrayList<>();

  @Option(names = "--since", paramLabel = "EPOCH_SECONDS",
      description = "Only memories created (see --by) at or after this time.")
  Long since;

  @Option(names = "--until", paramLabel = "EPOCH_SECONDS",
      description = "Only memories created (see --by) before this time.")
  Long until;

  @Option(names = "--by", paramLabel = "created|accessed",
      description = "The timestamp --since and --until apply to: created (default) or accessed.")
  String by = "created";

  @Option(names = "--id", paramLabel = "ID",
      description = "Only the memory with this id. Repeatable.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--ids-from", paramLabel = "FILE",
      description = "Only the memories whose ids FILE lists, one per line (blank lines and lines"
          + " starting with # are ignored). Adds to --id.")
  Path idsFrom;

  @Option(names = "--min-importance", paramLabel = "X",
      description = "Only memories of importance X (0..1) or more.")
  Double minImportance;

  @Option(names = "--include-pending-matching",
      description = "With memory filters, also export the pending memories whose memoryData"
          + " matches them (by default a filtered export has no pending memories).")
  boolean includePendingMatching;

  @Option(names = "--no-documents", description = "Leave out documents and chunks.")
  boolean noDocuments;

  @Option(names = "--document", paramLabel = "ID",
      description = "Only this document (and its chunks). Repeatable; adds to --document-title.")
  List<String> documentIds = new ArrayList<>();

  @Option(names = "--document-title", paramLabel = "GLOB",
      description = "Only documents whose title matches GLOB (and their chunks). Repeatable.")
  List<String> documentTitles = new ArrayList<>();

  /** @return whether no filter was given */
  boolean isEmpty() {
    return types.isEmpty() && tags.isEmpty() && files.isEmpty() && since == null
        && until == null && ids.isEmpty() && idsFrom == null && minImportance == null
        && !noDocuments && documentIds.isEmpty() && documentTitles.isEmpty();
  }

  /**
   * Builds the selection.
   *
   * @param command for usage errors
   * @return the selection, {@link Selection#ALL} when no filter is given
   */
  Selection build(Subcommand command) {
    Selection.TimeField field = switch (by) {
      case "created" -> Selection.TimeField.CREATED;
      case "accessed" -> Selection.TimeField.ACCESSED;
      default -> throw command.usageError("--by must be created or accessed, not '" + by + "'");
    };
    List<String> allIds = new ArrayList<>(ids);
    if (idsFrom != null) {
      allIds.addAll(readIds(command));
    }
    if (noDocuments && (!documentIds.isEmpty() || !documentTitles.isEmpty())) {
      throw command.usageError("--no-documents cannot be combined with --document or"
          + " --document-title");
    }
    try {
      return Selection.builder().types(types).tags(tags).files(files).since(since).until(until)
          .timeField(field).ids(allIds).minImportance(minImportance)
          .includePendingMatching(includePendingMatching).includeDocuments(!noDocuments)
          .documentIds(documentIds).documentTitles(documentTitles).build();
    } catch (IllegalArgumentException e) {
      throw command.usageError(e.getMessage());
    }
  }

  private List<String> readIds(Subcommand command) {
    List<String> out;
    try {
      out = readIdLines(idsFrom);
    } catch (IdFileException e) {
      throw command.usageError("--ids-from " + idsFrom + e.getMessage());
    }
    if (out.isEmpty()) {
      throw command.usageError("--ids-from " + idsFrom + " lists no id; an export of no memory"
          + " is almost certainly a mistake");
    }
    return out;
  }

  /** The longest line of an id file, in characters (Doclea's ids are a few dozen). */
  static final int MAX_LINE_CHARS = 1024;

  /** The most ids an id file may list. */
  static final int MAX_IDS = 1_000_000;

  /** Why an id file cannot be used; the message continues a sentence naming the file. */
  static final class IdFileException extends Exception {
    private static final long serialVersionUID = 1L;

    IdFileException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads an id file as a stream: one id per line (UTF-8), blank lines and lines starting with
   * {@code #} ignored, each line stripped. The file may be a pipe or a device: it is read once,
   * and memory stays bounded by {@link #MAX_LINE_CHARS} per line and {@link #MAX_IDS} ids.
   *
   * @param file the file
   * @return the ids, in file order
   * @throws IdFileException when the file cannot be read, is not UTF-8 text (or holds a NUL
   *     byte), has a line longer than {@link #MAX_LINE_CHARS} characters or lists more than
   *     {@link #MAX_IDS} ids; the message says where (line, byte offset)
   */
  static List<String> readIdLines(Path file) throws IdFileException {
    List<String> out = new ArrayList<>();
    java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    // A line of more than 4 bytes per character allowed is too long whatever it holds.
    byte[] line = new byte[MAX_LINE_CHARS * 4];
    java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(line.length);
    try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file),
        1 << 16)) {
      long offset = 0;
      long lineStart = 0;
      long lineNumber = 1;
      int length = 0;
      for (int b; ; offset++) {
        b = in.read();
        if (b == '\n' || b < 0) {
          if (b < 0 && length == 0) {
            break;
          }
          decoder.reset();
          chars.clear();
          java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(line, 0, length);
          java.nio.charset.CoderResult r = decoder.decode(bytes, chars, true);
          if (!r.isError()) {
            r = decoder.flush(chars);
          }
          if (r.isError()) {
            throw new IdFileException(" is not UTF-8 text (byte offset "
                + (lineStart + bytes.position()) + ", line " + lineNumber + ")");
          }
          chars.flip();
          String text = chars.toString();
          if (text.codePointCount(0, text.length()) > MAX_LINE_CHARS) {
            throw new IdFileException(": line " + lineNumber + " is longer than "
                + MAX_LINE_CHARS + " characters");
          }
          String id = text.strip();
          if (!id.isEmpty() && !id.startsWith("#")) {
            if (out.size() == MAX_IDS) {
              throw new IdFileException(" lists more than " + MAX_IDS + " ids (line "
                  + lineNumber + "); export by other filters, or in parts");
            }
            out.add(id);
          }
          if (b < 0) {
            break;
          }
          lineNumber++;
          lineStart = offset + 1;
          length = 0;
          continue;
        }
        if (b == 0) {
          throw new IdFileException(" is not UTF-8 text (a NUL byte at byte offset " + offset
              + ", line " + lineNumber + ")");
        }
        if (length == line.length) {
          throw new IdFileException(": line " + lineNumber + " is longer than "
              + MAX_LINE_CHARS + " characters");
        }
        line[length++] = (byte) b;
      }
    } catch (IOException e) {
      throw new IdFileException(" cannot be read: "
          + IoFailures.describe(e));
    }
    return out;
  }
}
