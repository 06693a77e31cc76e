package ai.doclea.transfer.api;

import java.time.Clock;
import java.util.Objects;

/**
 * Options of an export, with Doclea's defaults: both relation sections and pending memories
 * included, no compression. Immutable; build with {@link #builder()}.
 *
 * @since 0.1.0
 */
public final class ExportOptions {
  private final boolean includeRelations;
  private final boolean includePending;
  private final boolean gzip;
  private final String storageMode;
  private final Clock clock;
  private final TransferListener listener;
  private final Selection selection;
  private final boolean replaceAnyFile;
  private final boolean includeVectors;

  private ExportOptions(Builder b) {
    this.includeVectors = b.includeVectors;
    this.includeRelations = b.includeRelations;
    this.includePending = b.includePending;
    this.gzip = b.gzip;
    this.replaceAnyFile = b.replaceAnyFile;
    this.storageMode = b.storageMode;
    this.clock = b.clock;
    this.listener = b.listener;
    this.selection = b.selection;
  }

  /**
   * The defaults.
   *
   * @return options with every default
   */
  public static ExportOptions defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return whether memory and cross-layer relations are exported (default true) */
  public boolean includeRelations() {
    return includeRelations;
  }

  /** @return whether pending memories are exported (default true) */
  public boolean includePending() {
    return includePending;
  }

  /** @return whether the file is gzip-compressed (default false) */
  public boolean gzip() {
    return gzip;
  }

  /** @return the storage mode to write instead of the backend's, or null to use the backend's */
  public String storageMode() {
    return storageMode;
  }

  /** @return the clock that gives {@code exportedAt} (default: the system clock) */
  public Clock clock() {
    return clock;
  }

  /** @return the progress listener (default: none) */
  public TransferListener listener() {
    return listener;
  }

  /**
   * Which records are exported (default {@link Selection#ALL}). {@link #includeRelations()} and
   * {@link #includePending()} still apply on top of it.
   *
   * @return the selection
   * @since 0.2.0
   */
  public Selection selection() {
    return selection;
  }

  /**
   * Whether an export to a path may replace an existing regular file that is not an export file.
   * By default such a file (for example a document given by mistake as the output) is never
   * replaced: the export fails and leaves it as it was. Export files (plain or gzip JSON that
   * starts like an export) and empty files are always replaced, atomically.
   *
   * @return whether any regular file may be replaced (default false)
   * @since 0.2.0
   */
  public boolean replaceAnyFile() {
    return replaceAnyFile;
  }

  /**
   * Whether the file carries the memories' embedding vectors, in the extra section {@code
   * data.vectors} (one entry per memory that has a vector: {@code memoryId}, {@code id}, {@code
   * vector} as base64 of the little-endian float32 bytes), with {@code embeddingProvider}, {@code
   * embeddingModel}, {@code dimensions} and {@code counts.vectors} in {@code metadata}. An import
   * into a store with the same provider, model and dimensions then restores them instead of
   * re-embedding. Doclea's own importer ignores the section. Without it the file is exactly
   * Doclea's format.
   *
   * @return whether vectors are exported (default false)
   * @since 0.3.0
   */
  public boolean includeVectors() {
    return includeVectors;
  }

  /** A mutable builder; not thread-safe. */
  public static final class Builder {
    private boolean includeVectors;
    private boolean replaceAnyFile;
    private boolean includeRelations = true;
    private boolean includePending = true;
    private boolean gzip;
    private String storageMode;
    private Clock clock = Clock.systemUTC();
    private TransferListener listener = TransferListener.NONE;
    private Selection selection = Selection.ALL;

    private Builder() {}

    /** @param v whether to export both relation sections @return this builder */
    public Builder includeRelations(boolean v) {
      includeRelations = v;
      return this;
    }

    /** @param v whether to export pending memories @return this builder */
    public Builder includePending(boolean v) {
      includePending = v;
      return this;
    }

    /** @param v whether to gzip the file @return this builder */
    public Builder gzip(boolean v) {
      gzip = v;
      return this;
    }

    /** @param v storage mode for the header, or null for the backend's @return this builder */
    public Builder storageMode(String v) {
      storageMode = v;
      return this;
    }

    /** @param v the clock for {@code exportedAt} @return this builder */
    public Builder clock(Clock v) {
      clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /** @param v the progress listener @return this builder */
    public Builder listener(TransferListener v) {
      listener = Objects.requireNonNull(v, "listener");
      return this;
    }

    /**
     * @param v which records to export; see {@link Selection} for the closure rules
     * @return this builder
     * @since 0.2.0
     */
    public Builder selection(Selection v) {
      selection = Objects.requireNonNull(v, "selection");
      return this;
    }

    /**
     * Lets an export to a path replace an existing regular file that is not an export file (the
     * command-line tool's {@code --force}).
     *
     * @param v whether any regular file may be replaced
     * @return this builder
     * @since 0.2.0
     */
    public Builder replaceAnyFile(boolean v) {
      replaceAnyFile = v;
      return this;
    }

    /**
     * Exports the memories' vectors too (the command-line tool's {@code --vectors}); see {@link
     * ExportOptions#includeVectors()}.
     *
     * @param v whether to export vectors
     * @return this builder
     * @since 0.3.0
     */
    public Builder includeVectors(boolean v) {
      includeVectors = v;
      return this;
    }

    /** @return the options */
    public ExportOptions build() {
      return new ExportOptions(this);
    }
  }
}
