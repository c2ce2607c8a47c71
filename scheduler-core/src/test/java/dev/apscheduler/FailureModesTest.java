package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.store.ForwardingStore;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ordinary failures a user can meet: each is harmless or loud, never a silent stop. */
class FailureModesTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = MutableClock.at(T0, UTC);
  private final RecordingListener events = new RecordingListener();
  private Scheduler scheduler;

  @AfterEach
  void tearDown() {
    if (scheduler != null) {
      scheduler.shutdown(Duration.ofSeconds(5));
    }
  }

  private ZonedDateTime at(long seconds) {
    return T0.plusSeconds(seconds).atZone(UTC);
  }

  private JobSpec.Builder job(String id, Trigger trigger, JobFunction task) {
    return JobSpec.builder().id(id).trigger(trigger).task(task);
  }

  /** A trigger that gives a first fire time, then throws: a custom trigger with a bug. */
  private static final class BrokenTrigger implements Trigger {
    final AtomicInteger calls = new AtomicInteger();
    private final ZonedDateTime first;

    BrokenTrigger(ZonedDateTime first) {
      this.first = first;
    }

    @Override
    public Optional<ZonedDateTime> nextFireTime(ZonedDateTime previous, ZonedDateTime now) {
      calls.incrementAndGet();
      if (previous == null) {
        return Optional.of(first);
      }
      throw new IllegalStateException("bug in a custom trigger");
    }
  }

  @Test
  void aThrowingTriggerSetsItsJobAsideAndTheOthersKeepTheirSchedule() {
    scheduler = TestSchedulers.synchronous(clock).build();
    scheduler.addListener(events);
    List<ZonedDateTime> goodRuns = new CopyOnWriteArrayList<>();
    BrokenTrigger broken = new BrokenTrigger(at(1));
    scheduler.addJob(
        job(
                "a-good",
                IntervalTrigger.builder().seconds(1).startDate(at(1)).build(),
                ctx -> goodRuns.add(ctx.scheduledFireTime()))
            .build());
    scheduler.addJob(job("b-broken", broken, ctx -> {}).build());
    scheduler.start();

    for (int second = 1; second <= 5; second++) {
      clock.set(at(second));
      scheduler.processDueJobs();
    }

    assertThat(goodRuns).containsExactly(at(1), at(2), at(3), at(4), at(5));
    List<JobEvent> errors = events.jobEvents(EventType.JOB_ERROR);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).jobId()).isEqualTo("b-broken");
    assertThat(errors.get(0).exception().orElseThrow()).hasMessage("bug in a custom trigger");
    Job setAside = scheduler.getJob("b-broken").orElseThrow();
    assertThat(setAside.nextRunTime()).isEqualTo(at(1).toInstant().plus(Duration.ofMinutes(1)));
    assertThat(broken.calls).hasValue(2);
  }

  @Test
  void anErrorInAJobIsReportedAndTheQueuedRunsStillRun() throws Exception {
    scheduler = TestSchedulers.manual(clock).threadPool(1, 1, Duration.ofSeconds(1)).build();
    scheduler.addListener(events);
    CountDownLatch okRan = new CountDownLatch(1);
    Error failure = new Error("a custom error");
    scheduler.addJob(
        job(
                "a-error",
                DateTrigger.of(at(1)),
                ctx -> {
                  throw failure;
                })
            .build());
    scheduler.addJob(job("b-ok", DateTrigger.of(at(1)), ctx -> okRan.countDown()).build());
    scheduler.start();

    clock.set(at(1));
    scheduler.processDueJobs();

    assertThat(okRan.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    await().atMost(WAIT).until(() -> events.count(EventType.JOB_ERROR) == 1);
    assertThat(events.jobEvents(EventType.JOB_ERROR).get(0).exception()).containsSame(failure);
    await().atMost(WAIT).until(() -> scheduler.runningInstances("a-error") == 0);
    assertTimeoutPreemptively(WAIT, () -> scheduler.shutdown(true));
  }

  @Test
  void aFatalErrorInAJobStillReleasesItsInstanceAndAnotherWorkerTakesTheQueue() throws Exception {
    scheduler = TestSchedulers.manual(clock).threadPool(1, 1, Duration.ofSeconds(1)).build();
    scheduler.addListener(events);
    CountDownLatch othersRan = new CountDownLatch(2);
    scheduler.addJob(
        job(
                "a-fatal",
                DateTrigger.of(at(1)),
                ctx -> {
                  throw new InternalError("simulated fatal error");
                })
            .build());
    scheduler.addJob(job("b-ok", DateTrigger.of(at(1)), ctx -> othersRan.countDown()).build());
    scheduler.addJob(job("c-ok", DateTrigger.of(at(1)), ctx -> othersRan.countDown()).build());
    scheduler.start();

    clock.set(at(1));
    scheduler.processDueJobs();

    assertThat(othersRan.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(events.jobEvents(EventType.JOB_ERROR))
        .singleElement()
        .satisfies(e -> assertThat(e.exception().orElseThrow()).isInstanceOf(InternalError.class));
    await().atMost(WAIT).until(() -> scheduler.runningInstances("a-fatal") == 0);
  }

  @Test
  void aFatalErrorInTheLoopMakesTheSchedulerVisiblyFailed() {
    scheduler = Scheduler.builder().timezone(UTC).build();
    scheduler.addListener(
        event -> {
          throw new InternalError("simulated, from a listener on the loop thread");
        },
        EventType.JOB_SUBMITTED);
    scheduler.start();
    scheduler.addDateJob(ctx -> {}, ZonedDateTime.now(UTC));

    await()
        .dontCatchUncaughtExceptions()
        .atMost(WAIT)
        .until(() -> scheduler.state() == SchedulerState.FAILED);
    assertThat(scheduler.isRunning()).isFalse();
  }

  @Test
  void anErrorFromAListenerOnTheLoopIsLoggedAndTheLoopGoesOn() {
    scheduler = Scheduler.builder().timezone(UTC).build();
    AtomicInteger runs = new AtomicInteger();
    scheduler.addListener(
        event -> {
          throw new AssertionError("a listener's own bug");
        },
        EventType.JOB_SUBMITTED);
    scheduler.start();

    scheduler.addDateJob(ctx -> runs.incrementAndGet(), ZonedDateTime.now(UTC));
    await().atMost(WAIT).until(() -> runs.get() == 1);
    scheduler.addDateJob(ctx -> runs.incrementAndGet(), ZonedDateTime.now(UTC));
    await().atMost(WAIT).until(() -> runs.get() == 2);
    assertThat(scheduler.state()).isEqualTo(SchedulerState.RUNNING);
  }

  @Test
  void aHugeBacklogIsSkippedInOneBoundedPassAndCounted() {
    scheduler = TestSchedulers.synchronous(clock).build();
    scheduler.addListener(events);
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        job(
                "micro",
                IntervalTrigger.builder()
                    .interval(Duration.ofNanos(1_000))
                    .startDate(at(0))
                    .build(),
                ctx -> runs.incrementAndGet())
            .build());
    scheduler.start();

    clock.advance(Duration.ofSeconds(60));
    assertTimeoutPreemptively(WAIT, () -> scheduler.processDueJobs());

    List<JobEvent> missed = events.jobEvents(EventType.JOB_MISSED);
    assertThat(missed.size()).isLessThanOrEqualTo(40);
    assertThat(missed)
        .anySatisfy(
            e -> {
              assertThat(e.fireTimeCount()).isGreaterThan(58_000_000L);
              assertThat(e.scheduledRunTime()).isBefore(at(59));
            });
    assertThat(runs.get()).isBetween(1, 40);
    assertThat(scheduler.getJob("micro").orElseThrow().nextRunTime()).isAfter(at(59).toInstant());
  }

  @Test
  void aCoalescingJobRunsOnceAfterAHugeBacklogWithoutMisses() {
    scheduler = TestSchedulers.synchronous(clock).coalesce(true).build();
    scheduler.addListener(events);
    List<ZonedDateTime> runs = new CopyOnWriteArrayList<>();
    scheduler.addJob(
        job(
                "micro",
                IntervalTrigger.builder()
                    .interval(Duration.ofNanos(1_000))
                    .startDate(at(0))
                    .build(),
                ctx -> runs.add(ctx.scheduledFireTime()))
            .build());
    scheduler.start();

    clock.advance(Duration.ofSeconds(60));
    assertTimeoutPreemptively(WAIT, () -> scheduler.processDueJobs());

    assertThat(runs).containsExactly(at(60));
    assertThat(events.count(EventType.JOB_MISSED)).isZero();
  }

  @Test
  void aRefusedReplacementKeepsTheOriginalJob() {
    scheduler = TestSchedulers.synchronous(clock).build();
    scheduler.start();
    Trigger original = IntervalTrigger.builder().minutes(1).startDate(at(60)).build();
    scheduler.addJob(job("x", original, ctx -> {}).build());
    Trigger never = (previous, now) -> Optional.empty();

    assertThatThrownBy(
            () -> scheduler.addJob(job("x", never, ctx -> {}).replaceExisting(true).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would never run");
    assertThat(scheduler.getJob("x")).get().extracting(Job::trigger).isEqualTo(original);
  }

  @Test
  void aReplacementTheStoreFailsToWriteKeepsTheOriginalJob() {
    Trigger replacementTrigger = IntervalTrigger.builder().minutes(5).startDate(at(60)).build();
    JobStore store =
        new ForwardingStore(new MemoryJobStore()) {
          @Override
          public void addJob(Job job) {
            failFor(job);
            super.addJob(job);
          }

          @Override
          public void replaceJob(Job job) {
            failFor(job);
            super.replaceJob(job);
          }

          private void failFor(Job job) {
            if (job.trigger().equals(replacementTrigger)) {
              throw new JobStoreException("simulated failed write");
            }
          }
        };
    scheduler = TestSchedulers.synchronous(clock).jobStore("default", store).build();
    scheduler.start();
    Trigger original = IntervalTrigger.builder().minutes(1).startDate(at(60)).build();
    scheduler.addJob(job("x", original, ctx -> {}).build());

    assertThatThrownBy(
            () ->
                scheduler.addJob(
                    job("x", replacementTrigger, ctx -> {}).replaceExisting(true).build()))
        .isInstanceOf(JobStoreException.class);
    assertThat(scheduler.getJob("x")).get().extracting(Job::trigger).isEqualTo(original);
  }

  @Test
  void aRefusedReplacementAddedBeforeStartKeepsTheStoredJob() {
    MemoryJobStore store = new MemoryJobStore();
    Trigger original = IntervalTrigger.builder().minutes(1).startDate(at(60)).build();
    store.addJob(
        Job.builder("x", Task.transientTask("stored", ctx -> {}, "stored"), original)
            .nextRunTime(at(60).toInstant())
            .build());
    scheduler = TestSchedulers.synchronous(clock).jobStore("default", store).build();
    Trigger never = (previous, now) -> Optional.empty();
    scheduler.addJob(job("x", never, ctx -> {}).replaceExisting(true).build());

    scheduler.start();

    assertThat(scheduler.state()).isEqualTo(SchedulerState.RUNNING);
    assertThat(scheduler.getJob("x")).get().extracting(Job::trigger).isEqualTo(original);
  }

  @Test
  void aStartThatFailsLeavesTheSchedulerStoppedAndClosesTheStoresItStarted() {
    AtomicInteger closed = new AtomicInteger();
    JobStore first =
        new ForwardingStore(new MemoryJobStore()) {
          @Override
          public void close() {
            closed.incrementAndGet();
          }
        };
    JobStore failing =
        new ForwardingStore(new MemoryJobStore()) {
          @Override
          public void start(JobStoreContext context) {
            throw new JobStoreException("simulated: database unreachable");
          }
        };
    scheduler =
        TestSchedulers.synchronous(clock)
            .jobStore("default", first)
            .jobStore("db", failing)
            .build();

    assertThatThrownBy(scheduler::start).hasMessageContaining("database unreachable");

    assertThat(scheduler.state()).isEqualTo(SchedulerState.STOPPED);
    assertThat(closed).hasValue(1);
  }

  @Test
  void aRunQueuedBehindABusyPoolPastItsGraceTimeIsMissedNotRun() throws Exception {
    scheduler = TestSchedulers.manual(clock).threadPool(1, 1, Duration.ofSeconds(1)).build();
    scheduler.addListener(events);
    CountDownLatch blockerStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger lateRuns = new AtomicInteger();
    scheduler.addJob(
        job(
                "a-blocker",
                DateTrigger.of(at(1)),
                ctx -> {
                  blockerStarted.countDown();
                  release.await();
                })
            .build());
    scheduler.addJob(
        job("b-late", DateTrigger.of(at(1)), ctx -> lateRuns.incrementAndGet()).build());
    scheduler.start();

    clock.set(at(1));
    scheduler.processDueJobs();
    assertThat(blockerStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    release.countDown();

    await().atMost(WAIT).until(() -> events.count(EventType.JOB_MISSED) == 1);
    assertThat(events.jobEvents(EventType.JOB_MISSED).get(0).jobId()).isEqualTo("b-late");
    await().atMost(WAIT).until(() -> scheduler.runningInstances("b-late") == 0);
    assertThat(lateRuns).hasValue(0);
  }

  @Test
  void shutdownWithATimeoutInterruptsAJobThatNeverReturns() throws Exception {
    scheduler = TestSchedulers.manual(clock).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    scheduler.addJob(
        job(
                "stuck",
                DateTrigger.of(at(1)),
                ctx -> {
                  started.countDown();
                  try {
                    new CountDownLatch(1).await();
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                })
            .build());
    scheduler.start();
    clock.set(at(1));
    scheduler.processDueJobs();
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    boolean finished =
        assertTimeoutPreemptively(WAIT, () -> scheduler.shutdown(Duration.ofMillis(200)));

    assertThat(finished).isFalse();
    assertThat(interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
  }

  @Test
  void shutdownWithATimeoutIsNotHeldByAListenerStuckOnTheLoop() throws Exception {
    scheduler = Scheduler.builder().timezone(UTC).build();
    CountDownLatch listenerStuck = new CountDownLatch(1);
    scheduler.addListener(
        event -> {
          listenerStuck.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        EventType.JOB_SUBMITTED);
    scheduler.start();
    scheduler.addDateJob(ctx -> {}, ZonedDateTime.now(UTC));
    assertThat(listenerStuck.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    assertTimeoutPreemptively(WAIT, () -> scheduler.shutdown(Duration.ofMillis(200)));

    assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
  }
}
