package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The float32 little-endian blob of the vector table. */
class VectorsTest {

  @Test
  void componentsAreFloat32LittleEndian() {
    assertEquals("0000803f000020c0cdcccc3d",
        HexFormat.of().formatHex(Vectors.encode(new float[] {1.0f, -2.5f, 0.1f})));
    assertArrayEquals(new float[] {1.0f, -2.5f},
        Vectors.decode(HexFormat.of().parseHex("0000803f000020c0")));
  }

  @Test
  void aBlobThatIsNotWholeFloatsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Vectors.decode(new byte[5]));
  }

  @Property(tries = 200)
  void vectorsDecodeToWhatWasEncoded(@ForAll float[] vector) {
    float[] back = Vectors.decode(Vectors.encode(vector));
    assertEquals(vector.length, back.length);
    for (int i = 0; i < vector.length; i++) {
      assertEquals(Float.floatToIntBits(vector[i]), Float.floatToIntBits(back[i]));
    }
  }
}
