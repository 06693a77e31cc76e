package ai.doclea.transfer.internal;

import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit hash of every field of a record but its id, so that two records can be compared field
 * by field without keeping them. Values are compared as the file means them, not as it spells
 * them: key order, {@code null} against a missing key, and {@code 1} against {@code 1.0} are
 * already gone once a record is decoded; {@code memoryData} and relation {@code metadata} are
 * compared as JSON values (keys in any order, a member whose value is null same as a missing one,
 * numbers by value).
 */
final class RecordFingerprint {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final Map<RecordKind, RecordFingerprint> BY_KIND = new EnumMap<>(RecordKind.class);

  static {
    for (RecordKind kind : RecordKind.values()) {
      BY_KIND.put(kind, new RecordFingerprint(kind));
    }
  }

  private final List<String> names = new ArrayList<>();
  private final List<MethodHandle> accessors = new ArrayList<>();
  private final List<Boolean> jsonText = new ArrayList<>();

  private RecordFingerprint(RecordKind kind) {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    for (RecordComponent c : kind.recordType().getRecordComponents()) {
      if (c.getName().equals("id")) {
        continue;
      }
      try {
        accessors.add(lookup.unreflect(c.getAccessor()));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + kind.recordType().getName() + "."
            + c.getName(), e);
      }
      names.add(kind.isRelation() ? snake(c.getName()) : c.getName());
      jsonText.add(c.getName().equals("memoryData") || c.getName().equals("metadata"));
    }
  }

  static RecordFingerprint of(RecordKind kind) {
    return BY_KIND.get(kind);
  }

  /** The number of fields hashed. */
  int size() {
    return names.size();
  }

  /** The field's name as the file spells it. */
  String name(int i) {
    return names.get(i);
  }

  /** One hash per field, in {@link #name} order. */
  long[] hashes(TransferRecord record) {
    long[] out = new long[names.size()];
    for (int i = 0; i < out.length; i++) {
      Object value;
      try {
        value = accessors.get(i).invoke(record);
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read field " + names.get(i) + " of "
            + record.kind().displayName() + " '" + record.id() + "'", e);
      }
      Hasher h = new Hasher();
      if (jsonText.get(i) && value instanceof String text) {
        h.json(text);
      } else {
        h.value(value);
      }
      out[i] = h.finish();
    }
    return out;
  }

  private static String snake(String camel) {
    StringBuilder s = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        s.append('_').append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }

  /** FNV-1a over type tags and characters, finished with MurmurHash3's 64-bit mix. */
  private static final class Hasher {
    private long h = FNV_OFFSET;

    void tag(char t) {
      h = (h ^ t) * FNV_PRIME;
    }

    void chars(String s) {
      tag('s');
      for (int i = 0; i < s.length(); i++) {
        h = (h ^ s.charAt(i)) * FNV_PRIME;
      }
      longValue(s.length());
    }

    void longValue(long v) {
      for (int i = 0; i < 8; i++) {
        h = (h ^ ((v >>> (8 * i)) & 0xff)) * FNV_PRIME;
      }
    }

    void value(Object v) {
      if (v == null) {
        tag('0');
      } else if (v instanceof String s) {
        chars(s);
      } else if (v instanceof Double d) {
        tag('d');
        longValue(Double.doubleToLongBits(d + 0.0));
      } else if (v instanceof Long l) {
        tag('l');
        longValue(l);
      } else if (v instanceof Boolean b) {
        tag(b ? 't' : 'f');
      } else if (v instanceof List<?> list) {
        tag('[');
        for (Object x : list) {
          value(x);
        }
        tag(']');
        longValue(list.size());
      } else {
        chars(v.toString());
      }
    }

    /** A JSON text as its value; text that is not JSON counts as the plain string. */
    void json(String text) {
      JsonElement e;
      try {
        e = JsonParser.parseString(text);
      } catch (JsonParseException ex) {
        chars(text);
        return;
      }
      tag('j');
      element(e);
    }

    private void element(JsonElement e) {
      if (e == null || e.isJsonNull()) {
        tag('0');
      } else if (e.isJsonObject()) {
        TreeMap<String, JsonElement> sorted = new TreeMap<>();
        e.getAsJsonObject().entrySet().forEach(m -> {
          if (!m.getValue().isJsonNull()) {
            sorted.put(m.getKey(), m.getValue());
          }
        });
        tag('{');
        sorted.forEach((k, v) -> {
          chars(k);
          element(v);
        });
        tag('}');
      } else if (e.isJsonArray()) {
        tag('[');
        e.getAsJsonArray().forEach(this::element);
        tag(']');
      } else {
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isNumber()) {
          tag('n');
          chars(number(p.getAsString()));
        } else if (p.isBoolean()) {
          tag(p.getAsBoolean() ? 't' : 'f');
        } else {
          chars(p.getAsString());
        }
      }
    }

    private static String number(String text) {
      try {
        return new BigDecimal(text).stripTrailingZeros().toString();
      } catch (NumberFormatException e) {
        return text;
      }
    }

    long finish() {
      long k = h;
      k ^= k >>> 33;
      k *= 0xff51afd7ed558ccdL;
      k ^= k >>> 33;
      k *= 0xc4ceb9fe1a85ec53L;
      k ^= k >>> 33;
      return k;
    }
  }
}
