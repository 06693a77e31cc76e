package ai.doclea.transfer.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte form of a vector in an export file (and in Doclea's {@code vector_memories.embedding}):
 * the components as IEEE 754 float32, little-endian, no header.
 */
final class Float32 {
  private Float32() {}

  static byte[] encode(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return bytes.array();
  }

  /** Decodes {@code bytes}, whose length is a multiple of 4. */
  static float[] decode(byte[] bytes) {
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
