package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferListener;
import ai.doclea.transfer.memory.InMemoryBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an import tells its listener for progress: each section's expected count from the file's
 * metadata (read from its end before the import starts), and how much of the file it has read.
 */
class ImportProgressTest {
  @TempDir Path dir;

  /** Records what a listener is told. */
  static final class Recorder implements TransferListener {
    final Map<RecordKind, Long> expected = new EnumMap<>(RecordKind.class);
    final Map<RecordKind, Long> finished = new EnumMap<>(RecordKind.class);
    final List<long[]> reads = new ArrayList<>();

    @Override
    public void sectionStarted(RecordKind kind, long count) {
      expected.put(kind, count);
    }

    @Override
    public void sectionFinished(RecordKind kind, long total) {
      finished.put(kind, total);
    }

    @Override
    public void inputRead(long bytes, long totalBytes) {
      reads.add(new long[] {bytes, totalBytes});
    }
  }

  private Path export(boolean gzip) {
    Path file = dir.resolve(gzip ? "a.json.gz" : "a.json");
    Transfer.export(ImportTest.sampleStore(), file, ExportOptions.builder().gzip(gzip)
        .clock(ExportFormatTest.CLOCK).build()).orThrow();
    return file;
  }

  private Recorder importWithRecorder(Path file) {
    Recorder recorder = new Recorder();
    Transfer.importFrom(InMemoryBackend.create(), file,
        ImportOptions.builder().listener(recorder).build()).orThrow();
    return recorder;
  }

  @Test
  void everySectionStartsWithTheCountTheFileDeclares() {
    Recorder recorder = importWithRecorder(export(false));

    assertTrue(recorder.expected.containsKey(RecordKind.MEMORY), recorder.expected.toString());
    assertEquals(recorder.finished, recorder.expected,
        "the declared counts are the counts the import found");
  }

  @Test
  void aFileWithOnlyTotalMemoriesGivesTheMemoriesCountAndNoOther() throws IOException {
    Path ours = export(false);
    Path doclea = Files.writeString(dir.resolve("doclea.json"),
        new ImportTest().docleaStyle(Files.readString(ours, StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);

    Recorder recorder = importWithRecorder(doclea);

    recorder.expected.forEach((kind, count) -> assertEquals(
        kind == RecordKind.MEMORY ? recorder.finished.get(kind) : -1L, count, kind.name()));
  }

  @Test
  void aGzipFileGivesNoCountsButTheBytesReadOfItsSize() throws IOException {
    Path file = export(true);

    Recorder recorder = importWithRecorder(file);

    assertTrue(recorder.expected.values().stream().allMatch(c -> c == -1L),
        recorder.expected.toString());
    assertTrue(!recorder.reads.isEmpty());
    long size = Files.size(file);
    long last = -1;
    for (long[] read : recorder.reads) {
      assertEquals(size, read[1]);
      assertTrue(read[0] >= last && read[0] <= size, read[0] + " of " + size);
      last = read[0];
    }
    assertTrue(last > 0);
  }
}
