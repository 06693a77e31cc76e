package ai.doclea.transfer.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Options of a diff: how many changes to list, the limits against hostile files, and where the
 * temporary partition files go. Immutable; build with {@link #builder()}.
 *
 * @since 0.2.0
 */
public final class DiffOptions {
  private final int limit;
  private final Limits limits;
  private final Path tempDirectory;

  private DiffOptions(Builder b) {
    this.limit = b.limit;
    this.limits = b.limits;
    this.tempDirectory = b.tempDirectory;
  }

  /** @return the defaults: 100 changes listed, default limits, the system temporary directory */
  public static DiffOptions defaults() {
    return builder().build();
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return how many changes {@link DiffResult#changes()} lists at most (default 100) */
  public int limit() {
    return limit;
  }

  /** @return the limits applied to both files */
  public Limits limits() {
    return limits;
  }

  /** @return the directory for temporary files, or null for {@code java.io.tmpdir} */
  public Path tempDirectory() {
    return tempDirectory;
  }

  /** A mutable builder; not thread-safe. */
  public static final class Builder {
    private int limit = 100;
    private Limits limits = Limits.DEFAULTS;
    private Path tempDirectory;

    private Builder() {}

    /**
     * @param v how many changes to list, at least 0
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder limit(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("the limit of listed changes is negative: " + v);
      }
      limit = v;
      return this;
    }

    /**
     * Sets the limits for both files.
     *
     * @param v the limits for both files
     * @return this builder
     */
    public Builder limits(Limits v) {
      limits = Objects.requireNonNull(v, "limits");
      return this;
    }

    /**
     * Sets the directory for temporary files.
     *
     * @param v directory for temporary files, or null for the default
     * @return this builder
     */
    public Builder tempDirectory(Path v) {
      tempDirectory = v;
      return this;
    }

    /** @return the options */
    public DiffOptions build() {
      return new DiffOptions(this);
    }
  }
}
