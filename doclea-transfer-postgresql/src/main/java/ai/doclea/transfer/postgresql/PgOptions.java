package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.ConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a {@code postgresql:} backend connects and how, parsed strictly from the URI's query and
 * the backend options (an option given in both places must agree).
 *
 * @param host the server host
 * @param port the server port
 * @param database the database name
 * @param user the user, or null for the driver's default (the operating-system user)
 * @param password the password, or null
 * @param schema the PostgreSQL schema that holds the Doclea project, default {@code doclea}
 * @param create whether a missing schema (or missing tables in it) may be created
 * @param readOnly open for export only
 * @param storageMode Doclea's storage mode to report in an export header
 * @param fetchSize rows per round trip of a read cursor
 * @param driver further properties for the JDBC driver ({@code sslmode}, {@code connectTimeout},
 *     {@code socketTimeout})
 */
record PgOptions(String host, int port, String database, String user, String password,
    String schema, boolean create, boolean readOnly, String storageMode, int fetchSize,
    Map<String, String> driver) {

  static final String DEFAULT_SCHEMA = "doclea";
  static final int DEFAULT_PORT = 5432;
  static final int DEFAULT_FETCH_SIZE = 1000;
  static final List<String> STORAGE_MODES = ai.doclea.transfer.spi.BackendInfo.STORAGE_MODES;
  static final List<String> DRIVER_KEYS =
      List.of("sslmode", "sslrootcert", "connectTimeout", "socketTimeout", "ApplicationName");
  static final List<String> KEYS = List.of("user", "password", "schema", "create", "readOnly",
      "storageMode", "fetchSize", "sslmode", "sslrootcert", "connectTimeout", "socketTimeout",
      "ApplicationName");
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
  private static final String FORM = "postgresql://HOST[:PORT]/DATABASE?user=USER&password=PASS"
      + "&schema=NAME";

  /**
   * Parses a location and options.
   *
   * @param location the part after {@code postgresql:}, for example {@code //db:5432/team?...}
   * @param options backend options, may be null
   * @return the parsed options
   */
  static PgOptions parse(String location, Map<String, String> options) {
    if (location == null || !location.startsWith("//")) {
      throw new ConfigurationException("The postgresql: backend needs a URI of the form " + FORM
          + " (or jdbc:postgresql://...), not 'postgresql:" + location + "'.");
    }
    String rest = location.substring(2);
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      throw new ConfigurationException("The postgresql: URI 'postgresql:" + location
          + "' names no database; write it as " + FORM + ".");
    }
    String hostPort = rest.substring(0, slash);
    String database = decode(rest.substring(slash + 1), "database");
    if (database.contains("/")) {
      throw new ConfigurationException("The postgresql: URI 'postgresql:" + location
          + "' has a '/' in its database name '" + database + "'; write it as " + FORM + ".");
    }
    String host = hostPort;
    int port = DEFAULT_PORT;
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && !hostPort.endsWith("]")) {
      host = hostPort.substring(0, colon);
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new ConfigurationException("The postgresql: URI 'postgresql:" + location
            + "' has the port '" + hostPort.substring(colon + 1) + "'; use a number.", e);
      }
      if (port < 1 || port > 65535) {
        throw new ConfigurationException("The postgresql: URI 'postgresql:" + location
            + "' has the port " + port + "; use 1 to 65535.");
      }
    }
    if (host.isEmpty()) {
      throw new ConfigurationException("The postgresql: URI 'postgresql:" + location
          + "' names no host; write it as " + FORM + ".");
    }
    Map<String, String> all = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), "query key");
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "value of " + key);
        checkKey(key);
        if (all.put(key, value) != null) {
          throw new ConfigurationException("The postgresql: URI gives '" + key + "' twice.");
        }
      }
    }
    if (options != null) {
      for (Map.Entry<String, String> option : options.entrySet()) {
        String key = option.getKey();
        checkKey(key);
        if (option.getValue() == null) {
          throw new ConfigurationException("Option '" + key + "' of the postgresql: backend has"
              + " no value.");
        }
        String before = all.put(key, option.getValue());
        if (before != null && !before.equals(option.getValue())) {
          throw new ConfigurationException("Option '" + key + "' of the postgresql: backend is '"
              + option.getValue() + "' but the URI says '"
              + ("password".equals(key) ? "***" : before) + "'; give it once.");
        }
      }
    }
    String schema = all.getOrDefault("schema", DEFAULT_SCHEMA);
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw new ConfigurationException("Option schema of the postgresql: backend is '" + schema
          + "'; use a lower-case PostgreSQL name: a letter or '_', then letters, digits, '_' or"
          + " '$', at most 63 characters.");
    }
    if (schema.startsWith("pg_")) {
      throw new ConfigurationException("Option schema of the postgresql: backend is '" + schema
          + "'; names starting with pg_ are reserved by PostgreSQL.");
    }
    boolean create = bool(all, "create");
    boolean readOnly = bool(all, "readOnly");
    if (create && readOnly) {
      throw new ConfigurationException("Options readOnly=true and create=true of the postgresql:"
          + " backend contradict each other: a read-only backend cannot create a schema. Drop one"
          + " of them.");
    }
    String storageMode = all.getOrDefault("storageMode", "automatic");
    if (!STORAGE_MODES.contains(storageMode)) {
      throw new ConfigurationException("Option storageMode of the postgresql: backend is '"
          + storageMode + "'; use one of " + String.join(", ", STORAGE_MODES) + ".");
    }
    int fetchSize = DEFAULT_FETCH_SIZE;
    if (all.containsKey("fetchSize")) {
      try {
        fetchSize = Integer.parseInt(all.get("fetchSize").strip());
      } catch (NumberFormatException e) {
        throw new ConfigurationException("Option fetchSize of the postgresql: backend is '"
            + all.get("fetchSize") + "'; use a whole number of rows, 1 or more.", e);
      }
      if (fetchSize < 1) {
        throw new ConfigurationException("Option fetchSize of the postgresql: backend is "
            + fetchSize + "; use 1 or more rows.");
      }
    }
    Map<String, String> driver = new LinkedHashMap<>();
    for (String key : DRIVER_KEYS) {
      if (all.containsKey(key)) {
        driver.put(key, all.get(key));
      }
    }
    return new PgOptions(host, port, database, all.get("user"), all.get("password"), schema,
        create, readOnly, storageMode, fetchSize, Map.copyOf(driver));
  }

  private static void checkKey(String key) {
    if (key == null || !KEYS.contains(key)) {
      throw new ConfigurationException("Unknown option '" + key + "' for the postgresql: backend."
          + " Valid options (in the URI's query or as backend options): user, password, schema"
          + " (default " + DEFAULT_SCHEMA + "), create (true|false, default false), readOnly"
          + " (true|false, default false), storageMode (manual|suggested|automatic, default"
          + " automatic), fetchSize (rows, default " + DEFAULT_FETCH_SIZE + "), and for the"
          + " driver " + String.join(", ", DRIVER_KEYS) + ".");
    }
  }

  private static boolean bool(Map<String, String> all, String key) {
    String value = all.get(key);
    if (value == null) {
      return false;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new ConfigurationException("Option " + key + " of the postgresql: backend is '" + value
        + "'; use true or false.");
  }

  private static String decode(String text, String what) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("The postgresql: URI has a bad %-escape in its " + what
          + " '" + text + "'.", e);
    }
  }

  /** @return the JDBC URL, without credentials */
  String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/"
        + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  /** @return the driver properties, credentials included */
  Properties driverProperties() {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "doclea-transfer");
    props.setProperty("connectTimeout", "10");
    props.setProperty("tcpKeepAlive", "true");
    driver.forEach(props::setProperty);
    return props;
  }

  /** @return where the backend points, for messages (no password) */
  String describe() {
    return "schema " + schema + " of database " + database + " at " + host + ":" + port;
  }

  @Override
  public String toString() {
    return "postgresql://" + host + ":" + port + "/" + database + "?schema=" + schema
        + (user == null ? "" : "&user=" + user);
  }
}
