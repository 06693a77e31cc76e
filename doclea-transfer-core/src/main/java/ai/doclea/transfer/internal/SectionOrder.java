package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.RecordKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which sections of a file come before the section they depend on, for the readers that take the
 * sections in dependency order (an import, a verify): such a section, and {@code data.vectors}
 * before {@code data.memories}, is taken in a second pass over the file. One instance follows
 * both passes.
 */
final class SectionOrder {
  private final Set<RecordKind> completed = EnumSet.noneOf(RecordKind.class);
  private final Set<RecordKind> deferred = EnumSet.noneOf(RecordKind.class);
  private boolean deferredVectors;
  private boolean secondPass;

  /**
   * @param kind a section
   * @return the section it refers to (chunks to documents, relations to memories), or null
   */
  static RecordKind dependency(RecordKind kind) {
    switch (kind) {
      case CHUNK:
        return RecordKind.DOCUMENT;
      case MEMORY_RELATION:
      case CROSS_LAYER_RELATION:
        return RecordKind.MEMORY;
      default:
        return null;
    }
  }

  /**
   * Notes a section as it starts in the first pass.
   *
   * @param kind the section
   * @return true when its dependency has not been read yet, so that it is deferred to the second
   *     pass (and noted as such)
   */
  boolean deferIfEarly(RecordKind kind) {
    RecordKind dependency = dependency(kind);
    if (dependency != null && !completed.contains(dependency)) {
      deferred.add(kind);
      return true;
    }
    return false;
  }

  /** @return whether {@code kind} was deferred to the second pass */
  boolean isDeferred(RecordKind kind) {
    return deferred.contains(kind);
  }

  /**
   * Decides about {@code data.vectors} when it starts: in the first pass it is taken when the
   * memories came before it, else deferred; in the second pass it is taken when it was deferred.
   *
   * @return whether to take the vectors in this pass
   */
  boolean takeVectors() {
    if (secondPass) {
      return deferredVectors;
    }
    if (!completed.contains(RecordKind.MEMORY)) {
      deferredVectors = true;
      return false;
    }
    return true;
  }

  /** Notes the end of a section (in the first pass: it is then complete). */
  void sectionEnded(RecordKind kind) {
    if (!secondPass) {
      completed.add(kind);
    }
  }

  /** @return whether anything was deferred, so that a second pass is needed */
  boolean needsSecondPass() {
    return !deferred.isEmpty() || deferredVectors;
  }

  /** Switches to the second pass. */
  void startSecondPass() {
    secondPass = true;
  }

  /** @return whether the second pass runs */
  boolean inSecondPass() {
    return secondPass;
  }
}
