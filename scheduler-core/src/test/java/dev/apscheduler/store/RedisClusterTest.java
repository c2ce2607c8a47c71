package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several schedulers share one Redis store in cluster mode: every due run fires exactly once,
 * {@code maxInstances} holds across nodes, a node's runs are released when it restarts under its id
 * or leaves, and a job whose node died between its due pass's claim and commit runs later for its
 * real fire time. Each run is recorded with {@code SET NX} of (job id, fire time) in Redis, which
 * refuses a second run.
 */
class RedisClusterTest {

  /** The heartbeat of the nodes: a silent node is dead after 900 ms. */
  private static final Duration BEAT = Duration.ofMillis(300);

  private final List<Scheduler> nodes = new ArrayList<>();
  private final List<String> duplicates = new CopyOnWriteArrayList<>();
  private final Set<String> runs = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> runsPerNode = new ConcurrentHashMap<>();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> aclUsers = new CopyOnWriteArrayList<>();
  private String url;
  private String prefix;
  private RedisTestKeys keys;

  @BeforeEach
  void connect() {
    url = TestServices.redisUrl();
    prefix = "apscheduler.cluster-test." + UUID.randomUUID() + ".";
    keys = new RedisTestKeys(url, prefix);
  }

  @AfterEach
  void stop() {
    nodes.forEach(node -> node.shutdown(true));
    aclUsers.forEach(user -> keys.redis().aclDeluser(user));
    keys.deleteAll();
    keys.close();
  }

  private RedisJobStore.Builder store(String nodeId) {
    return RedisJobStore.builder(url).keyPrefix(prefix).cluster(nodeId).heartbeatInterval(BEAT);
  }

  /** A started node whose task "record" records each run. */
  private Scheduler startNode(String nodeId) {
    return startNode(nodeId, Scheduler.builder().jobStore("default", store(nodeId).build()));
  }

  private Scheduler startNode(String nodeId, dev.apscheduler.SchedulerBuilder builder) {
    return startNode(nodeId, builder, node -> {});
  }

  /** As {@link #startNode(String)}, with {@code beforeStart} done to the node before it starts. */
  private Scheduler startNode(
      String nodeId,
      dev.apscheduler.SchedulerBuilder builder,
      java.util.function.Consumer<Scheduler> beforeStart) {
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
    if ("OK".equals(keys.redis().set(prefix + "fired:" + key, nodeId, nx()))) {
      runs.add(key);
      runsPerNode.merge(nodeId, 1, Integer::sum);
    } else {
      duplicates.add(key + " on " + nodeId);
    }
  }

