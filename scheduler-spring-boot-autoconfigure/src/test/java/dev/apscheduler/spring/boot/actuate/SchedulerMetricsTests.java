package dev.apscheduler.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
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
    scheduler = built;
    SchedulerMetrics metrics = new SchedulerMetrics(scheduler);
    metrics.bindTo(meters);
    scheduler.addListener(metrics);
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
}
