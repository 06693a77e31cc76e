package ai.doclea.transfer.spi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * An input/output failure in words for the user of a file, for messages that already name the
 * file: {@code "permission denied"}, {@code "no space left on device"}, {@code "broken pipe (the
 * reader closed it)"}, never the exception's class name. The one wording that the core, the
 * adapters and the command-line tool share. Stateless and thread-safe.
 *
 * @since 1.0.0
 */
public final class IoFailures {
  private IoFailures() {}

  /**
   * Describes an input/output failure without naming the file (the caller's message does) or the
   * exception's class.
   *
   * @param failure the failure; may be null
   * @return lower-case words, for example {@code "permission denied"}; never null or empty
   */
  public static String describe(IOException failure) {
    if (failure == null) {
      return "input/output error";
    }
    if (failure instanceof AccessDeniedException) {
      return reasonOr((FileSystemException) failure, "permission denied");
    }
    if (failure instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (failure instanceof FileAlreadyExistsException) {
      return "the file already exists";
    }
    if (failure instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (failure instanceof DirectoryNotEmptyException) {
      return "the directory is not empty";
    }
    if (failure instanceof FileSystemLoopException) {
      return "too many levels of symbolic links";
    }
    if (failure instanceof ClosedByInterruptException
        || failure instanceof InterruptedIOException) {
      return "interrupted";
    }
    if (failure instanceof EOFException) {
      return "the data ends early";
    }
    String text = failure instanceof FileSystemException
        ? ((FileSystemException) failure).getReason() : failure.getMessage();
    if (text == null || text.isBlank()) {
      Throwable cause = failure.getCause();
      return cause instanceof IOException && cause != failure
          ? describe((IOException) cause) : "input/output error";
    }
    return words(text);
  }

  private static String reasonOr(FileSystemException e, String otherwise) {
    String reason = e.getReason();
    return reason == null || reason.isBlank() ? otherwise : words(reason);
  }

  /** The operating system's text ("No space left on device") as the tail of a sentence. */
  private static String words(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("Broken pipe")) {
      return "broken pipe (the reader closed it before the end)";
    }
    if (t.length() > 1 && Character.isUpperCase(t.charAt(0))
        && !Character.isUpperCase(t.charAt(1))) {
      t = t.substring(0, 1).toLowerCase(Locale.ROOT) + t.substring(1);
    }
    return t;
  }
}
