package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster scenarios on PostgreSQL, and a node whose connections the database kills. */
class PostgresClusterTest extends ClusterTest {

  @Override
  protected HikariConfig poolConfig(String applicationName) {
    TestServices.postgres(applicationName);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServices.postgresUrl());
    config.setUsername(TestServices.postgresUser());
    config.setPassword(TestServices.postgresPassword());
    config.addDataSourceProperty("ApplicationName", applicationName);
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(5_000);
    return config;
  }

  /** Nodes learn of new jobs through LISTEN/NOTIFY; the poll is only a fallback. */
  @Override
  protected Duration pickupPollInterval() {
    return Duration.ofSeconds(30);
  }

  @Test
  void aNodeWhoseConnectionsAreKilledRecoversAndNothingRunsTwice() throws SQLException {
    Scheduler first = startNode("node-1", Duration.ofMillis(500), Duration.ZERO);
    startNode("node-2", Duration.ofMillis(500), Duration.ZERO);
    Instant t0 = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    Set<String> expected = new HashSet<>();
    for (int j = 0; j < 5; j++) {
      first.addJob(
          recordJob("tick-" + j)
              .trigger(
                  IntervalTrigger.builder()
                      .interval(Duration.ofMillis(200))
                      .startDate(t0.atZone(ZoneOffset.UTC))
                      .endDate(t0.plusMillis(5800).atZone(ZoneOffset.UTC))
                      .build())
              .build());
      for (int k = 0; k < 30; k++) {
        expected.add(key("tick-" + j, t0.plusMillis(200L * k)));
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> recordedRuns().size() >= 40);

    int killed = terminateConnectionsOf("node-1");

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> recordedRuns().size() >= expected.size());
    assertThat(killed).isPositive();
    assertThat(duplicates).isEmpty();
    assertThat(recordedRuns()).isEqualTo(expected);
    await().atMost(Duration.ofSeconds(10)).until(() -> runningRecords(admin) == 0);
  }

  private int terminateConnectionsOf(String nodeId) throws SQLException {
    try (Connection c = admin.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      ps.setString(1, "apscheduler-" + jobsTable + "-" + nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
