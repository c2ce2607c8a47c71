package dev.apscheduler.benchmarks;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.quartz.JobBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * {@code addrunning}: jobs added as an application adds them, to a running scheduler, each with a
 * trigger of its own and a new id. Two measurements per system: jobs due now (each {@code
 * DateTrigger.of(ZonedDateTime.now())}), timed from the first add to the last run; and future jobs
 * (each its own hourly interval trigger), timed while adding. Both report throughput and the
 * process CPU time per job, which counts every thread (the adding one, the loop, the workers).
 */
final class AddWhileRunningScenario implements Scenario {

  /**
   * Full-size rounds run before the measured ones: the JIT compiles this project's add and run
   * paths over the first few hundred thousand jobs, and its compile time is process CPU too.
   */
  private static final int WARM_UP_ROUNDS = 3;

  private static final String DUE_NOW = "add + run due-now jobs, own trigger each";
  private static final String DUE_NOW_CPU = "CPU per due-now job (add + run)";
  private static final String FUTURE = "add future jobs, own trigger each";
  private static final String FUTURE_CPU = "CPU per future job added";

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** A system under test: adds jobs to itself while running. */
  private interface Contender {
    String name();

    /** How many of {@code jobs} this system gets (Quartz is too slow for all of them). */
    default int share(int jobs) {
      return jobs;
    }

    /** Starts the system. */
    void start() throws Exception;

    /** Adds job {@code index}, due now, counting its run into {@code counter}. */
    void addDueNow(int index, RunCounter counter) throws Exception;

    /** Adds job {@code index}, due in an hour and every hour after. */
    void addFuture(int index) throws Exception;

    void stop() throws Exception;
  }

  @Override
  public String name() {
    return "addrunning";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    int dueNow = quick ? 50_000 : 100_000;
    int future = quick ? 200_000 : 1_000_000;
    int rounds = quick ? 2 : 5;
    int warmUps = quick ? 1 : WARM_UP_ROUNDS;
    List<Contender> systems = List.of(new ThisProject(), new QuartzRam(), new JdkExecutor());
    for (int round = -warmUps; round < rounds; round++) {
      for (int k = 0; k < systems.size(); k++) {
        Contender system = systems.get(Math.floorMod(k + round, systems.size()));
        boolean record = round >= 0;
        int n = system.share(dueNow);
        double[] now = dueNowRound(system, n);
        int m = system.share(future);
        double[] later = futureRound(system, m);
        System.out.printf(
            "  addrunning %s %s: due-now %s jobs/s at %.2f µs CPU/job (%,d); future %s adds/s at"
                + " %.2f µs CPU/add (%,d)%n",
            record ? "round " + (round + 1) : "warm-up",
            system.name(),
            ResultTable.format(now[0]),
            now[1],
            n,
            ResultTable.format(later[0]),
            later[1],
            m);
        if (record) {
          table.add(name(), DUE_NOW, "jobs/s", true, system.name(), now[0]);
          table.add(name(), DUE_NOW_CPU, "µs", false, system.name(), now[1]);
          table.add(name(), FUTURE, "jobs/s", true, system.name(), later[0]);
          table.add(name(), FUTURE_CPU, "µs", false, system.name(), later[1]);
        }
      }
    }
    table.note(
        name(),
        DispatchScenario.THREADS
            + " worker threads each. Quartz (RAMJobStore) gets a tenth of the jobs. "
            + WARM_UP_ROUNDS
            + " full-size warm-up rounds per system first. CPU is the"
            + " process CPU time over the measured span divided by the jobs; target for this"
            + " project: <= 2 µs per job, or within 3x of the JDK executor.");
  }

  /** Jobs per second from the first add to the last run, and µs of CPU per job. */
  private static double[] dueNowRound(Contender system, int jobs) throws Exception {
    Heap.collect();
    RunCounter counter = new RunCounter(jobs);
    system.start();
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < jobs; i++) {
      system.addDueNow(i, counter);
    }
    long finished = counter.awaitAll(Duration.ofMinutes(5));
    long cpuUsed = OS.getProcessCpuTime() - cpu;
    system.stop();
    counter.verifyExactlyOnce(system.name());
    return new double[] {jobs / ((finished - start) / 1e9), cpuUsed / 1e3 / jobs};
  }

  /** Adds per second and µs of CPU per add. */
  private static double[] futureRound(Contender system, int jobs) throws Exception {
    Heap.collect();
    system.start();
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < jobs; i++) {
      system.addFuture(i);
    }
    long elapsed = System.nanoTime() - start;
    long cpuUsed = OS.getProcessCpuTime() - cpu;
    system.stop();
    return new double[] {jobs / (elapsed / 1e9), cpuUsed / 1e3 / jobs};
  }

  private static final class ThisProject implements Contender {
    private Scheduler scheduler;

    @Override
    public String name() {
      return ResultTable.THIS_PROJECT;
    }

    @Override
    public void start() {
      scheduler =
          Scheduler.builder()
              .threadPool(DispatchScenario.THREADS, DispatchScenario.THREADS, Duration.ofMinutes(1))
              .misfireGraceTime(Duration.ofMinutes(1))
              .build();
      scheduler.start();
    }

    @Override
    public void addDueNow(int index, RunCounter counter) {
      scheduler.addJob(
          JobSpec.builder()
              .id("now-" + index)
              .task(() -> counter.ran(index))
              .trigger(DateTrigger.of(ZonedDateTime.now()))
              .build());
    }

    @Override
    public void addFuture(int index) {
      scheduler.addJob(
          JobSpec.builder()
              .id("future-" + index)
              .task(() -> {})
              .trigger(IntervalTrigger.of(Duration.ofHours(1)))
              .build());
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
    public int share(int jobs) {
      return jobs / 10;
    }

    @Override
    public void start() throws Exception {
      scheduler = QuartzSetup.ram(DispatchScenario.THREADS);
      scheduler.start();
    }

    @Override
    public void addDueNow(int index, RunCounter counter) throws Exception {
      QuartzCountingJob.countInto(counter);
      scheduler.scheduleJob(
          JobBuilder.newJob(QuartzCountingJob.class)
              .withIdentity("now-" + index)
              .usingJobData(QuartzCountingJob.INDEX, index)
              .build(),
          TriggerBuilder.newTrigger().withIdentity("t-now-" + index).startNow().build());
    }

    @Override
    public void addFuture(int index) throws Exception {
      scheduler.scheduleJob(
          JobBuilder.newJob(QuartzCountingJob.class).withIdentity("future-" + index).build(),
          TriggerBuilder.newTrigger()
              .withIdentity("t-future-" + index)
              .startAt(new Date(System.currentTimeMillis() + 3_600_000L))
              .withSchedule(SimpleScheduleBuilder.repeatHourlyForever())
              .build());
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
    public void start() {
      executor = new ScheduledThreadPoolExecutor(DispatchScenario.THREADS);
      executor.prestartAllCoreThreads();
    }

    @Override
    public void addDueNow(int index, RunCounter counter) {
      executor.schedule(() -> counter.ran(index), 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void addFuture(int index) {
      executor.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.HOURS);
    }

    @Override
    public void stop() throws Exception {
      executor.shutdownNow();
      executor.awaitTermination(1, TimeUnit.MINUTES);
    }
  }
}
