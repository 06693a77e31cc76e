package ai.doclea.transfer.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Passes bytes through and, between {@link #arm()} and {@link #disarm()}, feeds them to SHA-256,
 * starting at the first '{' byte written after arming. The writer above must be flushed before
 * arming and before disarming so that the byte positions line up with the JSON tokens.
 */
final class DigestingOutputStream extends FilterOutputStream {
  private MessageDigest sha;
  private boolean waiting;
  private boolean active;

  DigestingOutputStream(OutputStream out) {
    super(out);
  }

  void arm() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
    waiting = true;
  }

  String disarm() {
    waiting = false;
    active = false;
    return java.util.HexFormat.of().formatHex(sha.digest());
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    if (active) {
      sha.update(b, off, len);
    } else if (waiting) {
      for (int i = off; i < off + len; i++) {
        if (b[i] == '{') {
          waiting = false;
          active = true;
          sha.update(b, i, off + len - i);
          return;
        }
      }
    }
  }
}
