package dev.apscheduler.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bulk-add}: the time to add 20,000 one-shot jobs to a PostgreSQL {@link JdbcJobStore}, in
 * one {@code Scheduler.addJobs} call (one transaction of batched inserts), in one {@code
 * JdbcJobStore.addJobs} call (the store alone, without the scheduler's checks), and with one {@code
 * Scheduler.addJob} call per job. Each measurement starts on a new, empty table.
 */
final class BulkAddScenario implements Scenario {

  private static final String TABLE = "bench_bulk_add_jobs";
  private static final String METRIC_PREFIX = "add one-shot jobs to PostgreSQL, ";
  private static final String PER_JOB = "Scheduler.addJob, one call per job";
  private static final String STORE_ALONE = "JdbcJobStore.addJobs, one call";
  private static final String BATCHED = ResultTable.THIS_PROJECT + " Scheduler.addJobs, one call";

  /** One way of adding the jobs, timed from the first call to the last return. */
  private interface Way {
    void add(Scheduler scheduler, JdbcJobStore store, List<JobSpec> specs, List<Job> jobs);
  }

  @Override
  public String name() {
    return "bulk-add";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    int count = quick ? 5_000 : 20_000;
    int rounds = quick ? 1 : 3;
    String metric = METRIC_PREFIX + String.format("%,d", count);
    Way perJob = (scheduler, store, specs, jobs) -> specs.forEach(scheduler::addJob);
    Way storeAlone = (scheduler, store, specs, jobs) -> store.addJobs(jobs);
    Way batched = (scheduler, store, specs, jobs) -> scheduler.addJobs(specs);
    try (HikariDataSource pool = Postgres.pool("bench-bulk-add", 4)) {
      for (int round = 0; round <= rounds; round++) {
        boolean warmUp = round == 0;
        for (String system : List.of(PER_JOB, STORE_ALONE, BATCHED)) {
          Way way =
              system.equals(PER_JOB) ? perJob : system.equals(STORE_ALONE) ? storeAlone : batched;
          double millis = timeOnce(pool, way, warmUp ? count / 4 : count);
          System.out.printf(
              "  bulk-add %s, %s: %.0f ms%n",
              warmUp ? "warm-up" : "round " + round, system, millis);
          if (!warmUp) {
            table.add(name(), metric, "ms", false, system, millis);
          }
        }
      }
      table.note(name(), "PostgreSQL " + Postgres.version(pool) + " at " + Postgres.URL + ".");
    }
    table.target(name(), metric, 1_000);
    table.note(
        name(),
        "Jobs with a DateTrigger a day ahead, added to a started scheduler whose loop does not run,"
            + " through a pool of 4 connections; the job specs (or jobs) are built before the clock"
            + " starts; the count of rows is checked after each run. addJobs writes one"
            + " transaction of batched inserts (1,000 rows a batch).");
  }

  private static double timeOnce(HikariDataSource pool, Way way, int count) throws Exception {
    Postgres.runScript(pool, dropTables());
    JdbcJobStore store =
        JdbcJobStore.builder(pool)
            .tableName(TABLE)
            .initializeSchema(InitializeSchema.ALWAYS)
            .build();
    Scheduler scheduler =
        Scheduler.builder()
            .runLoop(false)
            .jobStore("default", store)
            .registerTask("bench", context -> {})
            .build();
    scheduler.start();
    try {
      Instant due = Instant.now().plus(Duration.ofDays(1));
      DateTrigger trigger = DateTrigger.of(due.atZone(ZoneOffset.UTC));
      List<JobSpec> specs = new ArrayList<>(count);
      List<Job> jobs = new ArrayList<>(count);
      TaskRegistry tasks = new TaskRegistry();
      tasks.register("bench", context -> {});
      for (int i = 0; i < count; i++) {
        String id = "bulk-" + i;
        specs.add(JobSpec.builder().id(id).task("bench").trigger(trigger).build());
        jobs.add(Job.builder(id, tasks.resolve("bench"), trigger).nextRunTime(due).build());
      }
      Heap.collect();
      long start = System.nanoTime();
      way.add(scheduler, store, specs, jobs);
      double millis = (System.nanoTime() - start) / 1e6;
      long stored = Postgres.count(pool, "SELECT count(*) FROM " + TABLE);
      if (stored != count) {
        throw new IllegalStateException(stored + " rows stored, expected " + count);
      }
      return millis;
    } finally {
      scheduler.shutdown(true);
      Postgres.runScript(pool, dropTables());
    }
  }

  private static String dropTables() {
    return "DROP TABLE IF EXISTS "
        + TABLE
        + "; DROP TABLE IF EXISTS "
        + TABLE
        + "_running; DROP TABLE IF EXISTS "
        + TABLE
        + "_nodes";
  }
}
