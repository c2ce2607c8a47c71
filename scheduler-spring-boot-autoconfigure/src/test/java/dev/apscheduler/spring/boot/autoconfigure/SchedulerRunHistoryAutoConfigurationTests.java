package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.spring.boot.actuate.JobRunsDescriptor;
import dev.apscheduler.spring.boot.actuate.RunDescriptor;
import dev.apscheduler.spring.boot.actuate.SchedulerEndpoint;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.SynchronousExecutor;
import dev.apscheduler.trigger.IntervalTrigger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code apscheduler.history.*}: run history on by default with the core's retention, turned off,
 * retention by count and by age, bad values refused with a failure analysis, and a JDBC store's
 * history read again after a restart and from another cluster node.
 */
class SchedulerRunHistoryAutoConfigurationTests {

  /** A job that never falls due by itself: runs come from {@code runJobNow} only. */
  private static final IntervalTrigger YEARLY = IntervalTrigger.of(Duration.ofDays(365));

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class))
          .withUserConfiguration(SynchronousRuns.class);

  @TempDir Path directory;

  @Test
  void propertyDefaultsAreTheCoresRetentionWithHistoryOn() {
    RunHistoryProperties history = new SchedulerProperties().getHistory();
    assertThat(history.isEnabled()).isTrue();
    assertThat(history.getMaxAge()).isEqualTo(RunRetention.DEFAULT_MAX_AGE);
    assertThat(history.getMaxRunsPerJob()).isEqualTo(RunRetention.DEFAULT_MAX_RUNS_PER_JOB);
  }

  @Test
  void byDefaultEachRunLeavesARecord() {
    runner.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          addJob(scheduler, "report");
          scheduler.runJobNow("report");
          assertThat(scheduler.getRunHistory("report", 10))
              .singleElement()
              .satisfies(
                  run -> {
                    assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCESS);
                    assertThat(run.start()).isNotNull();
                  });
        });
  }

  @Test
  void disabledHistoryKeepsNoRecords() {
    runner
        .withPropertyValues("apscheduler.history.enabled=false")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              AtomicInteger ran = new AtomicInteger();
              scheduler.addJob(
                  JobSpec.builder()
                      .id("report")
                      .task(ctx -> ran.incrementAndGet())
                      .trigger(YEARLY)
                      .build());
              scheduler.runJobNow("report");
              assertThat(ran).hasValue(1);
              assertThat(scheduler.getRunHistory("report", 10)).isEmpty();
            });
  }

  @Test
  void maxRunsPerJobKeepsTheNewestRuns() {
    runner
        .withPropertyValues("apscheduler.history.max-runs-per-job=2")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              addJob(scheduler, "report");
              for (int i = 0; i < 3; i++) {
                scheduler.runJobNow("report");
              }
              assertThat(scheduler.getRunHistory("report", 10)).hasSize(2);
            });
  }

  @Test
  void maxAgePurgesRecordsOlderThanIt() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    runner
        .withBean(Clock.class, () -> clock)
        .withPropertyValues("apscheduler.history.max-age=1h")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              addJob(scheduler, "report");
              scheduler.runJobNow("report");
              clock.advance(Duration.ofHours(2));
              scheduler.runJobNow("report");
              Instant recent = clock.instant();
              // the recorder purges by its clock about every second, on its own thread
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(
                      () ->
                          scheduler.getRunHistory("report", 10).stream()
                              .map(RunRecord::end)
                              .toList()
                              .equals(List.of(recent)));
            });
  }

  @Test
  void aMaxAgeThatIsNotPositiveIsRefusedNamingTheProperty() {
    for (String value : List.of("0", "-5m")) {
      runner
          .withPropertyValues("apscheduler.history.max-age=" + value)
          .run(
              context ->
                  assertThat(analyze(context.getStartupFailure()).getDescription())
                      .contains("apscheduler.history.max-age", "a positive duration"));
    }
  }

  @Test
  void aMaxAgeThatIsNoDurationIsRefusedNamingTheForm() {
    runner
        .withPropertyValues("apscheduler.history.max-age=a week")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.history.max-age", "'a week'", "a duration such as"));
  }

  @Test
  void fewerThanOneRunPerJobIsRefused() {
    runner
        .withPropertyValues("apscheduler.history.max-runs-per-job=0")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains(
                        "apscheduler.history.max-runs-per-job",
                        "'0'",
                        "a whole number of 1 or more"));
  }

  @Test
  void aJdbcStoresHistorySurvivesAContextRestartAndTheEndpointReadsIt() {
    ApplicationContextRunner persistent =
        runner
            .withConfiguration(
                AutoConfigurations.of(
                    EndpointAutoConfiguration.class, SchedulerEndpointAutoConfiguration.class))
            .withPropertyValues(
                "apscheduler.jobstores.default.type=jdbc",
                "apscheduler.jobstores.default.url=jdbc:h2:file:" + directory.resolve("history"),
                "spring.jmx.enabled=true",
                "management.endpoints.jmx.exposure.include=scheduler");
    persistent.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          scheduler.addJob(
              JobSpec.builder().id("stored").task(SynchronousRuns.FAILING).trigger(YEARLY).build());
          scheduler.runJobNow("stored");
          scheduler.runJobNow("stored");
          assertThat(scheduler.getRunHistory("stored", 10)).hasSize(2);
        });
    persistent.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          assertThat(scheduler.getRunHistory("stored", 10))
              .hasSize(2)
              .allSatisfy(
                  run -> {
                    assertThat(run.outcome()).isEqualTo(RunOutcome.ERROR);
                    assertThat(run.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
                  });
          JobRunsDescriptor page =
              context
                  .getBean(SchedulerEndpoint.class)
                  .runs("stored", "runs", null, null, null, "error");
          assertThat(page.removed()).isFalse();
          assertThat(page.runs())
              .hasSize(2)
              .extracting(RunDescriptor::exceptionClass)
              .containsOnly("java.lang.IllegalStateException");
          assertThat(context.getBean(SchedulerEndpoint.class).job("stored").recentRuns())
              .hasSize(2);
        });
  }

  @Test
  void everyClusterNodeReadsTheSameHistory() {
    ApplicationContextRunner node =
        runner
            .withConfiguration(
                AutoConfigurations.of(
                    EndpointAutoConfiguration.class, SchedulerEndpointAutoConfiguration.class))
            .withPropertyValues(
                "apscheduler.jobstores.default.type=jdbc",
                "apscheduler.jobstores.default.url=jdbc:h2:mem:history-"
                    + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1",
                "apscheduler.cluster.enabled=true",
                "spring.jmx.enabled=true",
                "management.endpoints.jmx.exposure.include=scheduler");
    node.withPropertyValues("apscheduler.cluster.node-id=web-1")
        .run(
            first ->
                node.withPropertyValues("apscheduler.cluster.node-id=web-2")
                    .run(
                        second -> {
                          Scheduler scheduler = first.getBean(Scheduler.class);
                          scheduler.addJob(
                              JobSpec.builder()
                                  .id("shared")
                                  .task(SynchronousRuns.FAILING)
                                  .trigger(YEARLY)
                                  .build());
                          scheduler.runJobNow("shared");
                          SchedulerEndpoint other = second.getBean(SchedulerEndpoint.class);
                          // web-1 writes its records within about a second
                          await()
                              .atMost(Duration.ofSeconds(10))
                              .until(
                                  () ->
                                      other
                                              .runs("shared", "runs", null, null, null, null)
                                              .runs()
                                              .size()
                                          == 1);
                          RunDescriptor run =
                              other.runs("shared", "runs", null, null, null, null).runs().get(0);
                          assertThat(run.node()).isEqualTo("web-1");
                          assertThat(run.outcome()).isEqualTo("ERROR");
                          assertThat(scheduler.getRunHistory("shared", 10))
                              .extracting(RunRecord::end)
                              .containsExactly(run.end());
                        }));
  }

  private static void addJob(Scheduler scheduler, String id) {
    scheduler.addJob(JobSpec.builder().id(id).task(ctx -> {}).trigger(YEARLY).build());
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new SchedulerFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of %s", failure).isNotNull();
    return analysis;
  }

  /**
   * Runs jobs on the calling thread, so a {@code runJobNow} has ended (and left its record) when it
   * returns; registers the task {@value #FAILING} for persistent stores.
   */
  @Configuration(proxyBeanMethods = false)
  static class SynchronousRuns {

    static final String FAILING = "failing";

    @Bean
    SchedulerBuilderCustomizer synchronousRuns() {
      return builder ->
          builder
              .executor(new SynchronousExecutor())
              .registerTask(
                  FAILING,
                  ctx -> {
                    throw new IllegalStateException("boom");
                  });
    }
  }
}
