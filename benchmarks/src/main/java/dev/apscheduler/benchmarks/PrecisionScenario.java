package dev.apscheduler.benchmarks;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.quartz.JobBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * {@code precision}: 1,000 jobs every second, all on the same whole seconds, for 60 seconds (10
 * with {@code --quick}): lateness percentiles of the run starts.
 */
final class PrecisionScenario implements Scenario {

  private static final int JOBS = 1_000;

  /** Fire times at the start of each system's run that are checked but not measured (JIT). */
  private static final int WARM_UP_FIRES = 5;

  private interface Contender {
    String name();

    /** Starts the system with the jobs, first due at {@code firstFire}, every second. */
    void start(Instant firstFire, LatenessRecorder recorder) throws Exception;

    void stop() throws Exception;
  }

  @Override
  public String name() {
    return "precision";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    int seconds = quick ? 10 : 60;
    for (Contender contender : List.of(new ThisProject(), new QuartzRam(), new JdkExecutor())) {
      if (!BenchmarkMain.selected(contender.name())) {
        continue;
      }
      Heap.collect();
      Instant firstFire = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
      int fires = WARM_UP_FIRES + seconds;
      LatenessRecorder recorder = new LatenessRecorder(firstFire, JOBS, fires, WARM_UP_FIRES);
      contender.start(firstFire, recorder);
      Instant stopAt = firstFire.plusSeconds(fires - 1).plusMillis(500);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), stopAt).toMillis()));
      contender.stop();
      recorder.verifyExactlyOnce(contender.name());
      String metric = JOBS + " jobs every second, " + seconds + " s: lateness ";
      table.add(
          name(), metric + "p50", "ms", false, contender.name(), recorder.percentileMillis(50));
      table.add(
          name(), metric + "p99", "ms", false, contender.name(), recorder.percentileMillis(99));
      table.add(name(), metric + "max", "ms", false, contender.name(), recorder.maxMillis());
      System.out.printf(
          "  precision %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,d runs, %d started early)%n",
          contender.name(),
          recorder.percentileMillis(50),
          recorder.percentileMillis(99),
          recorder.maxMillis(),
          recorder.samples(),
          recorder.early());
      if (recorder.early() > 0) {
        table.note(
            name(),
            contender.name() + " started " + recorder.early() + " runs early (counted as 0 ms)");
      }
      table.target(name(), metric + "p99", 5);
    }
    table.note(
        name(),
        "One run of each system; the first "
            + WARM_UP_FIRES
            + " seconds are the warm-up (checked for exactly-once, not in the percentiles). "
            + DispatchScenario.THREADS
            + " worker threads each.");
  }

  private static final class ThisProject implements Contender {
    private Scheduler scheduler;

    @Override
    public String name() {
      return ResultTable.THIS_PROJECT;
    }

    @Override
    public void start(Instant firstFire, LatenessRecorder recorder) {
      scheduler =
          Scheduler.builder()
              .threadPool(DispatchScenario.THREADS, DispatchScenario.THREADS, Duration.ofMinutes(1))
              .build();
      scheduler.start();
      IntervalTrigger trigger =
          IntervalTrigger.builder().seconds(1).startDate(firstFire.atZone(ZoneOffset.UTC)).build();
      for (int i = 0; i < JOBS; i++) {
        int index = i;
        scheduler.addJob(
            JobSpec.builder()
                .id("job-" + i)
                .task(ctx -> recorder.ran(index, ctx.scheduledFireTime().toInstant()))
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
    public void start(Instant firstFire, LatenessRecorder recorder) throws Exception {
      QuartzLatenessJob.recordInto(recorder);
      scheduler = QuartzSetup.ram(DispatchScenario.THREADS);
      scheduler.start();
      for (int i = 0; i < JOBS; i++) {
        scheduler.scheduleJob(
            JobBuilder.newJob(QuartzLatenessJob.class)
                .withIdentity("job-" + i)
                .usingJobData(QuartzCountingJob.INDEX, i)
                .build(),
            TriggerBuilder.newTrigger()
                .withIdentity("t-" + i)
                .startAt(Date.from(firstFire))
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule().withIntervalInSeconds(1).repeatForever())
                .build());
      }
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
    public void start(Instant firstFire, LatenessRecorder recorder) {
      executor = new ScheduledThreadPoolExecutor(DispatchScenario.THREADS);
      executor.prestartAllCoreThreads();
      for (int i = 0; i < JOBS; i++) {
        int index = i;
        long delay = Duration.between(Instant.now(), firstFire).toNanos();
        executor.scheduleAtFixedRate(
            new Runnable() {
              private int runs;

              @Override
              public void run() {
                recorder.ran(index, firstFire.plusSeconds(runs++));
              }
            },
            delay,
            TimeUnit.SECONDS.toNanos(1),
            TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void stop() throws Exception {
      executor.shutdownNow();
      executor.awaitTermination(1, TimeUnit.MINUTES);
    }
  }
}
