package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/** Raw SQL for the JDBC store tests: rows written behind the store's back, and clean-up. */
final class JdbcContractSupport {

  private JdbcContractSupport() {}

  /** A table name no other test run uses. */
  static String uniqueTableName() {
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    return "apscheduler_test_" + HexFormat.of().formatHex(random);
  }

  static void insertRaw(DataSource ds, String table, String id, Instant next, String json) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (id, name, next_run_time, format_version, document) VALUES (?, ?, ?, 2, ?)")) {
      ps.setString(1, id);
      ps.setString(2, id);
      ps.setLong(3, JobCodec.toEpochMicros(next));
      ps.setString(4, json);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new JobStoreException("test insert failed", e);
    }
  }

  /** Drops the job table and the cluster and run history tables beside it. */
  static void dropTable(DataSource ds, String table) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String suffix : new String[] {"", "_nodes", "_running", "_runs"}) {
        s.execute("DROP TABLE IF EXISTS " + table + suffix);
      }
    } catch (SQLException e) {
      throw new JobStoreException("test clean-up failed", e);
    }
  }
}
