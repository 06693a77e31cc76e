package ai.doclea.transfer.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Sample data and files shared by the command tests. */
final class Fixtures {
  /** The same "now" for every generated knowledge base, so that tests are repeatable. */
  static final long NOW = 1_760_000_000L;

  private Fixtures() {}

  /** A small knowledge base: 40 memories and what scales with them. */
  static SampleKnowledgeBase.Contents small() {
    return SampleKnowledgeBase.generate(40, 7, NOW);
  }

  /** A Doclea database built with plain JDBC in Doclea's layout. */
  static Path docleaDb(Path dir, String name, SampleKnowledgeBase.Contents contents)
      throws Exception {
    Path db = dir.resolve(name);
    DocleaDatabase.create(db, contents);
    return db;
  }

  /** An export file of {@code contents}, written by the tool itself. */
  static Path exportFile(Path dir, SampleKnowledgeBase.Contents contents) throws Exception {
    Path db = docleaDb(dir, "export-source.db", contents);
    Path file = dir.resolve("backup.json");
    Cli.run("export", "--db", db.toString(), "--output", file.toString()).exits(0);
    return file;
  }

  /** Parses an export file (plain or gzip). */
  static JsonObject readExport(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = isGzip(file) ? new GZIPInputStream(raw) : raw;
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(reader).getAsJsonObject();
    }
  }

  static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }
}
