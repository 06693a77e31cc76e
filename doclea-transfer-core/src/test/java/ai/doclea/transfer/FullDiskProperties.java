package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.internal.Exporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * When the disk fills up after k bytes of an export to a path, the export reports failure, the
 * path is unchanged and no temporary file is left; when the file fits, it succeeds. (The adapter
 * kit used to check this through the core's internals; writing the file is the core's alone, so
 * the core checks it, with the fault injected where only the core can reach.)
 */
class FullDiskProperties {
  private static final byte[] OLDER = "{\"version\":\"1.0.0\",\"data\":{}}"
      .getBytes(StandardCharsets.UTF_8);

  @Property(tries = 60)
  void fullDiskLeavesTheTargetPathUnchanged(
      @ForAll @DoubleRange(min = 0, max = 1.05) double where, @ForAll boolean targetExists,
      @ForAll boolean gzip) throws IOException {
    ExportOptions options = ExportOptions.builder().gzip(gzip)
        .clock(Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC)).build();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    assertTrue(Transfer.export(ExportSafetyTest.store(), whole, "a buffer", options).success());
    long size = whole.size();
    long limit = (long) (where * size);
    Path dir = Files.createTempDirectory("doclea-full-disk-");
    try {
      Path target = dir.resolve("backup.json");
      if (targetExists) {
        Files.write(target, OLDER);
      }
      List<ExportSafetyTest.FailAfter> disks = new ArrayList<>();
      ExportResult result = Exporter.toPath(ExportSafetyTest.store(), target, options, out -> {
        ExportSafetyTest.FailAfter disk = new ExportSafetyTest.FailAfter(out, limit);
        disks.add(disk);
        return disk;
      });
      if (limit < size) {
        assertFalse(result.success(), "the export succeeded on a disk of " + limit
            + " bytes with a file of " + size);
        assertTrue(result.error().contains("no space left"), result.error());
        assertEquals(targetExists ? List.of(target) : List.of(), listing(dir),
            "the directory after a failed export");
        if (targetExists) {
          assertArrayEquals(OLDER, Files.readAllBytes(target), "the older file");
        }
      } else {
        assertTrue(result.success(), result::toJson);
        assertArrayEquals(whole.toByteArray(), Files.readAllBytes(target), "the file written");
        assertEquals(List.of(target), listing(dir), "no temporary file left");
      }
      assertEquals(1, disks.size(), "one file stream opened");
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
