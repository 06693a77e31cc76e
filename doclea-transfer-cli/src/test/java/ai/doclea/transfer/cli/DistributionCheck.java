package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks what the build made, each as a user runs it, in new processes: the distribution archives
 * (unpacked, then {@code bin/doclea-transfer}), the runnable jar, and the unpacked installation in
 * {@code target/doclea-transfer/} that the README's first command runs. The surefire execution
 * {@code distribution-check} runs it after {@code package}; the directory and version come from
 * the system properties {@code dist.directory} and {@code dist.version}; without them (a run of
 * the unit tests that names this class) it is skipped.
 */
@EnabledIfSystemProperty(named = "dist.directory", matches = ".+")
class DistributionCheck {
  /** The limits of issue 15, in bytes (1 MB = 10^6 bytes, the stricter reading). */
  static final long JAR_LIMIT = 20_000_000L;
  static final long ARCHIVE_LIMIT = 90_000_000L;

  /** The five platforms ONNX Runtime ships natives for, as its jar names them. */
  static final List<String> PLATFORMS =
      List.of("linux-x64", "linux-aarch64", "osx-x64", "osx-aarch64", "win-x64");

  static final Path TARGET = Path.of(System.getProperty("dist.directory", "target"));
  static final String VERSION = System.getProperty("dist.version", "unknown");
  static final String BASE = "doclea-transfer-" + VERSION;

  @TempDir static Path shared;
  static Path installed;

  @TempDir Path dir;

  @BeforeAll
  static void unpackTheZip() throws IOException {
    unzip(zip(), shared.resolve("unzipped"));
    installed = shared.resolve("unzipped").resolve(BASE);
  }

  static Path zip() {
    return TARGET.resolve(BASE + ".zip");
  }

  static Path tarGz() {
    return TARGET.resolve(BASE + ".tar.gz");
  }

  static Path runnableJar() {
    return TARGET.resolve("doclea-transfer.jar");
  }

  @Test
  void theRunnableJarAndTheArchivesAreWithinTheirSizeLimits() throws IOException {
    assertTrue(Files.size(runnableJar()) <= JAR_LIMIT, "runnable jar: " + Files.size(runnableJar()));
    assertTrue(Files.size(zip()) <= ARCHIVE_LIMIT, "zip: " + Files.size(zip()));
    assertTrue(Files.size(tarGz()) <= ARCHIVE_LIMIT, "tar.gz: " + Files.size(tarGz()));
  }

  @Test
  void theZipHoldsTheInstallationWithTheAddOnButNotTheModel() throws IOException {
    Set<String> names = new TreeSet<>();
    try (ZipFile zip = new ZipFile(zip().toFile())) {
      zip.stream().map(ZipEntry::getName).forEach(names::add);
    }
    for (String expected : List.of("bin/doclea-transfer", "bin/doclea-transfer.cmd", "LICENSE",
        "README.md", "lib/doclea-transfer-cli-" + VERSION + ".jar",
        "lib/" + EmbeddingsAddOn.addOnJarFor(VERSION), "man/man1/doclea-transfer.1",
        "man/man1/doclea-transfer-export.1")) {
      assertTrue(names.contains(BASE + "/" + expected), expected + " missing: " + names);
    }
    assertTrue(names.stream().allMatch(n -> n.startsWith(BASE + "/")), names.toString());
    assertFalse(names.stream().anyMatch(n -> n.contains("minilm") || n.contains("examples")),
        "neither the MiniLM extra nor the examples: " + names);
  }

