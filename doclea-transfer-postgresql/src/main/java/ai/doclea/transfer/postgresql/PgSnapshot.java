package ai.doclea.transfer.postgresql;

import ai.doclea.transfer.api.BackendException;
import ai.doclea.transfer.api.RecordKind;
import ai.doclea.transfer.api.TransferRecord;
import ai.doclea.transfer.spi.ReadSnapshot;
import ai.doclea.transfer.spi.RecordCursor;
import ai.doclea.transfer.spi.StoredVector;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code REPEATABLE READ, READ ONLY} transaction on a connection of its own: every cursor it
 * opens reads the schema as it was when the snapshot began, whatever others commit meanwhile,
 * and it never waits for a writer. Closing it gives the connection back to the backend when the
 * transaction ended cleanly.
 */
final class PgSnapshot implements ReadSnapshot {
  private final PostgresBackend backend;
  private final Connection connection;
  private final PgOptions options;
  private final List<PgCursor<?>> cursors = new ArrayList<>();
  private boolean closed;

  PgSnapshot(PostgresBackend backend, Connection connection, PgOptions options) {
    this.backend = backend;
    this.connection = connection;
    this.options = options;
  }

  @Override
  public RecordCursor<? extends TransferRecord> read(RecordKind kind) {
    ensureOpen();
    return open(PgTable.of(kind));
  }

  private <T extends TransferRecord> PgCursor<T> open(PgTable<T> table) {
    PreparedStatement statement = null;
    try {
      statement = connection.prepareStatement(table.selectAll(options.schema()));
      statement.setFetchSize(options.fetchSize());
      ResultSet rs = statement.executeQuery();
      PgCursor<T> cursor = new PgCursor<>(table, statement, rs, options);
      cursors.removeIf(PgCursor::isClosed);
      cursors.add(cursor);
      return cursor;
    } catch (SQLException e) {
      BackendException failure = Failures.wrap(options, "read table " + table.table + " of", e);
      if (statement != null) {
        try {
          statement.close();
        } catch (SQLException closing) {
          failure.addSuppressed(closing);
        }
      }
      throw failure;
    }
  }

  @Override
  public OptionalLong count(RecordKind kind) {
    ensureOpen();
    PgTable<?> table = PgTable.of(kind);
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + options.schema() + "."
            + table.table)) {
      rs.next();
      return OptionalLong.of(rs.getLong(1));
    } catch (SQLException e) {
      throw Failures.wrap(options, "count the rows of table " + table.table + " of", e);
    }
  }

  @Override
  public Optional<StoredVector> vector(String memoryId) {
    ensureOpen();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT provider, model, dimensions, vector FROM " + options.schema() + "."
            + PgSchema.VECTOR_TABLE + " WHERE memory_id = ?")) {
      statement.setString(1, PgText.param(memoryId, () -> "the memory id '" + memoryId + "'"));
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(readVector(memoryId, rs, options));
      }
    } catch (SQLException e) {
      throw Failures.wrap(options, "read the vector of memory '" + memoryId + "' from", e);
    }
  }

  static StoredVector readVector(String memoryId, ResultSet rs, PgOptions options)
      throws SQLException {
    Array array = rs.getArray(4);
    Object[] components = (Object[]) array.getArray();
    array.free();
    int dimensions = rs.getInt(3);
    if (components.length != dimensions) {
      throw new BackendException("The vector of memory '" + memoryId + "' in "
          + options.describe() + " (" + PgSchema.VECTOR_TABLE + ") is damaged: " + dimensions
          + " dimensions but " + components.length + " components");
    }
    float[] vector = new float[components.length];
    for (int i = 0; i < vector.length; i++) {
      if (components[i] == null) {
        throw new BackendException("The vector of memory '" + memoryId + "' in "
            + options.describe() + " (" + PgSchema.VECTOR_TABLE + ") has a NULL component at "
            + i);
      }
      vector[i] = ((Number) components[i]).floatValue();
    }
    return new StoredVector(memoryId, PgText.decode(rs.getString(1)),
        PgText.decode(rs.getString(2)), vector);
  }

  /**
   * Closes the open cursors and ends the transaction; gives the connection back to the backend
   * when all that succeeded, else closes it.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    BackendException failure = null;
    for (PgCursor<?> cursor : cursors) {
      try {
        cursor.close();
      } catch (BackendException e) {
        failure = Failures.add(failure, e);
      }
    }
    cursors.clear();
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure = Failures.add(failure, Failures.wrap(options, "end the read snapshot of", e));
    }
    if (failure == null) {
      try {
        backend.keep(connection);
        return;
      } catch (SQLException e) {
        failure = Failures.wrap(options, "close the connection to", e);
      }
    }
    try {
      connection.close();
    } catch (SQLException e) {
      failure = Failures.add(failure, Failures.wrap(options, "close the connection to", e));
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new BackendException("The read snapshot of " + options.describe() + " is closed.");
    }
  }
}
