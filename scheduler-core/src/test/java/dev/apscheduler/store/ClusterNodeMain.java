package dev.apscheduler.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * A cluster node in a process of its own, for {@link ClusterProcessKillTest} and {@link
 * ClusterChaosTest}: runs the shared table's jobs until it is killed (or the test's end of its
 * standard input closes, so that no node outlives a test that died), prints {@code READY} once
 * started and {@code LOST job@micros} for each run it reports as lost with another node.
 *
 * <p>Arguments: jdbc-url user password jobs-table runs-table node-id heartbeat-millis. Options:
 * {@code -Dnode.redis=<redis url>} keeps the jobs in a clustered Redis store instead, under the key
 * prefix {@code <jobs-table>.} (the runs and starts tables stay in the database); {@code
 * -Dnode.mongodb=<connection string>} keeps them in a clustered MongoDB store, the collection
 * {@code <jobs-table>} of the database {@code test}; {@code -Dnode.starts=<table>} has each run
 * insert a row into that table first (see {@link #clusterNode}); {@code -Dnode.awaitGo=true} makes
 * the process a warm spare: it connects, prints {@code WAITING} and starts the scheduler only when
 * a line arrives on its standard input, so that a killed node can be restarted with its id within
 * milliseconds.
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
        clusterNode(
            pool,
            args[3],
            args[4],
            System.getProperty("node.starts"),
            args[5],
            Duration.ofMillis(Long.parseLong(args[6])),
            System.getProperty("node.redis"),
            System.getProperty("node.mongodb"));
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
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (Boolean.getBoolean("node.awaitGo")) {
      System.out.println("WAITING");
      if (in.readLine() == null) {
        System.exit(1); // the test is gone
      }
    }
    node.start();
    System.out.println("READY");
    System.out.flush();
    while (in.readLine() != null) {
      // runs until killed, or until its standard input closes: the test is gone
    }
    System.exit(1);
  }

  /**
   * Creates the tables the task "work" of {@link #clusterNode} writes: the runs table, keyed on
   * (job id, fire time), and the starts table unless it is {@code null}.
   */
  static void createWorkTables(DataSource ds, String runsTable, String startsTable)
      throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + runsTable
              + " (job_id VARCHAR(255) NOT NULL, fire_time BIGINT NOT NULL,"
              + " node_id VARCHAR(255) NOT NULL, finished BOOLEAN NOT NULL,"
              + " PRIMARY KEY (job_id, fire_time))");
      if (startsTable != null) {
        s.execute(
            "CREATE TABLE "
                + startsTable
                + " (job_id VARCHAR(255) NOT NULL, fire_time BIGINT NOT NULL,"
                + " node_id VARCHAR(255) NOT NULL)");
      }
    }
  }

  /**
   * A scheduler (not started, no tasks) whose default store is the shared table in cluster mode.
   */
  static Scheduler newNode(
      DataSource pool, String jobsTable, String nodeId, Duration heartbeat, Duration pollInterval) {
    return Scheduler.builder()
        .runHistory(true)
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
   * A scheduler (not started, no tasks) whose default store is a Redis store in cluster mode under
   * {@code keyPrefix}.
   */
  static Scheduler newRedisNode(
      String redisUrl, String keyPrefix, String nodeId, Duration heartbeat, Duration pollInterval) {
    return Scheduler.builder()
        .threadPool(0, 20, Duration.ofSeconds(1))
        .jobStore(
            "default",
            RedisJobStore.builder(redisUrl)
                .keyPrefix(keyPrefix)
                .cluster(nodeId)
                .heartbeatInterval(heartbeat)
                .missedHeartbeats(3)
                .pollInterval(pollInterval)
                .build())
        .build();
  }

  /**
   * A scheduler (not started, no tasks) whose default store is the MongoDB collection {@code
   * collection} (database {@code test}) in cluster mode.
   */
  static Scheduler newMongoNode(
      String mongoUrl,
      String collection,
      String nodeId,
      Duration heartbeat,
      Duration pollInterval) {
    return Scheduler.builder()
        .threadPool(0, 20, Duration.ofSeconds(1))
        .jobStore(
            "default",
            MongoJobStore.builder(mongoUrl, "test")
                .collection(collection)
                .cluster(nodeId)
                .heartbeatInterval(heartbeat)
                .missedHeartbeats(3)
                .pollInterval(pollInterval)
                .build())
        .build();
  }

  /**
   * A cluster node whose task "work" records its run as started in the runs table, works 300 ms,
   * and records it as finished. A second start of a fire time violates the runs table's key and
   * prints {@code DUPLICATE}. With a starts table (else {@code null}), each run first inserts a row
   * into it in a statement of its own: that table has no key, so a fire time started twice shows as
   * two rows even if the process is killed before it can insert into the runs table or print.
   */
  static Scheduler clusterNode(
      HikariDataSource pool,
      String jobsTable,
      String runsTable,
      String startsTable,
      String nodeId,
      Duration heartbeat) {
    return clusterNode(pool, jobsTable, runsTable, startsTable, nodeId, heartbeat, null, null);
  }

  /**
   * As above, the jobs in a clustered Redis store at {@code redisUrl} or a clustered MongoDB store
   * at {@code mongoUrl}, unless they are null.
   */
  static Scheduler clusterNode(
      HikariDataSource pool,
      String jobsTable,
      String runsTable,
      String startsTable,
      String nodeId,
      Duration heartbeat,
      String redisUrl,
      String mongoUrl) {
    Duration poll = JdbcJobStore.DEFAULT_POLL_INTERVAL;
    Scheduler node;
    if (mongoUrl != null) {
      node = newMongoNode(mongoUrl, jobsTable, nodeId, heartbeat, poll);
    } else if (redisUrl != null) {
      node = newRedisNode(redisUrl, jobsTable + ".", nodeId, heartbeat, poll);
    } else {
      node = newNode(pool, jobsTable, nodeId, heartbeat, poll);
    }
    node.registerTask(
        "work",
        ctx -> {
          long fire = JobCodec.toEpochMicros(ctx.scheduledFireTime().toInstant());
          recordStart(pool, startsTable, ctx.job().id(), fire, nodeId);
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
          } catch (java.sql.SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
              throw e;
            }
            System.out.println("DUPLICATE " + ctx.job().id() + "@" + fire + " " + e);
            return;
          }
          workAndFinish(pool, runsTable, ctx.job().id(), fire, nodeId);
        });
    // for jobs that rerun lost runs: a run of a fire time that started before takes its row over
    node.registerTask(
        "rerunnable-work",
        ctx -> {
          long fire = JobCodec.toEpochMicros(ctx.scheduledFireTime().toInstant());
          recordStart(pool, startsTable, ctx.job().id(), fire, nodeId);
          try (var c = pool.getConnection();
              var ps =
                  c.prepareStatement(
                      "INSERT INTO "
                          + runsTable
                          + " (job_id, fire_time, node_id, finished) VALUES (?, ?, ?, FALSE)"
                          + " ON CONFLICT (job_id, fire_time) DO UPDATE SET node_id ="
                          + " EXCLUDED.node_id")) {
            ps.setString(1, ctx.job().id());
            ps.setLong(2, fire);
            ps.setString(3, nodeId);
            ps.executeUpdate();
          }
          workAndFinish(pool, runsTable, ctx.job().id(), fire, nodeId);
        });
    return node;
  }

  /** Inserts a row for a run's start into the starts table, if there is one. */
  private static void recordStart(
      DataSource pool, String startsTable, String jobId, long fire, String nodeId)
      throws java.sql.SQLException {
    if (startsTable == null) {
      return;
    }
    try (var c = pool.getConnection();
        var ps =
            c.prepareStatement(
                "INSERT INTO " + startsTable + " (job_id, fire_time, node_id) VALUES (?, ?, ?)")) {
      ps.setString(1, jobId);
      ps.setLong(2, fire);
      ps.setString(3, nodeId);
      ps.executeUpdate();
    }
  }

  /** Works 300 ms, then marks this node's run of the fire time as finished in the runs table. */
  private static void workAndFinish(
      DataSource pool, String runsTable, String jobId, long fire, String nodeId) throws Exception {
    new CountDownLatch(1).await(300, java.util.concurrent.TimeUnit.MILLISECONDS);
    try (var c = pool.getConnection();
        var ps =
            c.prepareStatement(
                "UPDATE "
                    + runsTable
                    + " SET finished = TRUE WHERE job_id = ? AND fire_time = ? AND node_id = ?")) {
      ps.setString(1, jobId);
      ps.setLong(2, fire);
      ps.setString(3, nodeId);
      ps.executeUpdate();
    }
  }

  /** The starts table {@code startsTable}: "job@fireMicros" to the nodes that started it. */
  static java.util.Map<String, java.util.List<String>> starts(DataSource ds, String startsTable)
      throws SQLException {
    java.util.Map<String, java.util.List<String>> starts = new java.util.HashMap<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery("SELECT job_id, fire_time, node_id FROM " + startsTable)) {
      while (rs.next()) {
        starts
            .computeIfAbsent(
                rs.getString(1) + "@" + rs.getLong(2), key -> new java.util.ArrayList<>())
            .add(rs.getString(3));
      }
    }
    return starts;
  }
}
