package ai.doclea.transfer.sqlite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The blob format of {@code vector_memories.embedding}: float32, little-endian, no header. */
final class Vectors {
  private Vectors() {}

  /**
   * Encodes a vector.
   *
   * @param vector the components
   * @return 4 bytes per component, little-endian IEEE 754 single precision
   */
  static byte[] encode(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  /**
   * Decodes a vector.
   *
   * @param blob the bytes, a multiple of 4 long
   * @return the components
   * @throws IllegalArgumentException when the length is not a multiple of 4
   */
  static float[] decode(byte[] blob) {
    if (blob.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "a float32 vector blob has a multiple of 4 bytes, this one " + blob.length);
    }
    float[] vector = new float[blob.length / Float.BYTES];
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