  private static io.lettuce.core.SetArgs nx() {
    return io.lettuce.core.SetArgs.Builder.nx();
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

  private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void everyDueRunFiresExactlyOnceAcrossThreeNodes() {
    Scheduler first = startNode("node-1");
    startNode("node-2");
    startNode("node-3");
    Instant t0 = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    Set<String> expected = new HashSet<>();
    List<JobSpec> specs = new ArrayList<>();
    for (int j = 0; j < 20; j++) {
      ZonedDateTime start = t0.atZone(ZoneOffset.UTC);
      specs.add(
          recordJob("every-" + j)
              .trigger(
                  IntervalTrigger.builder()
                      .seconds(1)
                      .startDate(start)
                      .endDate(start.plusSeconds(9))
                      .build())
              .build());
      for (int k = 0; k < 10; k++) {
        expected.add(key("every-" + j, t0.plusSeconds(k)));
      }
    }
    for (int i = 0; i < 2000; i++) {
      Instant fireTime = t0.plusMillis(5L * i);
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
    assertThat(runs).isEqualTo(expected);
    assertThat(events).isEmpty();
    assertThat(runsPerNode.keySet()).as("runs were shared by the nodes").hasSizeGreaterThan(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> keys.runningRecords().isEmpty());
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
  void aSecondSchedulerOnTheKeysIsAllowedInClusterModeButNotOutside() {
    startNode("one");
    startNode("two");

    Scheduler single =
        Scheduler.builder()
            .jobStore("default", RedisJobStore.builder(url).keyPrefix(prefix + "single.").build())
            .build();
    single.start();
    nodes.add(single);
    Scheduler second =
        Scheduler.builder()
            .jobStore(
                "default",
                RedisJobStore.builder(url)
                    .keyPrefix(prefix + "single.")
                    .exclusiveLease(Duration.ofMillis(500))
                    .build())
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
        .hasMessageContaining("single.");
    assertThat(keys.redis().zrange(prefix + "nodes", 0, -1))
        .containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void aNodeRestartedUnderTheSameIdReleasesWhatItsEarlierLifeLeftRecorded() {
    startNode("other");
    long now = System.currentTimeMillis() * 1000;
    keys.redis().zadd(prefix + "nodes", now, "node-0");
    keys.redis().hset(prefix + "running:held", "42|node-0", Long.toString(now));
    keys.redis().sadd(prefix + "node_runs:node-0", "42|held");

    Scheduler restarted = startNode("node-0");
    restarted.addJob(
        recordJob("held")
            .maxInstances(1)
            .trigger(IntervalTrigger.of(Duration.ofMillis(200)))
            .build());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> runs.stream().anyMatch(r -> r.startsWith("held@")));
    await().atMost(Duration.ofSeconds(5)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns())
        .singleElement()
        .satisfies(
            lost -> {
              assertThat(lost.jobId()).isEqualTo("held");
              assertThat(JobCodec.toEpochMicros(lost.scheduledRunTime().toInstant())).isEqualTo(42);
            });
    assertThat(duplicates).isEmpty();
  }

  @Test
  void aDeadNodeIsReapedAndItsRunsAreReportedLost() {
    keys.redis().zadd(prefix + "nodes", 0, "ghost");
    keys.redis().hset(prefix + "running:gone", "42|ghost", "0");
    keys.redis().sadd(prefix + "node_runs:ghost", "42|gone");

    startNode("reaper");

    await().atMost(Duration.ofSeconds(10)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
    assertThat(keys.redis().zrange(prefix + "nodes", 0, -1)).containsExactly("reaper");
    assertThat(keys.runningRecords()).isEmpty();
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
          .until(() -> runs.stream().anyMatch(r -> r.startsWith("held@")));
      assertThat(lostRuns())
          .singleElement()
          .satisfies(l -> assertThat(l.jobId()).isEqualTo("held"));
      assertThat(keys.redis().zrange(prefix + "nodes", 0, -1)).containsExactly("staying");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aJobWhoseClaimRanOutRunsForItsRealFireTime() {
    Scheduler adder = startNode("adder");
    adder.pause();
    Instant fireTime = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
    adder.addJob(
        recordJob("claimed").trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC))).build());
    // A node claimed the job for a few seconds, then died before its commit. (Long enough that a
    // slow machine still reads the job before the claim runs out.)
    long claimEnd = JobCodec.toEpochMicros(Instant.now().plusSeconds(3));
    keys.redis().zadd(prefix + "run_times", claimEnd, "claimed");
    keys.redis()
        .hset(
            prefix + "claims",
            "claimed",
            claimEnd + "|" + JobCodec.toEpochMicros(fireTime) + "|dead:token");
    assertThat(adder.getJob("claimed").orElseThrow().nextRunTime())
        .as("readers see the real next run time")
        .isEqualTo(fireTime);

    adder.resume();

    await().atMost(Duration.ofSeconds(10)).until(() -> runs.contains(key("claimed", fireTime)));
    assertThat(runs).containsExactly(key("claimed", fireTime));
    await().atMost(Duration.ofSeconds(5)).until(() -> keys.redis().hlen(prefix + "claims") == 0);
  }

  @Test
  void aPauseDuringAClaimWaitsForTheClaimToEnd() throws Exception {
    Scheduler node = startNode("node");
    node.pause();
    node.addJob(recordJob("job").trigger(DateTrigger.of(ZonedDateTime.now().plusYears(1))).build());
    long real = JobCodec.toEpochMicros(node.getJob("job").orElseThrow().nextRunTime());
    long claimEnd = JobCodec.toEpochMicros(Instant.now().plusSeconds(60));
    keys.redis().zadd(prefix + "run_times", claimEnd, "job");
    keys.redis().hset(prefix + "claims", "job", claimEnd + "|" + real + "|other:token");
    AtomicLong released = new AtomicLong();
    ScheduledExecutorService commit = Executors.newSingleThreadScheduledExecutor();
    try {
      // the other node's commit: puts the job back and ends its claim (noted just before)
      commit.schedule(
          () -> {
            released.set(System.nanoTime());
            keys.redis().zadd(prefix + "run_times", real, "job");
            keys.redis().hdel(prefix + "claims", "job");
          },
          300,
          TimeUnit.MILLISECONDS);

      node.pauseJob("job");
      long paused = System.nanoTime();

      assertThat(released.get()).as("the claim had ended").isPositive().isLessThan(paused);
      assertThat(node.getJob("job").orElseThrow().paused()).isTrue();
    } finally {
      commit.shutdownNow();
    }
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
      assertThat(keys.runningRecords()).hasSize(1);

      assertThat(two.runJobNow("manual")).as("the run on node one counts on node two").isFalse();
    } finally {
      release.countDown();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> keys.runningRecords().isEmpty());
    assertThat(two.runJobNow("manual")).isTrue();
  }

  @Test
  void aNodeWhoseClockIsAheadRunsJobsByRedissClock() {
    RedisJobStore store = store("fast").build();
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
  void aRetryRunsOnExactlyOneNode() {
    AtomicInteger calls = new AtomicInteger();
    List<Scheduler> both = new ArrayList<>();
    for (String nodeId : List.of("node-a", "node-b")) {
      Scheduler node =
          startNode(
              nodeId,
              Scheduler.builder().runHistory(true).jobStore("default", store(nodeId).build()));
      node.registerTask(
          "flaky",
          ctx -> {
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("first attempt fails");
            }
            record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant());
          });
      both.add(node);
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

    await().atMost(Duration.ofSeconds(15)).until(() -> runs.contains(key("retried", fireTime)));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(both.get(1).getRunHistory("retried", 10))
                    .extracting(RunRecord::attempt, RunRecord::outcome)
                    .containsExactlyInAnyOrder(
                        tuple(1, RunOutcome.ERROR_WILL_RETRY), tuple(2, RunOutcome.SUCCESS)));
    assertThat(both.get(0).getJob("retried")).isEmpty();
    assertThat(calls).hasValue(2);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void aLostRunOfAJobThatRerunsLostRunsRunsOnceMoreOnALiveNode() throws Exception {
    Scheduler live = LostRunHistory.withRerunAndReportJobs(startNode("live"));
    Instant fireTime = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    long fire = JobCodec.toEpochMicros(fireTime);
    keys.redis().zadd(prefix + "nodes", 0, "ghost");
    for (String job : List.of("rerun", "report")) {
      keys.redis().hset(prefix + "running:" + job, fire + "|ghost", Long.toString(fire));
      keys.redis().sadd(prefix + "node_runs:ghost", fire + "|" + job);
    }

    LostRunHistory.awaitRerunOfRerunAndReportOfReport(
        live, fireTime, job -> runs.contains(key(job, fireTime)), this::lostRuns);
    assertThat(duplicates).isEmpty();
  }

  @Test
  void runsReleasedByAReaperThatDiedBeforeReportingThemAreReportedAndRerunByTheNextReaper()
      throws Exception {
    Scheduler live = LostRunHistory.withRerunAndReportJobs(startNode("live"));
    Instant fireTime = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    long fire = JobCodec.toEpochMicros(fireTime);
    // "reaper" released the runs of the dead "ghost" and died itself before it reported them
    keys.redis().zadd(prefix + "nodes", 0, "reaper");
    for (String job : List.of("rerun", "report")) {
      holdReleasedRun("reaper", 0, job, fire);
    }

    LostRunHistory.awaitRerunOfRerunAndReportOfReport(
        live, fireTime, job -> runs.contains(key(job, fireTime)), this::lostRuns);
    assertThat(duplicates).isEmpty();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> keys.redis().zcard(prefix + "releasing") == 0);
    assertThat(keys.redis().exists(prefix + "released:reaper", prefix + "released:live")).isZero();
  }

