package ai.doclea.transfer.embeddings.minilm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.spi.EmbeddingProvider;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our vectors equal Doclea's: the reference vectors were computed by Transformers.js, the library
 * Doclea embeds with (see {@code transformersjs-reference.json} and {@code
 * src/test/node/make-reference.mjs}), for short texts, an empty one, Unicode, a 335-token text
 * (past sentence-transformers' 256) and an 886-token one (past the 512 window).
 */
class TransformersJsReferenceTest {

  @Test
  void vectorsAndTruncationMatchTransformersJs() throws IOException {
    JsonArray reference = load().getAsJsonArray("embeddings");
    List<String> texts = new ArrayList<>();
    for (JsonElement e : reference) {
      texts.add(e.getAsJsonObject().get("text").getAsString());
    }
    try (EmbeddingProvider provider =
        new MiniLmEmbeddingProviderFactory().create(Map.of("threads", "2"))) {
      MiniLmEmbeddingProvider minilm = (MiniLmEmbeddingProvider) provider;
      List<float[]> vectors = provider.embed(texts);
      boolean sawTruncation = false;
      for (int t = 0; t < texts.size(); t++) {
        JsonObject expected = reference.get(t).getAsJsonObject();
        String label = "text " + t + " (" + texts.get(t).length() + " chars)";
        int tokens = expected.get("tokens").getAsInt();
        sawTruncation |= tokens == 512;
        assertEquals(tokens, minilm.tokenCount(texts.get(t)), "token count of " + label);
        JsonArray values = expected.getAsJsonArray("vector");
        assertEquals(384, values.size());
        for (int d = 0; d < 384; d++) {
          assertEquals(values.get(d).getAsDouble(), vectors.get(t)[d], 1e-5,
              "component " + d + " of " + label);
        }
      }
      assertTrue(sawTruncation, "the reference includes a text past the 512-token window");
    }
  }

  private static JsonObject load() throws IOException {
    try (InputStream in = TransformersJsReferenceTest.class
            .getResourceAsStream("/transformersjs-reference.json");
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(reader).getAsJsonObject();
    }
  }
}
