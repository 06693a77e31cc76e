package ai.doclea.transfer.embeddings;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our vectors equal Doclea's: {@code transformersjs-reference.json} was computed by
 * Transformers.js 3.8.1 itself, the library Doclea embeds with, reading the same model cache the
 * provider reads here ({@code src/test/node/make-reference.mjs}). Over 200 texts: short, memories
 * of 300 to 1,500 characters, texts far past the 512-token window, code, CJK and other scripts,
 * emoji, whitespace and control-character oddities, the empty text.
 */
class TransformersJsReferenceTest {

  private static JsonObject reference;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = TransformersJsReferenceTest.class
            .getResourceAsStream("/transformersjs-reference.json");
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      reference = JsonParser.parseReader(reader).getAsJsonObject();
    }
  }

  @Test
  void vectorsAndTokenCountsMatchTransformersJsOnOver200Texts() {
    JsonArray expected = reference.getAsJsonArray("embeddings");
    assertTrue(expected.size() >= 200, "reference texts: " + expected.size());
    int truncated = check(expected, ReferenceCache.options("all-MiniLM-L6-v2", "threads", "2"),
        384, 512);
    assertTrue(truncated >= 20, "texts past the 512-token window: " + truncated);
  }

  @Test
  void windowIsTheModelMaxLengthOfTokenizerConfigAsInTransformersJs() {
    JsonObject variant = reference.getAsJsonObject("window128");
    assertEquals(ReferenceCache.WINDOW_128, variant.get("model").getAsString());
    int truncated = check(variant.getAsJsonArray("embeddings"),
        ReferenceCache.options(ReferenceCache.WINDOW_128, "threads", "2"), 384, 128);
    assertTrue(truncated >= 10, "texts past the 128-token window: " + truncated);
  }

  @Test
  void dimensionsTruncationMatchesDocleasSliceAndRenormalise() {
    JsonObject variant = reference.getAsJsonObject("dimensions128");
    check(variant.getAsJsonArray("embeddings"),
        ReferenceCache.options("all-MiniLM-L6-v2", "threads", "2", "dimensions", "128"), 128,
        512);
  }

  /** Embeds the texts in one batch, compares; returns how many were cut at the window. */
  private static int check(JsonArray expected, java.util.Map<String, String> options,
      int dimensions, int window) {
    List<String> texts = new ArrayList<>();
    for (JsonElement e : expected) {
      texts.add(e.getAsJsonObject().get("text").getAsString());
    }
    int truncated = 0;
    try (EmbeddingProvider provider = new TransformersEmbeddingProviderFactory().create(options)) {
      TransformersEmbeddingProvider transformers = (TransformersEmbeddingProvider) provider;
      assertEquals(dimensions, provider.dimensions());
      assertEquals(window, transformers.window());
      List<float[]> vectors = provider.embed(texts);
      double worst = 1;
      String worstLabel = "";
      for (int t = 0; t < texts.size(); t++) {
        JsonObject entry = expected.get(t).getAsJsonObject();
        String label = "text " + t + " (" + texts.get(t).length() + " chars: "
            + texts.get(t).substring(0, Math.min(40, texts.get(t).length())) + ")";
        int tokens = entry.get("tokens").getAsInt();
        truncated += tokens == window ? 1 : 0;
        assertEquals(tokens, transformers.tokenCount(texts.get(t)), "token count of " + label);
        float[] want = decode(entry.get("vector").getAsString());
        assertEquals(dimensions, want.length, label);
        assertEquals(dimensions, vectors.get(t).length, label);
        double cosine = cosine(want, vectors.get(t));
        if (cosine < worst) {
          worst = cosine;
          worstLabel = label;
        }
        for (int d = 0; d < dimensions; d++) {
          assertEquals(want[d], vectors.get(t)[d], 1e-4, "component " + d + " of " + label);
        }
      }
      assertTrue(worst >= 0.9999, "lowest cosine " + worst + " for " + worstLabel);
    }
    return truncated;
  }

  private static float[] decode(String base64) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64))
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(v);
    return v;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
