package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.LimitExceededException;
import com.google.gson.stream.JsonReader;

/** Builds {@link InvalidFileException}s that say what and where. */
final class ParseFailure {
  private ParseFailure() {}

  static String where(JsonReader r) {
    String s = r.toString();
    int at = s.indexOf(" at line ");
    return at >= 0 ? s.substring(at) : " at " + r.getPath();
  }

  static InvalidFileException at(String file, JsonReader r, String recordId, String problem,
      Throwable cause) {
    String id = recordId == null ? "" : " (record id '" + recordId + "')";
    return new InvalidFileException(
        file + ": " + problem + id + where(r), file, r.getPath(), recordId, cause);
  }

  static LimitExceededException limit(String file, JsonReader r, String problem) {
    return new LimitExceededException(file + ": " + problem + where(r)
        + "; raise the limit with ImportOptions.limits(...) if this file is genuine", file,
        r.getPath());
  }
}
