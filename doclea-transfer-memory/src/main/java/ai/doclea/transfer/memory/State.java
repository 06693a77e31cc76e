package ai.doclea.transfer.memory;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.StoredVector;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One immutable version of a memory store: a sorted map per section, the vectors, and the
 * embedding facts. A commit publishes a new instance; readers keep the instance they started with.
 */
final class State {
  private final Map<RecordKind, NavigableMap<String, TransferRecord>> sections;
  private final NavigableMap<String, StoredVector> vectors;
  private final String embeddingProvider;
  private final String embeddingModel;

  private State(Map<RecordKind, NavigableMap<String, TransferRecord>> sections,
      NavigableMap<String, StoredVector> vectors, String embeddingProvider,
      String embeddingModel) {
    this.sections = sections;
    this.vectors = vectors;
    this.embeddingProvider = embeddingProvider;
    this.embeddingModel = embeddingModel;
  }

  static State empty(String embeddingProvider, String embeddingModel) {
    EnumMap<RecordKind, NavigableMap<String, TransferRecord>> sections =
        new EnumMap<>(RecordKind.class);
    for (RecordKind kind : RecordKind.values()) {
      sections.put(kind, Collections.emptyNavigableMap());
    }
    return new State(sections, Collections.emptyNavigableMap(), embeddingProvider,
        embeddingModel);
  }

  NavigableMap<String, TransferRecord> section(RecordKind kind) {
    return sections.get(kind);
  }

  NavigableMap<String, StoredVector> vectors() {
    return vectors;
  }

  String embeddingProvider() {
    return embeddingProvider;
  }

  String embeddingModel() {
    return embeddingModel;
  }

  /**
   * The state with a transaction's writes applied. Sections the transaction did not touch are
   * shared with this state.
   *
   * @param writes records written per section (inserted or replaced), by id
   * @param vectorWrites vectors stored (present) or deleted (empty), by memory id
   * @param lastVector the last vector stored by the transaction, or null
   */
  State apply(Map<RecordKind, ? extends Map<String, TransferRecord>> writes,
      Map<String, Optional<StoredVector>> vectorWrites, StoredVector lastVector) {
    EnumMap<RecordKind, NavigableMap<String, TransferRecord>> newSections =
        new EnumMap<>(sections);
    for (Map.Entry<RecordKind, ? extends Map<String, TransferRecord>> e : writes.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      TreeMap<String, TransferRecord> copy = new TreeMap<>(sections.get(e.getKey()));
      copy.putAll(e.getValue());
      newSections.put(e.getKey(), Collections.unmodifiableNavigableMap(copy));
    }
    NavigableMap<String, StoredVector> newVectors = vectors;
    if (!vectorWrites.isEmpty()) {
      TreeMap<String, StoredVector> copy = new TreeMap<>(vectors);
      for (Map.Entry<String, Optional<StoredVector>> e : vectorWrites.entrySet()) {
        if (e.getValue().isPresent()) {
          copy.put(e.getKey(), e.getValue().get());
        } else {
          copy.remove(e.getKey());
        }
      }
      newVectors = Collections.unmodifiableNavigableMap(copy);
    }
    String provider = lastVector == null ? embeddingProvider : lastVector.provider();
    String model = lastVector == null ? embeddingModel : lastVector.model();
    return new State(newSections, newVectors, provider, model);
  }
}
