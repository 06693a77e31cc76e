package ai.doclea.transfer;

import ai.doclea.transfer.spi.BuiltInConflictStrategy;
import ai.doclea.transfer.spi.ConflictStrategy;
import ai.doclea.transfer.spi.EmbeddingProvider;
import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.TransferListener;
import java.util.Objects;

/**
 * Options of an import, with Doclea's defaults: conflict strategy {@code skip}, no re-embedding,
 * relations and pending memories imported. Immutable and thread-safe; build with {@link
 * #builder()}.
 *
 * <p>It lives in the core, beside {@link Transfer}, because two of its options may be objects of
 * the service-provider interface: a custom {@link ConflictStrategy} and an {@link
 * EmbeddingProvider} the host made. A caller that selects the strategy by name ({@link
 * Builder#conflictStrategy(String)}) never touches {@code ai.doclea.transfer.spi}.
 *
 * <p>Stable since 1.0: options are added as new builder methods with a default that keeps the
 * behaviour of earlier versions, so code written against 1.0 keeps compiling and behaving.
 *
 * @since 0.1.0
 */
public final class ImportOptions {
  private final ConflictStrategy conflictStrategy;
  private final boolean reembed;
  private final EmbeddingProvider embeddingProvider;
  private final boolean importRelations;
  private final boolean importPending;
  private final boolean dryRun;
  private final int batchSize;
  private final int embeddingBatchSize;
  private final Limits limits;
  private final TransferListener listener;

  private ImportOptions(Builder b) {
    this.conflictStrategy = b.conflictStrategy;
    this.reembed = b.reembed;
    this.embeddingProvider = b.embeddingProvider;
    this.importRelations = b.importRelations;
    this.importPending = b.importPending;
    this.dryRun = b.dryRun;
    this.batchSize = b.batchSize;
    this.embeddingBatchSize = b.embeddingBatchSize;
    this.limits = b.limits;
    this.listener = b.listener;
  }

  /** @return options with every default */
  public static ImportOptions defaults() {
    return builder().build();
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the conflict strategy (default {@code skip}) */
  public ConflictStrategy conflictStrategy() {
    return conflictStrategy;
  }

  /** @return whether imported memories are re-embedded (default false) */
  public boolean reembed() {
    return reembed;
  }

  /** @return the provider used when {@link #reembed()} is set, or null */
  public EmbeddingProvider embeddingProvider() {
    return embeddingProvider;
  }

  /** @return whether both relation sections are imported (default true) */
  public boolean importRelations() {
    return importRelations;
  }

  /** @return whether pending memories are imported (default true) */
  public boolean importPending() {
    return importPending;
  }

  /** @return whether the import only checks and counts, writing nothing (default false) */
  public boolean dryRun() {
    return dryRun;
  }

  /** @return records per write batch and existence look-up (default 500) */
  public int batchSize() {
    return batchSize;
  }

  /** @return texts per embedding call (default 32) */
  public int embeddingBatchSize() {
    return embeddingBatchSize;
  }

  /** @return the limits against hostile files */
  public Limits limits() {
    return limits;
  }

  /** @return the progress listener (default: none) */
  public TransferListener listener() {
    return listener;
  }

  /** A mutable builder; not thread-safe. */
  public static final class Builder {
    private ConflictStrategy conflictStrategy = BuiltInConflictStrategy.SKIP;
    private boolean reembed;
    private EmbeddingProvider embeddingProvider;
    private boolean importRelations = true;
    private boolean importPending = true;
    private boolean dryRun;
    private int batchSize = 500;
    private int embeddingBatchSize = 32;
    private Limits limits = Limits.DEFAULTS;
    private TransferListener listener = TransferListener.NONE;

    private Builder() {}

    /**
     * Selects the conflict strategy.
     *
     * @param v the strategy
     * @return this builder
     */
    public Builder conflictStrategy(ConflictStrategy v) {
      conflictStrategy = Objects.requireNonNull(v, "conflictStrategy");
      return this;
    }

    /**
     * Selects the conflict strategy by name ({@code skip}, {@code overwrite}, {@code error}, or a
     * third-party one on the class path).
     *
     * @param name the strategy name
     * @return this builder
     * @throws ConfigurationException when no strategy has the name
     */
    public Builder conflictStrategy(String name) {
      return conflictStrategy(Providers.conflictStrategy(name));
    }

    /**
     * Re-embeds imported memories with the given provider.
     *
     * @param provider the provider; the caller keeps ownership and closes it
     * @return this builder
     */
    public Builder reembed(EmbeddingProvider provider) {
      this.reembed = true;
      this.embeddingProvider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * Sets whether to import both relation sections.
     *
     * @param v whether to import both relation sections
     * @return this builder
     */
    public Builder importRelations(boolean v) {
      importRelations = v;
      return this;
    }

    /**
     * Sets whether to import pending memories.
     *
     * @param v whether to import pending memories
     * @return this builder
     */
    public Builder importPending(boolean v) {
      importPending = v;
      return this;
    }

    /**
     * Sets whether to only check and count.
     *
     * @param v whether to only check and count
     * @return this builder
     */
    public Builder dryRun(boolean v) {
      dryRun = v;
      return this;
    }

    /**
     * Sets how many records are written per batch.
     *
     * @param v records per batch, positive
     * @return this builder
     */
    public Builder batchSize(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("batchSize must be positive, was " + v);
      }
      batchSize = v;
      return this;
    }

    /**
     * Sets how many texts are embedded per call of the embedding provider.
     *
     * @param v texts per embedding call, positive
     * @return this builder
     */
    public Builder embeddingBatchSize(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("embeddingBatchSize must be positive, was " + v);
      }
      embeddingBatchSize = v;
      return this;
    }

    /**
     * Sets the limits.
     *
     * @param v the limits
     * @return this builder
     */
    public Builder limits(Limits v) {
      limits = Objects.requireNonNull(v, "limits");
      return this;
    }

    /**
     * Sets the progress listener.
     *
     * @param v the progress listener
     * @return this builder
     */
    public Builder listener(TransferListener v) {
      listener = Objects.requireNonNull(v, "listener");
      return this;
    }

    /** @return the options */
    public ImportOptions build() {
      return new ImportOptions(this);
    }
  }
}
