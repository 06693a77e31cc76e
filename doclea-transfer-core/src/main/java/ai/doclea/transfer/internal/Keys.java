package ai.doclea.transfer.internal;

import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys read so far in one JSON object: a key that appears twice is an error, since readers
 * disagree on which copy wins ({@code JSON.parse} takes the last, a streaming reader sees both) and
 * a second {@code "id"} would silently re-identify a record. Small objects are checked by a linear
 * scan, larger ones by a hash set.
 */
final class Keys {
  private static final int LINEAR = 32;
  private final String[] names = new String[LINEAR];
  private int count;
  private Set<String> more;

  /** Forgets the keys: call at the start of each object. */
  Keys clear() {
    count = 0;
    more = null;
    return this;
  }

  /**
   * Reads the next key of the current object.
   *
   * @return the key
   * @throws RecordReader.WrongType when the object already had this key
   */
  String next(JsonReader r) throws IOException {
    String name = r.nextName();
    add(name);
    return name;
  }

  void add(String name) {
    if (more != null) {
      if (!more.add(name)) {
        throw duplicate(name);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      if (names[i].equals(name)) {
        throw duplicate(name);
      }
    }
    if (count < LINEAR) {
      names[count++] = name;
      return;
    }
    more = new HashSet<>();
    for (String n : names) {
      more.add(n);
    }
    more.add(name);
  }

  private static RecordReader.WrongType duplicate(String name) {
    return new RecordReader.WrongType("the key '" + name + "' appears twice in the same object;"
        + " a file with duplicate keys is ambiguous and is not read");
  }
}
