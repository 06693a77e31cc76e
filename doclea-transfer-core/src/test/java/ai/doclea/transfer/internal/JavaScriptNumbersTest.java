package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers as JavaScript writes them, checked against JavaScript itself: a million doubles (random
 * bit patterns, random magnitudes, and known hard cases) formatted by Node's {@code String(x)}
 * and by {@link JsonText#number}. Skipped, loudly, where Node is not installed.
 */
class JavaScriptNumbersTest {
  static final int COUNT = 1_000_000;
  @TempDir Path dir;

  static String node() {
    for (String candidate : List.of("/usr/bin/node", "/usr/local/bin/node")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  static List<Double> doubles() {
    SplittableRandom random = new SplittableRandom(20261130);
    List<Double> out = new ArrayList<>(COUNT);
    out.add(Double.longBitsToDouble(0x45355bf56623a559L)); // once written ...426e+25, JS: ...427e+25
    out.add(Double.MIN_VALUE);
    out.add(Double.MAX_VALUE);
    out.add(Double.MIN_NORMAL);
    out.add(5e-324);
    out.add(1e21);
    out.add(1e-7);
    out.add(123456789012345680000.0);
    out.add(9007199254740993.0);
    out.add(0.1 + 0.2);
    while (out.size() < COUNT) {
      double d;
      switch (out.size() % 3) {
        case 0 -> d = Double.longBitsToDouble(random.nextLong());
        case 1 -> d = random.nextDouble() * Math.pow(10, random.nextInt(-30, 31));
        default -> d = Math.scalb(1.0, random.nextInt(-1074, 1024)) * (random.nextBoolean() ? 1
            : -1);
      }
      if (Double.isFinite(d)) {
        out.add(d);
      }
    }
    return out;
  }

  @Test
  void aMillionDoublesAreWrittenExactlyAsNodeWritesThem() throws Exception {
    String node = node();
    assumeTrue(node != null, "NODE IS NOT INSTALLED: the differential test of number formatting"
        + " against JavaScript is skipped");
    List<Double> values = doubles();
    Path input = dir.resolve("bits.txt");
    try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.US_ASCII)) {
      for (double d : values) {
        w.write(Long.toHexString(Double.doubleToRawLongBits(d)));
        w.write('\n');
      }
    }
    Path script = Files.writeString(dir.resolve("format.js"), String.join("\n",
        "const fs = require('fs');",
        "const lines = fs.readFileSync(process.argv[2], 'ascii').split('\\n');",
        "const view = new DataView(new ArrayBuffer(8));",
        "const out = [];",
        "for (const line of lines) {",
        "  if (!line) continue;",
        "  view.setBigUint64(0, BigInt('0x' + line));",
        "  out.push(JSON.stringify(view.getFloat64(0)));",
        "}",
        "fs.writeFileSync(process.argv[3], out.join('\\n') + '\\n');"));
    Path output = dir.resolve("js.txt");
    Process p = new ProcessBuilder(node, script.toString(), input.toString(), output.toString())
        .redirectErrorStream(true).start();
    // Ours while Node runs, on every core: formatting exactly takes microseconds per number.
    String[] ours = values.parallelStream().map(JsonText::number).toArray(String[]::new);
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "node did not finish");
    assertEquals(0, p.exitValue(), log);
    List<String> mismatches = new ArrayList<>();
    int i = 0;
    try (BufferedReader r = Files.newBufferedReader(output, StandardCharsets.US_ASCII)) {
      for (String js; (js = r.readLine()) != null; i++) {
        if (i < ours.length && !ours[i].equals(js) && mismatches.size() < 20) {
          mismatches.add(Long.toHexString(Double.doubleToRawLongBits(values.get(i))) + ": ours "
              + ours[i] + ", JavaScript " + js);
        }
      }
    }
    assertEquals(values.size(), i, "Node formatted every value");
    assertEquals(List.of(), mismatches);
  }
}
