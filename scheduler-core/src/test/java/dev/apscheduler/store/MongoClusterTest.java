package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.apscheduler.JobSpec;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerBuilder;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several schedulers share one MongoDB collection in cluster mode (an in-process wire-protocol
 * server): every due run fires exactly once with two and with three nodes, {@code maxInstances}
 * holds across nodes, a node's runs are released when it restarts under its id, leaves, or loses
 * its connection for good (reaped after the window and reported lost), a job whose node died
 * between its due pass's claim and commit runs later for its real fire time, and run-now counts
 * runs on every node. Each run is recorded in a map of (job id, fire time) that refuses a second
 * run.
 */
class MongoClusterTest {

  /** The heartbeat of the nodes: a silent node is dead after 900 ms. */
  private static final Duration BEAT = Duration.ofMillis(300);

  private final List<Scheduler> nodes = new ArrayList<>();
  private final List<String> duplicates = new CopyOnWriteArrayList<>();
  private final Map<String, String> runs = new ConcurrentHashMap<>();
  private final Map<String, Integer> runsPerNode = new ConcurrentHashMap<>();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
  private final List<MongoClient> clients = new ArrayList<>();
  private String collection;
  private MongoClient admin;

  private final String url = TestServices.mongoUrl();

  @BeforeEach
  void connect() {
    collection = "cluster_" + UUID.randomUUID().toString().replace("-", "");
    admin = MongoClients.create(url);
  }

  @AfterEach
  void stop() {
    nodes.forEach(node -> node.shutdown(true));
    clients.forEach(MongoClient::close);
    admin.close();
  }

  private MongoCollection<Document> collection(String suffix) {
    return admin.getDatabase("test").getCollection(collection + suffix);
  }

  private MongoJobStore.Builder store(String nodeId) {
    return MongoJobStore.builder(url, "test")
        .collection(collection)
        .cluster(nodeId)
        .heartbeatInterval(BEAT);
  }

  /** A started node whose task "record" records each run. */
  private Scheduler startNode(String nodeId) {
    return startNode(nodeId, Scheduler.builder().jobStore("default", store(nodeId).build()));
  }

  private Scheduler startNode(String nodeId, SchedulerBuilder builder) {
    return startNode(nodeId, builder, node -> {});
  }

