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
  private final boolean replaceAnyFile;

  private ExportOptions(Builder b) {
    this.includeRelations = b.includeRelations;
    this.includePending = b.includePending;
    this.gzip = b.gzip;
    this.replaceAnyFile = b.replaceAnyFile;
    this.storageMode = b.storageMode;
    this.clock = b.clock;
    this.listener = b.listener;
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

  /** A mutable builder; not thread-safe. */
  public static final class Builder {
    private boolean replaceAnyFile;
    private boolean includeRelations = true;
    private boolean includePending = true;
    private boolean gzip;
    private String storageMode;
    private Clock clock = Clock.systemUTC();
    private TransferListener listener = TransferListener.NONE;

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

    /** @return the options */
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

    public ExportOptions build() {
      return new ExportOptions(this);
    }
  }
}
