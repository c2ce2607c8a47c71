package dev.apscheduler.store.jdbc;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one transaction, at {@code READ COMMITTED}, on a connection of its own from a data
 * source: commits when the work returns, rolls back when it throws, and hands the connection back
 * as it found it.
 *
 * <p>Stateless and thread-safe.
 */
final class JdbcTransactions {

  private static final System.Logger LOG = System.getLogger(JdbcTransactions.class.getName());

  /** Work on a connection inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private JdbcTransactions() {}

  /**
   * Runs {@code work} in one transaction and commits it.
   *
   * @throws SQLException if the work, the commit or the connection fails (after a rollback)
   */
  static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      }
      T result;
      try {
        result = work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        try {
          restore(c, autoCommit, isolation);
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      restore(c, autoCommit, isolation);
      return result;
    }
  }

  private static void restore(Connection c, boolean autoCommit, int isolation) throws SQLException {
    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
      c.setTransactionIsolation(isolation);
    }
    c.setAutoCommit(autoCommit);
  }

  /** Commits a connection's work unless the connection commits each statement itself. */
  static void commitIfManual(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
      LOG.log(Level.DEBUG, "Rollback failed: " + e);
    }
  }
}