  /** As {@link #startNode(String)}, with {@code beforeStart} done to the node before it starts. */
  private Scheduler startNode(
      String nodeId, SchedulerBuilder builder, java.util.function.Consumer<Scheduler> beforeStart) {
    Scheduler node = builder.threadPool(0, 20, Duration.ofSeconds(1)).build();
    node.registerTask(
        "record", ctx -> record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant()));
    beforeStart.accept(node);
    node.addListener(
        events::add, EventType.JOB_MAX_INSTANCES, EventType.JOB_MISSED, EventType.JOB_LOST);
    node.start();
    nodes.add(node);
    return node;
  }

  private void record(String nodeId, String jobId, Instant fireTime) {
    String key = key(jobId, fireTime);
    if (runs.putIfAbsent(key, nodeId) == null) {
      runsPerNode.merge(nodeId, 1, Integer::sum);
    } else {
      duplicates.add(key + " on " + nodeId);
    }
  }

  private static String key(String jobId, Instant fireTime) {
    return jobId + "@" + JobCodec.toEpochMicros(fireTime);
  }

  private static JobSpec.Builder recordJob(String id) {
    return JobSpec.builder().id(id).task("record").misfireGraceTime(Duration.ofMinutes(1));
  }

  private List<JobEvent> lostRuns() {
    return events.stream()
        .filter(e -> e.type() == EventType.JOB_LOST)
        .map(JobEvent.class::cast)
        .toList();
  }

  private long runningRecords() {
    return collection("_running").countDocuments();
  }

  private List<String> nodeIds() {
    return collection("_nodes").distinct("_id", String.class).into(new ArrayList<>());
  }

  private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
  }

  /** A node {@code id} (incarnation "x") whose last heartbeat is long gone. */
  private void insertDeadNode(String id) {
    collection("_nodes")
        .insertOne(
            new Document("_id", id).append("incarnation", "x").append("heartbeat", new Date(0)));
  }

  /** A running record of {@code node} (incarnation {@code incarnation}) for job {@code jobId}. */
  private void recordRunOf(String node, String incarnation, String jobId, long fireMicros) {
    collection("_running")
        .insertOne(
            new Document("job_id", jobId)
                .append("fire_time", fireMicros)
                .append("node", node)
                .append("incarnation", incarnation)
                .append("started", fireMicros)
                .append("pass", node + ":pass"));
  }

  @ParameterizedTest(name = "{0} nodes")
  @ValueSource(ints = {2, 3})
  void everyDueRunFiresExactlyOnce(int nodeCount) {
    Scheduler first = startNode("node-1");
    for (int n = 2; n <= nodeCount; n++) {
      startNode("node-" + n);
    }
    Instant t0 = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Set<String> expected = new HashSet<>();
    List<JobSpec> specs = new ArrayList<>();
    for (int j = 0; j < 10; j++) {
      ZonedDateTime start = t0.atZone(ZoneOffset.UTC);
      specs.add(
          recordJob("every-" + j)
              .maxInstances(1)
              .trigger(
                  IntervalTrigger.builder()
                      .seconds(1)
                      .startDate(start)
                      .endDate(start.plusSeconds(5))
                      .build())
              .build());
      for (int k = 0; k < 6; k++) {
        expected.add(key("every-" + j, t0.plusSeconds(k)));
      }
    }
    for (int i = 0; i < 500; i++) {
      Instant fireTime = t0.plusMillis(10L * i);
      specs.add(
          recordJob("once-" + i).trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC))).build());
      expected.add(key("once-" + i, fireTime));
    }
    first.addJobs(specs);

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> runs.size() >= expected.size() && first.getJobs().isEmpty());

    assertThat(duplicates).isEmpty();
    assertThat(runs.keySet()).isEqualTo(expected);
    assertThat(events).isEmpty();
    assertThat(runsPerNode.keySet()).as("runs were shared by the nodes").hasSizeGreaterThan(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> runningRecords() == 0);
  }

  @Test
  void maxInstancesHoldsAcrossNodes() {
    Map<String, List<long[]>> spans = new ConcurrentHashMap<>();
    for (int n = 1; n <= 3; n++) {
      startNode("node-" + n)
          .registerTask(
              "slow",
              ctx -> {
                long start = System.nanoTime();
                new CountDownLatch(1).await(500, TimeUnit.MILLISECONDS);
                spans
                    .computeIfAbsent(ctx.job().id(), k -> new CopyOnWriteArrayList<>())
                    .add(new long[] {start, System.nanoTime()});
              });
    }
    for (int j = 0; j < 3; j++) {
      nodes
          .get(0)
          .addJob(
              JobSpec.builder()
                  .id("slow-" + j)
                  .task("slow")
                  .maxInstances(1)
                  .trigger(IntervalTrigger.of(Duration.ofMillis(200)))
                  .build());
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> spans.values().stream().mapToInt(List::size).sum() >= 12);
    nodes.get(0).removeJobsFor("slow");

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

  @Test
  void aSecondSchedulerOnTheCollectionIsAllowedInClusterModeButNotOutside() {
    startNode("one");
    startNode("two");

    String single = collection + "_single";
    Scheduler alone =
        Scheduler.builder()
            .jobStore("default", MongoJobStore.builder(url, "test").collection(single).build())
            .build();
    alone.start();
    nodes.add(alone);
    Scheduler second =
        Scheduler.builder()
            .jobStore(
                "default",
                MongoJobStore.builder(url, "test")
                    .collection(single)
                    .exclusiveLease(Duration.ofMillis(500))
                    .build())
            .build();
    assertThatThrownBy(second::start)
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining(single)
        .hasMessageContaining("cluster mode");
    assertThat(nodeIds()).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void aSchedulerOutsideClusterModeIsRefusedWhileClusterNodesAreAlive() {
    startNode("one");
    Scheduler single =
        Scheduler.builder()
            .jobStore("default", MongoJobStore.builder(url, "test").collection(collection).build())
            .build();

    assertThatThrownBy(single::start)
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("in use by cluster node 'one'")
        .hasMessageContaining("not in cluster mode");
    assertThat(collection("_owner").countDocuments()).as("its lease is given back").isZero();
  }

  @Test
  void aClusterNodeIsRefusedWhileASchedulerOutsideClusterModeHoldsTheStore() {
    Scheduler single =
        Scheduler.builder()
            .jobStore("default", MongoJobStore.builder(url, "test").collection(collection).build())
            .build();
    single.start();
    nodes.add(single);

    Scheduler node = Scheduler.builder().jobStore("default", store("late").build()).build();

    assertThatThrownBy(node::start)
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("in use by a scheduler outside cluster mode (host ");
    assertThat(nodeIds()).isEmpty();
  }

  @Test
  void aNodeRestartedUnderTheSameIdReleasesWhatItsEarlierLifeLeftRecorded() {
    startNode("other");
    collection("_nodes")
        .insertOne(
            new Document("_id", "node-0")
                .append("incarnation", "earlier")
                .append("heartbeat", new Date()));
    recordRunOf("node-0", "earlier", "held", 42);

    Scheduler restarted = startNode("node-0");
    restarted.addJob(
        recordJob("held")
            .maxInstances(1)
            .trigger(IntervalTrigger.of(Duration.ofMillis(200)))
            .build());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> runs.keySet().stream().anyMatch(r -> r.startsWith("held@")));
    await().atMost(Duration.ofSeconds(5)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns())
        .singleElement()
        .satisfies(
            lost -> {
              assertThat(lost.jobId()).isEqualTo("held");
              assertThat(JobCodec.toEpochMicros(lost.scheduledRunTime().toInstant())).isEqualTo(42);
            });
    assertThat(duplicates).isEmpty();
    assertThat(collection("_runs").countDocuments(Filters.eq("outcome", "LOST")))
        .as("the lost run of the earlier life is in the run history")
        .isEqualTo(1);
  }

  @Test
  void aDeadNodeIsReapedAndItsRunsAreReportedLost() {
    insertDeadNode("ghost");
    recordRunOf("ghost", "x", "gone", 42);
    // a run its due pass recorded, but whose job the pass (still holding it) never wrote: it never
    // started, and is released without a report
    collection("")
        .insertOne(
            new Document("_id", "unstarted")
                .append("next_run_time", 43L)
                .append("lease_owner", "ghost:pass")
                .append("lease_until", JobCodec.toEpochMicros(Instant.now().plusSeconds(3600))));
    recordRunOf("ghost", "x", "unstarted", 43);

    startNode("reaper");

    await().atMost(Duration.ofSeconds(10)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
    assertThat(nodeIds()).containsExactly("reaper");
    assertThat(runningRecords()).isZero();
    assertThat(collection("_runs").find(Filters.eq("job_id", "gone")).into(new ArrayList<>()))
        .as("the run history shows the lost run on its node")
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getString("outcome")).isEqualTo("LOST");
              assertThat(r.getString("node_id")).isEqualTo("ghost");
              assertThat(r.getLong("fire_time")).isEqualTo(42);
            });
  }

  @Test
  void aLostRunOfAJobThatRerunsLostRunsRunsOnceMoreOnALiveNode() throws Exception {
    Scheduler live = LostRunHistory.withRerunAndReportJobs(startNode("live"));
    Instant fireTime = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    insertDeadNode("ghost");
    recordRunOf("ghost", "x", "rerun", JobCodec.toEpochMicros(fireTime));
    recordRunOf("ghost", "x", "report", JobCodec.toEpochMicros(fireTime));

    LostRunHistory.awaitRerunOfRerunAndReportOfReport(
        live, fireTime, job -> runs.containsKey(key(job, fireTime)), this::lostRuns);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void runsReleasedByAReaperThatDiedBeforeReportingThemAreReportedAndRerunByTheNextReaper()
      throws Exception {
    Scheduler live = LostRunHistory.withRerunAndReportJobs(startNode("live"));
    Instant fireTime = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    // "reaper" released the runs of the dead "ghost" and died itself before it reported them
    for (String job : List.of("rerun", "report")) {
      holdReleasedRun("reaper", "y", 0, job, JobCodec.toEpochMicros(fireTime));
    }

    LostRunHistory.awaitRerunOfRerunAndReportOfReport(
        live, fireTime, job -> runs.containsKey(key(job, fireTime)), this::lostRuns);
    assertThat(duplicates).isEmpty();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> collection("_released").countDocuments() == 0);
  }

  @Test
  void aReaperKeepsTheRunsItReleasedUntilItHasReportedThem() {
    insertDeadNode("ghost");
    recordRunOf("ghost", "x", "gone", 42);
    List<Long> keptWhenReported = new CopyOnWriteArrayList<>();

    startNode(
        "reaper",
        Scheduler.builder().jobStore("default", store("reaper").build()),
        node ->
            node.addListener(
                lost -> keptWhenReported.add(collection("_released").countDocuments()),
                EventType.JOB_LOST));

    await().atMost(Duration.ofSeconds(10)).until(() -> !keptWhenReported.isEmpty());
    assertThat(keptWhenReported).containsExactly(1L);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> collection("_released").countDocuments() == 0);
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
  }

  @Test
  void aLiveNodeReportsAgainTheRunsItReleasedWhoseHandOverDidNotFinish() {
    startNode("node-0");
    String incarnation =
        collection("_nodes").find(Filters.eq("_id", "node-0")).first().getString("incarnation");
    // a run this node released a window ago and never settled (its report or settling failed)
    holdReleasedRun("node-0", incarnation, 0, "gone", 42);

    await().atMost(Duration.ofSeconds(10)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> collection("_released").countDocuments() == 0);
  }

  @Test
  void aNodeRestartedUnderTheSameIdReportsTheRunsItsEarlierLifeReleasedButDidNotReport() {
    holdReleasedRun("node-0", "earlier", System.currentTimeMillis() * 1000, "gone", 42);

    startNode("node-0");

    await().atMost(Duration.ofSeconds(10)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> collection("_released").countDocuments() == 0);
  }

  /**
   * A run of {@code jobId} lost with the dead node "ghost", released by {@code holder} (life {@code
   * incarnation}) at {@code releasedMicros} and not reported.
   */
  private void holdReleasedRun(
      String holder, String incarnation, long releasedMicros, String jobId, long fireMicros) {
    collection("_released")
        .insertOne(
            new Document("job_id", jobId)
                .append("fire_time", fireMicros)
                .append("node", "ghost")
                .append("incarnation", "x")
                .append("started", fireMicros)
                .append("pass", "ghost:pass")
                .append("why", "which stopped heartbeating")
                .append("held_by", holder)
                .append("held_by_incarnation", incarnation)
                .append("released_at", releasedMicros));
  }

  @Test
  void aNodeThatLosesItsConnectionForGoodIsReapedAfterTheWindowAndItsRunIsReportedLost()
      throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MongoClient doomedClient = MongoClients.create(url);
    clients.add(doomedClient);
    Scheduler doomed =
        startNode(
            "doomed",
            Scheduler.builder()
                .jobStore(
                    "default",
                    MongoJobStore.builder(doomedClient, "test")
                        .collection(collection)
                        .cluster("doomed")
                        .heartbeatInterval(BEAT)
                        .timeout(Duration.ofMillis(500))
                        .build()));
    doomed.registerTask("hold", HoldingTask.until(holding, release));
    Scheduler survivor = startNode("survivor");
    survivor.registerTask("hold", ctx -> record("survivor", ctx.job().id(), Instant.now()));
    survivor.pause();
    doomed.addJob(
        recordJob("held")
            .task("hold")
            .maxInstances(1)
            .trigger(DateTrigger.of(ZonedDateTime.now()))
            .build());
    try {
      awaitLatch(holding);
      assertThat(runningRecords()).isEqualTo(1);
      long dropped = System.nanoTime();
      doomedClient.close(); // the node neither heartbeats nor leaves any more
      survivor.resume();

      await().atMost(Duration.ofSeconds(10)).until(() -> !lostRuns().isEmpty());

      assertThat(Duration.ofNanos(System.nanoTime() - dropped))
          .as("reaped only after a full window without a heartbeat")
          .isGreaterThanOrEqualTo(BEAT.multipliedBy(3).minusMillis(BEAT.toMillis()));
      assertThat(lostRuns())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.jobId()).isEqualTo("held");
                assertThat(l.exception().orElseThrow()).hasMessageContaining("doomed");
              });
      assertThat(nodeIds()).containsExactly("survivor");
      assertThat(runningRecords()).isZero();
      assertThat(runs).as("the lost run is reported, not run again").isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aNodeShutDownWithoutWaitingReleasesItsRunsInFlight() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler leaving = startNode("leaving");
    leaving.registerTask("hold", HoldingTask.until(holding, release));
    Scheduler staying = startNode("staying");
    registerRecordingHold(staying, "staying");
    staying.pause();
    leaving.addJob(
        recordJob("held")
            .task("hold")
            .maxInstances(1)
            .trigger(IntervalTrigger.of(Duration.ofMillis(200)))
            .build());
    try {
      awaitLatch(holding);
      staying.resume();
      leaving.shutdown(false);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> runs.keySet().stream().anyMatch(r -> r.startsWith("held@")));
      assertThat(lostRuns())
          .singleElement()
          .satisfies(l -> assertThat(l.jobId()).isEqualTo("held"));
      assertThat(nodeIds()).containsExactly("staying");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aNodeShutDownWithoutWaitingHasItsRunsOfJobsThatRerunLostRunsRunAgain() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler leaving = startNode("leaving");
    leaving.registerTask("hold", HoldingTask.until(holding, release));
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    leaving.addJob(
        recordJob("held")
            .task("hold")
            .onLost(LostRunPolicy.RERUN)
            .trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)))
            .build());
    try {
      awaitLatch(holding);
      // started once the run is in flight, so that only the rerun can run here
      Scheduler staying = startNode("staying");
      registerRecordingHold(staying, "staying");
      leaving.shutdown(false);

      await().atMost(Duration.ofSeconds(10)).until(() -> runs.containsKey(key("held", fireTime)));
      assertThat(lostRuns())
          .singleElement()
          .satisfies(l -> assertThat(l.nextRetryTime()).as("rerun announced").isPresent());
    } finally {
      release.countDown();
    }
  }

  @Test
  void aJobWhoseClaimRanOutRunsOnceForItsRealFireTime() {
    Scheduler adder = startNode("adder");
    adder.pause();
    Instant fireTime = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
    adder.addJob(
        recordJob("claimed").trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC))).build());
    // A node claimed the job for its due pass until half a second from now, then died.
    long leaseEnd = JobCodec.toEpochMicros(Instant.now().plusMillis(500));
    collection("")
        .updateOne(
            Filters.eq("_id", "claimed"),
            Updates.combine(
                Updates.set("lease_owner", "dead:token"), Updates.set("lease_until", leaseEnd)));
    assertThat(adder.getJob("claimed").orElseThrow().nextRunTime())
        .as("readers see the real next run time")
        .isEqualTo(fireTime);

    adder.resume();

    await().atMost(Duration.ofSeconds(10)).until(() -> runs.containsKey(key("claimed", fireTime)));
    assertThat(runs.keySet()).containsExactly(key("claimed", fireTime));
  }

  @Test
  void runNowCountsAndRecordsRunsAcrossTheCluster() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler one = startNode("one");
    Scheduler two = startNode("two");
    for (Scheduler node : List.of(one, two)) {
      node.registerTask("hold", HoldingTask.until(holding, release));
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
      awaitLatch(holding);
      assertThat(runningRecords()).isEqualTo(1);

      assertThat(two.runJobNow("manual")).as("the run on node one counts on node two").isFalse();
    } finally {
      release.countDown();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> runningRecords() == 0);
    assertThat(two.runJobNow("manual")).isTrue();
  }

  @Test
  void aNodeWhoseClockIsAheadRunsJobsByMongoDbsClock() {
    MongoJobStore store = store("fast").build();
    Map<String, Instant> ranAt = new ConcurrentHashMap<>();
    Scheduler fast =
        startNode(
            "fast",
            Scheduler.builder()
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30)))
                .jobStore("default", store));
    fast.registerTask("mark", ctx -> ranAt.put(ctx.job().id(), Instant.now()));
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
  void theStoreListsTheLiveNodesWithTheirHeartbeatsByItsClock() {
    Scheduler first = startNode("first");
    startNode("second");
    ClusteredJobStore store = (ClusteredJobStore) first.jobStores().get("default");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> store.clusterNodes().keySet().containsAll(List.of("first", "second")));
    Instant now = Instant.now();
    assertThat(store.clusterNodes().values())
        .allSatisfy(beat -> assertThat(beat).isBetween(now.minusSeconds(30), now.plusSeconds(30)));
    assertThat(store.nodeId()).contains("first");
    assertThat(store.clockSkewed()).isFalse();
  }

  /**
   * A started node on a client of its own, which the test closes to cut the node off: it neither
   * heartbeats nor leaves any more, while its runs go on.
   */
  private Scheduler startNodeOnItsOwnClient(String nodeId, MongoClient client) {
    clients.add(client);
    return startNode(
        nodeId,
        Scheduler.builder()
            .jobStore(
                "default",
                MongoJobStore.builder(client, "test")
                    .collection(collection)
                    .cluster(nodeId)
                    .heartbeatInterval(BEAT)
                    .timeout(Duration.ofMillis(500))
                    .build()));
  }

  /**
   * A node on a client of its own ({@link #startNodeOnItsOwnClient}) whose task "hold" counts
   * {@code holding} down, then waits for {@code release}.
   */
  private Scheduler startHoldingNode(
      String nodeId, MongoClient client, CountDownLatch holding, CountDownLatch release) {
    Scheduler node = startNodeOnItsOwnClient(nodeId, client);
    node.registerTask("hold", HoldingTask.until(holding, release));
    return node;
  }

  /** Registers on {@code node} a task "hold" that records each run as node {@code nodeId}'s. */
  private void registerRecordingHold(Scheduler node, String nodeId) {
    node.registerTask(
        "hold", ctx -> record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant()));
  }

  /** A one-shot job of the task "hold" at {@code fireTime}. */
  private static JobSpec.Builder oneShot(String id, Instant fireTime) {
    return recordJob(id).task("hold").trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)));
  }

  @Test
  void aLostRunOfAOneShotJobThatRerunsLostRunsAddsTheJobBackAndRunsOnceMoreOnALiveNode()
      throws Exception {
    CountDownLatch holding = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    MongoClient dyingClient = MongoClients.create(url);
    Scheduler dying = startHoldingNode("dying", dyingClient, holding, release);
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    dying.addJob(oneShot("invoice", fireTime).onLost(LostRunPolicy.RERUN).build());
    dying.addJob(oneShot("reported", fireTime).build());
    try {
      awaitLatch(holding);
      assertThat(dying.getJobs())
          .as("one-shot jobs leave the store when their run starts")
          .isEmpty();
      // started only now, so that the runs are the dying node's
      Scheduler live = startNode("live");
      registerRecordingHold(live, "live");
      dyingClient.close();

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> runs.containsKey(key("invoice", fireTime)));
      await().atMost(Duration.ofSeconds(5)).until(() -> lostRuns().size() == 2);

      assertThat(lostRuns())
          .extracting(JobEvent::jobId, e -> e.nextRetryTime().isPresent())
          .containsExactlyInAnyOrder(tuple("invoice", true), tuple("reported", false));
      LostRunHistory.awaitLostThenRerun(live, "invoice", fireTime);
      assertThat(runs.keySet()).containsExactly(key("invoice", fireTime));
      assertThat(live.getRunHistory("reported", 10))
          .extracting(RunRecord::outcome)
          .containsExactly(RunOutcome.LOST);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> live.getJobs().isEmpty() && runningRecords() == 0);
      assertThat(duplicates).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aOneShotJobThatRerunsLostRunsAndFinishesLeavesNothingToRerun() {
    MongoClient firstClient = MongoClients.create(url);
    Scheduler first = startNodeOnItsOwnClient("first", firstClient);
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    first.addJob(
        recordJob("done")
            .trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)))
            .onLost(LostRunPolicy.RERUN)
            .build());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                runs.containsKey(key("done", fireTime))
                    && runningRecords() == 0
                    && first.getRunHistory("done", 10).size() == 1);
    Scheduler second = startNode("second");
    firstClient.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> nodeIds().equals(List.of("second")));

    assertThat(lostRuns()).isEmpty();
    assertThat(second.getJobs()).isEmpty();
    assertThat(second.getRunHistory("done", 10))
        .extracting(RunRecord::attempt, RunRecord::outcome)
        .containsExactly(tuple(1, RunOutcome.SUCCESS));
    assertThat(runs.keySet()).containsExactly(key("done", fireTime));
  }

  @Test
  void aNodeRestartedUnderTheSameIdRerunsTheLostLastRunOfAJobThatRerunsLostRuns() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MongoClient earlierClient = MongoClients.create(url);
    Scheduler earlierLife = startHoldingNode("node-0", earlierClient, holding, release);
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    earlierLife.addJob(oneShot("invoice", fireTime).onLost(LostRunPolicy.RERUN).build());
    try {
      awaitLatch(holding);
      earlierClient.close(); // the process is gone, as far as MongoDB knows

      Scheduler restarted =
          startNode(
              "node-0",
              Scheduler.builder().jobStore("default", store("node-0").build()),
              node -> registerRecordingHold(node, "node-0"));

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> runs.containsKey(key("invoice", fireTime)));
      assertThat(lostRuns())
          .singleElement()
          .satisfies(
              lost -> {
                assertThat(lost.jobId()).isEqualTo("invoice");
                assertThat(lost.nextRetryTime()).isPresent();
              });
      LostRunHistory.awaitLostThenRerun(restarted, "invoice", fireTime);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> restarted.getJobs().isEmpty() && runningRecords() == 0);
      assertThat(runs.keySet()).containsExactly(key("invoice", fireTime));
      assertThat(duplicates).isEmpty();
    } finally {
      release.countDown();
    }
  }
}
