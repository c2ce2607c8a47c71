package dev.apscheduler.benchmarks;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * {@code dispatch}: 100,000 one-shot jobs with a trivial body, all due at the same instant; the
 * time from that instant until the last has run gives jobs per second. The jobs are added ahead of
 * the instant on a started system, so adding is not timed.
 */
final class DispatchScenario implements Scenario {

  static final int THREADS = 20;
  private static final int JOBS = 100_000;
  private static final String METRIC = "100k one-shot jobs due at once";
  private static final Duration FIRST_LEAD = Duration.ofSeconds(2);

  /** A system under test in this scenario. */
  private interface Contender {
    String name();

    /** Starts the system and adds jobs {@code 0..jobs-1}, all due at {@code dueAt}. */
    void startAndAdd(int jobs, Instant dueAt, long dueNanos, RunCounter counter) throws Exception;

    void stop() throws Exception;
  }

  @Override
  public String name() {
    return "dispatch";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    List<Contender> systems =
        List.of(new ThisProject(true), new ThisProject(false), new QuartzRam(), new JdkExecutor());
    Map<String, Long> leadNanos = new LinkedHashMap<>();
    int rounds = quick ? 3 : 7;
    for (int round = -1; round < rounds; round++) {
      for (int k = 0; k < systems.size(); k++) {
        Contender system = systems.get(Math.floorMod(k + round, systems.size()));
        double rate = runOnce(system, leadNanos);
        if (round >= 0) {
          table.add(name(), METRIC, "jobs/s", true, system.name(), rate);
        }
        System.out.printf(
            "  dispatch %s %s: %s jobs/s%n",
            round < 0 ? "warm-up" : "round " + (round + 1),
            system.name(),
            ResultTable.format(rate));
      }
    }
    table.target(name(), METRIC, 450_000);
    table.note(
        name(),
        THREADS
            + " worker threads each; jobs added before their due instant, time measured from"
            + " it to the last run.");
  }

  private static double runOnce(Contender system, Map<String, Long> leadNanos) throws Exception {
    while (true) {
      Heap.collect();
      long lead = leadNanos.getOrDefault(system.name(), FIRST_LEAD.toNanos());
      RunCounter counter = new RunCounter(JOBS);
      long dueNanos = System.nanoTime() + lead;
      Instant dueAt = Instant.now().plusNanos(lead);
      long addStart = System.nanoTime();
      system.startAndAdd(JOBS, dueAt, dueNanos, counter);
      long addEnd = System.nanoTime();
      long finished = counter.awaitAll(Duration.ofMinutes(2));
      system.stop();
      counter.verifyExactlyOnce(system.name());
      leadNanos.put(
          system.name(), Math.max(Duration.ofMillis(300).toNanos(), 2 * (addEnd - addStart)));
      if (addEnd < dueNanos) {
        return JOBS / ((finished - dueNanos) / 1e9);
      }
      System.out.println(
          "  (" + system.name() + ": adding ran past the due instant; again with more lead)");
    }
  }

  /** This project with run history on (the default) or off. */
  private static final class ThisProject implements Contender {
    private final boolean history;
    private Scheduler scheduler;

    ThisProject(boolean history) {
      this.history = history;
    }

    @Override
    public String name() {
      return history ? ResultTable.THIS_PROJECT : ResultTable.THIS_PROJECT + " (history off)";
    }

    @Override
    public void startAndAdd(int jobs, Instant dueAt, long dueNanos, RunCounter counter) {
      scheduler =
          Scheduler.builder()
              .threadPool(THREADS, THREADS, Duration.ofMinutes(1))
              .misfireGraceTime(Duration.ofMinutes(1))
              .runHistory(history)
              .build();
      scheduler.start();
      DateTrigger trigger = DateTrigger.of(dueAt.atZone(ZoneOffset.UTC));
      for (int i = 0; i < jobs; i++) {
        int index = i;
        scheduler.addJob(
            JobSpec.builder()
                .id("job-" + i)
                .task(() -> counter.ran(index))
                .trigger(trigger)
                .build());
      }
    }

    @Override
    public void stop() {
      scheduler.shutdown(true);
    }
  }

  private static final class QuartzRam implements Contender {
    private org.quartz.Scheduler scheduler;

    @Override
    public String name() {
      return "quartz-ram";
    }

    @Override
    public void startAndAdd(int jobs, Instant dueAt, long dueNanos, RunCounter counter)
        throws Exception {
      QuartzCountingJob.countInto(counter);
      scheduler = QuartzSetup.ram(THREADS);
      scheduler.start();
      Date due = Date.from(dueAt);
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
      scheduler.scheduleJobs(batch, false);
    }

    @Override
    public void stop() throws Exception {
      scheduler.shutdown(true);
    }
  }

  private static final class JdkExecutor implements Contender {
    private ScheduledThreadPoolExecutor executor;

    @Override
    public String name() {
      return "jdk-scheduled-executor";
    }

    @Override
    public void startAndAdd(int jobs, Instant dueAt, long dueNanos, RunCounter counter) {
      executor = new ScheduledThreadPoolExecutor(THREADS);
      executor.prestartAllCoreThreads();
      for (int i = 0; i < jobs; i++) {
        int index = i;
        executor.schedule(
            () -> counter.ran(index), dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void stop() throws Exception {
      executor.shutdown();
      executor.awaitTermination(1, TimeUnit.MINUTES);
    }
  }
}
