package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class GuardedReaderProperties {

  @Property(tries = 300)
  void passesTextThroughAndHashesExactlyTheDataValue(@ForAll String payload,
      @ForAll @IntRange(min = 1, max = 7) int chunk) throws Exception {
    String data = "{\"memories\": [" + JsonText.quote(payload + "😀") + "]}";
    String text = "{\"version\": \"1.0.0\", \"data\": " + data + ", \"x\": " + JsonText.quote(
        payload) + "}";
    GuardedReader reader = new GuardedReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20, 64);
    StringBuilder out = new StringBuilder();
    char[] buf = new char[chunk];
    for (int n; (n = reader.read(buf, 0, chunk)) > 0; ) {
      out.append(buf, 0, n);
    }
    assertEquals(text, out.toString());
    byte[] expected = MessageDigest.getInstance("SHA-256")
        .digest(data.getBytes(StandardCharsets.UTF_8));
    assertEquals(java.util.HexFormat.of().formatHex(expected), reader.dataSha256());
  }

  /**
   * The string-length limit is hit exactly at the first character past the limit, whatever the
   * strings hold (escapes, line breaks, non-ASCII) and however the text arrives in pieces: the
   * position reported is the one a character-by-character count gives.
   */
  @Property(tries = 300)
  void aTooLongStringIsReportedAtTheFirstCharacterPastTheLimit(@ForAll String a,
      @ForAll String b, @ForAll @IntRange(min = 1, max = 40) int limit,
      @ForAll @IntRange(min = 1, max = 7) int chunk) throws Exception {
    String text = "{\"data\": {\"memories\": [" + JsonText.quote(a) + ", "
        + JsonText.quote(b) + "]}}";
    // The reference: count characters between quotes, escapes included, as the reader does.
    long expected = -1;
    long line = 1;
    long lineStart = 0;
    boolean inString = false;
    boolean escaped = false;
    long length = 0;
    for (int i = 0; i < text.length() && expected < 0; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      }
      if (!inString) {
        if (c == '"') {
          inString = true;
          length = 0;
        }
        continue;
      }
      if (!escaped && c == '"') {
        inString = false;
        continue;
      }
      escaped = !escaped && c == '\\';
      if (++length > limit) {
        expected = i;
      }
    }
    GuardedReader reader = new GuardedReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit, 64);
    char[] buf = new char[chunk];
    String hit = null;
    try {
      while (reader.read(buf, 0, chunk) > 0) {
        // read on
      }
    } catch (GuardedReader.LimitHit e) {
      hit = e.location;
    }
    if (expected < 0) {
      assertEquals(null, hit);
    } else {
      assertEquals(" at line " + line + " column " + (expected - lineStart + 1)
          + " (character " + (expected + 1) + " of the text)", hit);
    }
  }
}
