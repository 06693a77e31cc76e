package ai.doclea.transfer.api;

import java.util.List;

/** Validation shared by the record constructors. */
final class Checks {
  private Checks() {}

  static String id(String kind, String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidRecordException(kind, null, "id", "is missing or empty");
    }
    return id;
  }

  static String required(String kind, String id, String field, String value) {
    if (value == null) {
      throw new InvalidRecordException(kind, id, field, "is missing");
    }
    return value;
  }

  static double unit(String kind, String id, String field, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new InvalidRecordException(kind, id, field, value + " is outside 0..1");
    }
    return value + 0.0;
  }

  static Double unitOrNull(String kind, String id, String field, Double value) {
    return value == null ? null : unit(kind, id, field, value);
  }

  static double finite(String kind, String id, String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidRecordException(kind, id, field, value + " is not a finite number");
    }
    return value + 0.0;
  }

  static List<String> strings(String kind, String id, String field, List<String> values) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new InvalidRecordException(kind, id, field + "[" + i + "]", "is null");
      }
    }
    return List.copyOf(values);
  }
}
