package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.TransferException;
import ai.doclea.transfer.spi.IoFailures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vectors of a file that an import will restore, held in a private temporary file (0600)
 * until the file's metadata says which model made them: the metadata comes after {@code data} in
 * an export file, so whether the vectors fit the target is known only at the end of a pass.
 * Streams both ways; deleted on {@link #close()}.
 */
final class VectorSpool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VectorSpool.class);

  private final Path file;
  private DataOutputStream out;
  private long count;

  /** Receives the spooled vectors in the order they were added. */
  interface Sink {
    void accept(String memoryId, String vectorId, float[] vector);
  }

  VectorSpool() {
    this.file = EmbeddingStage.createSpool();
    try {
      out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    } catch (IOException e) {
      delete();
      throw new TransferException("cannot write the vectors to restore to " + file + ": "
          + IoFailures.describe(e) + "; " + Spools.roomAdvice(), e);
    }
  }

  long count() {
    return count;
  }

  void add(FileParser.VectorEntry v) {
    try {
      writeString(v.memoryId);
      out.writeBoolean(v.id != null);
      if (v.id != null) {
        writeString(v.id);
      }
      out.writeInt(v.bytes.length);
      out.write(v.bytes);
      count++;
    } catch (IOException e) {
      throw new TransferException("cannot write the vectors to restore to " + file + ": "
          + IoFailures.describe(e) + "; " + Spools.roomAdvice(), e);
    }
  }

  /** Ids are written as UTF-8 with an int length: they may be longer than writeUTF allows. */
  private void writeString(String s) throws IOException {
    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Reads every spooled vector back, in order. */
  void drain(Sink sink) {
    try {
      out.close();
      try (DataInputStream in = new DataInputStream(
          new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
        for (long i = 0; i < count; i++) {
          String memoryId = readString(in);
          String id = in.readBoolean() ? readString(in) : null;
          byte[] bytes = new byte[in.readInt()];
          in.readFully(bytes);
          sink.accept(memoryId, id, Float32.decode(bytes));
        }
      }
    } catch (EOFException e) {
      throw new TransferException("the temporary file of vectors to restore, " + file
          + ", ended early (was it changed by another program?)", e);
    } catch (IOException e) {
      throw new TransferException("cannot read the vectors to restore from " + file + ": "
          + IoFailures.describe(e), e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("closing {} failed: {}", file, e.toString());
    }
    delete();
  }

  private void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete the temporary file {}: {}", file, e.toString());
    }
  }
}
