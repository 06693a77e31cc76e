package ai.doclea.transfer.sqlite;

import ai.doclea.transfer.api.ConfigurationException;
import ai.doclea.transfer.spi.StorageBackend;
import ai.doclea.transfer.spi.StorageProvider;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code doclea:} scheme: {@code doclea:DIR} opens the Doclea project in DIR (the directory
 * holding {@code .doclea/}) as one {@link DocleaProjectBackend}: records and vectors, configured by
 * its {@code .doclea/config.json}. Registered in {@code
 * META-INF/services/ai.doclea.transfer.spi.StorageProvider}.
 *
 * @since 0.1.0
 */
public final class DocleaProjectProvider implements StorageProvider {
  /** Creates the provider; opens nothing. Public for {@link java.util.ServiceLoader}. */
  public DocleaProjectProvider() {}

  @Override
  public String scheme() {
    return "doclea";
  }

  @Override
  public String description() {
    return "doclea:DIR  a Doclea project: DIR/.doclea/config.json, local.db and vectors.db";
  }

  @Override
  public StorageBackend open(String location, Map<String, String> options) {
    if (location == null || location.isEmpty()) {
      throw new ConfigurationException("The doclea: backend needs the project directory, for"
          + " example doclea:. or doclea:/home/me/project");
    }
    return DocleaProjectBackend.open(Path.of(location), options);
  }
}
