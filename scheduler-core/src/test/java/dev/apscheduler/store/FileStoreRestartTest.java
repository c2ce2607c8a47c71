package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduler that stops and starts again on the same file store. */
class FileStoreRestartTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path directory;
  private final MutableClock clock = MutableClock.at(T0, ZoneOffset.UTC);
  private final AtomicInteger runs = new AtomicInteger();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();

  /** A scheduler on the file store, with the task "count" registered unless told otherwise. */
  private Scheduler scheduler(boolean registerCount) {
    Scheduler scheduler =
        TestSchedulers.synchronous(clock)
            .misfireGraceTime(Duration.ofSeconds(1))
            .jobStore("default", JobStores.file(directory.resolve("jobs")))
            .build();
    if (registerCount) {
      scheduler.registerTask("count", ctx -> runs.incrementAndGet());
    }
    scheduler.addListener(events::add);
    return scheduler;
  }

  private void addEveryMinuteJob(String task, boolean coalesce) {
    Scheduler first = scheduler(true);
    first.registerTask(task, ctx -> runs.incrementAndGet());
    first.start();
    first.addJob(
        JobSpec.builder()
            .id("tick")
            .task(task)
            .trigger(IntervalTrigger.of(Duration.ofMinutes(1)))
            .coalesce(coalesce)
            .build());
    first.shutdown();
  }

  private long count(EventType type) {
    return events.stream().filter(e -> e.type() == type).count();
  }

  @Test
  void tenMissedRunsRunOnceWithCoalesce() {
    addEveryMinuteJob("count", true);
    clock.advance(Duration.ofMinutes(10).plusMillis(500));

    Scheduler second = scheduler(true);
    second.start();
    second.processDueJobs();

    assertThat(runs).hasValue(1);
    assertThat(count(EventType.JOB_EXECUTED)).isEqualTo(1);
    assertThat(count(EventType.JOB_MISSED)).isZero();
    assertThat(second.getJob("tick").orElseThrow().nextRunTime())
        .isEqualTo(T0.plus(Duration.ofMinutes(11)));
    second.shutdown();
  }

  @Test
  void tenMissedRunsAreTenMisfiresWithoutCoalesce() {
    addEveryMinuteJob("count", false);
    clock.advance(Duration.ofMinutes(10).plusSeconds(30));

    Scheduler second = scheduler(true);
    second.start();
    second.processDueJobs();

    assertThat(runs).hasValue(0);
    assertThat(
            events.stream()
                .filter(e -> e.type() == EventType.JOB_MISSED)
                .map(e -> ((JobEvent) e).scheduledRunTime().toInstant()))
        .containsExactly(
            T0.plusSeconds(60),
            T0.plusSeconds(120),
            T0.plusSeconds(180),
            T0.plusSeconds(240),
            T0.plusSeconds(300),
            T0.plusSeconds(360),
            T0.plusSeconds(420),
            T0.plusSeconds(480),
            T0.plusSeconds(540),
            T0.plusSeconds(600));
    assertThat(second.getJob("tick").orElseThrow().nextRunTime())
        .isEqualTo(T0.plus(Duration.ofMinutes(11)));
    second.shutdown();
  }

  @Test
  void jobWhoseTaskWasRenamedIsReportedOnceKeptAndStillAdvances() {
    addEveryMinuteJob("oldName", false);

    Scheduler second = scheduler(true);
    second.start();
    clock.advance(Duration.ofMinutes(1));
    second.processDueJobs();
    clock.advance(Duration.ofMinutes(1));
    second.processDueJobs();

    assertThat(runs).hasValue(0);
    List<JobEvent> errors =
        events.stream()
            .filter(e -> e.type() == EventType.JOB_ERROR)
            .map(JobEvent.class::cast)
            .toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).exception().orElseThrow())
        .hasMessageContaining("'oldName' cannot be resolved")
        .hasMessageContaining("kept");
    Job kept = second.getJob("tick").orElseThrow();
    assertThat(kept.task().isResolved()).isFalse();
    assertThat(kept.nextRunTime()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    second.shutdown();

    Scheduler third = scheduler(true);
    third.start();
    assertThat(third.getJobs()).extracting(Job::id).containsExactly("tick");
    assertThat(third.getJob("tick").orElseThrow().task().reference()).isEqualTo("oldName");
    third.shutdown();

    Scheduler fourth = scheduler(true);
    fourth.registerTask("oldName", ctx -> runs.incrementAndGet());
    fourth.start();
    clock.advance(Duration.ofMinutes(1));
    fourth.processDueJobs();
    assertThat(runs).hasValue(1);
    fourth.shutdown();
  }
}
