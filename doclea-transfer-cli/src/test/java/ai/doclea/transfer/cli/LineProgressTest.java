package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.RecordKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineProgressTest {

  private static List<String> lines(StringWriter sink) {
    return sink.toString().lines().toList();
  }

  @Test
  void printsProgressWithCountsRateAndTimeLeftThenTheFinishedSection() throws Exception {
    StringWriter sink = new StringWriter();
    try (LineProgress p = new LineProgress("import", new PrintWriter(sink), 0)) {
      p.sectionStarted(RecordKind.MEMORY, 2500);
      Thread.sleep(5); // a rate needs a measurable time
      p.progress(RecordKind.MEMORY, 1000);
      p.sectionFinished(RecordKind.MEMORY, 2500);
    }

    List<String> lines = lines(sink);
    assertEquals(2, lines.size(), sink.toString());
    assertTrue(lines.get(0).matches(
        "import memories: 1,000 of 2,500 records \\([\\d,]+/s, about \\d+ (s|min|h) left\\)"),
        lines.get(0));
    assertTrue(lines.get(1).matches("import memories: 2,500 records in \\d+\\.\\d s \\(.*/s\\)"),
        lines.get(1));
  }

  @Test
  void unknownTotalsAreLeftOut() {
    StringWriter sink = new StringWriter();
    try (LineProgress p = new LineProgress("export", new PrintWriter(sink), 0)) {
      p.sectionStarted(RecordKind.CHUNK, -1);
      p.progress(RecordKind.CHUNK, 7);
    }

    assertTrue(lines(sink).get(0).startsWith("export chunks: 7 records ("), sink.toString());
  }

  @Test
  void withoutATotalAnImportShowsTheShareOfTheFileRead() throws Exception {
    StringWriter sink = new StringWriter();
    try (LineProgress p = new LineProgress("import", new PrintWriter(sink), 0)) {
      p.sectionStarted(RecordKind.CHUNK, -1);
      Thread.sleep(5); // a rate needs a measurable time
      p.progress(RecordKind.CHUNK, 500);
      p.inputRead(250_000, 1_000_000);
      p.progress(RecordKind.CHUNK, 1000);
    }

    List<String> lines = lines(sink);
    assertEquals(2, lines.size(), sink.toString());
    assertTrue(lines.get(0).matches("import chunks: 500 records \\([\\d,]+/s\\)"),
        lines.get(0));
    assertTrue(lines.get(1).matches("import chunks: 1,000 records, 25% of the file read"
        + " \\([\\d,]+/s, about \\d+ (s|min|h) left\\)"), lines.get(1));
  }

  @Test
  void timeLeftIsTheRestAtTheRateSoFar() {
    assertEquals(", about 30 s left", LineProgress.timeLeft(250, 1000, 10_000_000_000L));
    assertEquals(", about 3 min left", LineProgress.timeLeft(100, 1000, 20_000_000_000L));
    assertEquals(", about 2.5 h left", LineProgress.timeLeft(1, 10, 1_000_000_000_000L));
    assertEquals("", LineProgress.timeLeft(0, 1000, 10_000_000_000L));
  }

  @Test
  void aQuickSectionPrintsNothing() {
    StringWriter sink = new StringWriter();
    try (LineProgress p = new LineProgress("export", new PrintWriter(sink), 60_000_000_000L)) {
      p.sectionStarted(RecordKind.MEMORY, 10);
      p.progress(RecordKind.MEMORY, 10);
      p.sectionFinished(RecordKind.MEMORY, 10);
    }

    assertEquals("", sink.toString());
  }

  @Test
  void reEmbeddingAlwaysReportsItsEndAndWarningsArePrinted() {
    StringWriter sink = new StringWriter();
    try (LineProgress p = new LineProgress("import", new PrintWriter(sink), 60_000_000_000L)) {
      p.embedded(32, 64);
      p.embedded(64, 64);
      p.warning("unknown key 'foo' at $.data.memories[0]");
    }

    List<String> lines = lines(sink);
    assertEquals(2, lines.size(), sink.toString());
    assertTrue(lines.get(0).startsWith("import re-embedding: 64 of 64 memories ("), lines.get(0));
    assertEquals("warning: unknown key 'foo' at $.data.memories[0]", lines.get(1));
  }
}
