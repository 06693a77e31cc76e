package ai.doclea.transfer.sqlite;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;
import org.sqlite.core.NativeDB;
import org.sqlite.core.SafeStmtPtr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a TEXT column of the current row where SQLite holds it, without the new array per value
 * that {@code ResultSet.getBytes} allocates: the driver's own {@code column_text_utf8} gives a
 * direct buffer over SQLite's bytes, which {@link #copy} copies into an array the caller reuses.
 * An export's rows are a few hundred megabytes of such arrays; in a JVM with a large heap every
 * one of them lands on a page the process touches for the first time (issue 14).
 *
 * <p>{@code column_text_utf8} is package-private in sqlite-jdbc: it is reached by reflection,
 * through the statement's public {@link SafeStmtPtr}, which checks that the statement is open and
 * holds the driver's lock as {@code getBytes} does. When the driver has no such method (another
 * version), or the JVM does not allow the access (the driver on the module path), {@link
 * #available()} is false and the caller reads with {@code getBytes}.
 */
final class InPlaceText {
  private static final Logger LOG = LoggerFactory.getLogger(InPlaceText.class);
  /** {@code NativeDB.column_text_utf8(long statement, int column)}, or null. */
  private static final MethodHandle COLUMN_TEXT = columnText();

  private final SafeStmtPtr pointer;
  /** The bytes of the last value copied; grown when a value is longer, never shrunk. */
  private byte[] bytes = new byte[8192];

  private InPlaceText(SafeStmtPtr pointer) {
    this.pointer = pointer;
  }

  private static MethodHandle columnText() {
    try {
      Method m = NativeDB.class.getDeclaredMethod("column_text_utf8", long.class, int.class);
      if (m.getReturnType() != ByteBuffer.class) {
        return null;
      }
      m.setAccessible(true);
      return MethodHandles.lookup().unreflect(m);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // A driver without the method, or one that does not open it to us: getBytes still works.
      LOG.debug("sqlite-jdbc's column_text_utf8 is not available ({}); reading rows with"
          + " getBytes", e.toString());
      return null;
    }
  }

  /**
   * Whether this driver offers the in-place read.
   *
   * @return false when {@link #of} always returns null
   */
  static boolean available() {
    return COLUMN_TEXT != null;
  }

  /**
   * A reader of a statement's columns, or null when the driver does not offer the in-place read.
   *
   * @param statement a statement of sqlite-jdbc's
   * @return the reader, or null
   * @throws SQLException when the statement is closed
   */
  static InPlaceText of(PreparedStatement statement) throws SQLException {
    if (COLUMN_TEXT == null || !(statement instanceof CoreStatement)
        || !(statement.getConnection() instanceof SQLiteConnection)
        || !(((SQLiteConnection) statement.getConnection()).getDatabase() instanceof NativeDB)) {
      return null;
    }
    SafeStmtPtr pointer = ((CoreStatement) statement).pointer;
    return pointer == null ? null : new InPlaceText(pointer);
  }

  /**
   * Copies a column of the current row into {@link #bytes()}.
   *
   * @param column the column, from 1
   * @return the value's length in bytes, or -1 when it is NULL
   * @throws SQLException when the statement is closed or the driver fails
   */
  int copy(int column) throws SQLException {
    ByteBuffer text = pointer.safeRun((DB db, long statement) -> {
      try {
        return (ByteBuffer) COLUMN_TEXT.invokeExact((NativeDB) db, statement, column - 1);
      } catch (SQLException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new SQLException("sqlite-jdbc's column_text_utf8 failed", e);
      }
    });
    if (text == null) {
      return -1;
    }
    int length = text.remaining();
    if (length > bytes.length) {
      bytes = new byte[Math.max(length, 2 * bytes.length)];
    }
    text.get(bytes, 0, length);
    return length;
  }

  /**
   * The array the last {@link #copy} wrote into, from index 0; longer than the value.
   *
   * @return the array, reused by the next copy
   */
  byte[] bytes() {
    return bytes;
  }
}
