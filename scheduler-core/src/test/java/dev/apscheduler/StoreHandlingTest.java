package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.event.EventType;
import dev.apscheduler.store.ForwardingStore;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the engine treats its stores: failures, persistence rules, unresolvable tasks. */
class StoreHandlingTest {

  private final MutableClock clock =
      MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("UTC"));

  /** A store that can be made to fail, like a database that went away. */
  static final class FlakyStore extends ForwardingStore {
    final AtomicBoolean down = new AtomicBoolean();
    final boolean persistent;

    FlakyStore(boolean persistent) {
      super(new MemoryJobStore());
      this.persistent = persistent;
    }

    @Override
    public java.util.List<Job> getDueJobs(Instant now, int limit) {
      if (down.get()) {
        throw new JobStoreException("connection refused");
      }
      return super.getDueJobs(now, limit);
    }

    @Override
    public boolean isPersistent() {
      return persistent;
    }
  }

  @Test
  void aFailingStoreDoesNotStopTheOthersAndRecoversWithoutLosingJobs() {
    FlakyStore flaky = new FlakyStore(false);
    Scheduler scheduler = TestSchedulers.synchronous(clock).jobStore("flaky", flaky).build();
    AtomicInteger healthyRuns = new AtomicInteger();
    AtomicInteger flakyRuns = new AtomicInteger();
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("h")
            .task(ctx -> healthyRuns.incrementAndGet())
            .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
            .build());
    scheduler.addJob(
        JobSpec.builder()
            .id("f")
            .jobStore("flaky")
            .task(ctx -> flakyRuns.incrementAndGet())
            .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
            .misfireGraceTime(Duration.ofMinutes(1))
            .coalesce(true)
            .build());

    flaky.down.set(true);
    clock.advance(Duration.ofSeconds(1));
    Instant retry = scheduler.processDueJobs().orElseThrow();
    assertThat(healthyRuns).hasValue(1);
    assertThat(flakyRuns).hasValue(0);
    assertThat(retry).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plusSeconds(1));

    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
    assertThat(healthyRuns).hasValue(2);

    flaky.down.set(false);
    clock.advance(Duration.ofSeconds(5));
    scheduler.processDueJobs();
    assertThat(flakyRuns).hasValue(1);
    assertThat(scheduler.getJob("f")).isPresent();
    scheduler.shutdown();
  }

  @Test
  void runsOfABatchTheStoreFailedToWriteBackAreDroppedAndTheirInstancesReleased() {
    AtomicBoolean failWrites = new AtomicBoolean(true);
    ForwardingStore store =
        new ForwardingStore(new MemoryJobStore()) {
          @Override
          public void updateJob(Job job) {
            if (failWrites.get() && job.runs() > 0) {
              throw new JobStoreException("connection reset");
            }
            super.updateJob(job);
          }
        };
    Scheduler scheduler = TestSchedulers.synchronous(clock).jobStore("default", store).build();
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("j")
            .task(ctx -> runs.incrementAndGet())
            .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
            .misfireGraceTime(Duration.ofMinutes(1))
            .build());

    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(0);
    assertThat(scheduler.runningInstances("j")).isZero();

    failWrites.set(false);
    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(2);
    assertThat(scheduler.getJob("j").orElseThrow().runs()).isEqualTo(2);
    scheduler.shutdown();
  }

  @Test
  void aPersistentStoreRefusesALambdaWithAnExplanation() {
    Scheduler scheduler =
        TestSchedulers.synchronous(clock).jobStore("db", new FlakyStore(true)).build();
    assertThatThrownBy(
            () ->
                scheduler.addJob(
                    JobSpec.builder()
                        .jobStore("db")
                        .task(ctx -> {})
                        .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persistent store 'db'")
        .hasMessageContaining("lambda")
        .hasMessageContaining("registerTask");
    scheduler.registerTask("tick", ctx -> {});
    Job job =
        scheduler.addJob(
            JobSpec.builder()
                .jobStore("db")
                .task("tick")
                .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
                .build());
    assertThat(job.task().reference()).isEqualTo("tick");
    assertThat(job.task().isPersistable()).isTrue();
  }

  @Test
  void anUnresolvableTaskIsReportedOnceSkippedAndKept() {
    MemoryJobStore store = new MemoryJobStore();
    Scheduler scheduler = TestSchedulers.synchronous(clock).jobStore("default", store).build();
    RecordingListener events = new RecordingListener();
    scheduler.addListener(events);
    scheduler.start();
    Instant due = clock.instant().plusSeconds(1);
    store.addJob(
        new Job(
            "gone",
            "gone",
            Task.unresolved("com.example.Renamed::run", "class com.example.Renamed not found"),
            null,
            null,
            IntervalTrigger.of(Duration.ofSeconds(1)),
            "default",
            "default",
            Duration.ofSeconds(1),
            false,
            0,
            0,
            1,
            due,
            false));

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      scheduler.processDueJobs();
    }

    assertThat(events.jobEvents(EventType.JOB_ERROR))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.jobId()).isEqualTo("gone");
              assertThat(e.exception().orElseThrow()).hasMessageContaining("com.example.Renamed");
            });
    Job kept = scheduler.getJob("gone").orElseThrow();
    assertThat(kept.nextRunTime()).isAfter(clock.instant());
    assertThat(kept.runs()).isZero();
    scheduler.shutdown();
  }
}
