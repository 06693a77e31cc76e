package ai.doclea.transfer.cli;

import ai.doclea.transfer.api.RecordKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** Human phrasing of counts and sizes for the summaries on standard error. */
final class Summaries {
  private Summaries() {}

  /**
   * Counts per section in words, for example {@code "300 memories, 12 documents, …"}.
   *
   * @param count the count of each section
   * @return the phrase
   */
  static String counts(ToLongFunction<RecordKind> count) {
    List<String> parts = new ArrayList<>();
    for (RecordKind k : RecordKind.values()) {
      parts.add(LineProgress.count(count.applyAsLong(k)) + " " + noun(k, count.applyAsLong(k)));
    }
    return String.join(", ", parts);
  }

  /**
   * A section's name in words.
   *
   * @param kind the section
   * @param n how many, for the plural
   * @return for example {@code "memory relations"}
   */
  static String noun(RecordKind kind, long n) {
    String one = kind.displayName();
    if (n == 1) {
      return one;
    }
    return switch (kind) {
      case MEMORY -> "memories";
      case PENDING_MEMORY -> "pending memories";
      default -> one + "s";
    };
  }

  /**
   * A byte count for people.
   *
   * @param bytes the size
   * @return for example {@code "1.4 MB"}
   */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
  }

  /** How many warnings or errors are printed on standard error before the rest are counted. */
  static final int SHOWN = 10;

  /**
   * Prints the first few messages as warnings and counts the rest, which the JSON lists.
   *
   * @param session where to print
   * @param prefix put before each message
   * @param messages the messages
   */
  static void listSome(Session session, String prefix, List<String> messages) {
    for (int i = 0; i < Math.min(SHOWN, messages.size()); i++) {
      session.warn(prefix + messages.get(i));
    }
    if (messages.size() > SHOWN) {
      session.warn("… and " + (messages.size() - SHOWN) + " more, listed in the JSON result");
    }
  }
}
