package dev.apscheduler.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import dev.apscheduler.spring.boot.dashboard.DashboardActivity;
import dev.apscheduler.spring.boot.dashboard.DashboardService;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.JobPage;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code dashboard}: how long the web dashboard's answers take over 10,000 jobs in a PostgreSQL
 * {@link JdbcJobStore}, called in-process on its {@link DashboardService} (what the JSON API
 * serializes): the overview, the first page of 50 jobs, a text-filtered page whose matches are the
 * last jobs (the filter's worst case: it reads the store in chunks to the end), and one job with
 * its next ten fire times and run history. For comparison, reading every job, which is what a page
 * cost before stores could read one page.
 */
final class DashboardScenario implements Scenario {

  private static final String TABLE = "bench_dashboard_jobs";
  private static final int JOBS = 10_000;

  @Override
  public String name() {
    return "dashboard";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    int samples = quick ? 50 : 200;
    try (HikariDataSource pool = Postgres.pool("bench-dashboard", 4)) {
      Postgres.runScript(pool, dropTables());
      JdbcJobStore store =
          JdbcJobStore.builder(pool)
              .tableName(TABLE)
              .initializeSchema(InitializeSchema.ALWAYS)
              .build();
      Scheduler scheduler =
          Scheduler.builder()
              .runLoop(false)
              .runHistory(true)
              .jobStore("default", store)
              .registerTask("bench", context -> {})
              .build();
      SchedulerJobStatistics statistics = new SchedulerJobStatistics();
      DashboardActivity activity = new DashboardActivity();
      scheduler.addListener(statistics, EventType.values());
      scheduler.addListener(activity, EventType.values());
      scheduler.start();
      try {
        scheduler.addJobs(specs());
        DashboardService dashboard = new DashboardService(scheduler, statistics, activity);
        String last = String.format("job-%05d", JOBS - 1);
        measure(table, "overview", samples, dashboard::overview);
        measure(table, "first page of 50 jobs", samples, () -> page(dashboard, null, 0));
        measure(
            table,
            "page 100 of 50 jobs (offset 4,950)",
            samples,
            () -> page(dashboard, null, 4_950));
        measure(
            table,
            "text-filtered page, matches at the end",
            Math.max(10, samples / 10),
            () -> page(dashboard, "job-099", 0));
        measure(
            table, "one job: options, 10 fire times, history", samples, () -> dashboard.job(last));
        measure(
            table,
            "every job read (a page before JobStore.getJobs(offset, limit))",
            Math.max(10, samples / 10),
            () -> scheduler.getJobs("default"));
        table.target(name(), metric("overview"), 100);
        table.target(name(), metric("first page of 50 jobs"), 100);
        table.note(
            name(),
            String.format("%,d", JOBS)
                + " jobs (half interval, half cron) in PostgreSQL "
                + Postgres.version(pool)
                + " through a pool of 4 connections; a started scheduler whose loop does not run;"
                + " DashboardService called in-process, after "
                + samples
                + " warm-up calls each.");
      } finally {
        scheduler.shutdown(true);
        Postgres.runScript(pool, dropTables());
      }
    }
  }

  private static JobPage page(DashboardService dashboard, String text, int offset) {
    JobPage page = dashboard.jobs(null, null, text, offset, 50);
    if (page.jobs().isEmpty()) {
      throw new IllegalStateException("an empty page at offset " + offset + " for " + text);
    }
    return page;
  }

  private void measure(ResultTable table, String what, int samples, Supplier<?> call) {
    for (int i = 0; i < samples; i++) {
      call.get();
    }
    for (int i = 0; i < samples; i++) {
      long start = System.nanoTime();
      call.get();
      table.add(
          name(),
          metric(what),
          "ms",
          false,
          ResultTable.THIS_PROJECT,
          (System.nanoTime() - start) / 1e6);
    }
  }

  private static String metric(String what) {
    return what + ", " + String.format("%,d", JOBS) + " jobs";
  }

  private static List<JobSpec> specs() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    List<JobSpec> specs = new ArrayList<>(JOBS);
    for (int i = 0; i < JOBS; i++) {
      specs.add(
          JobSpec.builder()
              .id(String.format("job-%05d", i))
              .name("Job " + i)
              .task("bench")
              .trigger(
                  i % 2 == 0
                      ? IntervalTrigger.of(Duration.ofMinutes(10 + i % 500))
                      : CronTrigger.builder()
                          .minute(Integer.toString(i % 60))
                          .hour("*/" + (1 + i % 6))
                          .timezone(berlin)
                          .build())
              .build());
    }
    return specs;
  }

  private static String dropTables() {
    return "DROP TABLE IF EXISTS "
        + TABLE
        + "_runs; DROP TABLE IF EXISTS "
        + TABLE
        + "_running; DROP TABLE IF EXISTS "
        + TABLE
        + "_nodes; DROP TABLE IF EXISTS "
        + TABLE;
  }
}
