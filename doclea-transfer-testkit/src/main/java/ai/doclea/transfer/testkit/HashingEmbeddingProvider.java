package ai.doclea.transfer.testkit;

import ai.doclea.transfer.spi.EmbeddingProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A deterministic embedding provider for tests: each text's vector is derived from its bytes. */
final class HashingEmbeddingProvider implements EmbeddingProvider {
  static final String PROVIDER = "testkit";
  static final String MODEL = "utf8-hash-4";

  int calls;

  @Override
  public String providerName() {
    return PROVIDER;
  }

  @Override
  public String modelName() {
    return MODEL;
  }

  @Override
  public int dimensions() {
    return 4;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    calls++;
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (String text : texts) {
      vectors.add(vectorOf(text));
    }
    return vectors;
  }

  static float[] vectorOf(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    long h = 1125899906842597L;
    for (byte b : bytes) {
      h = 31 * h + b;
    }
    return new float[] {bytes.length, (h & 0xffff) / 65536f, ((h >>> 16) & 0xffff) / 65536f,
        text.length()};
  }
}
