package ai.doclea.transfer.internal;

/** Lowercase hexadecimal. */
final class Hex {
  private Hex() {}

  static String of(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte x : bytes) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }
}
