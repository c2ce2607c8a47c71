package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several schedulers share one SQL job store in cluster mode: every due run fires exactly once,
 * {@code maxInstances} holds across nodes, and a job added on one node is run by another. Each run
 * inserts (job id, fire time) into a table whose primary key refuses a second run.
 */
abstract class ClusterTest {

  /** A pool on the test database whose connections carry {@code applicationName}. */
  protected abstract HikariConfig poolConfig(String applicationName);

  protected String jobsTable;
  protected String runsTable;
  protected HikariDataSource admin;
  protected final List<Scheduler> nodes = new ArrayList<>();
  protected final List<HikariDataSource> pools = new ArrayList<>();
  protected final List<String> duplicates = new CopyOnWriteArrayList<>();
  protected final Map<String, AtomicInteger> runsPerNode = new ConcurrentHashMap<>();
  protected final List<dev.apscheduler.event.SchedulerEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void createTables() throws SQLException {
    admin = new HikariDataSource(poolConfig("apscheduler-cluster-admin"));
    pools.add(admin);
    jobsTable = JdbcContractSupport.uniqueTableName();
    runsTable = jobsTable + "_runs";
    execute(
        "CREATE TABLE "
            + runsTable
            + " (job_id VARCHAR(255) NOT NULL, fire_time BIGINT NOT NULL,"
            + " node_id VARCHAR(255) NOT NULL, PRIMARY KEY (job_id, fire_time))");
  }

  @AfterEach
  void dropTables() {
    for (Scheduler node : nodes) {
      node.shutdown(true);
    }
    for (String table :
        List.of(runsTable, jobsTable, jobsTable + "_nodes", jobsTable + "_running")) {
      JdbcContractSupport.dropTable(admin, table);
    }
    pools.forEach(HikariDataSource::close);
  }

  protected void execute(String sql) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A started scheduler node on the shared table whose task "record" records each run. */
  protected Scheduler startNode(String nodeId, Duration heartbeat, Duration work) {
    return startNode(nodeId, heartbeat, work, JdbcJobStore.DEFAULT_POLL_INTERVAL);
  }

