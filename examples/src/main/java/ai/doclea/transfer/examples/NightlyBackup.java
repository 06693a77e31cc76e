package ai.doclea.transfer.examples;

import ai.doclea.transfer.ImportOptions;
import ai.doclea.transfer.Store;
import ai.doclea.transfer.Stores;
import ai.doclea.transfer.Transfer;
import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.ExportOptions;
import ai.doclea.transfer.api.ExportResult;
import ai.doclea.transfer.api.ImportResult;
import ai.doclea.transfer.api.InvalidFileException;
import ai.doclea.transfer.api.Limits;
import ai.doclea.transfer.api.VerifyResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host application that embeds doclea-transfer with its own backend configuration: it backs up a
 * store to a dated, gzip-compressed file, checks the file, keeps the newest few backups, and can
 * restore the newest one. The store is named by a URI and adapter options from the host's
 * configuration, for example {@code sqlite:/srv/doclea/local.db} with {@code readOnly=true} and
 * {@code busyTimeoutMs=10000}, so the same code backs up any store an adapter on the class path
 * understands.
 *
 * <pre>{@code
 * NightlyBackup backup = new NightlyBackup(new NightlyBackup.Settings(
 *     "sqlite:/srv/doclea/local.db", Map.of("readOnly", "true", "busyTimeoutMs", "10000"),
 *     Path.of("/srv/backups"), 7, Clock.systemUTC()));
 * Path file = backup.run();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class NightlyBackup {
  private static final Logger LOG = LoggerFactory.getLogger(NightlyBackup.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String PREFIX = "doclea-";
  private static final String SUFFIX = ".json.gz";

  /**
   * The host's configuration.
   *
   * @param backendUri the store to back up, for example {@code sqlite:/srv/doclea/local.db}
   * @param backendOptions options for its adapter
   * @param backupDir where backups go; created when missing
   * @param keep how many backups to keep, at least 1
   * @param clock names the files
   */
  public record Settings(String backendUri, Map<String, String> backendOptions, Path backupDir,
      int keep, Clock clock) {
    /** Validates and copies. */
    public Settings {
      Objects.requireNonNull(backendUri, "backendUri");
      backendOptions = Map.copyOf(backendOptions);
      Objects.requireNonNull(backupDir, "backupDir");
      Objects.requireNonNull(clock, "clock");
      if (keep < 1) {
        throw new IllegalArgumentException("keep must be at least 1, was " + keep);
      }
    }
  }

  private final Settings settings;

  /**
   * Creates the job.
   *
   * @param settings the configuration
   */
  public NightlyBackup(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Backs up from the command line: {@code NightlyBackup URI BACKUP_DIR [KEEP]}.
   *
   * @param args the store's URI, the backup directory, and how many backups to keep (default 7)
   */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: NightlyBackup URI BACKUP_DIR [KEEP]");
      System.exit(2);
    }
    Path file = new NightlyBackup(new Settings(args[0], Map.of(), Path.of(args[1]),
        args.length > 2 ? Integer.parseInt(args[2]) : 7, Clock.systemUTC())).run();
    System.out.println(file);
  }

  /**
   * Backs up the store, verifies the new file, and deletes the oldest backups beyond {@code
   * keep}.
   *
   * @return the new backup file
   * @throws ai.doclea.transfer.api.TransferException when the export fails or the file does not
   *     verify; older backups are then left alone
   */
  public Path run() {
    Path file = settings.backupDir().resolve(
        PREFIX + STAMP.format(settings.clock().instant()) + SUFFIX);
    try {
      Files.createDirectories(settings.backupDir());
    } catch (IOException e) {
      throw new BackendException("Cannot create the backup directory " + settings.backupDir()
          + ": " + e.getMessage(), e);
    }
    try (Store store = Stores.open(settings.backendUri(), settings.backendOptions())) {
      ExportResult result = Transfer.export(store, file,
          ExportOptions.builder().gzip(true).clock(settings.clock()).build()).orThrow();
      LOG.info("Backed up {} memories from {} to {}", result.count(
          ai.doclea.transfer.api.RecordKind.MEMORY), settings.backendUri(), file);
    }
    VerifyResult check = Transfer.verify(file, Limits.DEFAULTS);
    if (!check.valid()) {
      throw new InvalidFileException("The new backup " + file + " does not verify: "
          + String.join("; ", check.errors()), file.toString(), null, null, null);
    }
    prune(file);
    return file;
  }

  /**
   * Restores the newest backup into a store, keeping records that already exist there.
   *
   * @param target the store to restore into
   * @return the import's result
   * @throws BackendException when there is no backup yet
   */
  public ImportResult restoreLatest(Store target) {
    List<Path> backups = backups();
    if (backups.isEmpty()) {
      throw new BackendException("No backup in " + settings.backupDir() + " to restore");
    }
    return Transfer.importFrom(target, backups.get(backups.size() - 1), ImportOptions.defaults());
  }

  /**
   * The backups in the backup directory, oldest first.
   *
   * @return their paths
   */
  public List<Path> backups() {
    if (!Files.isDirectory(settings.backupDir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(settings.backupDir())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(PREFIX))
          .filter(p -> p.getFileName().toString().endsWith(SUFFIX))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new BackendException("Cannot list " + settings.backupDir() + ": " + e.getMessage(),
          e);
    }
  }

  private void prune(Path keepAlways) {
    List<Path> backups = new ArrayList<>(backups());
    while (backups.size() > settings.keep()) {
      Path oldest = backups.remove(0);
      if (oldest.equals(keepAlways)) {
        continue;
      }
      try {
        Files.delete(oldest);
        LOG.info("Deleted old backup {}", oldest);
      } catch (IOException e) {
        throw new BackendException("Cannot delete the old backup " + oldest + ": "
            + e.getMessage(), e);
      }
    }
  }
}
