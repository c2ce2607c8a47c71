package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.JobSpec;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerListener;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
    runsTable = jobsTable + "_executions";
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
    return startNode(nodeId, heartbeat, work, pollInterval, UnaryOperator.identity());
  }

  /** As above, the node reaching the database through {@code wrap} of its pool. */
  protected Scheduler startNode(
      String nodeId,
      Duration heartbeat,
      Duration work,
      Duration pollInterval,
      UnaryOperator<DataSource> wrap) {
    return startNode(nodeId, heartbeat, work, pollInterval, wrap, node -> {});
  }

  /**
   * As above, with {@code beforeStart} given the node before it starts (to register tasks its first
   * due pass may need).
   */
  protected Scheduler startNode(
      String nodeId,
      Duration heartbeat,
      Duration work,
      Duration pollInterval,
      UnaryOperator<DataSource> wrap,
      Consumer<Scheduler> beforeStart) {
    HikariDataSource pool =
        new HikariDataSource(poolConfig("apscheduler-" + jobsTable + "-" + nodeId));
    pools.add(pool);
    Scheduler node =
        ClusterNodeMain.newNode(wrap.apply(pool), jobsTable, nodeId, heartbeat, pollInterval);
    node.registerTask(
        "record",
        ctx -> {
          record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant());
          if (!work.isZero()) {
            new CountDownLatch(1).await(work.toMillis(), TimeUnit.MILLISECONDS);
          }
        });
    node.addListener(
        events::add, EventType.JOB_MAX_INSTANCES, EventType.JOB_MISSED, EventType.JOB_LOST);
    beforeStart.accept(node);
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

  // ---------------------------------------------------------------- failures a cluster recovers
  // from

  /** The heartbeat of the recovery scenarios: a silent node is dead after 900 ms. */
  private static final Duration BEAT = Duration.ofMillis(300);

  /** A job of {@code task} that may run once at a time, every 200 ms. */
  private static JobSpec heldJob(String id, String task) {
    return JobSpec.builder()
        .id(id)
        .task(task)
        .maxInstances(1)
        .misfireGraceTime(Duration.ofMinutes(1))
        .trigger(IntervalTrigger.of(Duration.ofMillis(200)))
        .build();
  }

  private List<JobEvent> lostRuns() {
    return events.stream()
        .filter(e -> e.type() == EventType.JOB_LOST)
        .map(JobEvent.class::cast)
        .toList();
  }

  private boolean ran(String jobId) throws SQLException {
    return recordedRuns().stream().anyMatch(run -> run.startsWith(jobId + "@"));
  }

  private long runsAfter(String jobId, Instant after) throws SQLException {
    long afterMicros = JobCodec.toEpochMicros(after);
    return recordedRuns().stream()
        .filter(run -> run.startsWith(jobId + "@"))
        .filter(run -> Long.parseLong(run.substring(run.indexOf('@') + 1)) > afterMicros)
        .count();
  }

  /** The last heartbeat of a node (epoch microseconds), or -1 if the node is not listed. */
  protected long heartbeatOf(String nodeId) throws SQLException {
    try (Connection c = admin.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT heartbeat FROM " + jobsTable + "_nodes WHERE node_id = ?")) {
      ps.setString(1, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  private static SchedulerListener blockingUntil(CountDownLatch entered, CountDownLatch release) {
    return event -> {
      entered.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Test
  void aNodeRestartedUnderTheSameIdReleasesWhatItsEarlierLifeLeftRecorded() throws SQLException {
    startNode("other", BEAT, Duration.ZERO);
    long now = System.currentTimeMillis() * 1000;
    execute(
        "INSERT INTO " + jobsTable + "_nodes (node_id, heartbeat) VALUES ('node-0', " + now + ")");
    execute(
        "INSERT INTO "
            + jobsTable
            + "_running (job_id, fire_time, node_id, started) VALUES ('held', 42, 'node-0', "
            + now
            + ")");

    Scheduler restarted = startNode("node-0", BEAT, Duration.ZERO);
    restarted.addJob(heldJob("held", "record"));

    await().atMost(Duration.ofSeconds(10)).until(() -> ran("held"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns())
        .singleElement()
        .satisfies(
            lost -> {
              assertThat(lost.jobId()).isEqualTo("held");
              assertThat(JobCodec.toEpochMicros(lost.scheduledRunTime().toInstant())).isEqualTo(42);
            });
    assertThat(duplicates).isEmpty();
    assertThat(
            restarted.getRunHistory(
                RunHistoryQuery.of("held", 10).withOutcomes(Set.of(RunOutcome.LOST))))
        .singleElement()
        .satisfies(
            lost -> {
              assertThat(lost.node()).isEqualTo("node-0");
              assertThat(JobCodec.toEpochMicros(lost.fireTime())).isEqualTo(42);
              assertThat(lost.exceptionMessage()).contains("earlier life");
            });
  }

  @Test
  void everyNodeSeesTheSameRunHistory() {
    Scheduler a = startNode("node-a", BEAT, Duration.ZERO);
    Scheduler b = startNode("node-b", BEAT, Duration.ZERO);
    Instant fireTime = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    a.addJob(recordJob("shared").trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC))).build());

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                a.getRunHistory("shared", 10).size() == 1
                    && b.getRunHistory("shared", 10).size() == 1);

    List<RunRecord> seenByA = a.getRunHistory("shared", 10);
    assertThat(b.getRunHistory("shared", 10)).isEqualTo(seenByA);
    RunRecord run = seenByA.get(0);
    assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCESS);
    assertThat(run.fireTime()).isEqualTo(fireTime);
    assertThat(run.node()).isIn("node-a", "node-b");
    assertThat(runsPerNode.keySet()).containsExactly(run.node());
  }

  @Test
  void aNodeShutDownWithoutWaitingReleasesItsRunsInFlight() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler leaving = startNode("leaving", BEAT, Duration.ZERO);
    leaving.registerTask("hold", ctx -> blockingUntil(holding, release).onEvent(null));
    Scheduler staying = startNode("staying", BEAT, Duration.ZERO);
    staying.registerTask(
        "hold", ctx -> record("staying", ctx.job().id(), ctx.scheduledFireTime().toInstant()));
    staying.pause();
    leaving.addJob(heldJob("held", "hold"));
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      staying.resume();
      leaving.shutdown(false);

      await().atMost(Duration.ofSeconds(10)).until(() -> ran("held"));
      assertThat(lostRuns())
          .singleElement()
          .satisfies(l -> assertThat(l.jobId()).isEqualTo("held"));
    } finally {
      release.countDown();
    }
  }

  @Test
  void aLostCommitOfFinishedRunsDoesNotBlockTheJob() throws Exception {
    List<FaultInjectingDataSource> faults = new CopyOnWriteArrayList<>();
    Scheduler node = startFaultyNode("only", faults);
    FaultInjectingDataSource fault = faults.get(0);
    fault.loseNextCommitOf(sql -> sql.startsWith("DELETE FROM") && sql.contains("_running"));
    node.addJob(heldJob("short", "record"));

    await().atMost(Duration.ofSeconds(10)).until(fault::commitLost);
    Instant lost = Instant.now();
    await().atMost(Duration.ofSeconds(10)).until(() -> runsAfter("short", lost) >= 3);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void afterAnOutageLongerThanTheWindowTheFirstNodeBackReapsNobody() throws Exception {
    Map<String, FaultInjectingDataSource> faults = new ConcurrentHashMap<>();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler first = null;
    for (String id : List.of("first", "second")) {
      Scheduler node =
          startNode(
              id,
              BEAT,
              Duration.ZERO,
              JdbcJobStore.DEFAULT_POLL_INTERVAL,
              pool -> faults.computeIfAbsent(id, k -> new FaultInjectingDataSource(pool)));
      node.registerTask("hold", ctx -> blockingUntil(holding, release).onEvent(null));
      first = first == null ? node : first;
    }
    first.pause();
    nodes.get(1).addJob(heldJob("held", "hold"));
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      first.resume();
      long outage = System.currentTimeMillis() * 1000;
      faults.values().forEach(f -> f.breakAfter(0, sql -> true));
      await().pollDelay(BEAT.multipliedBy(3 * 2)).atMost(Duration.ofSeconds(10)).until(() -> true);

      faults.get("first").heal();
      await().atMost(Duration.ofSeconds(10)).until(() -> heartbeatOf("first") > outage);
      faults.get("second").heal();

      await()
          .during(BEAT.multipliedBy(3 * 2))
          .atMost(Duration.ofSeconds(10))
          .until(() -> lostRuns().isEmpty());
      assertThat(runningRecords(admin)).isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void anErrorInOneHeartbeatDoesNotEndTheNodesHeartbeats() throws Exception {
    AtomicBoolean throwOnce = new AtomicBoolean();
    startNode(
        "unlucky",
        BEAT,
        Duration.ZERO,
        JdbcJobStore.DEFAULT_POLL_INTERVAL,
        pool ->
            (DataSource)
                java.lang.reflect.Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class},
                    (proxy, method, args) -> {
                      if (method.getName().equals("getConnection")
                          && Thread.currentThread().getName().startsWith("apscheduler-heartbeat")
                          && throwOnce.compareAndSet(true, false)) {
                        throw new java.util.ServiceConfigurationError("injected: a driver error");
                      }
                      try {
                        return method.invoke(pool, args);
                      } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                      }
                    }));
    throwOnce.set(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> !throwOnce.get());
    long afterTheError = heartbeatOf("unlucky");

    await().atMost(Duration.ofSeconds(5)).until(() -> heartbeatOf("unlucky") > afterTheError);
  }

  @Test
  void aSlowLostRunListenerDoesNotStopItsNodesHeartbeat() throws Exception {
    CountDownLatch listening = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler node = startNode("reaper", BEAT, Duration.ZERO);
    node.addListener(blockingUntil(listening, release), EventType.JOB_LOST);
    execute("INSERT INTO " + jobsTable + "_nodes (node_id, heartbeat) VALUES ('ghost', 0)");
    execute(
        "INSERT INTO "
            + jobsTable
            + "_running (job_id, fire_time, node_id, started) VALUES ('gone', 42, 'ghost', 0)");
    try {
      assertThat(listening.await(10, TimeUnit.SECONDS)).isTrue();
      long before = heartbeatOf("reaper");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> heartbeatOf("reaper") > before + 2 * BEAT.toNanos() / 1000);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aNodeWhoseClockIsAheadRunsJobsByTheDatabasesClock() {
    HikariDataSource pool = new HikariDataSource(poolConfig("apscheduler-" + jobsTable + "-fast"));
    pools.add(pool);
    JdbcJobStore store =
        JdbcJobStore.builder(pool)
            .tableName(jobsTable)
            .initializeSchema(InitializeSchema.ALWAYS)
            .cluster("fast")
            .heartbeatInterval(BEAT)
            .build();
    Scheduler fast =
        Scheduler.builder()
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30)))
            .jobStore("default", store)
            .build();
    nodes.add(fast);
    Map<String, Instant> ranAt = new ConcurrentHashMap<>();
    fast.registerTask("mark", ctx -> ranAt.put(ctx.job().id(), Instant.now()));
    fast.start();
    Instant fireTime = Instant.now().plusSeconds(2);

    fast.addJob(
        JobSpec.builder()
            .id("on-time")
            .task("mark")
            .trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)))
            .build());

    await().atMost(Duration.ofSeconds(10)).until(() -> ranAt.containsKey("on-time"));
    assertThat(ranAt.get("on-time")).isAfterOrEqualTo(fireTime.minusMillis(100));
    assertThat(store.clockOffset()).isBetween(Duration.ofSeconds(-31), Duration.ofSeconds(-29));
  }

  @Test
  void runNowCountsAndRecordsRunsAcrossTheCluster() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler one = startNode("one", BEAT, Duration.ZERO);
    Scheduler two = startNode("two", BEAT, Duration.ZERO);
    for (Scheduler node : List.of(one, two)) {
      node.registerTask("hold", ctx -> blockingUntil(holding, release).onEvent(null));
    }
    one.addJob(
        JobSpec.builder()
            .id("manual")
            .task("hold")
            .maxInstances(1)
            .trigger(DateTrigger.of(ZonedDateTime.now().plusYears(1)))
            .build());
    try {
      assertThat(one.runJobNow("manual")).isTrue();
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(runningRecords(admin)).isEqualTo(1);

      assertThat(two.runJobNow("manual")).as("the run on node one counts on node two").isFalse();
    } finally {
      release.countDown();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> runningRecords(admin) == 0);
    assertThat(two.runJobNow("manual")).isTrue();
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

  @Test
  void aRetryRunsOnExactlyOneNode() {
    AtomicInteger calls = new AtomicInteger();
    List<Scheduler> both =
        List.of(startNode("node-a", BEAT, Duration.ZERO), startNode("node-b", BEAT, Duration.ZERO));
    for (Scheduler node : both) {
      String nodeId = node == both.get(0) ? "node-a" : "node-b";
      node.registerTask(
          "flaky",
          ctx -> {
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("first attempt fails");
            }
            record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant());
          });
    }
    Instant fireTime = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    both.get(0)
        .addJob(
            JobSpec.builder()
                .id("retried")
                .task("flaky")
                .trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)))
                .misfireGraceTime(Duration.ofMinutes(1))
                .retry(RetryPolicy.fixed(3, Duration.ofMillis(300)))
                .build());

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(both.get(1).getRunHistory("retried", 10))
                    .extracting(RunRecord::fireTime, RunRecord::attempt, RunRecord::outcome)
                    .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(
                            fireTime, 1, RunOutcome.ERROR_WILL_RETRY),
                        org.assertj.core.api.Assertions.tuple(fireTime, 2, RunOutcome.SUCCESS)));
    assertThat(both.get(0).getJob("retried")).as("the one-shot job is done").isEmpty();
    assertThat(calls).hasValue(2);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void aLostRunOfAJobThatRerunsLostRunsRunsOnceMoreOnALiveNode() throws Exception {
    Scheduler live = LostRunHistory.withRerunAndReportJobs(startNode("live", BEAT, Duration.ZERO));
    Instant fireTime = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    long fireMicros = JobCodec.toEpochMicros(fireTime);
    long longAgo = JobCodec.toEpochMicros(Instant.now().minus(Duration.ofHours(1)));
    execute(
        "INSERT INTO "
            + jobsTable
            + "_nodes (node_id, heartbeat) VALUES ('ghost', "
            + longAgo
            + ")");
    for (String job : List.of("rerun", "report")) {
      execute(
          "INSERT INTO "
              + jobsTable
              + "_running (job_id, fire_time, node_id, started) VALUES ('"
              + job
              + "', "
              + fireMicros
              + ", 'ghost', "
              + fireMicros
              + ")");
    }

    LostRunHistory.awaitRerunOfRerunAndReportOfReport(
        live, fireTime, job -> recordedRuns().contains(key(job, fireTime)), this::lostRuns);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void aLostRunOfAOneShotJobThatRerunsLostRunsAddsTheJobBackAndRunsOnceMoreOnALiveNode()
      throws Exception {
    CountDownLatch holding = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    List<FaultInjectingDataSource> faults = new CopyOnWriteArrayList<>();
    Scheduler dying = startFaultyNode("dying", faults);
    dying.registerTask("hold", ctx -> blockingUntil(holding, release).onEvent(null));
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    dying.addJob(oneShot("invoice", fireTime).onLost(LostRunPolicy.RERUN).build());
    dying.addJob(oneShot("reported", fireTime).build());
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(dying.getJobs())
          .as("one-shot jobs leave the store when their run starts")
          .isEmpty();
      // started only now, so that the runs are the dying node's
      Scheduler live = startNodeRecordingHold("live");
      faults.get(0).breakAfter(0, sql -> true); // the node stops heartbeating, its runs go on

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> recordedRuns().contains(key("invoice", fireTime)));
      await().atMost(Duration.ofSeconds(5)).until(() -> lostRuns().size() == 2);

      assertThat(lostRuns())
          .extracting(JobEvent::jobId, e -> e.nextRetryTime().isPresent())
          .containsExactlyInAnyOrder(
              org.assertj.core.api.Assertions.tuple("invoice", true),
              org.assertj.core.api.Assertions.tuple("reported", false));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(live.getRunHistory("invoice", 10))
                      .extracting(
                          RunRecord::fireTime,
                          RunRecord::attempt,
                          RunRecord::outcome,
                          RunRecord::node)
                      .containsExactlyInAnyOrder(
                          org.assertj.core.api.Assertions.tuple(
                              fireTime, 1, RunOutcome.LOST, "dying"),
                          org.assertj.core.api.Assertions.tuple(
                              fireTime, 2, RunOutcome.SUCCESS, "live")));
      assertThat(recordedRuns()).containsExactly(key("invoice", fireTime));
      assertThat(live.getRunHistory("reported", 10))
          .extracting(RunRecord::outcome)
          .containsExactly(RunOutcome.LOST);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> live.getJobs().isEmpty() && runningRecords(admin) == 0);
      assertThat(duplicates).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aNodeRestartedUnderTheSameIdRerunsTheLostLastRunOfAJobThatRerunsLostRuns() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<FaultInjectingDataSource> faults = new CopyOnWriteArrayList<>();
    Scheduler earlierLife = startFaultyNode("node-0", faults);
    earlierLife.registerTask("hold", ctx -> blockingUntil(holding, release).onEvent(null));
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    earlierLife.addJob(oneShot("invoice", fireTime).onLost(LostRunPolicy.RERUN).build());
    try {
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      faults.get(0).breakAfter(0, sql -> true); // the process is gone, as far as the table knows

      Scheduler restarted = startNodeRecordingHold("node-0");

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> recordedRuns().contains(key("invoice", fireTime)));
      assertThat(lostRuns())
          .singleElement()
          .satisfies(lost -> assertThat(lost.nextRetryTime()).isPresent());
      LostRunHistory.awaitLostThenRerun(restarted, "invoice", fireTime);
      assertThat(duplicates).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aOneShotJobThatRerunsLostRunsAndFinishesLeavesNothingToRerun() throws Exception {
    List<FaultInjectingDataSource> faults = new CopyOnWriteArrayList<>();
    Scheduler first = startFaultyNode("first", faults);
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    first.addJob(oneShot("done", fireTime).task("record").onLost(LostRunPolicy.RERUN).build());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                recordedRuns().contains(key("done", fireTime))
                    && runningRecords(admin) == 0
                    && first.getRunHistory("done", 10).size() == 1);
    Scheduler second = startNode("second", BEAT, Duration.ZERO);
    faults.get(0).breakAfter(0, sql -> true);
    await().atMost(Duration.ofSeconds(10)).until(() -> heartbeatOf("first") == -1);

    assertThat(lostRuns()).isEmpty();
    assertThat(second.getJobs()).isEmpty();
    assertThat(second.getRunHistory("done", 10))
        .extracting(RunRecord::attempt, RunRecord::outcome)
        .containsExactly(org.assertj.core.api.Assertions.tuple(1, RunOutcome.SUCCESS));
    assertThat(recordedRuns()).containsExactly(key("done", fireTime));
  }

  /**
   * A started node (as {@link #startNode}) that reaches the database through a {@link
   * FaultInjectingDataSource}, which is added to {@code faults}.
   */
  private Scheduler startFaultyNode(String nodeId, List<FaultInjectingDataSource> faults) {
    return startNode(
        nodeId,
        BEAT,
        Duration.ZERO,
        JdbcJobStore.DEFAULT_POLL_INTERVAL,
        pool -> {
          FaultInjectingDataSource fault = new FaultInjectingDataSource(pool);
          faults.add(fault);
          return fault;
        });
  }

  /**
   * A node whose task "hold" records its runs, registered before the node starts: its first due
   * pass may already find a released job of that task.
   */
  private Scheduler startNodeRecordingHold(String nodeId) {
    return startNode(
        nodeId,
        BEAT,
        Duration.ZERO,
        JdbcJobStore.DEFAULT_POLL_INTERVAL,
        UnaryOperator.identity(),
        node ->
            node.registerTask(
                "hold",
                ctx -> record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant())));
  }

  /** A one-shot job of the task "hold" at {@code fireTime}. */
  private static JobSpec.Builder oneShot(String id, Instant fireTime) {
    return JobSpec.builder()
        .id(id)
        .task("hold")
        .misfireGraceTime(Duration.ofMinutes(1))
        .trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)));
  }
}
