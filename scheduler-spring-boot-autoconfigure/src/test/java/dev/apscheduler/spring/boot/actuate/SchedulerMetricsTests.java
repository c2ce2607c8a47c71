package dev.apscheduler.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters follow what the engine really did with each run. */
class SchedulerMetricsTests {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = MutableClock.at(T0, UTC);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Scheduler scheduler;

  @AfterEach
  void tearDown() {
    scheduler.shutdown(Duration.ofSeconds(5));
  }

  private ZonedDateTime at(long seconds) {
    return T0.plusSeconds(seconds).atZone(UTC);
  }

  private void bind(Scheduler built) {
    bind(built, JobTag.ID);
  }

  private void bind(Scheduler built, JobTag jobTag) {
    scheduler = built;
    SchedulerMetrics metrics =
        new SchedulerMetrics(
            scheduler, new JobMeterTags(jobTag), Duration.ofSeconds(30), Duration.ofMinutes(5));
    metrics.bindTo(meters);
    scheduler.addListener(metrics);
  }

  private void addIntervalJob(String id, String name) {
    scheduler.addJob(
        JobSpec.builder()
            .id(id)
            .name(name)
            .trigger(
                IntervalTrigger.builder().interval(Duration.ofHours(1)).startDate(at(1)).build())
            .task(ctx -> {})
            .build());
  }

  private void runDueJobs() {
    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
  }

  /** Any event lets the binder look at what has expired; adding and removing a job makes two. */
  private void anEvent() {
    addIntervalJob("event", "event");
    scheduler.removeJob("event");
  }

  private double latenessRuns(String job) {
    var timer = meters.find(SchedulerMetrics.LATENESS).tag("job", job).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void theMetersOfARemovedJobGoOnceTheRetentionHasPassed() {
    bind(TestSchedulers.synchronous(clock).build());
    addIntervalJob("a", "A");
    scheduler.start();
    runDueJobs();
    assertThat(latenessRuns("a")).isEqualTo(1);

    scheduler.removeJob("a");
    clock.advance(Duration.ofMinutes(4));
    anEvent();
    assertThat(latenessRuns("a")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    anEvent();
    assertThat(meters.find(SchedulerMetrics.LATENESS).tag("job", "a").meters()).isEmpty();
  }

  @Test
  void aTagValueHeldByAnotherJobKeepsItsMeters() {
    bind(TestSchedulers.synchronous(clock).build(), JobTag.NAME);
    addIntervalJob("a1", "shared");
    addIntervalJob("a2", "shared");
    scheduler.start();
    runDueJobs();
    assertThat(latenessRuns("shared")).isEqualTo(2);
    assertThat(meters.find(SchedulerMetrics.LATENESS).tag("job", "a1").meters()).isEmpty();

    scheduler.removeJob("a1");
    clock.advance(Duration.ofMinutes(10));
    anEvent();
    assertThat(latenessRuns("shared")).isEqualTo(2);

    scheduler.removeJob("a2");
    clock.advance(Duration.ofMinutes(10));
    anEvent();
    assertThat(meters.find(SchedulerMetrics.LATENESS).tag("job", "shared").meters()).isEmpty();
  }

  @Test
  void aJobAddedAgainWithinTheRetentionKeepsItsMeters() {
    bind(TestSchedulers.synchronous(clock).build(), JobTag.NAME);
    addIntervalJob("first", "report");
    scheduler.start();
    runDueJobs();
    scheduler.removeJob("first");
    addIntervalJob("second", "report");
    clock.advance(Duration.ofMinutes(10));
    anEvent();
    assertThat(latenessRuns("report")).isEqualTo(1);
  }

  @Test
  void theJobsGaugeCountsTheStoreAtMostOncePerRefresh() {
    CountingJobStore store = new CountingJobStore();
    bind(TestSchedulers.synchronous(clock).jobStore("default", store).build());
    addIntervalJob("a", "a");
    scheduler.start();
    var gauge = meters.get(SchedulerMetrics.JOBS).tag("store", "default").gauge();
    for (int scrape = 0; scrape < 10; scrape++) {
      assertThat(gauge.value()).isEqualTo(1.0);
    }
    assertThat(store.counts).hasValue(1);

    addIntervalJob("b", "b");
    addIntervalJob("c", "c");
    scheduler.removeJob("a");
    assertThat(gauge.value()).isEqualTo(2.0);
    assertThat(store.counts).hasValue(1);

    clock.advance(Duration.ofSeconds(30));
    assertThat(gauge.value()).isEqualTo(2.0);
    assertThat(store.counts).hasValue(2);
    assertThat(store.fullReads).hasValue(0);
  }

  @Test
  void aRunMissedWhenItFinallyStartsLeavesNoRunningInstanceBehind() throws Exception {
    bind(TestSchedulers.manual(clock).threadPool(1, 1, Duration.ofSeconds(1)).build());
    CountDownLatch blocking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    scheduler.addJob(
        JobSpec.builder()
            .id("a-blocker")
            .trigger(DateTrigger.of(at(1)))
            .task(
                ctx -> {
                  blocking.countDown();
                  release.await();
                })
            .build());
    scheduler.addJob(
        JobSpec.builder().id("b-late").trigger(DateTrigger.of(at(1))).task(ctx -> {}).build());
    scheduler.start();
    clock.set(at(1));
    scheduler.processDueJobs();
    assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(meters.get(SchedulerMetrics.RUNNING).gauge().value()).isEqualTo(2.0);

    clock.advance(Duration.ofSeconds(5));
    release.countDown();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> meters.get(SchedulerMetrics.RUNNING).gauge().value() == 0.0);
    assertThat(meters.get(SchedulerMetrics.MISFIRES).tag("job", "b-late").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aSkippedBacklogCountsEveryFireTimeItStandsFor() {
    bind(TestSchedulers.synchronous(clock).build());
    scheduler.addJob(
        JobSpec.builder()
            .id("every-ms")
            .trigger(
                IntervalTrigger.builder().interval(Duration.ofMillis(1)).startDate(at(0)).build())
            .task(ctx -> {})
            .build());
    scheduler.start();

    clock.advance(Duration.ofSeconds(10));
    scheduler.processDueJobs();

    double missed = meters.get(SchedulerMetrics.MISFIRES).tag("job", "every-ms").counter().count();
    assertThat(missed).isGreaterThan(8_900);
  }

  @Test
  void eachScheduledRetryIsCountedAndOnlyFirstAttemptsTimeTheirLateness() {
    bind(TestSchedulers.synchronous(clock).build());
    scheduler.addJob(
        JobSpec.builder()
            .id("flaky")
            .trigger(DateTrigger.of(at(1)))
            .retry(RetryPolicy.fixed(3, Duration.ofSeconds(10)))
            .task(
                ctx -> {
                  throw new IllegalStateException("down");
                })
            .build());
    scheduler.start();

    runDueJobs();
    clock.advance(Duration.ofSeconds(10));
    scheduler.processDueJobs();
    clock.advance(Duration.ofSeconds(10));
    scheduler.processDueJobs();

    assertThat(meters.get(SchedulerMetrics.RETRIES).tag("job", "flaky").counter().count())
        .isEqualTo(2.0);
    assertThat(latenessRuns("flaky")).isEqualTo(1);
  }
}
