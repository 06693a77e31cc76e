package ai.doclea.transfer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects warnings and record-level errors with bounded memory: identical messages are counted,
 * not repeated, and at most {@code max} distinct messages are kept.
 */
final class Warnings {
  private final int max;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private long dropped;

  Warnings(int max) {
    this.max = max;
  }

  void add(String message) {
    Long n = counts.get(message);
    if (n != null) {
      counts.put(message, n + 1);
    } else if (counts.size() < max) {
      counts.put(message, 1L);
    } else {
      dropped++;
    }
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  List<String> list() {
    List<String> out = new ArrayList<>(counts.size() + 1);
    counts.forEach((m, n) -> out.add(n == 1 ? m : m + " (" + n + " times)"));
    if (dropped > 0) {
      out.add("… and " + dropped + " more not listed");
    }
    return out;
  }
}
