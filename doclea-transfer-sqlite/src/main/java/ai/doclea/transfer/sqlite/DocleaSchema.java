package ai.doclea.transfer.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Doclea's own schema: the SQL of its migrations 001..012, copied verbatim from the reference
 * server into {@code doclea-migrations.sql}, and the bookkeeping its migration runner does
 * ({@code _doclea_meta.schema_version}, one {@code _doclea_migrations} row per migration). A
 * database laid out here is one that Doclea's server opens without running any migration.
 */
final class DocleaSchema {
  /** The newest schema version this adapter knows, and the one it creates. */
  static final String LATEST_VERSION = "012";

  /**
   * Whether a database's {@code _doclea_meta.schema_version} names a version newer than {@link
   * #LATEST_VERSION}. A version of digits is compared as a number, since Doclea writes it both
   * padded and not ({@code "011"}, {@code "11"}); any other text is compared as text, as before.
   *
   * @param version the version read, may be null
   * @return whether it is newer; false for null
   */
  static boolean isNewerThanLatest(String version) {
    if (version == null) {
      return false;
    }
    if (!version.isEmpty() && version.length() <= 9 && version.chars().allMatch(
        c -> c >= '0' && c <= '9')) {
      return Integer.parseInt(version) > Integer.parseInt(LATEST_VERSION);
    }
    return version.compareTo(LATEST_VERSION) > 0;
  }

  private static final String RESOURCE = "doclea-migrations.sql";
  private static final List<String> BOOTSTRAP;
  private static final List<Migration> MIGRATIONS;

  static {
    List<String> bootstrap = new ArrayList<>();
    List<Migration> migrations = new ArrayList<>();
    parse(bootstrap, migrations);
    BOOTSTRAP = List.copyOf(bootstrap);
    MIGRATIONS = List.copyOf(migrations);
  }

  private DocleaSchema() {}

  /**
   * One of Doclea's migrations.
   *
   * @param version for example {@code "007"}
   * @param name the name Doclea records in {@code _doclea_migrations}
   * @param statements the SQL of its {@code up()}, in order
   */
  record Migration(String version, String name, List<String> statements) {}

  /**
   * Doclea's migrations in version order.
   *
   * @return the migrations 001..012
   */
  static List<Migration> migrations() {
    return MIGRATIONS;
  }

  /**
   * Lays out Doclea's schema at {@link #LATEST_VERSION} inside the caller's open transaction:
   * the runner's two tables, every migration's statements, and the runner's bookkeeping rows.
   *
   * @param connection a writable connection inside a transaction
   * @param now the epoch seconds recorded as {@code applied_at}/{@code updated_at}
   * @throws SQLException when a statement fails
   */
  static void createLayout(Connection connection, long now) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : BOOTSTRAP) {
        statement.execute(sql);
      }
      try (PreparedStatement recordMigration = connection.prepareStatement(
              "INSERT OR REPLACE INTO _doclea_migrations (version, name, applied_at)"
                  + " VALUES (?, ?, ?)");
          PreparedStatement setVersion = connection.prepareStatement(
              "INSERT OR REPLACE INTO _doclea_meta (key, value, updated_at)"
                  + " VALUES ('schema_version', ?, ?)")) {
        for (Migration migration : MIGRATIONS) {
          for (String sql : migration.statements()) {
            statement.execute(sql);
          }
          recordMigration.setString(1, migration.version());
          recordMigration.setString(2, migration.name());
          recordMigration.setLong(3, now);
          recordMigration.executeUpdate();
          setVersion.setString(1, migration.version());
          setVersion.setLong(2, now);
          setVersion.executeUpdate();
        }
      }
    }
  }

  private static void parse(List<String> bootstrap, List<Migration> migrations) {
    InputStream in = DocleaSchema.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          "Resource " + RESOURCE + " is missing from the doclea-transfer-sqlite jar");
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> current = null;
      String version = null;
      String name = null;
      StringBuilder statement = new StringBuilder();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("-- bootstrap")) {
          current = bootstrap;
        } else if (line.startsWith("-- migration ")) {
          if (version != null) {
            migrations.add(new Migration(version, name, List.copyOf(current)));
          }
          String[] parts = line.substring("-- migration ".length()).trim().split(" ", 2);
          version = parts[0];
          name = parts[1];
          current = new ArrayList<>();
        } else if (line.equals("--;;")) {
          // Kept exactly as Doclea passes it: SQLite stores an index's text up to the end of
          // the statement, trailing whitespace included.
          current.add(statement.toString());
          statement.setLength(0);
        } else if (line.startsWith("--") && statement.length() == 0) {
          continue;
        } else {
          if (statement.length() > 0) {
            statement.append('\n');
          }
          statement.append(line);
        }
      }
      if (version != null) {
        migrations.add(new Migration(version, name, List.copyOf(current)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read resource " + RESOURCE, e);
    }
    Collections.sort(migrations, (a, b) -> a.version().compareTo(b.version()));
  }
}
