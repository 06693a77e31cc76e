package ai.doclea.transfer.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The adapter's module descriptor resolves on the module path with the PostgreSQL driver as the
 * automatic module {@code org.postgresql.jdbc}, and the core would find both of its providers
 * there: the layer is built from the same jars and directories the tests run with.
 */
class ModuleDescriptorTest {

  private static Path location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void theAdapterResolvesAsAModuleAndProvidesBothSchemes() throws Exception {
    ModuleFinder finder = ModuleFinder.of(location(PostgresStorageProvider.class),
        location(ai.doclea.transfer.spi.StorageProvider.class), location(org.postgresql.Driver.class),
        location(com.google.gson.Gson.class), location(org.slf4j.LoggerFactory.class));
    Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder,
        ModuleFinder.of(), Set.of("ai.doclea.transfer.postgresql"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf,
        ClassLoader.getPlatformClassLoader());
    assertEquals("org.postgresql.jdbc", layer.findModule("org.postgresql.jdbc").orElseThrow()
        .getName());
    Class<?> service = layer.findLoader("ai.doclea.transfer.api")
        .loadClass("ai.doclea.transfer.spi.StorageProvider");
    List<String> schemes = new ArrayList<>();
    for (Object provider : ServiceLoader.load(layer, service)) {
      schemes.add((String) service.getMethod("scheme").invoke(provider));
    }
    schemes.sort(null);
    assertEquals(List.of(new JdbcPostgresStorageProvider().scheme(),
        new PostgresStorageProvider().scheme()).stream().sorted().toList(), schemes);
  }
}
