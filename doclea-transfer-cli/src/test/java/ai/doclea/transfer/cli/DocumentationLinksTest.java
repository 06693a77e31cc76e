package ai.doclea.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and {@code docs/} (shipped in the distribution) link to each other: every relative
 * link names a file that exists, and every {@code #anchor} a heading of that file, as GitHub turns
 * headings into anchors. A section moved or renamed without its links fails here.
 */
class DocumentationLinksTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<Path> pages = pages();
    assertTrue(pages.size() > 5, "README.md and docs/*.md found under " + ROOT + ": " + pages);
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      Matcher m = LINK.matcher(withoutCode(Files.readString(page)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
          continue; // https:, mailto:, ...
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
        } else if (hash >= 0 && resolved.toString().endsWith(".md")
            && !anchors.computeIfAbsent(resolved, DocumentationLinksTest::anchorsUnchecked)
                .contains(target.substring(hash + 1))) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertTrue(checked > 50, "only " + checked + " relative links found");
    assertEquals(List.of(), broken, "broken documentation links");
  }

  @Test
  void anchorsFollowGitHubsRules() {
    assertEquals("vectors-in-the-file---vectors", slug("Vectors in the file (`--vectors`)"));
    assertEquals("1-dependencies", slug("1. Dependencies"));
    assertEquals("parity-with-transformersjs-381", slug("Parity with Transformers.js 3.8.1"));
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  private static Set<String> anchorsUnchecked(Path page) {
    try {
      return anchors(page);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + page, e);
    }
  }

  /** GitHub's anchors: the heading's text, lower case, punctuation dropped, spaces as hyphens. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutCode(Files.readString(page)).split("\n")) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String slug = slug(m.group(1));
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return anchors;
  }

  static String slug(String heading) {
    return heading.replace("`", "").strip().toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
  }

  /** The text with fenced code blocks blanked, so that {@code # comment} lines are not headings. */
  private static String withoutCode(String markdown) {
    StringBuilder out = new StringBuilder();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
        out.append('\n');
        continue;
      }
      out.append(fenced ? "" : line).append('\n');
    }
    return out.toString();
  }
}
