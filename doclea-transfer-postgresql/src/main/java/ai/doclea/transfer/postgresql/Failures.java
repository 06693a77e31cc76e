package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import java.sql.Connection;
import java.sql.SQLException;

/** Turns the driver's {@link SQLException}s into messages that say what failed and what to do. */
final class Failures {
  private Failures() {}

  /**
   * Wraps a failure.
   *
   * @param options where the backend points
   * @param action what was being done, for example {@code "read table memories of"}
   * @param e the failure
   * @return the exception to throw, with {@code e} as its cause
   */
  static BackendException wrap(PgOptions options, String action, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String server = options.host() + ":" + options.port();
    String message = e.getMessage();
    if (state.equals("28P01") || state.equals("28000")) {
      return new BackendException("PostgreSQL at " + server + " refused the login of user '"
          + options.user() + "' to database " + options.database() + ": " + message
          + ". Check the user and password (user=...&password=... in the URI).", e);
    }
    if (state.equals("3D000")) {
      return new BackendException("PostgreSQL at " + server + " has no database '"
          + options.database() + "': " + message + ". Create it (createdb " + options.database()
          + ") or fix the database name in the URI.", e);
    }
    if (state.startsWith("08")) {
      return new BackendException("Cannot " + action + " " + options.describe()
          + ": the connection to PostgreSQL failed (" + message + "). Check that the server runs"
          + " and accepts connections at " + server + ".", e);
    }
    if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
      return new BackendException("Cannot " + action + " " + options.describe()
          + ": the PostgreSQL server ended the connection (" + message + "); it is shutting"
          + " down, restarting, or an administrator terminated the session.", e);
    }
    if (state.equals("42501")) {
      return new BackendException("Cannot " + action + " " + options.describe() + ": user '"
          + options.user() + "' lacks the privilege (" + message + "). Grant it, or connect as"
          + " the schema's owner.", e);
    }
    return new BackendException("Cannot " + action + " " + options.describe() + ": " + message
        + (state.isEmpty() ? "" : " [SQLState " + state + "]"), e);
  }

  /**
   * Wraps a failure inside a write transaction; when the connection is lost, the message says
   * that the server discarded the transaction.
   *
   * @param options where the backend points
   * @param action what was being done
   * @param e the failure
   * @return the exception to throw
   */
  static BackendException wrapWrite(PgOptions options, String action, SQLException e) {
    BackendException wrapped = wrap(options, action, e);
    if (!PgWriteTransaction.isConnectionLost(e)) {
      return wrapped;
    }
    BackendException lost = new BackendException(wrapped.getMessage() + " The server discarded"
        + " the open write transaction with the connection: nothing of it was written.", e);
    return lost;
  }

  /**
   * Closes a connection after a failure, adding a failure to close to {@code failure}.
   *
   * @param connection the connection, may be null
   * @param failure the failure being thrown
   */
  static void closeQuietly(Connection connection, Throwable failure) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * The first failure of a close sequence, with the later ones suppressed in it.
   *
   * @param first the failure so far, or null
   * @param next a later failure
   * @return {@code first} with {@code next} added, or {@code next} when there was none
   */
  static BackendException add(BackendException first, BackendException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
