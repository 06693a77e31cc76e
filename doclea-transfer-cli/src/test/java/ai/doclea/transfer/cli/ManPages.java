package ai.doclea.transfer.cli;

import java.io.File;
import java.io.IOException;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the tool's man pages as AsciiDoc, one per command the user's {@code --help} lists (so not
 * the hidden {@code bench}), with picocli's generator; the build converts them to troff for the
 * distribution's {@code man/man1}. Run by the build in {@code prepare-package}.
 */
final class ManPages {
  private ManPages() {}

  /**
   * Generates the pages.
   *
   * @param args the output directory
   * @throws IOException when a page cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPages OUTPUT_DIRECTORY");
    }
    int status = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], false,
        DocleaTransferCommand.commandLine().getCommandSpec());
    if (status != 0) {
      throw new IOException("picocli's man page generator failed with status " + status);
    }
  }
}
