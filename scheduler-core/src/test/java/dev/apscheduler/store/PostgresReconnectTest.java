package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The database drops the scheduler's connections while it runs: the scheduler backs off, recovers
 * on fresh connections, keeps every job, and its other store keeps firing meanwhile.
 */
class PostgresReconnectTest {

  @Test
  void schedulerRecoversWhenItsConnectionsAreTerminated() throws SQLException {
    String applicationName = "apscheduler-reconnect-" + UUID.randomUUID();
    DataSource admin = TestServices.postgres("apscheduler-reconnect-admin");
    String table = JdbcContractSupport.uniqueTableName();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServices.postgresUrl());
    config.setUsername(TestServices.postgresUser());
    config.setPassword(TestServices.postgresPassword());
    config.addDataSourceProperty("ApplicationName", applicationName);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(5_000);
    AtomicInteger databaseRuns = new AtomicInteger();
    AtomicInteger memoryRuns = new AtomicInteger();
    try (HikariDataSource pool = new HikariDataSource(config)) {
      Scheduler scheduler =
          Scheduler.builder()
              .jobStore("default", new MemoryJobStore())
              .jobStore(
                  "pg",
                  JdbcJobStore.builder(pool)
                      .tableName(table)
                      .initializeSchema(InitializeSchema.ALWAYS)
                      .build())
              .build();
      scheduler.registerTask("tick", ctx -> databaseRuns.incrementAndGet());
      scheduler.registerTask("idle", ctx -> {});
      scheduler.start();
      try {
        scheduler.addJob(
            JobSpec.builder()
                .id("fast")
                .jobStore("pg")
                .task("tick")
                .trigger(IntervalTrigger.of(Duration.ofMillis(100)))
                .build());
        for (String id : new String[] {"hourly-1", "hourly-2"}) {
          scheduler.addJob(
              JobSpec.builder()
                  .id(id)
                  .jobStore("pg")
                  .task("idle")
                  .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                  .build());
        }
        scheduler.addJob(
            JobSpec.builder()
                .id("memory")
                .task(ctx -> memoryRuns.incrementAndGet())
                .trigger(IntervalTrigger.of(Duration.ofMillis(100)))
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> databaseRuns.get() >= 5);

        assertThat(terminateConnections(admin, applicationName)).isPositive();
        int databaseRunsAtKill = databaseRuns.get();
        int memoryRunsAtKill = memoryRuns.get();

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> databaseRuns.get() >= databaseRunsAtKill + 10);
        assertThat(memoryRuns.get()).isGreaterThan(memoryRunsAtKill);
        assertThat(scheduler.getJobs("pg"))
            .extracting(Job::id)
            .containsExactlyInAnyOrder("fast", "hourly-1", "hourly-2");
      } finally {
        scheduler.shutdown();
        JdbcContractSupport.dropTable(admin, table);
      }
    }
  }

  private static int terminateConnections(DataSource admin, String applicationName)
      throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + applicationName
                    + "'")) {
      int terminated = 0;
      while (rs.next()) {
        if (rs.getBoolean(1)) {
          terminated++;
        }
      }
      return terminated;
    }
  }
}
