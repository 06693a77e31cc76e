package ai.doclea.transfer.cli;

import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.spi.EmbeddingProviderFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test embedding provider, {@code test-hash}: eight components derived from the text's bytes.
 * Registered for the tests only, so that {@code import --reembed} can be run without a model.
 */
public final class HashEmbeddingProviderFactory implements EmbeddingProviderFactory {
  /** The provider's name. */
  public static final String NAME = "test-hash";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public HashEmbeddingProviderFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EmbeddingProvider create(Map<String, String> options) {
    if (!options.isEmpty()) {
      throw new IllegalArgumentException("test-hash takes no options: " + options);
    }
    return new EmbeddingProvider() {
      @Override
      public String providerName() {
        return NAME;
      }

      @Override
      public String modelName() {
        return "bytes-8";
      }

      @Override
      public int dimensions() {
        return 8;
      }

      @Override
      public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
          float[] v = new float[8];
          byte[] b = t.getBytes(StandardCharsets.UTF_8);
          for (int i = 0; i < b.length; i++) {
            v[i % 8] += (b[i] & 0xff) / 255f;
          }
          out.add(v);
        }
        return out;
      }
    };
  }
}