  /** As above, with the given poll interval. */
  protected Scheduler startNode(
      String nodeId, Duration heartbeat, Duration work, Duration pollInterval) {
    HikariDataSource pool =
        new HikariDataSource(poolConfig("apscheduler-" + jobsTable + "-" + nodeId));
    pools.add(pool);
    Scheduler node = ClusterNodeMain.newNode(pool, jobsTable, nodeId, heartbeat, pollInterval);
    node.registerTask(
        "record",
        ctx -> {
          record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant());
          if (!work.isZero()) {
            new CountDownLatch(1).await(work.toMillis(), TimeUnit.MILLISECONDS);
          }
        });
    node.addListener(events::add, EventType.JOB_MAX_INSTANCES, EventType.JOB_MISSED);
    node.start();
    nodes.add(node);
    return node;
  }

  private void record(String nodeId, String jobId, Instant fireTime) {
    try (Connection c = admin.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO " + runsTable + " (job_id, fire_time, node_id) VALUES (?, ?, ?)")) {
      ps.setString(1, jobId);
      ps.setLong(2, JobCodec.toEpochMicros(fireTime));
      ps.setString(3, nodeId);
      ps.executeUpdate();
      runsPerNode.computeIfAbsent(nodeId, k -> new AtomicInteger()).incrementAndGet();
    } catch (SQLException e) {
      duplicates.add(jobId + "@" + fireTime + " on " + nodeId + ": " + e.getMessage());
    }
  }

  protected Set<String> recordedRuns() throws SQLException {
    Set<String> runs = new HashSet<>();
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT job_id, fire_time FROM " + runsTable)) {
      while (rs.next()) {
        runs.add(rs.getString(1) + "@" + rs.getLong(2));
      }
    }
    return runs;
  }

  protected static String key(String jobId, Instant fireTime) {
    return jobId + "@" + JobCodec.toEpochMicros(fireTime);
  }

  protected static JobSpec.Builder recordJob(String id) {
    return JobSpec.builder().id(id).task("record").misfireGraceTime(Duration.ofMinutes(1));
  }

  @Test
  void everyDueRunFiresExactlyOnceAcrossThreeNodes() throws SQLException {
    Scheduler first = startNode("node-1", Duration.ofSeconds(1), Duration.ZERO);
    startNode("node-2", Duration.ofSeconds(1), Duration.ZERO);
    startNode("node-3", Duration.ofSeconds(1), Duration.ZERO);
    Instant t0 = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    Set<String> expected = new HashSet<>();
    // Interval jobs first: their first fire time must still be ahead when they are added.
    for (int j = 0; j < 20; j++) {
      ZonedDateTime start = t0.atZone(ZoneOffset.UTC);
      first.addJob(
          recordJob("every-" + j)
              .trigger(
                  IntervalTrigger.builder()
                      .seconds(1)
                      .startDate(start)
                      .endDate(start.plusSeconds(19))
                      .build())
              .build());
      for (int k = 0; k < 20; k++) {
        expected.add(key("every-" + j, t0.plusSeconds(k)));
      }
    }

    for (int i = 0; i < 2000; i++) {
      Instant fireTime = t0.plusMillis(10L * i);
      first.addJob(
          recordJob("once-" + i).trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC))).build());
      expected.add(key("once-" + i, fireTime));
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> recordedRuns().size() >= expected.size() && first.getJobs().isEmpty());

    assertThat(duplicates).isEmpty();
    assertThat(recordedRuns()).isEqualTo(expected);
    assertThat(events).isEmpty();
    assertThat(runsPerNode.keySet()).as("runs were shared by the nodes").hasSizeGreaterThan(1);
  }

  @Test
  void maxInstancesHoldsAcrossNodes() {
    Map<String, List<long[]>> spans = new ConcurrentHashMap<>();
    List<Scheduler> three = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      Scheduler node = startNode("node-" + n, Duration.ofSeconds(1), Duration.ZERO);
      node.registerTask(
          "slow",
          ctx -> {
            long start = System.nanoTime();
            new CountDownLatch(1).await(700, TimeUnit.MILLISECONDS);
            spans
                .computeIfAbsent(ctx.job().id(), k -> new CopyOnWriteArrayList<>())
                .add(new long[] {start, System.nanoTime()});
          });
      three.add(node);
    }
    for (int j = 0; j < 3; j++) {
      three
          .get(0)
          .addJob(
              JobSpec.builder()
                  .id("slow-" + j)
                  .task("slow")
                  .maxInstances(1)
                  .trigger(IntervalTrigger.of(Duration.ofMillis(250)))
                  .build());
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> spans.values().stream().mapToInt(List::size).sum() >= 12);
    three.get(0).removeJobsFor("slow");

    assertThat(events).anyMatch(e -> e.type() == EventType.JOB_MAX_INSTANCES);
    spans.forEach(
        (job, list) -> {
          List<long[]> sorted = new ArrayList<>(list);
          sorted.sort((a, b) -> Long.compare(a[0], b[0]));
          for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i)[0])
                .as("run %d of %s starts after run %d ended", i, job, i - 1)
                .isGreaterThanOrEqualTo(sorted.get(i - 1)[1]);
          }
        });
  }

  /**
   * The poll interval of the nodes in {@link #aJobAddedOnOneNodeStartsOnAnotherWithinASecond}: the
   * default here; PostgreSQL, which announces changes with NOTIFY, polls slowly.
   */
  protected Duration pickupPollInterval() {
    return JdbcJobStore.DEFAULT_POLL_INTERVAL;
  }

  @Test
  void aJobAddedOnOneNodeStartsOnAnotherWithinASecond() throws Exception {
    Duration poll = pickupPollInterval();
    Scheduler adder = startNode("adder", Duration.ofSeconds(1), Duration.ZERO, poll);
    startNode("runner-1", Duration.ofSeconds(1), Duration.ZERO, poll);
    startNode("runner-2", Duration.ofSeconds(1), Duration.ZERO, poll);
    adder.pause();
    CountDownLatch ran = new CountDownLatch(1);
    Map<String, Instant> started = new ConcurrentHashMap<>();
    for (Scheduler node : nodes) {
      node.registerTask(
          "mark",
          ctx -> {
            started.put(ctx.job().id(), Instant.now());
            ran.countDown();
          });
    }
    Instant added = Instant.now();
    adder.addJob(
        JobSpec.builder()
            .id("new")
            .task("mark")
            .trigger(DateTrigger.of(ZonedDateTime.now()))
            .build());

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.between(added, started.get("new"))).isLessThan(Duration.ofSeconds(1));
  }

  /** How many rows the store's running-records table holds for a job. */
  protected int runningRecords(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + jobsTable + "_running")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
