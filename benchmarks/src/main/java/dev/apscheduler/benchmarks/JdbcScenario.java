package dev.apscheduler.benchmarks;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * {@code jdbc}: one-shot jobs all due at once in PostgreSQL, executed by one node and by four nodes
 * (each with its own connection pool and 20 worker threads, in this JVM): executions per second
 * from the nodes' start until the last job has run. Quartz runs clustered JobStoreTX, db-scheduler
 * its lock-and-fetch polling strategy.
 */
final class JdbcScenario implements Scenario {

  private static final int THREADS = DispatchScenario.THREADS;
  private static final String DB_SCHEDULER_TABLE =
      """
      DROP TABLE IF EXISTS scheduled_tasks;
      CREATE TABLE scheduled_tasks (
        task_name TEXT NOT NULL,
        task_instance TEXT NOT NULL,
        task_data BYTEA,
        execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
        picked BOOLEAN NOT NULL,
        picked_by TEXT,
        last_success TIMESTAMP WITH TIME ZONE,
        last_failure TIMESTAMP WITH TIME ZONE,
        consecutive_failures INT,
        last_heartbeat TIMESTAMP WITH TIME ZONE,
        version BIGINT NOT NULL,
        priority SMALLINT,
        PRIMARY KEY (task_name, task_instance)
      );
      CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
      """;
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private interface Contender {
    String name();

    /** How many jobs this contender gets out of {@code jobs}. */
    default int share(int jobs) {
      return jobs;
    }

    /** Empties its tables, stores {@code jobs} jobs all due now, and builds {@code nodes} nodes. */
    void prepare(HikariDataSource admin, int jobs, int nodes, RunCounter counter) throws Exception;

    /** Starts the nodes; returns once they are started. */
    void start() throws Exception;

    /** Stops every node and checks nothing is left in the tables. */
    void stop(HikariDataSource admin) throws Exception;
  }

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    int jobs = quick ? 5_000 : 20_000;
    int rounds = quick ? 2 : 3;
    try (HikariDataSource admin = Postgres.pool("bench-admin", 2)) {
      String version = Postgres.version(admin);
      Postgres.runScript(
          admin, Postgres.resource("org/quartz/impl/jdbcjobstore/tables_postgres.sql"));
      Postgres.runScript(admin, DB_SCHEDULER_TABLE);
      List<Contender> contenders =
          java.util.stream.Stream.of(
                  new ThisProject(true),
                  new ThisProject(false),
                  new QuartzClustered(),
                  new DbScheduler())
              .filter(c -> BenchmarkMain.selected(c.name()))
              .toList();
      for (int round = -1; round < rounds; round++) {
        for (int nodes : new int[] {1, 4}) {
          for (int k = 0; k < contenders.size(); k++) {
            Contender contender = contenders.get(Math.floorMod(k + round, contenders.size()));
            int count = contender.share(jobs);
            if (round < 0) {
              // Warm-up (JIT, connections, PostgreSQL caches) with a quarter of the jobs;
              // discarded.
              double rate = runOnce(admin, contender, nodes, Math.max(1, count / 4));
              System.out.printf(
                  "  jdbc warm-up, %d node(s), %s: %s executions/s%n",
                  nodes, contender.name(), ResultTable.format(rate));
              continue;
            }
            double rate = runOnce(admin, contender, nodes, count);
            table.add(
                name(),
                "one-shot jobs due at once, " + nodes + (nodes == 1 ? " node" : " nodes"),
                "executions/s",
                true,
                contender.name() + " (" + count + " jobs)",
                rate);
            System.out.printf(
                "  jdbc round %d, %d node(s), %s, %,d jobs: %s executions/s%n",
                round + 1, nodes, contender.name(), count, ResultTable.format(rate));
          }
        }
      }
      table.note(name(), "PostgreSQL " + version + " at " + Postgres.URL + ".");
    }
    for (int nodes : new int[] {1, 4}) {
      table.target(
          name(),
          "one-shot jobs due at once, " + nodes + (nodes == 1 ? " node" : " nodes"),
          12_000);
    }
    table.note(
        name(),
        ResultTable.THIS_PROJECT
            + ": JdbcJobStore on its table "
            + ThisProject.TABLE
            + " (created at the start of each run, dropped after it); jobs inserted beforehand by"
            + " a scheduler whose loop does not run; 1 node: a plain store; 4 nodes: cluster mode"
            + " (heartbeat 1 s, poll 500 ms). Each node "
            + THREADS
            + " worker threads and a pool of "
            + ThisProject.CONNECTIONS
            + " connections.");
    table.note(
        name(),
        "Quartz clustered gets a tenth of the jobs (it runs a few hundred per second). Each node: "
            + THREADS
            + " worker threads and its own pool (Quartz threads + 3 connections, db-scheduler"
            + " threads + 2); db-scheduler polls with lock-and-fetch (1.0, 4.0), its high-throughput"
            + " setting; Quartz acquires batches of "
            + THREADS
            + " triggers within the lock.");
  }

  private static double runOnce(HikariDataSource admin, Contender contender, int nodes, int jobs)
      throws Exception {
    Heap.collect();
    RunCounter counter = new RunCounter(jobs);
    contender.prepare(admin, jobs, nodes, counter);
    long start = System.nanoTime();
    contender.start();
    long finished = counter.awaitAll(Duration.ofMinutes(5));
    contender.stop(admin);
    counter.verifyExactlyOnce(contender.name() + " with " + nodes + " node(s)");
    return jobs / ((finished - start) / 1e9);
  }

  /** This project with run history on (the default) or off. */
  private static final class ThisProject implements Contender {
    private final boolean history;
    static final String TABLE = "bench_apscheduler_jobs";
    static final int CONNECTIONS = 4;
    private final List<Scheduler> nodes = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private int jobs;

    ThisProject(boolean history) {
      this.history = history;
    }

    @Override
    public String name() {
      return history ? ResultTable.THIS_PROJECT : ResultTable.THIS_PROJECT + " (history off)";
    }

    @Override
    public void prepare(HikariDataSource admin, int jobs, int count, RunCounter counter)
        throws Exception {
      this.jobs = jobs;
      dropTables(admin);
      Scheduler loader =
          Scheduler.builder()
              .runLoop(false)
              .jobStore(
                  "default",
                  JdbcJobStore.builder(admin)
                      .tableName(TABLE)
                      .initializeSchema(InitializeSchema.ALWAYS)
                      .build())
              .registerTask("bench", context -> {})
              .build();
      loader.start();
      DateTrigger trigger = DateTrigger.of(Instant.now().atZone(ZoneOffset.UTC));
      for (int i = 0; i < jobs; i++) {
        loader.addJob(
            JobSpec.builder()
                .id(Integer.toString(i))
                .task("bench")
                .trigger(trigger)
                .misfireGraceTime(Duration.ofHours(1))
                .build());
      }
      loader.shutdown(true);
      nodes.clear();
      pools.clear();
      for (int node = 0; node < count; node++) {
        HikariDataSource pool = Postgres.pool("apscheduler-node-" + node, CONNECTIONS);
        pools.add(pool);
        JdbcJobStore.Builder store =
            JdbcJobStore.builder(pool).tableName(TABLE).initializeSchema(InitializeSchema.NEVER);
        if (count > 1) {
          store
              .cluster("node-" + node)
              .heartbeatInterval(Duration.ofSeconds(1))
              .pollInterval(Duration.ofMillis(500));
        }
        nodes.add(
            Scheduler.builder()
                .threadPool(THREADS, THREADS, Duration.ofMinutes(1))
                .runHistory(history)
                .jobStore("default", store.build())
                .registerTask("bench", context -> counter.ran(Integer.parseInt(context.job().id())))
                .build());
      }
    }

    @Override
    public void start() {
      for (Scheduler node : nodes) {
        node.start();
      }
    }

    @Override
    public void stop(HikariDataSource admin) throws Exception {
      for (Scheduler node : nodes) {
        node.shutdown(true);
      }
      for (HikariDataSource pool : pools) {
        pool.close();
      }
      long left = Postgres.count(admin, "SELECT count(*) FROM " + TABLE);
      long running = Postgres.count(admin, "SELECT count(*) FROM " + TABLE + "_running");
      long records = Postgres.count(admin, "SELECT count(*) FROM " + TABLE + "_runs");
      dropTables(admin);
      if (left != 0 || running != 0) {
        throw new IllegalStateException(
            name() + ": " + left + " jobs and " + running + " running records left after the run");
      }
      if (records != (history ? jobs : 0)) {
        throw new IllegalStateException(
            name() + ": " + records + " run history records for " + jobs + " runs");
      }
    }

    private static void dropTables(HikariDataSource admin) throws Exception {
      Postgres.runScript(
          admin,
          "DROP TABLE IF EXISTS "
              + TABLE
              + "; DROP TABLE IF EXISTS "
              + TABLE
              + "_running; DROP TABLE IF EXISTS "
              + TABLE
              + "_nodes; DROP TABLE IF EXISTS "
              + TABLE
              + "_runs");
    }
  }

  private static final class QuartzClustered implements Contender {
    private final List<org.quartz.Scheduler> nodes = new ArrayList<>();
    private String cluster;

    @Override
    public String name() {
      return "quartz-jdbc-clustered";
    }

    @Override
    public int share(int jobs) {
      return jobs / 10;
    }

    @Override
    public void prepare(HikariDataSource admin, int jobs, int count, RunCounter counter)
        throws Exception {
      Postgres.runScript(
          admin,
          "TRUNCATE qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_scheduler_state,"
              + " qrtz_locks, qrtz_simple_triggers, qrtz_cron_triggers, qrtz_simprop_triggers,"
              + " qrtz_blob_triggers, qrtz_triggers, qrtz_job_details, qrtz_calendars");
      QuartzCountingJob.countInto(counter);
      cluster = "bench-cluster-" + CLUSTERS.incrementAndGet();
      nodes.clear();
      nodes.add(QuartzSetup.clustered(cluster, 0, THREADS, Postgres.URL));
      Date due = new Date();
      Map<JobDetail, Set<? extends Trigger>> batch = new HashMap<>(jobs * 2);
      for (int i = 0; i < jobs; i++) {
        JobDetail job =
            JobBuilder.newJob(QuartzCountingJob.class)
                .withIdentity("job-" + i)
                .usingJobData(QuartzCountingJob.INDEX, i)
                .build();
        batch.put(
            job, Set.of(TriggerBuilder.newTrigger().withIdentity("t-" + i).startAt(due).build()));
      }
      nodes.get(0).scheduleJobs(batch, false);
      for (int node = 1; node < count; node++) {
        nodes.add(QuartzSetup.clustered(cluster, node, THREADS, Postgres.URL));
      }
    }

    @Override
    public void start() throws Exception {
      for (org.quartz.Scheduler node : nodes) {
        node.start();
      }
    }

    @Override
    public void stop(HikariDataSource admin) throws Exception {
      for (org.quartz.Scheduler node : nodes) {
        node.shutdown(true);
      }
      long left = Postgres.count(admin, "SELECT count(*) FROM qrtz_triggers");
      if (left != 0) {
        throw new IllegalStateException(name() + ": " + left + " triggers left after the run");
      }
    }
  }

  private static final class DbScheduler implements Contender {
    private final List<com.github.kagkarlsson.scheduler.Scheduler> nodes = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private OneTimeTask<Void> task;

    @Override
    public String name() {
      return "db-scheduler";
    }

    @Override
    public void prepare(HikariDataSource admin, int jobs, int count, RunCounter counter)
        throws Exception {
      Postgres.runScript(admin, "TRUNCATE scheduled_tasks");
      task =
          Tasks.oneTime("bench")
              .execute((instance, context) -> counter.ran(Integer.parseInt(instance.getId())));
      List<TaskInstance<?>> instances = new ArrayList<>(jobs);
      for (int i = 0; i < jobs; i++) {
        instances.add(task.instance(Integer.toString(i)));
      }
      SchedulerClient.Builder.create(admin, task).build().scheduleBatch(instances, Instant.now());
      nodes.clear();
      pools.clear();
      for (int node = 0; node < count; node++) {
        HikariDataSource pool = Postgres.pool("db-scheduler-node-" + node, THREADS + 2);
        pools.add(pool);
        nodes.add(
            com.github.kagkarlsson.scheduler.Scheduler.create(pool, task)
                .threads(THREADS)
                .pollUsingLockAndFetch(1.0, 4.0)
                .pollingInterval(Duration.ofSeconds(1))
                .schedulerName(new SchedulerName.Fixed("node-" + node))
                .build());
      }
    }

    @Override
    public void start() {
      for (com.github.kagkarlsson.scheduler.Scheduler node : nodes) {
        node.start();
      }
    }

    @Override
    public void stop(HikariDataSource admin) throws Exception {
      for (com.github.kagkarlsson.scheduler.Scheduler node : nodes) {
        node.stop();
      }
      for (HikariDataSource pool : pools) {
        pool.close();
      }
      long left = Postgres.count(admin, "SELECT count(*) FROM scheduled_tasks");
      if (left != 0) {
        throw new IllegalStateException(name() + ": " + left + " executions left after the run");
      }
    }
  }
}
