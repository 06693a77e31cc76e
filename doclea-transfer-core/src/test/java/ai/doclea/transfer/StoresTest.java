package ai.doclea.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.api.DiffOptions;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.RecordKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caller's way in: a store opened by URI and used with Transfer, no SPI type in sight. */
class StoresTest {

  @Test
  void aStoreOpenedByUriRoundTripsThroughAFileAndAStream(@TempDir Path dir) {
    Path file = dir.resolve("backup.json");
    ByteArrayOutputStream sample = new ByteArrayOutputStream();
    assertTrue(Transfer.export(ExportSafetyTest.store(), sample, "the sample",
        ExportOptions.defaults()).success());
    try (Store source = Stores.open("memory:", Map.of("storageMode", "manual"))) {
      assertTrue(Transfer.importFrom(source, new ByteArrayInputStream(sample.toByteArray()),
          "the sample", ImportOptions.defaults()).success());
      assertTrue(Transfer.export(source, file, ExportOptions.defaults()).success());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(Transfer.export(source, out, "a buffer", ExportOptions.defaults()).success());
      assertTrue(out.size() > 0);
      assertTrue(Transfer.diff(source, "the source", file, DiffOptions.defaults()).identical());
    }
    try (Store target = Stores.open("memory:")) {
      var imported = Transfer.importFrom(target, file, ImportOptions.defaults()).orThrow();
      assertTrue(imported.section(RecordKind.MEMORY).imported() > 0, imported::toJson);
      assertTrue(target.storesVectors(), "the memory store keeps vectors");
    }
  }

  @Test
  void anUnknownSchemeIsAConfigurationErrorListingWhatWasFound() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Stores.open("nosuch:x"));
    assertTrue(e.getMessage().contains("'nosuch'") && e.getMessage().contains("memory"),
        e.getMessage());
  }

  @Test
  void aStoreNamesItsUriWithoutPasswords() {
    assertEquals("postgresql://me:***@db/kb?user=me&password=***&schema=a",
        Stores.describe("postgresql://me:secret@db/kb?user=me&password=s3&schema=a"));
    try (Store store = Stores.open("memory:")) {
      assertEquals("memory:", store.toString());
    }
  }

  @Test
  void aNullStoreIsRefusedByName() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> Transfer.export((Store) null, Path.of("x.json"), ExportOptions.defaults()));
    assertEquals("store", e.getMessage());
    assertFalse(Files.exists(Path.of("x.json")));
  }
}
