package ai.doclea.transfer.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@code Transfer.diff}: per section, how many records were added, removed,
 * changed and left unchanged going from the old side to the new side (records are matched by id
 * within their section), and the first changes in section order, then id order.
 *
 * <p>Comparing a store with a file (the old side is the store, the new side the file) tells what
 * an import of the file would do: {@code added} records are inserted, {@code changed} ones are
 * replaced by {@code overwrite} and kept by {@code skip}, {@code removed} ones (only in the store)
 * are left alone.
 *
 * <p>{@link #toJson()} gives {@code {success, identical, old, new, sections{<section>{added,
 * removed, changed, unchanged}}, changes[{section, id, change, fields}], changesListed,
 * changesTotal, error?, warnings}}.
 *
 * <p>Results are made by the core and immutable. Do not implement this interface: methods may be
 * added in any 1.x release.
 *
 * @since 0.2.0
 */
public interface DiffResult {

  /**
   * What happened to one record: a closed set (a record is only on the new side, only on the old
   * side, or on both with different values), so a {@code switch} over it needs no default.
   */
  enum ChangeType {
    /** Only on the new side. */
    ADDED,
    /** Only on the old side. */
    REMOVED,
    /** On both sides with different values. */
    CHANGED;

    /** @return the lower-case name used in JSON, for example {@code "added"} */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Counts of one section. An immutable value; new counts may be added as accessors in a 1.x
   * release.
   */
  final class SectionDiff {
    /** No records. */
    public static final SectionDiff EMPTY = new SectionDiff(0, 0, 0, 0);

    private final long added;
    private final long removed;
    private final long changed;
    private final long unchanged;

    private SectionDiff(long added, long removed, long changed, long unchanged) {
      this.added = added;
      this.removed = removed;
      this.changed = changed;
      this.unchanged = unchanged;
    }

    /**
     * The counts of one section.
     *
     * @param added records only on the new side
     * @param removed records only on the old side
     * @param changed records on both sides that differ
     * @param unchanged records on both sides that are equal
     * @return the value
     * @since 1.0.0
     */
    public static SectionDiff of(long added, long removed, long changed, long unchanged) {
      return new SectionDiff(added, removed, changed, unchanged);
    }

    /** @return records only on the new side */
    public long added() {
      return added;
    }

    /** @return records only on the old side */
    public long removed() {
      return removed;
    }

    /** @return records on both sides that differ */
    public long changed() {
      return changed;
    }

    /** @return records on both sides that are equal */
    public long unchanged() {
      return unchanged;
    }

    /** @return whether nothing was added, removed or changed */
    public boolean identical() {
      return added == 0 && removed == 0 && changed == 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SectionDiff s && added == s.added && removed == s.removed
          && changed == s.changed && unchanged == s.unchanged;
    }

    @Override
    public int hashCode() {
      return Objects.hash(added, removed, changed, unchanged);
    }

    @Override
    public String toString() {
      return "SectionDiff[added=" + added + ", removed=" + removed + ", changed=" + changed
          + ", unchanged=" + unchanged + "]";
    }
  }

  /** One difference. An immutable value; new facts may be added as accessors in a 1.x release. */
  final class Change {
    private final RecordKind kind;
    private final String id;
    private final ChangeType change;
    private final List<String> fields;

    private Change(RecordKind kind, String id, ChangeType change, List<String> fields) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.id = Objects.requireNonNull(id, "id");
      this.change = Objects.requireNonNull(change, "change");
      this.fields = List.copyOf(fields);
    }

    /**
     * One difference.
     *
     * @param kind the section
     * @param id the record id
     * @param change what happened
     * @param fields for a change, the names of the fields that differ, in the file's spelling
     *     ({@code source_id} for relations); empty otherwise
     * @return the value
     * @since 1.0.0
     */
    public static Change of(RecordKind kind, String id, ChangeType change, List<String> fields) {
      return new Change(kind, id, change, fields);
    }

    /** @return the section */
    public RecordKind kind() {
      return kind;
    }

    /** @return the record id */
    public String id() {
      return id;
    }

    /** @return what happened */
    public ChangeType change() {
      return change;
    }

    /**
     * The fields that differ.
     *
     * @return for a change, the names of the fields that differ, in the file's spelling ({@code
     *     source_id} for relations); empty otherwise
     */
    public List<String> fields() {
      return fields;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Change c && kind == c.kind && id.equals(c.id) && change == c.change
          && fields.equals(c.fields);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, id, change, fields);
    }

    @Override
    public String toString() {
      return "Change[kind=" + kind + ", id=" + id + ", change=" + change + ", fields=" + fields
          + "]";
    }
  }

  /** @return whether both sides were read to the end */
  boolean success();

  /** @return whether the sides hold the same records (false on failure) */
  boolean identical();

  /** @return the name of the old side */
  String oldName();

  /** @return the name of the new side */
  String newName();

  /**
   * The counts of one section.
   *
   * @param kind the section
   * @return the counts, {@link SectionDiff#EMPTY} on failure
   */
  SectionDiff section(RecordKind kind);

  /** @return the first changes, in section order and then id order; at most the limit */
  List<Change> changes();

  /** @return added + removed + changed over all sections */
  long changesTotal();

  /** @return warnings, possibly empty */
  List<String> warnings();

  /** @return the failure, empty on success */
  Optional<TransferException> failure();

  /** @return the failure message, or null on success */
  default String error() {
    return failure().map(Throwable::getMessage).orElse(null);
  }

  /** @return the result as one JSON object on one line */
  String toJson();
}
