package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.ForwardingStore;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interleavings of API calls with due passes, forced with hooks in a wrapping store. */
class SchedulerConcurrencyTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MutableClock clock = MutableClock.at(T0, UTC);
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

  @Test
  void aChangeComputedBeforeADuePassDoesNotBringItsFireTimeBack() {
    AtomicBoolean duePassDuringRead = new AtomicBoolean();
    List<ZonedDateTime> runs = new CopyOnWriteArrayList<>();
    scheduler =
        TestSchedulers.synchronous(clock)
            .jobStore(
                "default",
                new ForwardingStore(new MemoryJobStore()) {
                  @Override
                  public Optional<dev.apscheduler.Job> lookupJob(String jobId) {
                    Optional<dev.apscheduler.Job> read = super.lookupJob(jobId);
                    if (duePassDuringRead.getAndSet(false)) {
                      scheduler.processDueJobs();
                    }
                    return read;
                  }
                })
            .build();
    scheduler.addJob(
        JobSpec.builder()
            .id("x")
            .task(ctx -> runs.add(ctx.scheduledFireTime()))
            .trigger(IntervalTrigger.builder().minutes(1).startDate(at(60)).build())
            .build());
    scheduler.start();
    clock.set(at(60));

    duePassDuringRead.set(true);
    Job renamed = scheduler.modifyJob("x", JobSpec.builder().name("renamed").build());

    assertThat(runs).containsExactly(at(60));
    assertThat(renamed.name()).isEqualTo("renamed");
    assertThat(renamed.nextRunTime()).isEqualTo(at(120).toInstant());
    assertThat(renamed.runs()).isEqualTo(1);
    scheduler.processDueJobs();
    clock.set(at(120));
    scheduler.processDueJobs();
    assertThat(runs).containsExactly(at(60), at(120));
  }

  @Test
  void apiCallsDoNotWaitForAStoreThatIsBusyInADuePass() throws Exception {
    CountDownLatch passStarted = new CountDownLatch(1);
    CountDownLatch releasePass = new CountDownLatch(1);
    scheduler =
        Scheduler.builder()
            .timezone(UTC)
            .jobStore(
                "slow",
                new ForwardingStore(new MemoryJobStore()) {
                  @Override
                  public int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
                    passStarted.countDown();
                    try {
                      releasePass.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    return 0;
                  }
                })
            .build();
    scheduler.start();
    assertThat(passStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          Job added =
              scheduler.addJob(
                  JobSpec.builder()
                      .id("a")
                      .task(ctx -> {})
                      .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                      .build());
          assertThat(scheduler.getJob("a")).contains(added);
          assertThat(scheduler.getJobs()).extracting(Job::id).containsExactly("a");
          scheduler.pauseJob("a");
          scheduler.resumeJob("a");
          StringBuilder listing = new StringBuilder();
          scheduler.printJobs(listing);
          assertThat(listing).contains("Jobstore slow");
          scheduler.removeJob("a");
        });
    releasePass.countDown();
  }
}
