package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.LimitExceededException;
import com.google.gson.stream.JsonReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds {@link InvalidFileException}s that say what and where. */
final class ParseFailure {
  private static final Pattern LOCATION =
      Pattern.compile(" at line (-?\\d+) column (-?\\d+) path (\\S*)");

  private ParseFailure() {}

  /**
   * Where the reader stands: {@code " at line L column C path P"}, leaving out a line or column
   * that Gson cannot know (it reports zero or negative numbers after its buffer moved on).
   */
  static String where(JsonReader r) {
    Matcher m = LOCATION.matcher(r.toString());
    if (!m.find()) {
      return " at " + r.getPath();
    }
    long line = Long.parseLong(m.group(1));
    long column = Long.parseLong(m.group(2));
    StringBuilder s = new StringBuilder();
    if (line > 0) {
      s.append(" at line ").append(line);
      if (column > 0) {
        s.append(" column ").append(column);
      }
      s.append(" path ");
    } else {
      s.append(" at ");
    }
    return s.append(m.group(3)).toString();
  }

  static InvalidFileException at(String file, JsonReader r, String recordId, String problem,
      Throwable cause) {
    String id = recordId == null ? "" : " (record id '" + recordId + "')";
    return new InvalidFileException(
        file + ": " + problem + id + where(r), file, r.getPath(), recordId, cause);
  }

  static LimitExceededException limit(String file, JsonReader r, GuardedReader.LimitHit hit) {
    String problem = file + ": " + hit.getMessage()
        + (hit.location != null ? hit.location : r == null ? "" : where(r));
    String path = hit.location != null || r == null ? null : r.getPath();
    return new LimitExceededException(problem + "; if the file is genuine, raise the limit"
        + " (Limits." + hit.limit + ")", problem, hit.limit, file, path);
  }

  /**
   * Gson's message for a syntax error, without its location (added by {@link #where}), its link
   * to Gson's troubleshooting page, and its advice to read leniently, which is meant for
   * programmers using Gson, not for the user of a file.
   */
  static String plain(String gsonMessage) {
    if (gsonMessage == null) {
      return "unreadable value";
    }
    String m = gsonMessage;
    int see = m.indexOf("\nSee https://");
    if (see >= 0) {
      m = m.substring(0, see);
    }
    int at = m.indexOf(" at line ");
    if (at >= 0) {
      m = m.substring(0, at);
    }
    int path = m.indexOf(" at path ");
    if (path >= 0) {
      m = m.substring(0, path);
    }
    if (m.contains("setStrictness") || m.contains("setLenient") || m.contains("LENIENT")) {
      return "a value here is not valid JSON (for example an unquoted word, a single-quoted"
          + " string, a comment, or a number longer than 1,024 characters)";
    }
    return m;
  }
}
