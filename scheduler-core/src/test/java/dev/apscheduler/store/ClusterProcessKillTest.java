package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.JobSpec;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.trigger.DateTrigger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three scheduler nodes in three JVM processes share a PostgreSQL table; one is killed with SIGKILL
 * halfway. No fire time runs twice, every fire time due after the kill runs on a survivor, and the
 * runs the killed node had in flight are reported as lost, not repeated, unless their jobs rerun
 * lost runs.
 */
class ClusterProcessKillTest {

  private final List<NodeProcess> children = new ArrayList<>();
  private final List<String> childOutput = new CopyOnWriteArrayList<>();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private Scheduler local;
  private String jobsTable;
  private String runsTable;
  private String startsTable;

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (NodeProcess child : children) {
      child.kill();
    }
    if (local != null) {
      local.shutdown(true);
    }
    if (!pools.isEmpty()) {
      for (String table :
          List.of(
              runsTable,
              jobsTable,
              jobsTable + "_nodes",
              jobsTable + "_running",
              jobsTable + "_runs")) {
        JdbcContractSupport.dropTable(pools.get(0), table);
      }
      if (startsTable != null) {
        JdbcContractSupport.dropTable(pools.get(0), startsTable);
      }
    }
    pools.forEach(HikariDataSource::close);
  }

  private HikariDataSource pool() {
    TestServices.postgres("apscheduler-kill-test");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServices.postgresUrl());
    config.setUsername(TestServices.postgresUser());
    config.setPassword(TestServices.postgresPassword());
    config.setMaximumPoolSize(6);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  private NodeProcess startChild(String nodeId) throws Exception {
    NodeProcess child =
        NodeProcess.start(
            nodeId,
            childOutput,
            startsTable == null ? List.of() : List.of("-Dnode.starts=" + startsTable),
            TestServices.postgresUrl(),
            TestServices.postgresUser(),
            TestServices.postgresPassword(),
            jobsTable,
            runsTable,
            nodeId,
            "300");
    children.add(child);
    return child;
  }

  /**
   * Creates the tables and starts three nodes: "local" in this JVM (its {@code JOB_LOST} reports go
   * to {@code lostReports}), "survivor" and "victim" in child processes.
   *
   * @return the victim
   */
  private NodeProcess startCluster(
      HikariDataSource admin, boolean withStarts, List<String> lostReports) throws Exception {
    jobsTable = JdbcContractSupport.uniqueTableName();
    runsTable = jobsTable + "_executions";
    startsTable = withStarts ? jobsTable + "_starts" : null;
    ClusterNodeMain.createWorkTables(admin, runsTable, startsTable);
    local =
        ClusterNodeMain.clusterNode(
            pool(), jobsTable, runsTable, startsTable, "local", Duration.ofMillis(300));
    local.addListener(
        e -> {
          JobEvent lost = (JobEvent) e;
          lostReports.add(
              lost.jobId() + "@" + JobCodec.toEpochMicros(lost.scheduledRunTime().toInstant()));
        },
        EventType.JOB_LOST);
    local.start();
    NodeProcess survivor = startChild("survivor");
    NodeProcess victim = startChild("victim");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> childOutput.stream().filter(l -> l.endsWith(": READY")).count() == 2);
    assertThat(survivor.isAlive()).isTrue();
    return victim;
  }

  @Test
  void aKilledNodesRunsAreReportedAndEveryOtherFireTimeRunsOnce() throws Exception {
    HikariDataSource admin = pool();
    List<String> lostReports = new CopyOnWriteArrayList<>();
    NodeProcess victim = startCluster(admin, false, lostReports);

    Instant t0 = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 600; i++) {
      Instant fireTime = t0.plusMillis(20L * i);
      local.addJob(
          JobSpec.builder()
              .id("job-" + i)
              .task("work")
              .misfireGraceTime(Duration.ofMinutes(1))
              .trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)))
              .build());
      expected.add("job-" + i + "@" + JobCodec.toEpochMicros(fireTime));
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(t0.plusSeconds(6)));
    victim.kill();
    Instant killedAt = Instant.now();

    // A fire time either ran (its row) or was lost with the victim: claimed and committed there,
    // then killed before or while it ran, and reported JOB_LOST by a survivor.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Set<String> accounted = new HashSet<>(runs(admin).keySet());
              accounted.addAll(reported(lostReports));
              return accounted.containsAll(expected) && local.getJobs().isEmpty();
            });
    Map<String, String[]> runs = runs(admin);
    Set<String> lostOnVictim = new HashSet<>();
    runs.forEach(
        (key, row) -> {
          if (row[0].equals("victim") && row[1].equals("false")) {
            lostOnVictim.add(key);
          }
        });
    Set<String> neverStarted = new HashSet<>(expected);
    neverStarted.removeAll(runs.keySet());
    lostOnVictim.addAll(neverStarted);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> reported(lostReports).containsAll(lostOnVictim));

    assertThat(childOutput).noneMatch(line -> line.contains("DUPLICATE"));
    assertThat(expected).containsAll(runs.keySet());
    runs.forEach(
        (key, row) -> {
          long fireMicros = Long.parseLong(key.substring(key.indexOf('@') + 1));
          if (fireMicros > JobCodec.toEpochMicros(killedAt)) {
            assertThat(row[0]).as("node of %s, due after the kill", key).isNotEqualTo("victim");
          }
        });
    assertThat(runs.values()).anyMatch(row -> row[0].equals("victim"));
    assertThat(lostOnVictim).as("runs in flight on the victim when it was killed").isNotEmpty();
    // Every report names a fire time of the victim's; a run that finished there just before the
    // kill, its running record not yet deleted, is reported too (the record outlives the run by
    // the few milliseconds before the deletion is flushed).
    Set<String> onVictim = new HashSet<>(neverStarted);
    runs.forEach(
        (key, row) -> {
          if (row[0].equals("victim")) {
            onVictim.add(key);
          }
        });
    assertThat(onVictim).containsAll(reported(lostReports));
  }

  /**
   * The same kill, the jobs one-shot and {@code onLost(RERUN)}: every fire time ends up finished,
   * those the victim had in flight by a survivor, and none starts more than once elsewhere.
   */
  @Test
  void aKilledNodesRunsOfJobsThatRerunLostRunsRunAgainOnASurvivor() throws Exception {
    HikariDataSource admin = pool();
    List<String> lostReports = new CopyOnWriteArrayList<>();
    NodeProcess victim = startCluster(admin, true, lostReports);

    Instant t0 = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      Instant fireTime = t0.plusMillis(20L * i);
      local.addJob(
          JobSpec.builder()
              .id("job-" + i)
              .task("rerunnable-work")
              .misfireGraceTime(Duration.ofMinutes(1))
              .onLost(LostRunPolicy.RERUN)
              .trigger(DateTrigger.of(fireTime.atZone(ZoneOffset.UTC)))
              .build());
      expected.add("job-" + i + "@" + JobCodec.toEpochMicros(fireTime));
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(t0.plusSeconds(3)));
    victim.kill();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                runs(admin).entrySet().stream()
                        .filter(run -> run.getValue()[1].equals("true"))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet())
                        .containsAll(expected)
                    && local.getJobs().isEmpty());
    Map<String, List<String>> starts = ClusterNodeMain.starts(admin, startsTable);
    Map<String, String[]> runs = runs(admin);
    assertThat(runs.keySet()).isEqualTo(expected);
    Set<String> rerun = new HashSet<>();
    starts.forEach(
        (key, nodes) -> {
          List<String> elsewhere = nodes.stream().filter(n -> !n.equals("victim")).toList();
          assertThat(elsewhere).as("starts of %s off the victim", key).hasSizeLessThanOrEqualTo(1);
          if (nodes.contains("victim") && !elsewhere.isEmpty()) {
            rerun.add(key);
            assertThat(runs.get(key)[0]).as("node that finished %s", key).isNotEqualTo("victim");
          }
        });
    assertThat(rerun).as("runs in flight on the victim when it was killed").isNotEmpty();
    assertThat(reported(lostReports)).containsAll(rerun);
    assertThat(childOutput).noneMatch(line -> line.contains("DUPLICATE"));
  }

  private Set<String> reported(List<String> localReports) {
    Set<String> all = new HashSet<>(localReports);
    for (String line : childOutput) {
      int at = line.indexOf(": LOST ");
      if (at >= 0) {
        all.add(line.substring(at + ": LOST ".length()));
      }
    }
    return all;
  }

  /** The runs table: "job@fireMicros" to {node, finished}. */
  private Map<String, String[]> runs(HikariDataSource admin) throws SQLException {
    Map<String, String[]> runs = new HashMap<>();
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT job_id, fire_time, node_id, finished FROM " + runsTable)) {
      while (rs.next()) {
        runs.put(
            rs.getString(1) + "@" + rs.getLong(2),
            new String[] {rs.getString(3), String.valueOf(rs.getBoolean(4))});
      }
    }
    return runs;
  }
}
