package ai.doclea.transfer.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * @since 0.2.0
 */
public final class DiffResult {
  /** What happened to one record. */
  public enum ChangeType {
    /** Only on the new side. */
    ADDED,
    /** Only on the old side. */
    REMOVED,
    /** On both sides with different values. */
    CHANGED;

    /** @return the lower-case name used in JSON, for example {@code "added"} */
    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Counts of one section.
   *
   * @param added records only on the new side
   * @param removed records only on the old side
   * @param changed records on both sides that differ
   * @param unchanged records on both sides that are equal
   */
  public record SectionDiff(long added, long removed, long changed, long unchanged) {
    /** No records. */
    public static final SectionDiff EMPTY = new SectionDiff(0, 0, 0, 0);

    /** @return whether nothing was added, removed or changed */
    public boolean identical() {
      return added == 0 && removed == 0 && changed == 0;
    }
  }

  /**
   * One difference.
   *
   * @param kind the section
   * @param id the record id
   * @param change what happened
   * @param fields for a change, the names of the fields that differ, in the file's spelling
   *     ({@code source_id} for relations); empty otherwise
   */
  public record Change(RecordKind kind, String id, ChangeType change, List<String> fields) {
    /**
     * Validates and copies.
     *
     * @param kind the section
     * @param id the record id
     * @param change what happened
     * @param fields for a change, the names of the fields that differ, in the file's spelling
     *     ({@code source_id} for relations); empty otherwise
     */
    public Change {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(change, "change");
      fields = List.copyOf(fields);
    }
  }

  private final String oldName;
  private final String newName;
  private final Map<RecordKind, SectionDiff> sections;
  private final List<Change> changes;
  private final List<String> warnings;
  private final TransferException failure;

  /**
   * Creates a result; used by the core.
   *
   * @param oldName names the old side (a file or a store)
   * @param newName names the new side
   * @param sections counts per section; missing sections count as empty
   * @param changes the listed changes (at most the limit asked for)
   * @param warnings warnings from reading the two sides
   * @param failure the failure, or null on success
   */
  public DiffResult(String oldName, String newName, Map<RecordKind, SectionDiff> sections,
      List<Change> changes, List<String> warnings, TransferException failure) {
    this.oldName = oldName;
    this.newName = newName;
    EnumMap<RecordKind, SectionDiff> copy = new EnumMap<>(RecordKind.class);
    for (RecordKind k : RecordKind.values()) {
      copy.put(k, sections == null ? SectionDiff.EMPTY
          : sections.getOrDefault(k, SectionDiff.EMPTY));
    }
    this.sections = copy;
    this.changes = List.copyOf(changes);
    this.warnings = List.copyOf(warnings);
    this.failure = failure;
  }

  /** @return whether both sides were read to the end */
  public boolean success() {
    return failure == null;
  }

  /** @return whether the sides hold the same records (false on failure) */
  public boolean identical() {
    return success() && sections.values().stream().allMatch(SectionDiff::identical);
  }

  /** @return the name of the old side */
  public String oldName() {
    return oldName;
  }

  /** @return the name of the new side */
  public String newName() {
    return newName;
  }

  /**
   * The counts of one section.
   *
   * @param kind the section
   * @return the counts, {@link SectionDiff#EMPTY} on failure
   */
  public SectionDiff section(RecordKind kind) {
    return sections.get(kind);
  }

  /** @return the first changes, in section order and then id order; at most the limit */
  public List<Change> changes() {
    return changes;
  }

  /** @return added + removed + changed over all sections */
  public long changesTotal() {
    return sections.values().stream().mapToLong(s -> s.added() + s.removed() + s.changed())
        .sum();
  }

  /** @return warnings, possibly empty */
  public List<String> warnings() {
    return warnings;
  }

  /** @return the failure, empty on success */
  public Optional<TransferException> failure() {
    return Optional.ofNullable(failure);
  }

  /** @return the failure message, or null on success */
  public String error() {
    return failure == null ? null : failure.getMessage();
  }

  /** @return the result as one JSON object on one line */
  public String toJson() {
    return JsonOut.object(w -> {
      w.name("success").value(success());
      w.name("identical").value(identical());
      w.name("old").value(oldName);
      w.name("new").value(newName);
      w.name("sections").beginObject();
      for (RecordKind k : RecordKind.values()) {
        SectionDiff s = sections.get(k);
        w.name(k.sectionName()).beginObject();
        w.name("added").value(s.added());
        w.name("removed").value(s.removed());
        w.name("changed").value(s.changed());
        w.name("unchanged").value(s.unchanged());
        w.endObject();
      }
      w.endObject();
      w.name("changes").beginArray();
      for (Change c : changes) {
        w.beginObject();
        w.name("section").value(c.kind().sectionName());
        w.name("id").value(c.id());
        w.name("change").value(c.change().jsonName());
        JsonOut.strings(w, "fields", c.fields());
        w.endObject();
      }
      w.endArray();
      w.name("changesListed").value(changes.size());
      w.name("changesTotal").value(changesTotal());
      if (failure != null) {
        w.name("error").value(failure.getMessage());
      }
      JsonOut.strings(w, "warnings", warnings);
    });
  }

  @Override
  public String toString() {
    return toJson();
  }
}
