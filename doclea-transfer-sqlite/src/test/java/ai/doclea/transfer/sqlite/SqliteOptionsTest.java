package ai.doclea.transfer.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of the sqlite: backend's options. */
class SqliteOptionsTest {

  @Test
  void theDefaultsAreDocleasAutomaticModeFiveSecondsReadWriteNoCreateNoMap() {
    assertEquals(new SqliteOptions("automatic", 5000, false, false, false),
        SqliteOptions.parse(null));
    assertEquals(new SqliteOptions("automatic", 5000, false, false, false),
        SqliteOptions.parse(Map.of()));
  }

  @Test
  void everyOptionIsRead() {
    assertEquals(new SqliteOptions("suggested", 250, true, false, true), SqliteOptions.parse(
        Map.of("storageMode", "suggested", "busyTimeoutMs", "250", "readOnly", "TRUE",
            "mmap", "true")));
    assertEquals(new SqliteOptions("manual", 0, false, true, false), SqliteOptions.parse(
        Map.of("storageMode", "manual", "busyTimeoutMs", "0", "create", "true",
            "readOnly", "false", "mmap", "false")));
  }

  @Test
  void badValuesAreConfigurationErrorsThatSayWhatIsAllowed() {
    assertMessage(Map.of("storageMode", "auto"), "manual, suggested, automatic");
    assertMessage(Map.of("busyTimeoutMs", "soon"), "milliseconds");
    assertMessage(Map.of("busyTimeoutMs", "-1"), "0 or more");
    assertMessage(Map.of("readOnly", "yes"), "true or false");
    assertMessage(Map.of("create", ""), "true or false");
    assertMessage(Map.of("mmap", "on"), "Option mmap of the sqlite: backend is 'on'; use true or"
        + " false.");
    assertMessage(Map.of("mmapSize", "1"), "mmap (true|false, default false)");
    assertMessage(Map.of("readonly", "true"), "readOnly (true|false");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("create", null);
    assertMessage(nullValue, "no value");
  }

  private static void assertMessage(Map<String, String> options, String part) {
    var e = assertThrows(ConfigurationException.class, () -> SqliteOptions.parse(options));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
