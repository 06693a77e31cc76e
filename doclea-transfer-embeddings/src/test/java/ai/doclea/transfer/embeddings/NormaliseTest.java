package ai.doclea.transfer.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Pooling arithmetic and Matryoshka truncation; no model is loaded. */
class NormaliseTest {

  @Property(tries = 200)
  void normaliseGivesUnitLengthInTheDirectionOfTheLeadingComponents(
      @ForAll @Size(min = 1, max = 384) double @DoubleRange(min = -1e4, max = 1e4) [] sums,
      @ForAll @IntRange(min = 1, max = 384) int keep) {
    int dimensions = Math.min(keep, sums.length);
    double largest = 0;
    for (int i = 0; i < dimensions; i++) {
      largest = Math.max(largest, Math.abs(sums[i]));
    }
    if (largest == 0) {
      return;
    }
    double squares = 0;
    for (int i = 0; i < dimensions; i++) {
      squares += (sums[i] / largest) * (sums[i] / largest);
    }
    float[] v = TransformersModel.normalise(sums, dimensions);
    assertEquals(dimensions, v.length);
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-5);
    double length = Math.sqrt(squares);
    for (int i = 0; i < dimensions; i++) {
      assertEquals(sums[i] / largest / length, v[i], 1e-6, "component " + i);
    }
  }

  @Test
  void zeroSumStaysZeroInsteadOfBecomingNaN() {
    assertArrayEquals(new float[3], TransformersModel.normalise(new double[3], 3));
  }

  @Test
  void threeFourFiveTriangle() {
    assertArrayEquals(new float[] {0.6f, -0.8f},
        TransformersModel.normalise(new double[] {6, -8}, 2));
  }

  @Test
  void truncationKeepsTheLeadingComponentsAndRenormalises() {
    assertArrayEquals(new float[] {0.6f, 0.8f},
        TransformersModel.normalise(new double[] {3, 4, 12, -7}, 2));
  }

  @Test
  void tinyComponentsDoNotUnderflowToZero() {
    float[] v = TransformersModel.normalise(new double[] {3e-170, 4e-170}, 2);
    assertArrayEquals(new float[] {0.6f, 0.8f}, v);
  }
}
