package dev.apscheduler.spring.boot.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The overview's counts of the last hour. */
class DashboardActivityTests {

  @Test
  void countsRunsErrorsAndMisfiresOfTheLastHourOnly() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    DashboardActivity activity = new DashboardActivity(clock);
    try (Scheduler scheduler = TestSchedulers.synchronous(clock).build()) {
      scheduler.addListener(activity, EventType.values());
      scheduler.start();
      scheduler.addJob(
          JobSpec.builder()
              .id("ok")
              .task(ctx -> {})
              .trigger(IntervalTrigger.of(Duration.ofMinutes(10)))
              .build());
      scheduler.addJob(
          JobSpec.builder()
              .id("fails")
              .task(
                  ctx -> {
                    throw new IllegalStateException("boom");
                  })
              .trigger(IntervalTrigger.of(Duration.ofMinutes(10)))
              .build());
      clock.advance(Duration.ofMinutes(10));
      scheduler.processDueJobs();
      assertThat(activity.lastHour())
          .satisfies(
              hour -> {
                assertThat(hour.runs()).isEqualTo(2);
                assertThat(hour.errors()).isEqualTo(1);
              });

      clock.advance(Duration.ofMinutes(61));
      assertThat(activity.lastHour().runs()).isZero();
    }
  }
}
