package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.JobRunObservationContext;
import dev.apscheduler.spring.boot.actuate.JobRunObservationConvention;
import dev.apscheduler.spring.boot.actuate.SchedulerMetrics;
import dev.apscheduler.trigger.DateTrigger;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scheduler's meters stay few however many jobs come and go, and each run is timed once, by the
 * timer derived from its observation.
 */
class SchedulerMetersTests {

  private static final int JOBS = 1_000;

  private final ApplicationContextRunner metricsOnly =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SchedulerAutoConfiguration.class,
                  SchedulerMetricsAutoConfiguration.class,
                  SchedulerObservationAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class));

  private final ApplicationContextRunner withObservations =
      metricsOnly.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class));

  @Test
  void oneShotJobsTaggedByIdLeaveNoMetersBehindOnceRemoved() {
    withObservations
        .withPropertyValues(
            "apscheduler.metrics.job-tag=id", "apscheduler.metrics.removed-job-retention=0s")
        .run(
            context -> {
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              int before = meters.getMeters().size();
              runOneShotJobs(context, "one-shot");
              assertThat(jobMeters(meters)).extracting(Meter::getId).isEmpty();
              assertThat(meters.getMeters()).hasSize(before);
            });
  }

  @Test
  void oneShotJobsTaggedByNameShareTheirMetersAndLeaveNoneBehind() {
    withObservations
        .withPropertyValues("apscheduler.metrics.removed-job-retention=0s")
        .run(
            context -> {
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              Scheduler scheduler = context.getBean(Scheduler.class);
              CountDownLatch ran = new CountDownLatch(JOBS);
              CountDownLatch release = new CountDownLatch(1);
              for (int i = 0; i < JOBS; i++) {
                scheduler.addJob(oneShot("ping-" + i, "ping", ran, release));
              }
              await().atMost(Duration.ofSeconds(30)).until(() -> ran.getCount() < JOBS);
              assertThat(jobTagValues(meters)).containsOnly("ping");
              release.countDown();
              assertThat(ran.await(60, TimeUnit.SECONDS)).isTrue();
              settle(scheduler);
              assertThat(jobMeters(meters)).extracting(Meter::getId).isEmpty();
            });
  }

  @Test
  void aRunIsTimedOnceWithUpperCaseOutcomesWithOrWithoutAnObservationRegistry() {
    for (ApplicationContextRunner runner : List.of(metricsOnly, withObservations)) {
      runner.run(
          context -> {
            Scheduler scheduler = context.getBean(Scheduler.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            scheduler.addJob(
                JobSpec.builder()
                    .id("fails")
                    .name("fails")
                    .task(
                        ctx -> {
                          throw new IllegalStateException("boom");
                        })
                    .trigger(DateTrigger.of(ZonedDateTime.now()))
                    .build());
            scheduler.addJob(
                JobSpec.builder()
                    .id("works")
                    .name("works")
                    .task(ctx -> {})
                    .trigger(DateTrigger.of(ZonedDateTime.now()))
                    .build());
            await()
                .atMost(Duration.ofSeconds(10))
                .until(
                    () ->
                        meters.find(SchedulerMetrics.LATENESS).timers().size() == 2
                            && scheduler.runsInFlight() == 0);
            assertThat(
                    meters
                        .get(SchedulerMetrics.EXECUTIONS)
                        .tags("job", "works", "outcome", "SUCCESS", "store", "default")
                        .timer()
                        .count())
                .isEqualTo(1);
            assertThat(
                    meters
                        .get(SchedulerMetrics.EXECUTIONS)
                        .tags("job", "fails", "outcome", "ERROR", "error", "IllegalStateException")
                        .timer()
                        .count())
                .isEqualTo(1);
            Set<String> timers =
                meters.getMeters().stream()
                    .filter(meter -> meter.getId().getType() == Meter.Type.TIMER)
                    .map(meter -> meter.getId().getName())
                    .filter(name -> name.startsWith("apscheduler."))
                    .collect(Collectors.toSet());
            assertThat(timers)
                .containsExactlyInAnyOrder(SchedulerMetrics.EXECUTIONS, SchedulerMetrics.LATENESS);
          });
    }
  }

  @Test
  void aConventionBeanNamesTheRunTimer() {
    withObservations
        .withUserConfiguration(CustomConventionConfiguration.class)
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("custom")
                      .task(ctx -> {})
                      .trigger(DateTrigger.of(ZonedDateTime.now()))
                      .build());
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> meters.find("custom.runs").tag("team", "ops").timer() != null);
              assertThat(meters.find(SchedulerMetrics.EXECUTIONS).timer()).isNull();
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomConventionConfiguration {
    @Bean
    JobRunObservationConvention customConvention() {
      return new JobRunObservationConvention() {
        @Override
        public String getName() {
          return "custom.runs";
        }

        @Override
        public KeyValues getLowCardinalityKeyValues(JobRunObservationContext context) {
          return KeyValues.of("team", "ops");
        }
      };
    }
  }

  /** Adds and runs {@value #JOBS} one-shot jobs of distinct ids, waiting for every run. */
  private static void runOneShotJobs(AssertableApplicationContext context, String name)
      throws InterruptedException {
    Scheduler scheduler = context.getBean(Scheduler.class);
    CountDownLatch ran = new CountDownLatch(JOBS);
    CountDownLatch released = new CountDownLatch(0);
    for (int i = 0; i < JOBS; i++) {
      scheduler.addJob(oneShot(name + "-" + i, name, ran, released));
    }
    assertThat(ran.await(60, TimeUnit.SECONDS)).isTrue();
    settle(scheduler);
  }

  private static JobSpec oneShot(
      String id, String name, CountDownLatch ran, CountDownLatch release) {
    return JobSpec.builder()
        .id(id)
        .name(name)
        .task(
            ctx -> {
              ran.countDown();
              release.await(60, TimeUnit.SECONDS);
            })
        .trigger(DateTrigger.of(ZonedDateTime.now()))
        .misfireGraceTime(Duration.ofMinutes(5))
        .build();
  }

  /**
   * Waits for the last runs to finish, then adds and removes a job: the events let the meters of
   * the last removed jobs go.
   */
  private static void settle(Scheduler scheduler) {
    await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.runsInFlight() == 0);
    scheduler.addJob(
        JobSpec.builder()
            .id("settle")
            .task(ctx -> {})
            .trigger(DateTrigger.of(ZonedDateTime.now().plusDays(1)))
            .build());
    scheduler.removeJob("settle");
  }

  private static List<Meter> jobMeters(MeterRegistry meters) {
    return meters.getMeters().stream()
        .filter(meter -> meter.getId().getName().startsWith("apscheduler.job."))
        .toList();
  }

  private static Set<String> jobTagValues(MeterRegistry meters) {
    return jobMeters(meters).stream()
        .map(meter -> meter.getId().getTag("job"))
        .collect(Collectors.toSet());
  }
}
