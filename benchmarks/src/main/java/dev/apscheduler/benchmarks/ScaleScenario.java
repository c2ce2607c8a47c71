package dev.apscheduler.benchmarks;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.spi.OperableTrigger;

/**
 * {@code scale}: a million jobs, half interval and half cron, added one by one to a memory store:
 * the add rate, the heap retained per job (heap in use after full collections, before and after,
 * with the scheduler strongly held), and the time to find the next due job.
 *
 * <p>Quartz gets a fifth of the jobs (its per-job footprint would not fit the default heap
 * otherwise); per-job figures do not depend on the count. The JDK executor has no cron schedule, so
 * all its tasks are fixed-rate ones.
 */
final class ScaleScenario implements Scenario {

  private static final String ADD = "add jobs (interval + cron)";
  private static final String HEAP = "retained heap per job";
  private static final String FIND = "find the next due job";
  private static final int FIND_OPS = 200_000;
  private static final ZoneId ZONE = ZoneId.systemDefault();

  /** What one contender measured in one round. */
  private record Result(double addsPerSecond, double bytesPerJob, double findNanos) {}

  private interface Contender {
    String name();

    /** How many jobs this contender gets out of {@code jobs}. */
    default int share(int jobs) {
      return jobs;
    }

    Result measure(int jobs) throws Exception;
  }

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    int jobs = quick ? 200_000 : 1_000_000;
    int rounds = quick ? 2 : 3;
    List<Contender> contenders = List.of(new ThisProject(), new QuartzRam(), new JdkExecutor());
    for (int round = -1; round < rounds; round++) {
      for (int k = 0; k < contenders.size(); k++) {
        Contender contender = contenders.get(Math.floorMod(k + round, contenders.size()));
        int count = contender.share(round < 0 ? jobs / 10 : jobs);
        Heap.collect();
        Result result = contender.measure(count);
        Heap.collect();
        System.out.printf(
            "  scale %s %s, %,d jobs: %s jobs/s added, %s bytes/job, next due found in %s ns%n",
            round < 0 ? "warm-up" : "round " + (round + 1),
            contender.name(),
            count,
            ResultTable.format(result.addsPerSecond()),
            ResultTable.format(result.bytesPerJob()),
            ResultTable.format(result.findNanos()));
        if (round >= 0) {
          String name = contender.name() + " (" + count / 1000 + "k jobs)";
          table.add(name(), ADD, "jobs/s", true, name, result.addsPerSecond());
          table.add(name(), HEAP, "bytes", false, name, result.bytesPerJob());
          table.add(name(), FIND, "ns", false, name, result.findNanos());
        }
      }
    }
    table.note(
        name(),
        "Quartz is measured with a fifth of the jobs; the JDK executor with fixed-rate tasks only"
            + " (it has no cron). Finding the next due job: this project getDueJobs(now, 1) on its"
            + " MemoryJobStore, Quartz RAMJobStore acquireNextTriggers + releaseAcquiredTrigger,"
            + " JDK getQueue().peek().");
    table.note(
        name(),
        "Targets for this project at 1,000,000 jobs (full run): <= 600 bytes/job, >= 500,000"
            + " jobs/s added.");
  }

  private static Trigger trigger(int i) {
    return i % 2 == 0
        ? IntervalTrigger.of(Duration.ofSeconds(3600 + i % 60))
        : CronTrigger.fromCrontab(i % 60 + " 3 * * *", ZONE);
  }

  private static final class ThisProject implements Contender {
    @Override
    public String name() {
      return ResultTable.THIS_PROJECT;
    }

    @Override
    public Result measure(int jobs) throws Exception {
      MemoryJobStore store = new MemoryJobStore();
      Scheduler scheduler =
          Scheduler.builder()
              .threadPool(DispatchScenario.THREADS, DispatchScenario.THREADS, Duration.ofMinutes(1))
              .jobStore("default", store)
              .build();
      scheduler.start();
      Runnable task = () -> {};
      long before = Heap.usedAfterGc();
      long start = System.nanoTime();
      for (int i = 0; i < jobs; i++) {
        scheduler.addJob(JobSpec.builder().id("job-" + i).task(task).trigger(trigger(i)).build());
      }
      long added = System.nanoTime() - start;
      long after = Heap.usedAfterGc();
      if (store.countJobs() != jobs) {
        throw new IllegalStateException("store holds " + store.countJobs() + " jobs, not " + jobs);
      }
      Instant next = store.getNextRunTime().orElseThrow();
      int found = 0;
      long findStart = System.nanoTime();
      for (int i = 0; i < FIND_OPS; i++) {
        List<Job> due = store.getDueJobs(next, 1);
        found += due.size();
      }
      long find = System.nanoTime() - findStart;
      if (found != FIND_OPS) {
        throw new IllegalStateException("the next due job was not found every time");
      }
      Reference.reachabilityFence(scheduler);
      scheduler.shutdown(false);
      return new Result(
          jobs / (added / 1e9), (after - before) / (double) jobs, find / (double) FIND_OPS);
    }
  }

  private static final class QuartzRam implements Contender {
    @Override
    public String name() {
      return "quartz-ram";
    }

    @Override
    public int share(int jobs) {
      return jobs / 5;
    }

    @Override
    public Result measure(int jobs) throws Exception {
      org.quartz.Scheduler scheduler = QuartzSetup.ram(DispatchScenario.THREADS);
      BenchRamJobStore store = BenchRamJobStore.last();
      long now = System.currentTimeMillis();
      long before = Heap.usedAfterGc();
      long start = System.nanoTime();
      for (int i = 0; i < jobs; i++) {
        JobDetail job = JobBuilder.newJob(QuartzCountingJob.class).withIdentity("job-" + i).build();
        int seconds = 3600 + i % 60;
        org.quartz.Trigger trigger =
            i % 2 == 0
                ? TriggerBuilder.newTrigger()
                    .withIdentity("t-" + i)
                    .startAt(new Date(now + seconds * 1000L))
                    .withSchedule(
                        SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInSeconds(seconds)
                            .repeatForever())
                    .build()
                : TriggerBuilder.newTrigger()
                    .withIdentity("t-" + i)
                    .withSchedule(CronScheduleBuilder.cronSchedule("0 " + i % 60 + " 3 * * ?"))
                    .build();
        scheduler.scheduleJob(job, trigger);
      }
      long added = System.nanoTime() - start;
      long after = Heap.usedAfterGc();
      long findStart = System.nanoTime();
      for (int i = 0; i < FIND_OPS; i++) {
        List<OperableTrigger> acquired = store.acquireNextTriggers(Long.MAX_VALUE / 2, 1, 0);
        if (acquired.size() != 1) {
          throw new IllegalStateException("Quartz did not find the next due trigger");
        }
        store.releaseAcquiredTrigger(acquired.get(0));
      }
      long find = System.nanoTime() - findStart;
      Reference.reachabilityFence(scheduler);
      scheduler.shutdown(false);
      return new Result(
          jobs / (added / 1e9), (after - before) / (double) jobs, find / (double) FIND_OPS);
    }
  }

  private static final class JdkExecutor implements Contender {
    @Override
    public String name() {
      return "jdk-scheduled-executor";
    }

    @Override
    public Result measure(int jobs) throws Exception {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(DispatchScenario.THREADS);
      executor.prestartAllCoreThreads();
      Runnable task = () -> {};
      long before = Heap.usedAfterGc();
      long start = System.nanoTime();
      for (int i = 0; i < jobs; i++) {
        long seconds = 3600 + i % 60;
        executor.scheduleAtFixedRate(task, seconds, seconds, TimeUnit.SECONDS);
      }
      long added = System.nanoTime() - start;
      long after = Heap.usedAfterGc();
      long findStart = System.nanoTime();
      int found = 0;
      for (int i = 0; i < FIND_OPS; i++) {
        found += executor.getQueue().peek() != null ? 1 : 0;
      }
      long find = System.nanoTime() - findStart;
      if (found != FIND_OPS) {
        throw new IllegalStateException("the next task was not found every time");
      }
      executor.shutdownNow();
      return new Result(
          jobs / (added / 1e9), (after - before) / (double) jobs, find / (double) FIND_OPS);
    }
  }
}
