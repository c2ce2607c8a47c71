package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chaos test of the JDBC cluster (issue 11). Three nodes with the fixed ids {@code node-1} to
 * {@code node-3}, each in a JVM of its own ({@link ClusterNodeMain}), share a job table. For 30 s,
 * every 1 to 3 s, a node is killed with SIGKILL at random and restarted with the same id: at once,
 * within the missed-heartbeats window (a Kubernetes StatefulSet restarting {@code node-0}), or
 * after a pause in which the others reap it. The process that restarts a node is a warm spare,
 * started beforehand and waiting for its go, so that a restart at once lands within the window.
 * Meanwhile 200 one-shot jobs come due spread over the run and 5 interval jobs with {@code
 * maxInstances=1} fire every second; each run inserts (job id, fire time) into a table keyed on the
 * pair. Asserted, once every node is back:
 *
 * <ul>
 *   <li>no fire time started twice;
 *   <li>every one-shot fire time (all are due before the end) started once or was reported lost;
 *   <li>every interval job started again with a fire time later than the last restart plus the
 *       missed-heartbeats window plus one period: no record of a killed run blocks it;
 *   <li>no running record with a fire time before the last restart is left (no record of a run
 *       outlives it).
 * </ul>
 *
 * <p>What the test tolerates, and why. A run counts as started when its first row is in (a run cut
 * short by the kill started; the promise is at most once). A fire time may have started and be
 * reported lost as well: a run that finished on a node killed before its running record was deleted
 * (deletions are batched) is reported. A report is the {@code LOST} line a node prints for its
 * {@code JOB_LOST} event, or else the warning the store logs for the lost run: a reaper killed
 * after committing its reap but before its listener ran leaves no event, and no other node will
 * report the run, but the warning is logged inside the reaping transaction, before the commit, so
 * it is printed whenever the reap counts. A warning whose transaction was then rolled back leaves
 * the record for the next reaper; should none come, the last assertion sees the record.
 *
 * <p>The kills and pauses come from a seed printed at the start: {@code -Dchaos.seed=<seed>}
 * replays the plan (not the processes' timing), {@code -Dchaos.seconds=<n>} sets the length of the
 * chaos (default 30). The nodes' output goes to {@code target/<test class>-nodes.log}. Tagged
 * {@code chaos}: {@code mvn test -DexcludedGroups=chaos} leaves it out.
 *
 * <p>A subclass whose {@link #redisUrl()} (or {@link #mongoUrl()}) is set keeps the jobs in a
 * clustered Redis (MongoDB) store instead (the runs and starts tables stay in the database); its
 * running records are read from there.
 */
@Tag("chaos")
abstract class ClusterChaosTest {

  private static final int NODES = 3;

  /**
   * Short, so that the test settles soon, but with a window (three of them) longer than a warm
   * spare takes to start and beat, so that a restart at once falls within it.
   */
  private static final Duration HEARTBEAT = Duration.ofMillis(500);

  /** Three missed heartbeats, as {@link ClusterNodeMain#newNode} sets. */
  private static final Duration DEAD_AFTER = HEARTBEAT.multipliedBy(3);

  private static final Duration PERIOD = Duration.ofSeconds(1);
  private static final int ONE_SHOTS = 200;
  private static final int INTERVAL_JOBS = 5;
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Pattern LOST_WARNING =
      Pattern.compile("Run of job '([^']+)' at (\\S+) was in flight on node");

  /** The database: JDBC URL, user, password. */
  protected record Database(String url, String user, String password) {}

  /** The test database; skips the test (or fails it on CI) if it cannot be reached. */
  protected abstract Database database();

  /** The Redis server that holds the jobs, or {@code null} for the database's job table. */
  protected String redisUrl() {
    return null;
  }

  /** The MongoDB server that holds the jobs, or {@code null}. */
  protected String mongoUrl() {
    return null;
  }

  /** A kill: when (after the first fire time), which node, and how long until it restarts. */
  record Kill(Duration at, int node, Duration restartAfter) {}

  /**
   * A node id, its processes (the one running and the warm spare that replaces it), and the thread
   * that kills and restarts them, so that the kills of one node do not wait for another's restart.
   */
  private static final class Slot {
    final String nodeId;
    final ScheduledExecutorService chaos;
    int incarnations;
    volatile NodeProcess current;
    volatile NodeProcess spare;

    Slot(String nodeId) {
      this.nodeId = nodeId;
      this.chaos =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "chaos-" + nodeId);
                t.setDaemon(true);
                return t;
              });
    }
  }

  private final List<String> output = new CopyOnWriteArrayList<>();
  private final List<NodeProcess> processes = new CopyOnWriteArrayList<>();
  private final List<String> chaosLog = new CopyOnWriteArrayList<>();
  private final List<Throwable> actionFailures = new CopyOnWriteArrayList<>();
  private final List<Slot> slots = new ArrayList<>();
  private Database db;
  private HikariDataSource admin;
  private String jobsTable;
  private String runsTable;
  private String startsTable;
  private RedisTestKeys redisKeys;

  @AfterEach
  void cleanUp() throws InterruptedException {
    slots.forEach(slot -> slot.chaos.shutdownNow());
    for (NodeProcess p : processes) {
      p.kill();
    }
    if (redisKeys != null) {
      redisKeys.deleteAll();
      redisKeys.close();
    }
    if (admin != null) {
      JdbcContractSupport.dropTable(admin, jobsTable);
      try (Connection c = admin.getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + runsTable);
        s.execute("DROP TABLE IF EXISTS " + startsTable);
      } catch (SQLException e) {
        throw new IllegalStateException("clean-up failed", e);
      }
      admin.close();
    }
  }

  @Test
  void nodesKilledAndRestartedWithTheirIdsRunNothingTwiceLoseNothingSilentlyBlockNoJob()
      throws Exception {
    long seed = Long.getLong("chaos.seed", new SecureRandom().nextLong());
    Duration length = Duration.ofSeconds(Long.getLong("chaos.seconds", 30));
    String replay = "seed " + seed + ", replay with -Dchaos.seed=" + seed;
    List<Kill> plan = plan(new Random(seed), length);
    System.out.println(getClass().getSimpleName() + ": " + length + " of chaos, " + replay);
    db = database();
    admin = pool();
    jobsTable = JdbcContractSupport.uniqueTableName();
    runsTable = jobsTable + "_executions";
    startsTable = jobsTable + "_starts";
    if (redisUrl() != null) {
      redisKeys = new RedisTestKeys(redisUrl(), jobsTable + ".");
    }
    ClusterNodeMain.createWorkTables(admin, runsTable, startsTable);

    for (int n = 1; n <= NODES; n++) {
      Slot slot = new Slot("node-" + n);
      slot.spare = spawn(slot);
      slots.add(slot);
    }
    for (Slot slot : slots) {
      restart(slot);
    }
    Instant t0 = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Set<String> oneShots = addJobs(t0, length);

    AtomicReference<Instant> lastRestart = new AtomicReference<>(Instant.now());
    CountDownLatch done = new CountDownLatch(plan.size());
    AtomicInteger immediate = new AtomicInteger();
    for (Kill kill : plan) {
      long delay = Duration.between(Instant.now(), t0.plus(kill.at())).toMillis();
      Slot slot = slots.get(kill.node());
      slot.chaos.schedule(
          () -> kill(slot, kill, t0, done, lastRestart, immediate), delay, TimeUnit.MILLISECONDS);
    }
    assertThat(done.await(length.plus(STARTUP).toSeconds(), TimeUnit.SECONDS))
        .as("the kills and restarts finished (%s)", replay)
        .isTrue();
    assertThat(actionFailures).as("failures of the kills and restarts").isEmpty();
    Instant restarted = lastRestart.get();
    Instant settled = restarted.plus(DEAD_AFTER).plus(PERIOD);
    chaosLog.add(
        String.format(
            "%d kills (%d restarted at once), last restart at +%d ms",
            plan.size(), immediate.get(), Duration.between(t0, restarted).toMillis()));
    try {
      await()
          .atMost(DEAD_AFTER.plus(PERIOD).plusSeconds(6))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> verify(oneShots, restarted, settled, replay));
    } finally {
      chaosLog.add(
          String.format(
              "%d JOB_LOST events printed, %d lost runs logged",
              count(": LOST "),
              output.stream().filter(line -> LOST_WARNING.matcher(line).find()).count()));
      chaosLog.forEach(line -> System.out.println("chaos: " + line));
      Files.write(Path.of("target", getClass().getSimpleName() + "-nodes.log"), output);
    }
  }

  /**
   * The kills: one every 1 to 3 s from 1 s after the first fire time to 1 s before the end, each of
   * a node that is up, restarted at once or after 2 to 4 s (longer than the missed-heartbeats
   * window). The first restarts at once, the second after a pause, so that both kinds happen; the
   * last kill of each node (unless it is the second) restarts at once, the case in which nothing
   * else clears the records of the killed runs: no later reaping of that id.
   */
  static List<Kill> plan(Random random, Duration length) {
    List<Kill> plan = new ArrayList<>();
    long[] upAt = new long[NODES];
    for (long at = 1000 + random.nextInt(1000);
        at < length.toMillis() - 1000;
        at += 1000 + random.nextInt(2000)) {
      long now = at;
      int[] up = IntStream.range(0, NODES).filter(n -> upAt[n] <= now).toArray();
      if (up.length == 0) {
        continue;
      }
      int node = up[random.nextInt(up.length)];
      boolean atOnce = plan.isEmpty() || (plan.size() > 1 && random.nextBoolean());
      long pause = atOnce ? 0 : 2000 + random.nextInt(2000);
      plan.add(new Kill(Duration.ofMillis(at), node, Duration.ofMillis(pause)));
      upAt[node] = at + pause + 1500; // its next warm spare needs some time to start
    }
    for (int n = 0; n < NODES; n++) {
      int node = n;
      IntStream.range(2, plan.size())
          .filter(i -> plan.get(i).node() == node)
          .max()
          .ifPresent(i -> plan.set(i, new Kill(plan.get(i).at(), node, Duration.ZERO)));
    }
    return plan;
  }

  private void kill(
      Slot slot,
      Kill kill,
      Instant t0,
      CountDownLatch done,
      AtomicReference<Instant> lastRestart,
      AtomicInteger immediate) {
    try {
      NodeProcess victim = slot.current;
      NodeProcess spare = slot.spare;
      if (!victim.isAlive()) { // its restart is late: the kills ran behind their plan
        chaosLog.add("skipped the kill of " + victim.name() + ", not restarted yet");
        done.countDown();
        return;
      }
      await().atMost(STARTUP).until(() -> spare.printed("WAITING"));
      String reaping = "node '" + slot.nodeId + "' stopped heartbeating";
      long reapedBefore = count(reaping);
      victim.kill();
      Instant killed = Instant.now();
      Runnable restart =
          () -> {
            try {
              Instant ready = restart(slot);
              lastRestart.accumulateAndGet(ready, (a, b) -> a.isAfter(b) ? a : b);
              chaosLog.add(
                  String.format(
                      "+%d ms killed %s, %s up %d ms later, %s",
                      Duration.between(t0, killed).toMillis(),
                      victim.name(),
                      spare.name(),
                      Duration.between(killed, ready).toMillis(),
                      count(reaping) > reapedBefore ? "reaped meanwhile" : "not reaped"));
            } catch (Exception | AssertionError e) {
              actionFailures.add(e);
            } finally {
              done.countDown();
            }
          };
      if (kill.restartAfter().isZero()) {
        immediate.incrementAndGet();
        restart.run();
      } else {
        slot.chaos.schedule(restart, kill.restartAfter().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Exception | AssertionError e) {
      actionFailures.add(e);
      done.countDown();
    }
  }

  /** Starts the slot's spare and a new spare behind it; returns when the node is up. */
  private Instant restart(Slot slot) throws IOException {
    NodeProcess next = slot.spare;
    await().atMost(STARTUP).until(() -> next.printed("WAITING") || !next.isAlive());
    next.go();
    await().atMost(STARTUP).until(() -> next.printed("READY") || !next.isAlive());
    assertThat(next.printed("READY")).as("%s started", next.name()).isTrue();
    Instant ready = Instant.now();
    slot.current = next;
    slot.spare = spawn(slot);
    return ready;
  }

  /** The system properties of a node process: a warm spare, its starts table, its store. */
  private List<String> nodeOptions() {
    List<String> options =
        new ArrayList<>(List.of("-Dnode.awaitGo=true", "-Dnode.starts=" + startsTable));
    if (redisUrl() != null) {
      options.add("-Dnode.redis=" + redisUrl());
    }
    if (mongoUrl() != null) {
      options.add("-Dnode.mongodb=" + mongoUrl());
    }
    return options;
  }

  private NodeProcess spawn(Slot slot) throws IOException {
    slot.incarnations++;
    NodeProcess process =
        NodeProcess.start(
            slot.nodeId + "#" + slot.incarnations,
            output,
            nodeOptions(),
            db.url(),
            db.user(),
            db.password(),
            jobsTable,
            runsTable,
            slot.nodeId,
            String.valueOf(HEARTBEAT.toMillis()));
    processes.add(process);
    return process;
  }

  /**
   * Adds the jobs through a paused node of this JVM, which then leaves the cluster: the one-shot
   * jobs, due spread over the chaos, and the interval jobs from {@code t0} on, their fire times
   * staggered over the period (so that a kill does not always take them all).
   *
   * @return the one-shot fire times, "job@micros"
   */
  private Set<String> addJobs(Instant t0, Duration length) {
    Scheduler loader =
        ClusterNodeMain.clusterNode(
            admin, jobsTable, runsTable, null, "loader", HEARTBEAT, redisUrl(), mongoUrl());
    loader.start();
    loader.pause();
    List<JobSpec> specs = new ArrayList<>();
    for (int j = 0; j < INTERVAL_JOBS; j++) {
      specs.add(
          job("every-" + j)
              .maxInstances(1)
              .coalesce(true)
              .trigger(
                  IntervalTrigger.builder()
                      .interval(PERIOD)
                      .startDate(
                          t0.plus(PERIOD.multipliedBy(j).dividedBy(INTERVAL_JOBS))
                              .atZone(ZoneOffset.UTC))
                      .build())
              .build());
    }
    Set<String> oneShots = new HashSet<>();
    long spacing = length.minusSeconds(1).toMillis() / ONE_SHOTS;
    for (int i = 0; i < ONE_SHOTS; i++) {
      Instant fireTime = t0.plusMillis(spacing * i);
      specs.add(job("once-" + i).trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC))).build());
      oneShots.add("once-" + i + "@" + JobCodec.toEpochMicros(fireTime));
    }
    loader.addJobs(specs);
    loader.shutdown(true);
    return oneShots;
  }

  private static JobSpec.Builder job(String id) {
    return JobSpec.builder().id(id).task("work").misfireGraceTime(Duration.ofMinutes(5));
  }

  private void verify(Set<String> oneShots, Instant restarted, Instant settled, String replay)
      throws SQLException {
    Map<String, List<String>> starts = ClusterNodeMain.starts(admin, startsTable);
    Set<String> reported = reported();
    SoftAssertions soft = new SoftAssertions();

    Map<String, List<String>> twice = new TreeMap<>();
    starts.forEach(
        (key, nodes) -> {
          if (nodes.size() > 1) {
            twice.put(readable(key), nodes);
          }
        });
    soft.assertThat(twice)
        .as("fire times started more than once, with their nodes (%s)", replay)
        .isEmpty();
    soft.assertThat(output.stream().filter(line -> line.contains(": DUPLICATE ")).toList())
        .as("runs refused by the runs table's key (%s)", replay)
        .isEmpty();

    Set<String> unaccounted = new TreeSet<>(oneShots);
    unaccounted.removeAll(starts.keySet());
    unaccounted.removeAll(reported);
    soft.assertThat(unaccounted.stream().map(ClusterChaosTest::readable).toList())
        .as("one-shot fire times neither started nor reported lost (%s)", replay)
        .isEmpty();

    long settledMicros = JobCodec.toEpochMicros(settled);
    Map<String, Long> lastFire = new TreeMap<>();
    for (int j = 0; j < INTERVAL_JOBS; j++) {
      lastFire.put("every-" + j, Long.MIN_VALUE);
    }
    for (String key : starts.keySet()) {
      long micros = Long.parseLong(key.substring(key.indexOf('@') + 1));
      lastFire.computeIfPresent(key.substring(0, key.indexOf('@')), (k, v) -> Math.max(v, micros));
    }
    Map<String, String> blocked = new TreeMap<>();
    lastFire.forEach(
        (job, micros) -> {
          if (micros <= settledMicros) {
            blocked.put(
                job,
                micros == Long.MIN_VALUE
                    ? "never started"
                    : "last started for " + JobCodec.fromEpochMicros(micros));
          }
        });
    soft.assertThat(blocked)
        .as(
            "interval jobs that did not start for a fire time after %s, the last"
                + " restart (%s) plus the missed-heartbeats window plus one period (%s)",
            settled, restarted, replay)
        .isEmpty();

    soft.assertThat(runningRecordsBefore(restarted))
        .as("running records (job@fire time on node) from before the last restart (%s)", replay)
        .isEmpty();
    soft.assertAll();
  }

  /** "job@micros" as "job@instant". */
  private static String readable(String key) {
    int at = key.indexOf('@');
    return key.substring(0, at + 1)
        + JobCodec.fromEpochMicros(Long.parseLong(key.substring(at + 1)));
  }

  /** The running records left with a fire time before {@code before}: "job@time on node". */
  private List<String> runningRecordsBefore(Instant before) throws SQLException {
    if (mongoUrl() != null) {
      try (MongoClient client = MongoClients.create(mongoUrl())) {
        List<String> records = new ArrayList<>();
        for (Document r :
            client
                .getDatabase("test")
                .getCollection(jobsTable + "_running")
                .find(Filters.lt("fire_time", JobCodec.toEpochMicros(before)))) {
          records.add(
              r.getString("job_id")
                  + "@"
                  + JobCodec.fromEpochMicros(r.getLong("fire_time"))
                  + " on "
                  + r.getString("node"));
        }
        return records;
      }
    }
    if (redisKeys != null) {
      return redisKeys.runningRecords().stream()
          .filter(r -> r.fireMicros() < JobCodec.toEpochMicros(before))
          .map(r -> r.jobId() + "@" + JobCodec.fromEpochMicros(r.fireMicros()) + " on " + r.node())
          .toList();
    }
    List<String> records = new ArrayList<>();
    try (Connection c = admin.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT job_id, fire_time, node_id FROM "
                    + jobsTable
                    + "_running WHERE fire_time < ? ORDER BY fire_time")) {
      ps.setLong(1, JobCodec.toEpochMicros(before));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          records.add(
              rs.getString(1)
                  + "@"
                  + JobCodec.fromEpochMicros(rs.getLong(2))
                  + " on "
                  + rs.getString(3));
        }
      }
    }
    return records;
  }

  /**
   * The runs reported lost, "job@micros": the {@code LOST} lines of the {@code JOB_LOST} events and
   * the store's warnings (see the class comment).
   */
  private Set<String> reported() {
    Set<String> reported = new HashSet<>();
    for (String line : output) {
      int at = line.indexOf(": LOST ");
      if (at >= 0) {
        reported.add(line.substring(at + ": LOST ".length()));
      }
      Matcher warning = LOST_WARNING.matcher(line);
      if (warning.find()) {
        reported.add(
            warning.group(1) + "@" + JobCodec.toEpochMicros(Instant.parse(warning.group(2))));
      }
    }
    return reported;
  }

  private long count(String text) {
    return output.stream().filter(line -> line.contains(text)).count();
  }

  private HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url());
    config.setUsername(db.user());
    config.setPassword(db.password());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }
}
