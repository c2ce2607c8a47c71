package dev.apscheduler;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.apscheduler.event.EventType;
import dev.apscheduler.executor.ThreadPoolJobExecutor;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scheduler behaviour that involves real threads: the pool, the loop, shutdown, concurrency. */
class ThreadedSchedulerTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  @Test
  void runsDueAtOnceThatBlockSpreadOverEveryWorker() throws Exception {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), UTC);
    int jobs = 8;
    Scheduler scheduler =
        TestSchedulers.manual(clock).threadPool(jobs, jobs, Duration.ofMinutes(1)).build();
    CountDownLatch allRunning = new CountDownLatch(jobs);
    for (int i = 0; i < jobs; i++) {
      scheduler.addJob(
          JobSpec.builder()
              .id("blocks-" + i)
              .task(
                  ctx -> {
                    allRunning.countDown();
                    allRunning.await(10, SECONDS);
                  })
              .trigger(DateTrigger.of(clock.now().plusSeconds(1)))
              .build());
    }
    scheduler.start();
    try {
      clock.advance(Duration.ofSeconds(1));
      scheduler.processDueJobs();
      // each run waits for all the others: they finish only if every one has a worker at once
      assertThat(allRunning.await(10, SECONDS)).isTrue();
    } finally {
      scheduler.shutdown(true);
    }
  }

  @Test
  void maxInstancesOneNeverOverlapsAndReportsMaxInstances() throws Exception {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), UTC);
    Scheduler scheduler = TestSchedulers.manual(clock).build();
    RecordingListener events = new RecordingListener();
    scheduler.addListener(events);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        JobSpec.builder()
            .id("slow")
            .task(
                ctx -> {
                  maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                  runs.incrementAndGet();
                  started.countDown();
                  release.await();
                  running.decrementAndGet();
                })
            .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
            .maxInstances(1)
            .build());
    scheduler.start();
    try {
      clock.advance(Duration.ofSeconds(1));
      scheduler.processDueJobs();
      assertThat(started.await(10, SECONDS)).isTrue();

      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(1));
        scheduler.processDueJobs();
      }
      assertThat(events.count(EventType.JOB_MAX_INSTANCES)).isEqualTo(3);
      assertThat(scheduler.runningInstances("slow")).isEqualTo(1);
    } finally {
      release.countDown();
      scheduler.shutdown(true);
    }
    assertThat(maxRunning).hasValue(1);
    assertThat(runs).hasValue(1);
    assertThat(scheduler.runningInstances("slow")).isZero();
  }

  @Test
  void poolWithCoreZeroAndMaxTwentyRunsTwentyBlockingJobsAtOnce() throws Exception {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), UTC);
    Scheduler scheduler =
        TestSchedulers.manual(clock).threadPool(0, 20, Duration.ofSeconds(1)).build();
    CountDownLatch allRunning = new CountDownLatch(20);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 20; i++) {
      scheduler.addDateJob(
          ctx -> {
            allRunning.countDown();
            release.await();
          },
          clock.now());
    }
    scheduler.start();
    try {
      scheduler.processDueJobs();
      assertThat(allRunning.await(10, SECONDS))
          .as("20 jobs running at the same time on a core-0/max-20 pool")
          .isTrue();
      assertThat(scheduler.executor().poolSize()).isEqualTo(20);
    } finally {
      release.countDown();
      scheduler.shutdown(true);
    }
  }

  @Test
  void threadPoolGrowsToMaxBeforeQueueing() throws Exception {
    ThreadPoolJobExecutor pool = ThreadPoolJobExecutor.create(0, 3, Duration.ofSeconds(1));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch threeRunning = new CountDownLatch(3);
    try {
      for (int i = 0; i < 5; i++) {
        pool.execute(
            () -> {
              threeRunning.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
      }
      assertThat(threeRunning.await(10, SECONDS)).isTrue();
      assertThat(pool.poolSize()).isEqualTo(3);
      assertThat(pool.queuedRuns()).isEqualTo(2);
    } finally {
      release.countDown();
      pool.shutdown();
    }
  }

  @Test
  void virtualThreadsRunJobsOnJava21AndSayWhyNotOnOlderRuntimes() throws Exception {
    if (Runtime.version().feature() < 21) {
      assertThatThrownBy(() -> Scheduler.builder().virtualThreads())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Java 21");
      return;
    }
    Scheduler scheduler = Scheduler.builder().virtualThreads().build();
    CountDownLatch ran = new CountDownLatch(1);
    AtomicBoolean virtual = new AtomicBoolean();
    scheduler.addDateJob(
        ctx -> {
          virtual.set((Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
          ran.countDown();
        },
        ZonedDateTime.now());
    scheduler.start();
    assertThat(ran.await(10, SECONDS)).isTrue();
    scheduler.shutdown();
    assertThat(virtual).isTrue();
  }

  @Test
  void embeddedLoopRunsJobsOnTheRealClock() {
    Scheduler scheduler = Scheduler.builder().build();
    AtomicInteger runs = new AtomicInteger();
    scheduler.addIntervalJob(ctx -> runs.incrementAndGet(), Duration.ofMillis(20));
    scheduler.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    } finally {
      scheduler.shutdown();
    }
  }

  @Test
  void addingAJobWakesTheLoop() {
    Scheduler scheduler = Scheduler.builder().build();
    scheduler.start();
    CountDownLatch ran = new CountDownLatch(1);
    try {
      // the loop sleeps with nothing to do; a new job due now must run without delay
      scheduler.addDateJob(ctx -> ran.countDown(), ZonedDateTime.now());
      await().atMost(Duration.ofSeconds(5)).until(() -> ran.getCount() == 0);
    } finally {
      scheduler.shutdown();
    }
  }

  @Test
  void standaloneStartReturnsAfterTheLastJob() {
    Scheduler scheduler = Scheduler.builder().standalone(true).build();
    List<String> ran = new ArrayList<>();
    ZonedDateTime now = ZonedDateTime.now();
    scheduler.addDateJob(ctx -> ran.add("first"), now);
    scheduler.addDateJob(ctx -> ran.add("second"), now.plus(Duration.ofMillis(100)));

    assertTimeoutPreemptively(Duration.ofSeconds(20), scheduler::start);

    assertThat(ran).containsExactly("first", "second");
    assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
  }

  /** A job due now that blocks until released. */
  private static final class BlockingJob {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean finished = new AtomicBoolean();

    static BlockingJob startedOn(Scheduler scheduler) throws InterruptedException {
      BlockingJob job = new BlockingJob();
      scheduler.addDateJob(
          ctx -> {
            job.started.countDown();
            job.release.await();
            job.finished.set(true);
          },
          ZonedDateTime.now());
      scheduler.start();
      assertThat(job.started.await(10, SECONDS)).isTrue();
      return job;
    }
  }

  @Test
  void shutdownWithWaitWaitsForTheRunningJob() throws Exception {
    Scheduler scheduler = Scheduler.builder().build();
    BlockingJob job = BlockingJob.startedOn(scheduler);

    Thread shutdown = new Thread(() -> scheduler.shutdown(true));
    shutdown.start();
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> shutdown.isAlive() && !job.finished.get());
    job.release.countDown();
    shutdown.join(10_000);
    assertThat(shutdown.isAlive()).isFalse();
    assertThat(job.finished).isTrue();
  }

  @Test
  void aJobCanShutTheSchedulerDownAndWaitForTheOtherRuns() throws Exception {
    Scheduler scheduler = Scheduler.builder().build();
    BlockingJob other = BlockingJob.startedOn(scheduler);
    CountDownLatch shutDown = new CountDownLatch(1);
    scheduler.addDateJob(
        ctx -> {
          scheduler.shutdown(true);
          shutDown.countDown();
        },
        ZonedDateTime.now());
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> shutDown.getCount() == 1 && !other.finished.get());
    other.release.countDown();
    assertThat(shutDown.await(10, SECONDS)).as("shutdown(true) from inside a job returns").isTrue();
    assertThat(other.finished).isTrue();
    assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
  }

  @Test
  void shutdownWithoutWaitReturnsWhileTheJobRuns() throws Exception {
    Scheduler scheduler = Scheduler.builder().build();
    BlockingJob job = BlockingJob.startedOn(scheduler);

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> scheduler.shutdown(false));
    assertThat(job.finished).isFalse();
    assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
    job.release.countDown();
    await().atMost(Duration.ofSeconds(5)).untilTrue(job.finished);
  }

  @Test
  void anApplicationExecutorIsUsedAndNeverShutDown() throws Exception {
    ExecutorService service = Executors.newFixedThreadPool(2);
    try {
      Scheduler scheduler = Scheduler.builder().executor(service).build();
      CountDownLatch ran = new CountDownLatch(1);
      Set<String> threads = ConcurrentHashMap.newKeySet();
      scheduler.addDateJob(
          ctx -> {
            threads.add(Thread.currentThread().getName());
            ran.countDown();
          },
          ZonedDateTime.now());
      scheduler.start();
      assertThat(ran.await(10, SECONDS)).isTrue();
      scheduler.shutdown(true);

      assertThat(service.isShutdown()).isFalse();
      assertThat(threads).allMatch(name -> name.startsWith("pool-"));
    } finally {
      service.shutdownNow();
    }
  }

  @Test
  void daemonicControlsTheLoopThread() {
    for (boolean daemonic : new boolean[] {true, false}) {
      Scheduler scheduler = Scheduler.builder().daemonic(daemonic).build();
      scheduler.start();
      try {
        Thread loop =
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("apscheduler-loop") && t.isAlive())
                .findFirst()
                .orElseThrow();
        assertThat(loop.isDaemon()).isEqualTo(daemonic);
      } finally {
        scheduler.shutdown();
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  Thread.getAllStackTraces().keySet().stream()
                      .noneMatch(t -> t.getName().equals("apscheduler-loop") && t.isAlive()));
    }
  }

  @Test
  void eightThreadsAddingAndRemovingFourThousandJobsWhileTheSchedulerRuns() throws Exception {
    Scheduler scheduler = Scheduler.builder().threadPool(0, 20, Duration.ofSeconds(1)).build();
    Map<String, AtomicInteger> runsById = new ConcurrentHashMap<>();
    Set<String> removed = ConcurrentHashMap.newKeySet();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    scheduler.addListener(
        e -> errors.add(((dev.apscheduler.event.JobEvent) e).exception().orElseThrow()),
        EventType.JOB_ERROR);
    scheduler.start();
    int threads = 8;
    int perThread = 500;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    String id = "t" + thread + "-" + i;
                    scheduler.addJob(
                        JobSpec.builder()
                            .id(id)
                            .task(
                                ctx ->
                                    runsById
                                        .computeIfAbsent(ctx.job().id(), k -> new AtomicInteger())
                                        .incrementAndGet())
                            .trigger(
                                DateTrigger.of(ZonedDateTime.now().plus(Duration.ofMillis(i % 20))))
                            .misfireGraceTime(Duration.ofMinutes(5))
                            .build());
                    if (i % 2 == 0) {
                      try {
                        scheduler.removeJob(id);
                        removed.add(id);
                      } catch (JobNotFoundException alreadyRun) {
                        // it was taken for running first: it must run exactly once
                      }
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join(60_000);
    }
    int expectedRuns = threads * perThread - removed.size();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> runsById.size() >= expectedRuns && scheduler.getJobs().isEmpty());
    scheduler.shutdown(true);

    assertThat(errors).isEmpty();
    assertThat(runsById).hasSize(expectedRuns);
    assertThat(runsById.values()).allMatch(count -> count.get() == 1);
    assertThat(runsById.keySet()).doesNotContainAnyElementsOf(removed);
  }
}
