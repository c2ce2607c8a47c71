package dev.apscheduler.store.jdbc;

import dev.apscheduler.JobStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The job table as the reads ({@link JobReads}) and writes ({@link JobWrites}) of a {@link
 * JdbcJobStore} reach it: the data source, the statements, this node's cluster side (present only
 * while clustered and started), and the store's description for errors.
 *
 * <p>Thread-safe.
 */
final class JobTable {

  private final DataSource dataSource;
  private final JdbcSql sql;
  private final Supplier<JdbcCluster> cluster;
  private final Supplier<String> description;

  /**
   * @param cluster gives this node's cluster side, or {@code null} while there is none
   * @param description gives the store's current description
   */
  JobTable(
      DataSource dataSource,
      JdbcSql sql,
      Supplier<JdbcCluster> cluster,
      Supplier<String> description) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.cluster = cluster;
    this.description = description;
  }

  DataSource dataSource() {
    return dataSource;
  }

  JdbcSql sql() {
    return sql;
  }

  /** This node's cluster side, or {@code null} when the store is not clustered or not started. */
  JdbcCluster cluster() {
    return cluster.get();
  }

  /** Tells the other nodes of a cluster that jobs changed, in the transaction of {@code c}. */
  void announceChange(Connection c) throws SQLException {
    JdbcCluster node = cluster.get();
    if (node != null) {
      node.announceChange(c);
    }
  }

  /** The store's exception for a database failure, naming the store and what failed. */
  JobStoreException failure(String what, SQLException e) {
    return new JobStoreException(
        description.get()
            + ": could not "
            + what
            + ": "
            + e.getMessage()
            + " [SQLState "
            + e.getSQLState()
            + "]",
        e);
  }
}