  @Test
  void theAddOnHasOnnxRuntimeForFivePlatformsAndNoDebugSymbols() throws IOException {
    List<String> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(zip().toFile())) {
      ZipEntry addOn = zip.getEntry(BASE + "/lib/" + EmbeddingsAddOn.addOnJarFor(VERSION));
      assertNotNull(addOn);
      try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(addOn))) {
        for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
          entries.add(e.getName());
        }
      }
    }
    for (String platform : PLATFORMS) {
      assertTrue(entries.stream().anyMatch(n -> n.startsWith("ai/onnxruntime/native/" + platform
          + "/") && n.matches(".*onnxruntime\\.(so|dylib|dll)$")), platform);
    }
    assertEquals(List.of(), entries.stream()
        .filter(n -> n.endsWith(".pdb") || n.contains(".dSYM/")).toList());
  }

  @Test
  void theTarGzMarksTheLauncherExecutable() throws IOException {
    Map<String, Integer> modes = new HashMap<>();
    try (InputStream raw = Files.newInputStream(tarGz());
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        modes.put(e.getName(), e.getMode());
      }
    }
    assertEquals(0755, modes.get(BASE + "/bin/doclea-transfer") & 0777);
    assertEquals(0644, modes.get(BASE + "/lib/doclea-transfer-cli-" + VERSION + ".jar") & 0777);
  }

  @Test
  void theLauncherKeepsTheFullJitOnlyWhenACommandNamesALargeFile() throws Exception {
    Map<String, String> env = fakeJava();
    Path small = Files.writeString(dir.resolve("small.db"), "x");
    Path large = sparse(dir.resolve("large.db"), 64L << 20);
    Path project = dir.resolve("project");
    sparse(Files.createDirectories(project.resolve(".doclea")).resolve("local.db"), 64L << 20);
    String c1 = "-XX:TieredStopAtLevel=1";
    String launcher = launcher(installed);

    assertTrue(run(dir, env, "sh", launcher, "export", "--db", small.toString()).out()
        .contains(c1));
    // C1 alone with one compiler thread; the full JIT with the JVM's own count.
    String oneCompiler = "-XX:CICompilerCount=1";
    assertTrue(run(dir, env, "sh", launcher, "export", "--db", small.toString()).out()
        .contains(oneCompiler));
    assertFalse(run(dir, env, "sh", launcher, "export", "--db", large.toString()).out()
        .contains(oneCompiler));
    assertFalse(run(dir, env, "sh", launcher, "import", "-i", large.toString()).out()
        .contains(oneCompiler));
    assertTrue(run(dir, env, "sh", launcher, "--version").out().contains(c1));
    assertFalse(run(dir, env, "sh", launcher, "export", "--db", large.toString()).out()
        .contains(c1));
    assertFalse(run(dir, env, "sh", launcher, "export", "--db=" + large).out().contains(c1));
    assertFalse(run(dir, env, "sh", launcher, "import", "-i", large.toString()).out()
        .contains(c1));
    assertFalse(run(dir, env, "sh", launcher, "export", "--project", project.toString()).out()
        .contains(c1));
    // An import's full JIT without receiver-type inlining and with less inlining by size; not
    // an export's, nor C1 alone. The command counts, wherever it stands, not the first word.
    for (String importOption : List.of("-XX:-UseTypeProfile", "-XX:FreqInlineSize=50")) {
      assertTrue(run(dir, env, "sh", launcher, "import", "-i", large.toString()).out()
          .contains(importOption));
      assertTrue(run(dir, env, "sh", launcher, "-q", "import", "-i", large.toString()).out()
          .contains(importOption));
      assertFalse(run(dir, env, "sh", launcher, "export", "--db", large.toString()).out()
          .contains(importOption));
      assertFalse(run(dir, env, "sh", launcher, "import", "-i", small.toString()).out()
          .contains(importOption));
    }
  }

  /**
   * The launcher finds java on the PATH as the shell does (the first executable file of that
   * name), runs that one, and names its archive after it and the JDK's modules: another JDK, or
   * the same updated, another archive.
   */
  @Test
  void theLauncherRunsTheFirstJavaOnThePathAndNamesItsArchiveAfterIt() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(plain.resolve("java"), "not a program"); // not executable: passed over
    Path a = fakeJdk("jdk-a", "A");
    Path b = fakeJdk("jdk-b", "Bb");
    Path cache = dir.resolve("cache");
    Path db = Files.writeString(dir.resolve("small.db"), "x");
    String path = System.getenv("PATH");
    List<String> stems = new ArrayList<>();
    for (Path jdk : List.of(a, a, b, a)) {
      if (stems.size() == 3) { // the JDK's modules change, its java does not (an update)
        Files.writeString(Files.createDirectories(a.resolve("lib")).resolve("modules"), "new");
      }
      Run r = run(dir, Map.of("JAVA_HOME", "", "XDG_CACHE_HOME", cache.toString(), "PATH",
          plain + ":" + jdk.resolve("bin") + ":" + path), "sh", launcher(installed), "export",
          "--db", db.toString());
      assertEquals(0, r.exit(), r.toString());
      assertEquals("", r.err(), jdk.toString());
      assertTrue(r.out().startsWith(jdk.equals(a) ? "A " : "Bb "), jdk + ": " + r.out());
      Matcher list = Pattern.compile("-XX:DumpLoadedClassList=(\\S+)").matcher(r.out());
      assertTrue(list.find(), r.out());
      stems.add(Path.of(list.group(1)).getFileName().toString().replaceAll("\\..*", ""));
    }
    assertEquals(stems.get(0), stems.get(1), "the same JDK and jars, the same archive");
    assertNotEquals(stems.get(0), stems.get(2), "another JDK, another archive");
    assertNotEquals(stems.get(0), stems.get(3), "the JDK's modules changed, another archive");

    // Through a link such as /usr/bin/java, bin/../lib/modules is the kernel's modules directory
    // on many systems: a kernel update must not rename the archive.
    Path usr = fakeJdk("usr", "U");
    Path kernels = Files.createDirectories(usr.resolve("lib").resolve("modules").resolve("6.1"));
    List<String> usrStems = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      if (run == 1) {
        Files.createDirectory(kernels.resolveSibling("6.2"));
      }
      Run r = run(dir, Map.of("JAVA_HOME", usr.toString(), "XDG_CACHE_HOME", cache.toString()),
          "sh", launcher(installed), "export", "--db", db.toString());
      Matcher list = Pattern.compile("-XX:DumpLoadedClassList=(\\S+)").matcher(r.out());
      assertTrue(list.find(), r.out());
      usrStems.add(Path.of(list.group(1)).getFileName().toString().replaceAll("\\..*", ""));
    }
    assertEquals(usrStems.get(0), usrStems.get(1), "a new kernel, the same archive");
  }

  /**
   * The launcher lists its cache's directories and its file arguments in one child process, a
   * line each: a line break in a path must confuse neither the cache's check nor the JIT's
   * choice. A cache under such a path is not used; such a file is measured on its own.
   */
  @Test
  void aLineBreakInAPathConfusesNeitherTheCacheCheckNorTheJitChoice() throws Exception {
    Map<String, String> env = new HashMap<>(fakeJava());
    String launcher = launcher(installed);
    // Names holding what would read as the line of a large file, and of a small one.
    Path small = Files.writeString(dir.resolve("small\n-rw------- 1 0 0 99999999 Jan 1 2000 x"),
        "x");
    Path large = sparse(dir.resolve("large\n-rw------- 1 0 0 1 Jan 1 2000 x.db"), 64L << 20);

    for (Path db : List.of(small, large)) {
      Run r = run(dir, env, "sh", launcher, "export", "--db", db.toString());
      assertEquals(0, r.exit(), r.toString());
      assertEquals("", r.err());
      assertEquals(db == small, r.out().contains("-XX:TieredStopAtLevel=1"), r.out());
    }
    Path plainLarge = sparse(dir.resolve("large.db"), 64L << 20);

    Path cache = Files.createDirectories(dir.resolve("ca\nche"));
    env.put("XDG_CACHE_HOME", cache.toString());
    for (int run = 1; run <= 2; run++) {
      Run c = run(dir, env, "sh", launcher, "export", "--db", plainLarge.toString());
      assertEquals(0, c.exit(), c.toString());
      assertEquals("", c.err());
      assertFalse(c.out().contains("-XX:SharedArchiveFile")
          || c.out().contains("-XX:DumpLoadedClassList"), c.out());
    }
    assertEquals(List.of(), names(cache));
  }

  /** A JDK whose java prints {@code tag} and its arguments (the tag also sets its size). */
  private Path fakeJdk(String name, String tag) throws IOException {
    Path java = Files.createDirectories(dir.resolve(name).resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"" + tag + " $*\"\n");
    assertTrue(java.toFile().setExecutable(true));
    return java.getParent().getParent();
  }

  @Test
  void anUnreadableFileArgumentMakesTheLauncherPrintNothingOfItsOwn() throws Exception {
    Map<String, String> env = fakeJava();
    // A file the shell cannot open: mode 000 for a user, and for root (who may read that) a
    // write-only sysctl file, which the kernel refuses to open for reading even to root.
    Path secret = Files.writeString(dir.resolve("secret.json"), "{}");
    Files.setPosixFilePermissions(secret, Set.of());
    Path unreadable = Stream.of(secret, Path.of("/proc/sys/vm/drop_caches"))
        .filter(f -> Files.isRegularFile(f) && !Files.isReadable(f))
        .findFirst().orElse(null);
    assumeTrue(unreadable != null,
        "no file here that this user cannot read");

    Run run = run(dir, env, "sh", launcher(installed), "import", "-i", unreadable.toString(),
        "--db", dir.resolve("x.db").toString());

    assertEquals(0, run.exit(), run.toString());
    assertEquals("", run.err(), "the launcher's own output on standard error");
    assertTrue(run.out().contains(unreadable.toString()), run.out());
  }

  /** A file of {@code size} bytes that takes no room (a hole). */
  private static Path sparse(Path file, long size) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }

  @Test
  void theUnpackedArchivePrintsItsVersionAndPipesAnExportIntoVerify() throws Exception {
    Run version = run(dir, "sh", launcher(installed), "--version");
    assertEquals(0, version.exit(), version.toString());
    assertTrue(version.out().startsWith("doclea-transfer " + VERSION + "\n"), version.out());

    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Run piped = run(dir, "sh", "-c", "sh \"$0\" export --db \"$1\" --output - | sh \"$0\" verify -",
        launcher(installed), db.toString());

    assertEquals(0, piped.exit(), piped.toString());
    JsonObject verified = JsonParser.parseString(piped.out().strip()).getAsJsonObject();
    assertTrue(verified.get("valid").getAsBoolean(), verified.toString());
    assertEquals(40, verified.getAsJsonObject("counts").get("memories").getAsLong());
  }

  @Test
  void temporaryFilesGoToTmpdirAndAMissingOneGivesAMessageNotAStackTrace() throws Exception {
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Path missing = dir.resolve("no such tmp");
    Map<String, String> env = Map.of("TMPDIR", missing.toString());
    // sqlite-jdbc looks in the temporary directory for old copies of its library, and logs a
    // failure to with a stack trace of its own: nothing the user can act on.
    Run export = run(dir, env, "sh", launcher(installed), "export", "--db", db.toString(), "-o",
        dir.resolve("t.json").toString(), "-q");
    assertEquals(0, export.exit(), export.toString());
    assertEquals("", export.err(), "nothing on standard error");
    // An import from standard input copies it into TMPDIR first.
    Run imported = run(dir, env, "sh", launcher(installed), "import", "-i", "-", "--db",
        dir.resolve("t.db").toString(), "-q");
    assertEquals(1, imported.exit(), imported.toString());
    assertTrue(imported.err().contains("a temporary file in " + missing), imported.err());
    assertFalse(imported.err().contains("\tat ") || imported.err().contains("Exception"),
        imported.err());
    // --quiet silences the warnings of a spool left by a killed run, which is removed.
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    Path stale = Files.writeString(tmp.resolve("doclea-import-999999999-1.spool"), "x");
    Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));
    Run quiet = run(dir, Map.of("TMPDIR", tmp.toString()), "sh", launcher(installed), "import",
        "-i", "-", "--db", dir.resolve("q.db").toString(), "-q");
    assertFalse(Files.exists(stale), "the stale spool is removed");
    assertFalse(quiet.err().contains("WARN"), quiet.err());
  }

  @Test
  void anInstallationAndACacheUnderPathsWithSpacesRun() throws Exception {
    // A home directory such as "/Users/Jane Doe": the class-data archive lives under it.
    Path home = dir.resolve("home of Jane Doe");
    unzip(zip(), home.resolve("my tools"));
    Path launcher = home.resolve("my tools").resolve(BASE).resolve("bin/doclea-transfer");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", home.resolve("cache dir").toString());
    for (int run = 1; run <= 2; run++) { // the first run writes the archive, the second uses it
      Run version = run(dir, env, "sh", launcher.toString(), "--version");
      assertEquals(0, version.exit(), "run " + run + ": " + version);
      assertTrue(version.out().startsWith("doclea-transfer " + VERSION + "\n"), version.out());
    }
    try (Stream<Path> archives =
        Files.list(home.resolve("cache dir").resolve("doclea-transfer"))) {
      assertTrue(archives.anyMatch(p -> p.getFileName().toString().endsWith(".jsa")),
          "the class-data archive is written under the path with spaces");
    }
  }

  @Test
  void runsStartedTogetherRecordListsOfTheirOwnAndALaterRunMakesTheClassDataArchive()
      throws Exception {
    Path cache = dir.resolve("cache");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    List<Process> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // three first runs at once, each recording what it loads
      first.add(processBuilder(dir, env, "sh", launcher(installed), "export", "--db",
          db.toString(), "-o", dir.resolve("e" + i + ".json").toString(), "-q")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }
    for (Process p : first) {
      assertTrue(p.waitFor(3, TimeUnit.MINUTES));
      assertEquals(0, p.exitValue());
    }
    // Each run that recorded wrote a list of its own, named after its process (one that started
    // while another was recording records nothing).
    Path store = cache.resolve("doclea-transfer");
    assertTrue(names(store).stream().anyMatch(n -> n.matches(".*\\.classlist\\.export\\.[0-9]+")),
        names(store).toString());

    // What dumps killed half-way left: one two hours old, one from a dump that may still run.
    Path stale = Files.writeString(store.resolve("classes-x.jsa.123.tmp"), "partial");
    Files.setLastModifiedTime(stale, FileTime.fromMillis(
        System.currentTimeMillis() - 2 * 3600_000L));
    Path recent = Files.writeString(store.resolve("classes-x.jsa.456.tmp"), "partial");
    // Archives made for other JDKs or installations: one 31 days old, one 29.
    Path old = Files.writeString(store.resolve("classes-17-1.jsa"), "old");
    Files.setLastModifiedTime(old, FileTime.fromMillis(
        System.currentTimeMillis() - 31 * 86400_000L));
    Path month = Files.writeString(store.resolve("classes-17-2.jsa"), "recent");
    Files.setLastModifiedTime(month, FileTime.fromMillis(
        System.currentTimeMillis() - 29 * 86400_000L));

    Run next = run(dir, env, "sh", launcher(installed), "--version");

    assertEquals(0, next.exit(), next.toString());
    assertEquals("", next.err());
    assertTrue(names(store).stream().anyMatch(n -> n.endsWith(".jsa") && !n.equals(
        month.getFileName().toString())), names(store).toString());
    assertFalse(names(store).stream().anyMatch(n -> n.contains(".classlist")),
        "the lists are deleted once the archive is made: " + names(store));
    assertFalse(Files.exists(stale), "an hour-old partial archive is deleted");
    assertTrue(Files.exists(recent), "a recent one may belong to a dump still running");
    assertFalse(Files.exists(old), "an archive made more than 30 days ago is deleted");
    assertTrue(Files.exists(month), "a younger one is kept");
  }

  @Test
  void anArchiveMadeForAnotherCommandIsMadeAgainToHoldTheClassesOfAnExport() throws Exception {
    assertArchiveIsMadeAgainForAnExport(Path.of(System.getProperty("java.home")));
  }

  /** The same on JDK 21 or later, whose class lists number their lines: when there is one. */
  @Test
  void anArchiveIsMadeAgainForAnotherCommandOnANewerJdk() throws Exception {
    Path jdk = newerJdk();
    assumeTrue(jdk != null, "no JDK 21 or later under /usr/lib/jvm");
    assertArchiveIsMadeAgainForAnExport(jdk);
  }

  /** A JDK of version 21 or later under /usr/lib/jvm (by its release file), or null. */
  private static Path newerJdk() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    Pattern version = Pattern.compile("JAVA_VERSION=\"(\\d+)");
    try (Stream<Path> homes = Files.list(jvms)) {
      for (Path home : homes.sorted().toList()) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
          continue;
        }
        for (String line : Files.readAllLines(release)) {
          Matcher m = version.matcher(line);
          if (m.lookingAt() && Integer.parseInt(m.group(1)) >= 21) {
            return home;
          }
        }
      }
    }
    return null;
  }

  private void assertArchiveIsMadeAgainForAnExport(Path javaHome) throws Exception {
    Path cache = dir.resolve("cache");
    Path store = cache.resolve("doclea-transfer");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_HOME",
        javaHome.toString());
    assertVersionRunsCleanly(env, "the first run, which records");
    assertEquals("rwx------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(store)), "the archive's directory is the user's alone");
    assertVersionRunsCleanly(env, "the second, which makes the archive");
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Path loaded = dir.resolve("loaded.txt");
    Map<String, String> logged = Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_HOME",
        javaHome.toString(), "JAVA_OPTS", "-Xlog:class+load:file=" + loaded);
    List<String> sources = new ArrayList<>();
    for (int run = 1; run <= 3; run++) { // records, makes the archive again, maps it
      Files.deleteIfExists(loaded);
      Run r = run(dir, logged, "sh", launcher(installed), "export", "--db", db.toString(), "-o",
          dir.resolve("e.json").toString(), "-q");
      assertEquals(0, r.exit(), "export " + run + ": " + r);
      assertEquals("", r.err(), "export " + run);
      sources.add(classSource(loaded, "ai.doclea.transfer.internal.ExportWriter"));
    }
    assertFalse(sources.get(0).equals(FROM_ARCHIVE), sources.toString());
    assertEquals(FROM_ARCHIVE, sources.get(2), sources.toString());
    List<String> kept = names(store).stream().filter(n -> n.endsWith(".classes")).toList();
    assertEquals(1, kept.size(), names(store).toString());
    assertEquals("# commands: - export",
        Files.readAllLines(store.resolve(kept.get(0))).get(0));
    assertFalse(names(store).stream().anyMatch(n -> n.contains(".failed.")),
        "no class list was refused: " + names(store));
    assertVersionRunsCleanly(env, "a run of a command the archive holds");
    assertFalse(names(store).stream().anyMatch(n -> n.contains(".classlist")),
        "a command the archive holds records nothing: " + names(store));
  }

  @Test
  void neitherAFailedRunNorACommandsHelpMakesTheArchiveHoldTheCommand() throws Exception {
    Path cache = dir.resolve("cache");
    Path store = cache.resolve("doclea-transfer");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    Run failed = run(dir, env, "sh", launcher(installed), "export", "--db",
        dir.resolve("none.db").toString(), "-o", dir.resolve("f.json").toString(), "-q");
    assertEquals(1, failed.exit(), failed.toString());
    assertFalse(names(store).stream().anyMatch(n -> n.contains(".classlist.")),
        "the failed run's class list is deleted: " + names(store));
    for (int run = 1; run <= 2; run++) { // recorded, then made into the archive, as no command's
      Run help = run(dir, env, "sh", launcher(installed), "export", "--help");
      assertEquals(0, help.exit(), help.toString());
    }
    List<String> kept = names(store).stream().filter(n -> n.endsWith(".classes")).toList();
    assertEquals(1, kept.size(), names(store).toString());
    assertEquals("# commands: -", Files.readAllLines(store.resolve(kept.get(0))).get(0));
  }

  @Test
  void twoInstallationsOfOneBuildEachGetAnArchiveTheJvmAccepts() throws Exception {
    Path cache = dir.resolve("cache");
    Path second = dir.resolve("second");
    unzip(zip(), second);
    Path loaded = dir.resolve("loaded.txt");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_OPTS",
        "-Xlog:class+load:file=" + loaded);
    for (Path installation : List.of(installed, second.resolve(BASE))) {
      for (int run = 1; run <= 3; run++) { // records, makes the archive, maps it
        Files.deleteIfExists(loaded);
        Run r = run(dir, env, "sh", launcher(installation), "--version");
        assertEquals(0, r.exit(), installation + ", run " + run + ": " + r);
      }
      // The JVM maps an archive only for the class path it was made with; made for the other
      // installation's jars, it would be refused, silently.
      assertEquals(FROM_ARCHIVE,
          classSource(loaded, "ai.doclea.transfer.cli.DocleaTransferCommand"),
          installation.toString());
    }
    assertEquals(2, names(cache.resolve("doclea-transfer")).stream()
        .filter(n -> n.endsWith(".jsa")).count(), names(cache.resolve("doclea-transfer")).toString());
  }

  @Test
  void withoutHomeOrXdgCacheHomeTheLauncherRunsWithoutAnArchive() throws Exception {
    // As a service started with an empty environment: only PATH and JAVA_HOME.
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Path loaded = dir.resolve("loaded.txt");
    for (int run = 1; run <= 2; run++) { // a second run would map an archive the first made
      ProcessBuilder pb = processBuilder(dir, Map.of(), "sh", launcher(installed), "export",
          "--db", db.toString(), "-o", dir.resolve("e.json").toString(), "-q");
      String path = pb.environment().get("PATH");
      pb.environment().clear();
      pb.environment().put("PATH", path);
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      pb.environment().put("JAVA_OPTS", "-Xlog:class+load:file=" + loaded);
      Path err = dir.resolve("err.txt");
      Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(err.toFile()).start();
      assertTrue(p.waitFor(3, TimeUnit.MINUTES));
      assertEquals(0, p.exitValue(), "run " + run + ": " + Files.readString(err));
      assertEquals("", Files.readString(err), "run " + run);
      String source = classSource(loaded, "ai.doclea.transfer.cli.DocleaTransferCommand");
      assertTrue(source.startsWith("file:")
          && source.endsWith("/doclea-transfer-cli-" + VERSION + ".jar"),
          "run " + run + ": the tool's classes come from its jar, not from an archive: " + source);
    }
    assertTrue(Files.size(dir.resolve("e.json")) > 0);
  }

  /**
   * The archive is code the JVM maps unchecked. A cache directory of the user's that others may
   * write to is made private, and the archives in it (which others could have put there) are
   * deleted; under a directory others may write to that is not sticky, no archive is used or
   * made; under a sticky one (as /tmp) it is.
   */
  @Test
  void aCacheOthersCouldChangeIsMadePrivateOrLeftUnused() throws Exception {
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Path parent = Files.createDirectory(dir.resolve("parent"));
    Path cache = parent.resolve("cache");
    Path store = cache.resolve("doclea-transfer");
    Path loaded = dir.resolve("loaded.txt");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(),
        "JAVA_OPTS", "-Xlog:class+load:file=" + loaded);
    String[] export = {"sh", launcher(installed), "export", "--db", db.toString(), "-o",
        dir.resolve("e.json").toString(), "-q"};
    for (int run = 1; run <= 2; run++) { // the first records, the second makes the archive
      assertEquals(0, run(dir, env, export).exit());
    }
    assertTrue(names(store).stream().anyMatch(n -> n.endsWith(".jsa")), names(store).toString());

    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path planted = Files.writeString(store.resolve("classes-planted.jsa"), "not an archive");
    Run loose = run(dir, env, export);
    assertEquals(0, loose.exit(), loose.toString());
    assertEquals("", loose.err());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
    assertFalse(Files.exists(planted), "what others could have put there is deleted");
    assertFalse(names(store).stream().anyMatch(n -> n.endsWith(".jsa")), names(store).toString());
    assertTrue(classSource(loaded, "ai.doclea.transfer.cli.DocleaTransferCommand")
        .startsWith("file:"), "this run mapped no archive");

    List<String> before = names(store); // the list that run recorded
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
    for (int run = 1; run <= 3; run++) {
      Run r = run(dir, env, export);
      assertEquals(0, r.exit(), r.toString());
      assertEquals("", r.err());
      assertTrue(classSource(loaded, "ai.doclea.transfer.cli.DocleaTransferCommand")
          .startsWith("file:"), "run " + run + " under a directory others may write to");
    }
    assertEquals(before, names(store), "nothing recorded or made there");

    Files.setAttribute(parent, "unix:mode", 01777);
    for (int run = 1; run <= 3; run++) {
      assertEquals(0, run(dir, env, export).exit());
    }
    assertEquals("shared objects file",
        classSource(loaded, "ai.doclea.transfer.cli.DocleaTransferCommand"),
        "under a sticky directory the archive is made and mapped");
  }

  /**
   * Where the launcher's chmod is taken without being done (a vfat file system mounted "quiet";
   * here a chmod on the PATH that does nothing), it leaves a cache others may write to unused:
   * nothing recorded there. The tool, whose own chmod works here, then makes the directory
   * private and deletes the archives others could have put there, which the launcher would
   * otherwise map from the now private directory.
   */
  @Test
  void aCacheThatStaysWritableByOthersIsNotUsed() throws Exception {
    Path cache = dir.resolve("cache");
    Path store = Files.createDirectories(cache.resolve("doclea-transfer"));
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path planted = Files.writeString(store.resolve("classes-planted.jsa"), "not an archive");
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path chmod = Files.writeString(bin.resolve("chmod"), "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(chmod, PosixFilePermissions.fromString("rwxr-xr-x"));
    Run r = run(dir, Map.of("XDG_CACHE_HOME", cache.toString(),
        "PATH", bin + ":" + System.getenv("PATH")), "sh", launcher(installed), "--version");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
    assertEquals(List.of("native"), names(store), "the planted archive deleted, nothing recorded");
    assertFalse(Files.exists(planted));
  }

  /**
   * A recorded list that cannot be read when the archive is to be made (deleted by another run
   * that made the archive from it first, or not a file at all) makes no archive: one made
   * without it would mark its command covered with none of its classes, for good. It is not
   * counted as a list the JVM refused, and the next runs record and make the archive.
   */
  @Test
  void aListThatCannotBeReadMakesNoArchive() throws Exception {
    Path cache = dir.resolve("cache");
    Path store = cache.resolve("doclea-transfer");
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Path loaded = dir.resolve("loaded.txt");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(),
        "JAVA_OPTS", "-Xlog:class+load:file=" + loaded);
    String[] export = {"sh", launcher(installed), "export", "--db", db.toString(), "-o",
        dir.resolve("e.json").toString(), "-q"};
    assertEquals(0, run(dir, env, export).exit());
    List<String> first = names(store);
    String list = first.stream().filter(n -> n.contains(".classlist.export."))
        .findFirst().orElseThrow(() -> new AssertionError("no list: " + first));
    Files.delete(store.resolve(list));
    Files.createDirectory(store.resolve(list)); // non-empty to "test -s", unreadable to cat

    Run r = run(dir, env, export);
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err());
    assertFalse(names(store).stream().anyMatch(n -> n.endsWith(".jsa") || n.contains(".failed")
        || n.endsWith(".tmp") || n.equals(list)), names(store).toString());

    for (int run = 1; run <= 3; run++) { // records again, makes the archive, maps it
      assertEquals(0, run(dir, env, export).exit());
    }
    assertEquals("shared objects file",
        classSource(loaded, "ai.doclea.transfer.cli.DocleaTransferCommand"));
  }

  /** A relative XDG_CACHE_HOME is ignored, as the XDG specification asks: ~/.cache is used. */
  @Test
  void aRelativeXdgCacheHomeIsIgnored() throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"));
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Run r = run(dir, Map.of("XDG_CACHE_HOME", "relative", "HOME", home.toString()), "sh",
        launcher(installed), "export", "--db", db.toString(), "-o",
        dir.resolve("e.json").toString(), "-q");
    assertEquals(0, r.exit(), r.toString());
    assertFalse(Files.exists(dir.resolve("relative")), "nothing under the working directory");
    assertTrue(Files.isDirectory(home.resolve(".cache/doclea-transfer/native")),
        "the launcher's and the tool's cache are under HOME");
  }

  @Test
  void aClassListTheJvmRefusesIsDeletedAndAfterThreeTheToolRunsWithoutAnArchive()
      throws Exception {
    Path cache = dir.resolve("cache");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
    Path store = cache.resolve("doclea-transfer");
    for (int run = 1; run <= 8; run++) {
      if (Files.isDirectory(store)) {
        for (String name : names(store)) {
          if (name.contains(".classlist.")) { // as a run killed while writing it could leave it
            Files.writeString(store.resolve(name), "ai/doclea/transfer/cli/Expo @@@\n",
                java.nio.file.StandardOpenOption.APPEND);
          }
        }
      }
      assertVersionRunsCleanly(env, "run " + run);
    }
    List<String> names = names(store);
    assertEquals(3, names.stream().filter(n -> n.contains(".jsa.failed.")).count(),
        names.toString());
    assertFalse(names.stream().anyMatch(n -> n.endsWith(".jsa") || n.contains(".classlist")),
        "after three refused lists it neither records nor makes an archive: " + names);
  }

  @Test
  void aDumpKilledBySignalKeepsTheListAndTheCommandStillRuns() throws Exception {
    // A Java that dies by SIGKILL when asked to make the archive, as a dump killed half-way.
    Path bin = Files.createDirectories(dir.resolve("jdk").resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\ncase \" $* \" in *\" -Xshare:dump \"*) kill -9 $$ ;; esac\n"
        + "exec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" \"$@\"\n");
    assertTrue(java.toFile().setExecutable(true));
    Path cache = dir.resolve("cache");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_HOME",
        bin.getParent().toString());
    Path store = cache.resolve("doclea-transfer");

    for (int run = 1; run <= 4; run++) { // one that records, then three whose dumps are killed
      assertVersionRunsCleanly(env, "run " + run);
    }

    List<String> names = names(store);
    assertEquals(1, names.stream().filter(n -> n.contains(".classlist.")).count(),
        "the list is kept for the next try: " + names);
    assertFalse(names.stream().anyMatch(n -> n.contains(".failed.") || n.endsWith(".jsa")),
        names.toString());
  }

  @Test
  void theLauncherRunsThroughSymbolicLinksAbsoluteRelativeAndFromThePath() throws Exception {
    Path one = Files.createDirectories(dir.resolve("one"));
    Path two = Files.createDirectories(dir.resolve("two"));
    Files.createSymbolicLink(one.resolve("dt"), Path.of(launcher(installed)));
    Files.createSymbolicLink(two.resolve("dt-again"), Path.of("..", "one", "dt"));

    for (Path link : List.of(one.resolve("dt"), two.resolve("dt-again"))) {
      Run r = run(dir, "sh", link.toString(), "--version");
      assertEquals(0, r.exit(), link + ": " + r);
      assertTrue(r.out().startsWith("doclea-transfer " + VERSION + "\n"), link + ": " + r);
    }
    // By its bare name from the PATH, started in the link's own directory (the zip keeps no file
    // modes: the unpacked launcher is made executable as the tar.gz would have it).
    assertTrue(Path.of(launcher(installed)).toFile().setExecutable(true));
    Run fromPath = run(two, Map.of("PATH", two + ":" + System.getenv("PATH")), "sh", "-c",
        "dt-again --version");
    assertEquals(0, fromPath.exit(), fromPath.toString());
    assertTrue(fromPath.out().startsWith("doclea-transfer " + VERSION + "\n"),
        fromPath.toString());
  }

  /** The launcher's {@code --version} with {@code env}: exit 0, the version, nothing on stderr. */
  private void assertVersionRunsCleanly(Map<String, String> env, String what) throws Exception {
    Run r = run(dir, env, "sh", launcher(installed), "--version");
    assertEquals(0, r.exit(), what + ": " + r);
    assertEquals("", r.err(), what);
    assertTrue(r.out().startsWith("doclea-transfer " + VERSION + "\n"), what + ": " + r.out());
  }

  /** What {@code -Xlog:class+load} says a class that the archive served came from. */
  private static final String FROM_ARCHIVE = "shared objects file";

  /**
   * Where a run loaded {@code className} from, by its {@code -Xlog:class+load:file=} log: the
   * text after "source: " ({@value #FROM_ARCHIVE}, or the jar's URL).
   */
  private static String classSource(Path log, String className) throws IOException {
    String marker = " " + className + " source: ";
    return Files.readAllLines(log).stream().filter(l -> l.contains(marker))
        .map(l -> l.substring(l.indexOf(marker) + marker.length())).findFirst()
        .orElseThrow(() -> new AssertionError(className + " is not in " + log));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theHelpListsTheUsersCommandsButNotTheBenchmark() throws Exception {
    Run help = run(dir, "sh", launcher(installed), "--help");

    assertEquals(0, help.exit(), help.toString());
    assertTrue(help.out().contains("  export ") && help.out().contains("  demo "), help.out());
    assertFalse(help.out().contains("bench"), help.out());
    Run bench = run(dir, "sh", launcher(installed), "bench", "--help");
    assertEquals(0, bench.exit(), "the benchmark still runs by name: " + bench);
  }

  @Test
  void withoutTheAddOnTheCommandsThatEmbedNameIt() throws Exception {
    Path copy = dir.resolve("no-addon");
    unzip(zip(), copy);
    Path lib = copy.resolve(BASE).resolve("lib");
    Files.delete(lib.resolve(EmbeddingsAddOn.addOnJarFor(VERSION)));
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    Run export = run(dir, "sh", launcher(copy.resolve(BASE)), "export", "--db", db.toString(),
        "--output", dir.resolve("b.json").toString());
    assertEquals(0, export.exit(), "backing up needs no add-on: " + export);

    for (List<String> args : List.of(List.of("demo", "--dir", dir.resolve("d").toString()),
        List.of("search", "--project", dir.toString(), "why"),
        List.of("import", "--input", dir.resolve("b.json").toString(), "--backend",
            "sqlite:" + dir.resolve("y.db"), "--reembed"))) {
      List<String> command = new ArrayList<>(List.of("sh", launcher(copy.resolve(BASE))));
      command.addAll(args);
      Run r = run(dir, command.toArray(String[]::new));
      assertEquals(1, r.exit(), r.toString());
      assertTrue(r.err().contains(EmbeddingsAddOn.addOnJarFor(VERSION))
          && r.err().contains(lib.toString()), "names the add-on and where it goes: " + r);
      assertErrorShape(r.out());
    }
    assertFalse(Files.exists(dir.resolve("d")), "the demo wrote nothing");
    assertFalse(Files.exists(dir.resolve("y.db")), "the import wrote nothing");
  }

  @Test
  void withoutTheMiniLmExtraTheDemoNamesIt() throws Exception {
    Run r = run(dir, "sh", launcher(installed), "demo", "--dir", dir.resolve("d").toString());

    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains(EmbeddingsAddOn.miniLmJarFor(VERSION)), r.toString());
    assertTrue(r.err().contains(installed.resolve("lib").toString()), r.toString());
    assertErrorShape(r.out());
  }

  @Test
  void theRunnableJarBacksUpAndRestoresAndNamesTheMissingAddOn() throws Exception {
    Path db = Fixtures.docleaDb(dir, "x.db", Fixtures.small());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = runnableJar().toAbsolutePath().toString();

    Run export = run(dir, java, "-jar", jar, "export", "--db", db.toString(), "--output",
        dir.resolve("b.json").toString());
    assertEquals(0, export.exit(), export.toString());
    Run restore = run(dir, java, "-jar", jar, "import", "--input",
        dir.resolve("b.json").toString(), "--db", dir.resolve("y.db").toString());
    assertEquals(0, restore.exit(), restore.toString());
    assertEquals(40, DocleaDatabase.count(dir.resolve("y.db"), "memories"));

    Run demo = run(dir, java, "-jar", jar, "demo");
    assertEquals(1, demo.exit(), demo.toString());
    assertTrue(demo.err().contains(EmbeddingsAddOn.addOnJarFor(VERSION))
        && demo.err().contains("bin/doclea-transfer"), demo.toString());

    Run strategies = run(dir, java, "-jar", jar, "import", "--input",
        dir.resolve("b.json").toString(), "--db", dir.resolve("z.db").toString(), "--conflict",
        "nope");
    assertEquals(2, strategies.exit(), strategies.toString());
    assertTrue(strategies.err().contains("overwrite"), strategies.toString());
    assertFalse(strategies.err().contains("newest-wins"), "no example plug-in in the jar: "
        + strategies);
  }

  /** The README's first command: the demo of the installation the build lays out. */
  @Test
  void theUnpackedInstallationOfTheBuildRunsTheDemo() throws Exception {
    Path install = TARGET.resolve("doclea-transfer");

    Run r = run(dir, "sh", launcher(install), "demo", "--dir", dir.resolve("demo").toString(),
        "--memories", "30", "--quiet");

    assertEquals(0, r.exit(), r.toString());
    JsonObject json = JsonParser.parseString(r.out().strip()).getAsJsonObject();
    assertTrue(json.get("success").getAsBoolean(), json.toString());
    assertTrue(json.getAsJsonObject("search").get("found").getAsBoolean(), json.toString());

    // The archive has no MiniLM jar: its demo takes the model from Doclea's own model cache.
    Path xdg = dir.resolve("xdg");
    Files.createDirectories(xdg.resolve("doclea"));
    Files.move(dir.resolve("demo").resolve("model-cache"),
        xdg.resolve("doclea").resolve("transformers"));
    Run fromCache = run(dir, Map.of("XDG_CACHE_HOME", xdg.toString()), "sh", launcher(installed),
        "demo", "--dir", dir.resolve("again").toString(), "--memories", "10");
    assertEquals(0, fromCache.exit(), fromCache.toString());
    assertTrue(fromCache.err().contains("from the model cache " + xdg), fromCache.toString());
  }

  /**
   * A run killed with SIGKILL leaves its private files: the directory for native libraries and
   * the copy of its input in TMPDIR, the new database's staging file beside the target. The next
   * run removes all three (the first two once they are a minute old), and leaves its own alone.
   */
  @Test
  void whatARunKilledWithSigkillLeftIsRemovedByTheNextRun() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path fifo = dir.resolve("input.fifo");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
        "no mkfifo here");
    Path db = dir.resolve("restored.db");
    Map<String, String> env = Map.of("TMPDIR", tmp.toString());
    String[] waitingImport = {"sh", launcher(installed), "import", "--input", fifo.toString(),
        "--db", db.toString(), "-q"};

    // An import waiting for input that never comes (a writer holds the FIFO open and writes
    // nothing), then killed.
    Process writer = new ProcessBuilder("sh", "-c", "exec sleep 600 > \"$0\"", fifo.toString())
        .start();
    try {
      killedAndRemoved(env, waitingImport, tmp);
    } finally {
      writer.destroyForcibly().waitFor();
    }
  }

  private void killedAndRemoved(Map<String, String> env, String[] waitingImport, Path tmp)
      throws Exception {
    Process first = processBuilder(dir, env, waitingImport)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<Path> left = awaitEntries(tmp, 2, first);
    List<Path> staged = List.of();
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        staged.isEmpty() && first.isAlive() && System.nanoTime() < deadline; ) {
      Thread.sleep(50);
      staged = names(dir).stream().filter(n -> n.contains(".restored.db."))
          .map(dir::resolve).toList();
    }
    first.destroyForcibly().waitFor();
    assertTrue(left.stream().anyMatch(p -> p.getFileName().toString()
        .startsWith(NativeLibraries.PRIVATE_PREFIX + first.pid() + "-")), left.toString());
    assertTrue(left.stream().anyMatch(p -> p.getFileName().toString().endsWith(".spool")),
        left.toString());
    assertFalse(staged.isEmpty(), "the staging database is left too: " + names(dir));
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 120_000);
    for (Path p : left) {
      Files.setLastModifiedTime(p, old);
    }

    Process second = processBuilder(dir, env, waitingImport)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Stream.concat(left.stream(), staged.stream()).anyMatch(Files::exists)
          && System.nanoTime() < deadline && second.isAlive()) {
        Thread.sleep(50);
      }
      assertTrue(second.isAlive(), "the second import waits for its input");
      for (Path p : Stream.concat(left.stream(), staged.stream()).toList()) {
        assertFalse(Files.exists(p), p + " was removed by the next run; left: " + names(tmp));
      }
      assertTrue(names(tmp).stream().anyMatch(n -> n
          .startsWith(NativeLibraries.PRIVATE_PREFIX + second.pid() + "-")),
          "the running import's own directory stays: " + names(tmp));
    } finally {
      second.destroyForcibly().waitFor();
    }
  }

  /** The entries of {@code dir} once it holds {@code count} of them, while {@code p} runs. */
  private static List<Path> awaitEntries(Path dir, int count, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (names(dir).size() < count && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<Path> entries = names(dir).stream().map(dir::resolve).toList();
    assertEquals(count, entries.size(), "entries of " + dir + ": " + entries);
    return entries;
  }

  private static void assertErrorShape(String out) {
    JsonObject json = JsonParser.parseString(out.strip()).getAsJsonObject();
    assertFalse(json.get("success").getAsBoolean(), out);
    assertEquals(json.get("error").getAsString(),
        json.getAsJsonArray("errors").get(0).getAsString(), out);
  }

  private static String launcher(Path installation) {
    return installation.resolve("bin").resolve("doclea-transfer").toAbsolutePath().toString();
  }

  /** One finished process: exit status and both streams. */
  record Run(int exit, String out, String err) {}

  /** An environment whose JAVA_HOME holds a stand-in for Java that prints what it is given. */
  private Map<String, String> fakeJava() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("fake-jdk").resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$*\"\n");
    assertTrue(java.toFile().setExecutable(true));
    return Map.of("JAVA_HOME", bin.getParent().toString());
  }

  /**
   * Runs a command with this JVM's Java as JAVA_HOME and a private cache directory (the
   * launcher's class-data archives), standard input empty.
   */
  private Run run(Path workDir, String... command) throws Exception {
    return run(workDir, Map.of(), command);
  }

  private Run run(Path workDir, Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process p = processBuilder(workDir, env, command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + List.of(command));
    }
    Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /**
   * A command in {@code workDir} with this JVM's Java as JAVA_HOME, the shared cache directory
   * unless {@code env} names another, no JAVA_OPTS, and standard input empty.
   */
  private static ProcessBuilder processBuilder(Path workDir, Map<String, String> env,
      String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Files.createTempFile(workDir, "in", "")
            .toFile()));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("XDG_CACHE_HOME", shared.resolve("cache").toString());
    pb.environment().remove("JAVA_OPTS");
    pb.environment().putAll(env);
    return pb;
  }

  private static void unzip(Path zip, Path to) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path target = to.resolve(e.getName()).normalize();
        assertTrue(target.startsWith(to), "entry outside the archive's folder: " + e.getName());
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = file.getInputStream(e)) {
          Files.copy(in, target);
        }
      }
    }
    try (Stream<Path> files = Files.list(to)) {
      assertEquals(1, files.count(), "one top folder in " + zip);
    }
  }
}
