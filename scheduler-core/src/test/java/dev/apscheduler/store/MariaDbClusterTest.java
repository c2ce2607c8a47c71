package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cluster scenarios on MariaDB. */
class MariaDbClusterTest extends ClusterTest {

  @Override
  protected HikariConfig poolConfig(String applicationName) {
    TestServices.mariadb();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServices.mariadbUrl());
    config.setUsername(TestServices.mariadbUser());
    config.setPassword(TestServices.mariadbPassword());
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(5_000);
    return config;
  }

  /**
   * In the hour Europe/Berlin repeats in autumn, MariaDB's {@code NOW()} is ambiguous local time;
   * heartbeats written in UTC do not go back an hour there.
   */
  @Test
  void heartbeatsAreUtcWhateverTheSessionTimeZone() throws SQLException {
    requireNamedTimeZones();
    Instant repeatedHour = Instant.parse("2026-10-25T01:30:00Z");
    HikariConfig config = poolConfig("apscheduler-" + jobsTable + "-berlin");
    config.setConnectionInitSql(
        "SET time_zone = 'Europe/Berlin', timestamp = " + repeatedHour.getEpochSecond());
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    Scheduler node =
        ClusterNodeMain.newNode(
            pool, jobsTable, "berlin", Duration.ofSeconds(1), JdbcJobStore.DEFAULT_POLL_INTERVAL);
    nodes.add(node);
    node.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> heartbeatOf("berlin") > 0);
    assertThat(heartbeatOf("berlin")).isEqualTo(JobCodec.toEpochMicros(repeatedHour));
  }

  private void requireNamedTimeZones() throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CONVERT_TZ(NOW(), 'UTC', 'Europe/Berlin')")) {
      rs.next();
      TestServices.require(
          rs.getString(1) != null,
          "MariaDB's time zone tables (load them with: mariadb-tzinfo-to-sql /usr/share/zoneinfo"
              + " | mariadb mysql)");
    }
  }
}
