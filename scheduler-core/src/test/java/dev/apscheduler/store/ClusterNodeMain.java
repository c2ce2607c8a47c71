package dev.apscheduler.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * A cluster node in a process of its own, for {@link ClusterProcessKillTest}: runs the shared
 * table's jobs until it is killed, prints {@code READY} once started and {@code LOST job@micros}
 * for each run it reports as lost with another node.
 *
 * <p>Arguments: jdbc-url user password jobs-table runs-table node-id heartbeat-millis.
 */
public final class ClusterNodeMain {

  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(6);
    HikariDataSource pool = new HikariDataSource(config);
    Scheduler node =
        clusterNode(pool, args[3], args[4], args[5], Duration.ofMillis(Long.parseLong(args[6])));
    node.addListener(
        e -> {
          JobEvent lost = (JobEvent) e;
          System.out.println(
              "LOST "
                  + lost.jobId()
                  + "@"
                  + JobCodec.toEpochMicros(lost.scheduledRunTime().toInstant()));
        },
        EventType.JOB_LOST);
    node.start();
    System.out.println("READY");
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /**
   * A scheduler (not started, no tasks) whose default store is the shared table in cluster mode.
   */
  static Scheduler newNode(
      DataSource pool, String jobsTable, String nodeId, Duration heartbeat, Duration pollInterval) {
    return Scheduler.builder()
        .threadPool(0, 20, Duration.ofSeconds(1))
        .jobStore(
            "default",
            JdbcJobStore.builder(pool)
                .tableName(jobsTable)
                .initializeSchema(InitializeSchema.ALWAYS)
                .cluster(nodeId)
                .heartbeatInterval(heartbeat)
                .missedHeartbeats(3)
                .pollInterval(pollInterval)
                .build())
        .build();
  }

  /**
   * A cluster node whose task "work" records its run as started in the runs table, works 300 ms,
   * and records it as finished.
   */
  static Scheduler clusterNode(
      HikariDataSource pool,
      String jobsTable,
      String runsTable,
      String nodeId,
      Duration heartbeat) {
    Scheduler node =
        newNode(pool, jobsTable, nodeId, heartbeat, JdbcJobStore.DEFAULT_POLL_INTERVAL);
    node.registerTask(
        "work",
        ctx -> {
          long fire = JobCodec.toEpochMicros(ctx.scheduledFireTime().toInstant());
          try (var c = pool.getConnection();
              var ps =
                  c.prepareStatement(
                      "INSERT INTO "
                          + runsTable
                          + " (job_id, fire_time, node_id, finished) VALUES (?, ?, ?, FALSE)")) {
            ps.setString(1, ctx.job().id());
            ps.setLong(2, fire);
            ps.setString(3, nodeId);
            ps.executeUpdate();
          } catch (java.sql.SQLException duplicate) {
            System.out.println("DUPLICATE " + ctx.job().id() + "@" + fire + " " + duplicate);
            return;
          }
          new CountDownLatch(1).await(300, java.util.concurrent.TimeUnit.MILLISECONDS);
          try (var c = pool.getConnection();
              var ps =
                  c.prepareStatement(
                      "UPDATE "
                          + runsTable
                          + " SET finished = TRUE WHERE job_id = ? AND fire_time = ?")) {
            ps.setString(1, ctx.job().id());
            ps.setLong(2, fire);
            ps.executeUpdate();
          }
        });
    return node;
  }
}
