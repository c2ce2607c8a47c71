package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.store.ForwardingStore;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries on the memory store, driven by a {@link MutableClock} and synchronous due passes: a retry
 * is a new attempt of the same fire time, after its policy's delay, that leaves the trigger's
 * schedule and {@code maxRuns} alone.
 */
class RetryTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant FIRE = T0.plus(Duration.ofMinutes(1));

  private final MutableClock clock = MutableClock.at(T0, UTC);
  private final RecordingListener events = new RecordingListener();
  private Scheduler scheduler;

  @AfterEach
  void tearDown() {
    scheduler.shutdown();
  }

  private void start(SchedulerBuilder builder) {
    scheduler = builder.build();
    scheduler.addListener(events);
  }

  /** A task that fails its first {@code failures} calls, then succeeds; records each call. */
  private static final class Flaky implements JobFunction {
    final List<Instant> fireTimes = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    final int failures;
    final Exception failure;

    Flaky(int failures, Exception failure) {
      this.failures = failures;
      this.failure = failure;
    }

    @Override
    public void run(JobContext ctx) throws Exception {
      fireTimes.add(ctx.scheduledFireTime().toInstant());
      if (calls.incrementAndGet() <= failures) {
        throw failure;
      }
    }
  }

  private JobSpec.Builder every(String id, Duration interval, JobFunction task) {
    return JobSpec.builder()
        .id(id)
        .task(task)
        .trigger(
            IntervalTrigger.builder()
                .seconds((int) interval.toSeconds())
                .startDate(FIRE.atZone(UTC))
                .timezone(UTC)
                .build());
  }

  private void runAt(Instant time) {
    clock.set(time);
    scheduler.processDueJobs();
  }

  @Test
  void aFailedRunNowIsRetriedAsAnAttemptOfTheTimeItWasAskedForAndLeavesTheScheduleAlone() {
    start(TestSchedulers.synchronous(clock));
    Flaky task = new Flaky(1, new IllegalStateException("flaky"));
    scheduler.addJob(
        every("job", Duration.ofHours(1), task)
            .retry(RetryPolicy.fixed(2, Duration.ofSeconds(10)))
            .build());
    scheduler.start();

    scheduler.runJobNow("job");
    JobEvent error = events.jobEvents(EventType.JOB_ERROR).get(0);
    assertThat(error.nextRetryTime()).contains(T0.plusSeconds(10));
    assertThat(scheduler.getJob("job").orElseThrow().triggerNextRunTime()).isEqualTo(FIRE);

    runAt(T0.plusSeconds(10));
    assertThat(task.fireTimes).containsExactly(T0, T0);
    assertThat(scheduler.getRunHistory("job", 10))
        .extracting(RunRecord::outcome, RunRecord::attempt)
        .containsExactly(tuple(RunOutcome.SUCCESS, 2), tuple(RunOutcome.ERROR_WILL_RETRY, 1));
    assertThat(scheduler.getJob("job").orElseThrow().nextRunTime()).isEqualTo(FIRE);
  }

  @Test
  void aFailedRunIsRetriedAfterTheDelayAsTheSameFireTimeWithoutMovingTheSchedule() {
    start(TestSchedulers.synchronous(clock).runHistory(true));
    Flaky task = new Flaky(1, new IllegalStateException("flaky"));
    scheduler.addJob(
        every("job", Duration.ofHours(1), task)
            .maxRuns(2)
            .retry(RetryPolicy.fixed(3, Duration.ofSeconds(10)))
            .build());
    scheduler.start();

    runAt(FIRE);
    JobEvent error = events.jobEvents(EventType.JOB_ERROR).get(0);
    assertThat(error.attempt()).isEqualTo(1);
    assertThat(error.nextRetryTime()).contains(FIRE.plusSeconds(10));
    Job waiting = scheduler.getJob("job").orElseThrow();
    assertThat(waiting.nextRunTime()).isEqualTo(FIRE.plusSeconds(10));
    assertThat(waiting.triggerNextRunTime()).isEqualTo(FIRE.plus(Duration.ofHours(1)));
    assertThat(waiting.pendingRetry().attempt()).isEqualTo(2);
    StringBuilder listing = new StringBuilder();
    scheduler.printJobs(listing);
    assertThat(listing)
        .contains(
            "retry (attempt 2 of the run at 2026-01-01T00:01Z[UTC]) due at:"
                + " 2026-01-01T00:01:10Z[UTC]");

    runAt(FIRE.plusSeconds(9));
    assertThat(task.calls).hasValue(1);
    runAt(FIRE.plusSeconds(10));
    assertThat(task.fireTimes).containsExactly(FIRE, FIRE);
    JobEvent executed = events.jobEvents(EventType.JOB_EXECUTED).get(0);
    assertThat(executed.attempt()).isEqualTo(2);
    assertThat(executed.scheduledRunTime().toInstant()).isEqualTo(FIRE);

    Job after = scheduler.getJob("job").orElseThrow();
    assertThat(after.pendingRetry()).isNull();
    assertThat(after.nextRunTime()).isEqualTo(FIRE.plus(Duration.ofHours(1)));
    assertThat(after.runs()).as("max_runs counts the fire time once").isEqualTo(1);
    assertThat(events.count(EventType.JOB_RETRIES_EXHAUSTED)).isZero();

    assertThat(scheduler.getRunHistory("job", 10))
        .extracting(RunRecord::attempt, RunRecord::outcome)
        .containsExactlyInAnyOrder(
            tuple(1, RunOutcome.ERROR_WILL_RETRY), tuple(2, RunOutcome.SUCCESS));
  }

  @Test
  void theDelayGrowsByTheMultiplierUpToTheMaximumThenRetriesAreExhausted() {
    start(TestSchedulers.synchronous(clock));
    Flaky task = new Flaky(Integer.MAX_VALUE, new IllegalStateException("down"));
    scheduler.addJob(
        every("job", Duration.ofHours(1), task)
            .retry(RetryPolicy.exponential(4, Duration.ofSeconds(10), 3, Duration.ofSeconds(60)))
            .build());
    scheduler.start();

    runAt(FIRE);
    runAt(FIRE.plusSeconds(10));
    runAt(FIRE.plusSeconds(40));
    runAt(FIRE.plusSeconds(100));
    runAt(FIRE.plusSeconds(1000));

    assertThat(events.jobEvents(EventType.JOB_ERROR))
        .extracting(JobEvent::attempt, e -> e.nextRetryTime().orElse(null))
        .containsExactly(
            tuple(1, FIRE.plusSeconds(10)),
            tuple(2, FIRE.plusSeconds(40)),
            tuple(3, FIRE.plusSeconds(100)),
            tuple(4, null));
    List<JobEvent> exhausted = events.jobEvents(EventType.JOB_RETRIES_EXHAUSTED);
    assertThat(exhausted).hasSize(1);
    assertThat(exhausted.get(0).attempt()).isEqualTo(4);
    assertThat(exhausted.get(0).scheduledRunTime().toInstant()).isEqualTo(FIRE);
    assertThat(exhausted.get(0).exception()).containsInstanceOf(IllegalStateException.class);
    assertThat(task.fireTimes).containsOnly(FIRE).hasSize(4);
  }

  @Test
  void anErrorIsNeverRetriedAndAnExceptionOutsideRetryOnIsNot() {
    start(TestSchedulers.synchronous(clock));
    Flaky error = new Flaky(1, null);
    scheduler.addJob(
        every(
                "error",
                Duration.ofHours(1),
                ctx -> {
                  error.calls.incrementAndGet();
                  throw new NoClassDefFoundError("gone");
                })
            .retry(RetryPolicy.fixed(3, Duration.ofSeconds(1)))
            .build());
    Flaky io = new Flaky(1, new IOException("io"));
    scheduler.addJob(
        every("io", Duration.ofHours(1), io)
            .retry(
                RetryPolicy.fixed(3, Duration.ofSeconds(1)).retryingOn(IllegalStateException.class))
            .build());
    Flaky matching = new Flaky(1, new IllegalStateException("retried"));
    scheduler.addJob(
        every("matching", Duration.ofHours(1), matching)
            .retry(RetryPolicy.fixed(3, Duration.ofSeconds(1)).retryingOn(RuntimeException.class))
            .build());
    scheduler.start();

    runAt(FIRE);
    runAt(FIRE.plusSeconds(1));

    assertThat(error.calls).hasValue(1);
    assertThat(io.calls).hasValue(1);
    assertThat(matching.calls).hasValue(2);
    assertThat(events.jobEvents(EventType.JOB_RETRIES_EXHAUSTED))
        .extracting(JobEvent::jobId)
        .containsExactlyInAnyOrder("error", "io");
  }

  @Test
  void theSchedulerDefaultAppliesToJobsWithoutTheirOwnPolicy() {
    start(
        TestSchedulers.synchronous(clock)
            .defaultRetry(RetryPolicy.fixed(2, Duration.ofSeconds(5))));
    Flaky inherits = new Flaky(1, new IllegalStateException());
    Flaky optsOut = new Flaky(1, new IllegalStateException());
    scheduler.addJob(every("inherits", Duration.ofHours(1), inherits).build());
    scheduler.addJob(
        every("optsOut", Duration.ofHours(1), optsOut).retry(RetryPolicy.NONE).build());
    scheduler.start();

    runAt(FIRE);
    runAt(FIRE.plusSeconds(5));

    assertThat(inherits.calls).hasValue(2);
    assertThat(optsOut.calls).hasValue(1);
    assertThat(scheduler.getJob("inherits").orElseThrow().retryPolicy())
        .isEqualTo(RetryPolicy.fixed(2, Duration.ofSeconds(5)));
  }

  @Test
  void aOneShotJobWhoseOnlyRunFailsStaysForItsRetryAndGoesAfterIt() {
    start(TestSchedulers.synchronous(clock));
    Flaky task = new Flaky(1, new IllegalStateException());
    scheduler.addJob(
        JobSpec.builder()
            .id("once")
            .task(task)
            .trigger(DateTrigger.of(FIRE.atZone(UTC)))
            .retry(RetryPolicy.fixed(2, Duration.ofSeconds(30)))
            .build());
    scheduler.start();

    runAt(FIRE);
    Job waiting = scheduler.getJob("once").orElseThrow();
    assertThat(waiting.nextRunTime()).isEqualTo(FIRE.plusSeconds(30));
    assertThat(waiting.triggerNextRunTime()).isNull();

    scheduler.modifyJob("once", JobSpec.builder().name("still waiting").build());
    assertThat(scheduler.getJob("once")).as("kept for its retry").isPresent();

    runAt(FIRE.plusSeconds(30));
    assertThat(task.fireTimes).containsExactly(FIRE, FIRE);
    assertThat(scheduler.getJob("once")).isEmpty();
  }

  @Test
  void aRetryStillPendingWhenTheNextFireTimeComesIsDroppedForTheNewerFireTime() {
    start(TestSchedulers.synchronous(clock).runHistory(true));
    Flaky task = new Flaky(1, new IllegalStateException());
    scheduler.addJob(
        every("job", Duration.ofMinutes(1), task)
            .retry(RetryPolicy.fixed(2, Duration.ofMinutes(5)))
            .build());
    scheduler.start();

    runAt(FIRE);
    runAt(FIRE.plus(Duration.ofMinutes(1)));

    assertThat(task.fireTimes).containsExactly(FIRE, FIRE.plus(Duration.ofMinutes(1)));
    JobEvent missed = events.jobEvents(EventType.JOB_MISSED).get(0);
    assertThat(missed.scheduledRunTime().toInstant()).isEqualTo(FIRE);
    assertThat(missed.attempt()).isEqualTo(2);
    assertThat(scheduler.getJob("job").orElseThrow().pendingRetry()).isNull();

    runAt(FIRE.plus(Duration.ofMinutes(2)));
    assertThat(task.fireTimes)
        .as("the dropped retry never runs")
        .containsExactly(FIRE, FIRE.plus(Duration.ofMinutes(1)), FIRE.plus(Duration.ofMinutes(2)));
    assertThat(scheduler.getRunHistory("job", 20))
        .extracting(RunRecord::fireTime, RunRecord::attempt, RunRecord::outcome)
        .contains(tuple(FIRE, 2, RunOutcome.MISSED));
  }

  @Test
  void aRetryLaterThanTheMisfireGraceTimeIsMissed() {
    start(TestSchedulers.synchronous(clock));
    Flaky task = new Flaky(1, new IllegalStateException());
    scheduler.addJob(
        every("job", Duration.ofHours(1), task)
            .misfireGraceTime(Duration.ofSeconds(5))
            .retry(RetryPolicy.fixed(2, Duration.ofSeconds(10)))
            .build());
    scheduler.start();

    runAt(FIRE);
    runAt(FIRE.plusSeconds(16));

    assertThat(task.calls).hasValue(1);
    JobEvent missed = events.jobEvents(EventType.JOB_MISSED).get(0);
    assertThat(missed.attempt()).isEqualTo(2);
    assertThat(scheduler.getJob("job").orElseThrow().pendingRetry()).isNull();
  }

  @Test
  void theRetryIsWrittenOnTheJobAsItIsNowWhenTheJobChangedBetweenReadAndWrite() {
    Instant movedTo = FIRE.plus(Duration.ofDays(1));
    MemoryJobStore memory = new MemoryJobStore();
    AtomicInteger interleaved = new AtomicInteger();
    ForwardingStore store =
        new ForwardingStore(memory) {
          @Override
          public boolean updateJobIfUnchanged(Job expected, Job updated) {
            if (updated.pendingRetry() != null && interleaved.getAndIncrement() == 0) {
              // another writer (a due pass, a reschedule) gets in between the read and the write
              memory.updateJob(expected.withNextRunTime(movedTo));
            }
            return super.updateJobIfUnchanged(expected, updated);
          }
        };
    start(TestSchedulers.synchronous(clock).jobStore("default", store));
    Flaky task = new Flaky(1, new IllegalStateException());
    scheduler.addJob(
        every("job", Duration.ofHours(1), task)
            .retry(RetryPolicy.fixed(2, Duration.ofSeconds(10)))
            .build());
    scheduler.start();

    runAt(FIRE);

    Job stored = memory.lookupJob("job").orElseThrow();
    assertThat(interleaved).hasValue(2);
    assertThat(stored.triggerNextRunTime())
        .as("the other writer's change is kept")
        .isEqualTo(movedTo);
    assertThat(stored.pendingRetry().dueAt()).isEqualTo(FIRE.plusSeconds(10));
    assertThat(stored.nextRunTime()).isEqualTo(FIRE.plusSeconds(10));
    assertThat(events.jobEvents(EventType.JOB_ERROR).get(0).nextRetryTime())
        .isEqualTo(Optional.of(FIRE.plusSeconds(10)));
  }

  @Test
  void modifyingAJobWithAPendingRetryKeepsTheRetryAndTheTriggersSchedule() {
    start(TestSchedulers.synchronous(clock));
    Flaky task = new Flaky(1, new IllegalStateException());
    scheduler.addJob(
        every("job", Duration.ofHours(1), task)
            .retry(RetryPolicy.fixed(2, Duration.ofSeconds(10)))
            .build());
    scheduler.start();
    runAt(FIRE);

    scheduler.modifyJob("job", JobSpec.builder().name("renamed").build());

    Job modified = scheduler.getJob("job").orElseThrow();
    assertThat(modified.name()).isEqualTo("renamed");
    assertThat(modified.nextRunTime()).isEqualTo(FIRE.plusSeconds(10));
    assertThat(modified.triggerNextRunTime()).isEqualTo(FIRE.plus(Duration.ofHours(1)));
    runAt(FIRE.plusSeconds(10));
    runAt(FIRE.plusSeconds(20));
    assertThat(task.fireTimes).as("no run at the retry's time beyond the retry").hasSize(2);
  }

  @Test
  void aPausedJobKeepsItsRetryAndAResumedOneRunsItWithinTheGraceTime() {
    start(TestSchedulers.synchronous(clock));
    Flaky task = new Flaky(1, new IllegalStateException());
    scheduler.addJob(
        every("job", Duration.ofHours(1), task)
            .misfireGraceTime(Duration.ofMinutes(1))
            .retry(RetryPolicy.fixed(2, Duration.ofSeconds(10)))
            .build());
    scheduler.start();
    runAt(FIRE);

    scheduler.pauseJob("job");
    assertThat(scheduler.getJob("job").orElseThrow().nextRunTime()).isNull();
    runAt(FIRE.plusSeconds(20));
    assertThat(task.calls).hasValue(1);

    scheduler.resumeJob("job");
    assertThat(scheduler.getJob("job").orElseThrow().nextRunTime()).isEqualTo(FIRE.plusSeconds(10));
    runAt(FIRE.plusSeconds(30));
    assertThat(task.fireTimes).containsExactly(FIRE, FIRE);
  }

  @Test
  void aRetryDueWhileItsFailedAttemptStillHoldsTheInstanceWaitsForIt() throws Exception {
    start(TestSchedulers.manual(clock));
    CountDownLatch failed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    scheduler.addListener(
        event -> {
          // runs on the worker before the failed attempt gives its instance back
          failed.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        EventType.JOB_ERROR);
    Flaky task = new Flaky(1, new IllegalStateException());
    scheduler.addJob(
        every("job", Duration.ofHours(1), task).retry(RetryPolicy.fixed(2, Duration.ZERO)).build());
    scheduler.start();

    runAt(FIRE);
    assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
    scheduler.processDueJobs();
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> scheduler.runningInstances("job") == 0);
    runAt(FIRE.plusSeconds(1));

    await().atMost(Duration.ofSeconds(5)).until(() -> task.calls.get() == 2);
    assertThat(events.count(EventType.JOB_MAX_INSTANCES)).isZero();
  }
}
