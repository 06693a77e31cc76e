package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.RecordKind;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record counts an export file declares in its {@code metadata}, read from the file's end
 * before an import starts, so that progress can show totals: {@code metadata} follows {@code data}
 * in the format, so a streaming pass learns them only at the end. Only for progress: the import
 * still checks the counts it reads against the ones it found. Gzip files (not seekable as text)
 * and files whose tail does not parse give no counts.
 */
final class DeclaredCounts {
  /** How much of the file's end is read: the metadata object is a few hundred bytes. */
  static final int TAIL_BYTES = 64 * 1024;

  private static final Pattern METADATA = Pattern.compile("\"metadata\"\\s*:\\s*\\{");

  private DeclaredCounts() {}

  /**
   * Reads the counts from the end of a file.
   *
   * @param file the file, opened here on a channel of its own
   * @return the declared count of each section found: {@code metadata.counts}, and for memories
   *     {@code metadata.totalMemories} when {@code counts} lacks them; empty when none is known
   */
  static Map<RecordKind, Long> read(Path file) {
    Map<RecordKind, Long> out = new EnumMap<>(RecordKind.class);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      ByteBuffer head = ByteBuffer.allocate(2);
      channel.read(head, 0);
      if (head.position() == 2 && (head.get(0) & 0xff) == 0x1f && (head.get(1) & 0xff) == 0x8b) {
        return out;
      }
      int length = (int) Math.min(size, TAIL_BYTES);
      ByteBuffer tail = ByteBuffer.allocate(length);
      long at = size - length;
      while (tail.hasRemaining() && channel.read(tail, at + tail.position()) > 0) {
        // read until the buffer is full
      }
      String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
      Matcher m = METADATA.matcher(text);
      int start = -1;
      while (m.find()) {
        start = m.end() - 1;
      }
      if (start < 0) {
        return out;
      }
      parse(new JsonReader(new StringReader(text.substring(start))), out);
    } catch (IOException | RuntimeException e) {
      // Only progress depends on this: a tail that cannot be read or parsed gives no totals.
      out.clear();
    }
    return out;
  }

  private static void parse(JsonReader r, Map<RecordKind, Long> out) throws IOException {
    Long totalMemories = null;
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals("totalMemories") && r.peek() == JsonToken.NUMBER) {
        totalMemories = r.nextLong();
      } else if (name.equals("counts") && r.peek() == JsonToken.BEGIN_OBJECT) {
        r.beginObject();
        while (r.hasNext()) {
          RecordKind kind = RecordKind.forSection(r.nextName());
          if (kind != null && r.peek() == JsonToken.NUMBER) {
            out.put(kind, r.nextLong());
          } else {
            r.skipValue();
          }
        }
        r.endObject();
      } else {
        r.skipValue();
      }
    }
    if (totalMemories != null) {
      out.putIfAbsent(RecordKind.MEMORY, totalMemories);
    }
  }
}
