package ai.doclea.transfer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Temporary names derived from a target's name fit the file system's limit (255 bytes of UTF-8)
 * for any legal target name, with a process id, a random number, a suffix and SQLite's
 * {@code -journal}; the cut never splits a character and is the same for the same target.
 */
class TempNameProperties {
  private static final String[] MARKS = {".doclea-export-", ".doclea-import-"};

  /** Legal file names: 1 to 255 bytes of UTF-8, ASCII and 2-, 3- and 4-byte characters. */
  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> piece = Arbitraries.oneOf(
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(60),
        Arbitraries.strings().withCharRange('\u00e0', '\u00ff').ofMinLength(1).ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u4e00', '\u4fff').ofMinLength(1).ofMaxLength(40),
        Arbitraries.of("\uD83D\uDE00", "\uD83C\uDF89", "\uD834\uDD1E").list().ofMinSize(1)
            .ofMaxSize(30).map(l -> String.join("", l)));
    return piece.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l))
        .map(s -> TempFiles.truncateUtf8(s, TempFiles.NAME_MAX))
        .filter(s -> !s.isEmpty());
  }

  @Property(tries = 300)
  void aTemporaryNameWithJournalFitsTheLimit(@ForAll("names") String name) {
    for (String mark : MARKS) {
      String prefix = TempFiles.siblingPrefix(name, mark);
      String longest = prefix + Long.MAX_VALUE + "-" + Long.toUnsignedString(-1L) + ".tmp"
          + "-journal";
      assertTrue(bytes(longest) <= TempFiles.NAME_MAX, longest + ": " + bytes(longest));
      String kept = prefix.substring(1, prefix.length() - mark.length());
      assertTrue(name.startsWith(kept), "a start of the name");
      int budget = TempFiles.NAME_MAX - TempFiles.TAIL_BYTES - 1 - mark.length();
      if (bytes(name) <= budget) {
        assertEquals(name, kept, "a name short enough is kept whole");
      } else {
        assertTrue(bytes(kept) > budget - 4, "cut no more than needed: " + bytes(kept));
      }
      assertEquals(kept, new String(kept.getBytes(StandardCharsets.UTF_8),
          StandardCharsets.UTF_8), "no character split");
      assertEquals(prefix, TempFiles.siblingPrefix(name, mark), "the same for the same name");
    }
  }

  /** On the real file system: a 255-byte target and its temporary files, journal included. */
  @Example
  void temporaryFilesOfTheLongestNamesCanBeCreated() throws Exception {
    Path dir = Files.createTempDirectory("temp-names-");
    try {
      for (String name : new String[] {"y".repeat(240) + ".json", "\u00e9".repeat(127) + "x",
          "\uD83D\uDE00".repeat(63) + "abc"}) {
        assertTrue(bytes(name) >= 245 && bytes(name) <= 255, name + ": " + bytes(name));
        Path target = Files.createFile(dir.resolve(name));
        Path tmp = OutputPaths.createTemporary(target);
        Files.createFile(Path.of(tmp + "-journal"));
        Files.delete(Path.of(tmp + "-journal"));
        Files.delete(tmp);
        Files.delete(target);
      }
    } finally {
      TempFiles.deleteTree(dir);
    }
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