  @Test
  void aReaperKeepsTheRunsItReleasedUntilItHasReportedThem() {
    keys.redis().zadd(prefix + "nodes", 0, "ghost");
    keys.redis().hset(prefix + "running:gone", "42|ghost", "0");
    keys.redis().sadd(prefix + "node_runs:ghost", "42|gone");
    List<Long> keptWhenReported = new CopyOnWriteArrayList<>();

    startNode(
        "reaper",
        Scheduler.builder().jobStore("default", store("reaper").build()),
        node ->
            node.addListener(
                lost -> keptWhenReported.add(keys.redis().hlen(prefix + "released:reaper")),
                EventType.JOB_LOST));

    await().atMost(Duration.ofSeconds(10)).until(() -> !keptWhenReported.isEmpty());
    assertThat(keptWhenReported).containsExactly(1L);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> keys.redis().zcard(prefix + "releasing") == 0);
    assertThat(keys.redis().exists(prefix + "released:reaper")).isZero();
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
  }

  @Test
  void aLiveNodeReportsAgainTheRunsItReleasedWhoseHandOverDidNotFinish() {
    startNode("node-0");
    // a run this node released a window ago and never settled (its report or settling failed)
    holdReleasedRun("node-0", 0, "gone", 42);

    await().atMost(Duration.ofSeconds(10)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> keys.redis().zcard(prefix + "releasing") == 0);
  }

  @Test
  void aNodeRestartedUnderTheSameIdReportsTheRunsItsEarlierLifeReleasedButDidNotReport() {
    long now = System.currentTimeMillis() * 1000;
    keys.redis().zadd(prefix + "nodes", now, "node-0");
    // handed to the earlier life so recently that only the restart takes it back
    holdReleasedRun("node-0", now + Duration.ofHours(1).toNanos() / 1000, "gone", 42);

    startNode("node-0");

    await().atMost(Duration.ofSeconds(10)).until(() -> !lostRuns().isEmpty());
    assertThat(lostRuns()).singleElement().satisfies(l -> assertThat(l.jobId()).isEqualTo("gone"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> keys.redis().zcard(prefix + "releasing") == 0);
  }

  /**
   * A run of {@code jobId} at {@code fireMicros}, lost with the dead node "ghost", that {@code
   * holder} released (handed to it at {@code heldMicros}) and did not report.
   */
  private void holdReleasedRun(String holder, long heldMicros, String jobId, long fireMicros) {
    keys.redis().zadd(prefix + "releasing", heldMicros, holder);
    keys.redis()
        .hset(
            prefix + "released:" + holder,
            "ghost|" + fireMicros + "|" + jobId,
            String.format(
                "[\"ghost\",\"%s\",\"%d\",\"%d\",\"d\",\"\",\"%d\"]",
                jobId, fireMicros, fireMicros, heldMicros));
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
   * A started node that reaches Redis as an ACL user of its own, which {@link #cutOff} disables:
   * the node can no longer reach Redis, so it neither heartbeats nor leaves, while its runs go on.
   */
  private Scheduler startNodeOfItsOwnUser(String nodeId) {
    String user = prefix + nodeId;
    keys.redis()
        .aclSetuser(
            user,
            io.lettuce.core.AclSetuserArgs.Builder.on()
                .addPassword("secret")
                .allKeys()
                .allChannels()
                .allCommands());
    aclUsers.add(user);
    io.lettuce.core.RedisURI uri =
        io.lettuce.core.RedisURI.builder(io.lettuce.core.RedisURI.create(url))
            .withAuthentication(user, "secret")
            .build();
    return startNode(
        nodeId,
        Scheduler.builder()
            .jobStore(
                "default",
                RedisJobStore.builder(uri)
                    .keyPrefix(prefix)
                    .cluster(nodeId)
                    .heartbeatInterval(BEAT)
                    .timeout(Duration.ofMillis(500))
                    .build()));
  }

  /**
   * A node of its own user ({@link #startNodeOfItsOwnUser}) whose task "hold" counts {@code
   * holding} down, then waits for {@code release}.
   */
  private Scheduler startHoldingNode(
      String nodeId, CountDownLatch holding, CountDownLatch release) {
    Scheduler node = startNodeOfItsOwnUser(nodeId);
    node.registerTask("hold", HoldingTask.until(holding, release));
    return node;
  }

  /** Registers on {@code node} a task "hold" that records each run as node {@code nodeId}'s. */
  private void registerRecordingHold(Scheduler node, String nodeId) {
    node.registerTask(
        "hold", ctx -> record(nodeId, ctx.job().id(), ctx.scheduledFireTime().toInstant()));
  }

  /** Disables the ACL user of {@link #startNodeOfItsOwnUser} and drops its connections. */
  private void cutOff(String nodeId) {
    String user = prefix + nodeId;
    keys.redis().aclSetuser(user, io.lettuce.core.AclSetuserArgs.Builder.off());
    keys.redis().clientKill(io.lettuce.core.KillArgs.Builder.user(user));
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
    Scheduler dying = startHoldingNode("dying", holding, release);
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
      cutOff("dying");

      await().atMost(Duration.ofSeconds(15)).until(() -> runs.contains(key("invoice", fireTime)));
      await().atMost(Duration.ofSeconds(5)).until(() -> lostRuns().size() == 2);

      assertThat(lostRuns())
          .extracting(JobEvent::jobId, e -> e.nextRetryTime().isPresent())
          .containsExactlyInAnyOrder(tuple("invoice", true), tuple("reported", false));
      LostRunHistory.awaitLostThenRerun(live, "invoice", fireTime);
      assertThat(runs).containsExactly(key("invoice", fireTime));
      assertThat(live.getRunHistory("reported", 10))
          .extracting(RunRecord::outcome)
          .containsExactly(RunOutcome.LOST);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> live.getJobs().isEmpty() && keys.runningRecords().isEmpty());
      assertThat(duplicates).isEmpty();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aOneShotJobThatRerunsLostRunsAndFinishesLeavesNothingToRerun() {
    Scheduler first = startNodeOfItsOwnUser("first");
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
                runs.contains(key("done", fireTime))
                    && keys.runningRecords().isEmpty()
                    && first.getRunHistory("done", 10).size() == 1);
    Scheduler second = startNode("second");
    cutOff("first");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> keys.redis().zrange(prefix + "nodes", 0, -1).equals(List.of("second")));

    assertThat(lostRuns()).isEmpty();
    assertThat(second.getJobs()).isEmpty();
    assertThat(second.getRunHistory("done", 10))
        .extracting(RunRecord::attempt, RunRecord::outcome)
        .containsExactly(tuple(1, RunOutcome.SUCCESS));
    assertThat(runs).containsExactly(key("done", fireTime));
  }

  @Test
  void aNodeRestartedUnderTheSameIdRerunsTheLostLastRunOfAJobThatRerunsLostRuns() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Scheduler earlierLife = startHoldingNode("node-0", holding, release);
    Instant fireTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    earlierLife.addJob(oneShot("invoice", fireTime).onLost(LostRunPolicy.RERUN).build());
    try {
      awaitLatch(holding);
      cutOff("node-0"); // the process is gone, as far as Redis knows; its heartbeat is still fresh

      Scheduler restarted =
          startNode(
              "node-0",
              Scheduler.builder().jobStore("default", store("node-0").build()),
              node -> registerRecordingHold(node, "node-0"));

      await().atMost(Duration.ofSeconds(15)).until(() -> runs.contains(key("invoice", fireTime)));
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
          .until(() -> restarted.getJobs().isEmpty() && keys.runningRecords().isEmpty());
      assertThat(runs).containsExactly(key("invoice", fireTime));
      assertThat(duplicates).isEmpty();
    } finally {
      release.countDown();
    }
  }
}
