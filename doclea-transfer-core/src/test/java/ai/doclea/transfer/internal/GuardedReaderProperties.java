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
}
