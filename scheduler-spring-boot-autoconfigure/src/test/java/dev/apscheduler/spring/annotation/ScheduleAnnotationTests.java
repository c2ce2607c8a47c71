package dev.apscheduler.spring.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Job;
import dev.apscheduler.JobContext;
import dev.apscheduler.JobSpec;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.autoconfigure.SchedulerAutoConfiguration;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ScheduleAnnotationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class))
          .withPropertyValues("apscheduler.timezone=UTC");

  @Test
  void eachAnnotationBecomesAJobWithItsOptions() {
    runner
        .withUserConfiguration(JobsConfiguration.class)
        .withPropertyValues("reports.hour=6")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              Job hourly = scheduler.getJob("hourly").orElseThrow();
              assertThat(hourly.trigger()).isInstanceOf(IntervalTrigger.class);
              assertThat(((IntervalTrigger) hourly.trigger()).interval())
                  .isEqualTo(Duration.ofMinutes(90));
              assertThat(hourly.task().reference()).isEqualTo("reportJobs::hourly");
              assertThat(hourly.name()).isEqualTo("Hourly report");
              assertThat(hourly.misfireGraceTime()).isEqualTo(Duration.ofSeconds(30));
              assertThat(hourly.coalesce()).isTrue();
              assertThat(hourly.maxInstances()).isEqualTo(3);
              assertThat(hourly.maxRuns()).isEqualTo(10);

              Job once = scheduler.getJob("reportJobs.once").orElseThrow();
              assertThat(once.trigger())
                  .isEqualTo(DateTrigger.of("2099-01-01 09:00:00", ZoneId.of("UTC")));
              assertThat(once.paused()).isTrue();

              Job crontab = scheduler.getJob("weekdays").orElseThrow();
              assertThat(crontab.trigger())
                  .isEqualTo(CronTrigger.fromCrontab("0 9 * * mon-fri", ZoneId.of("UTC")));
              assertThat(crontab.retryPolicy())
                  .isEqualTo(
                      RetryPolicy.exponential(4, Duration.ofSeconds(10), 2, Duration.ofMinutes(1))
                          .withJitter(0.1)
                          .retryingOn(java.io.IOException.class));
              assertThat(crontab.onLost()).isEqualTo(LostRunPolicy.RERUN);
              assertThat(hourly.retryPolicy()).isEqualTo(RetryPolicy.NONE);
              assertThat(hourly.onLost()).isEqualTo(LostRunPolicy.REPORT);

              Job keywords = scheduler.getJob("nightly").orElseThrow();
              assertThat(keywords.trigger())
                  .isEqualTo(
                      CronTrigger.builder()
                          .hour("6")
                          .minute("30")
                          .timezone(ZoneId.of("Europe/Berlin"))
                          .build());
              assertThat(keywords.nextRunTime()).isNotNull();
            });
  }

  @Test
  void annotatedMethodsRunWithTheirContext() {
    runner
        .withUserConfiguration(RunningJobsConfiguration.class)
        .run(
            context -> {
              RunningJobs jobs = context.getBean(RunningJobs.class);
              await().atMost(Duration.ofSeconds(10)).until(() -> jobs.runs.size() >= 2);
              assertThat(jobs.runs).contains("fast", "now");
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> context.getBean(Scheduler.class).getJob("fast").isEmpty());
              assertThat(jobs.runs.stream().filter("fast"::equals)).hasSize(2);
            });
  }

  @Test
  void beanMethodReferencesTakeArguments() {
    runner
        .withUserConfiguration(RunningJobsConfiguration.class)
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              RunningJobs jobs = context.getBean(RunningJobs.class);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("greeting")
                      .task("runningJobs::greet")
                      .args(List.of("world", "3"))
                      .trigger(DateTrigger.of(ZonedDateTime.now()))
                      .build());
              await().atMost(Duration.ofSeconds(10)).until(() -> jobs.runs.contains("world x3"));
            });
  }

  @Test
  void aReferenceToAnUnknownBeanIsLeftToTheOtherResolvers() {
    runner.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          assertThat(scheduler.tasks().resolve("noSuchBean::run").isResolved()).isFalse();
          assertThat(scheduler.tasks().resolve("schedulerLifecycle::noSuchMethod").isResolved())
              .isFalse();
        });
  }

  @Test
  void aMethodWithUnsupportedParametersFailsStartup() {
    runner
        .withUserConfiguration(BadParametersConfiguration.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("must take no parameter or a single JobContext"));
  }

  @Test
  void anInvalidTriggerFailsStartupNamingTheMethod() {
    runner
        .withUserConfiguration(BadTriggerConfiguration.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("@IntervalSchedule on")
                    .hasStackTraceContaining("BadTrigger.never"));
  }

  @Test
  void twoMethodsWithTheSameIdFailStartup() {
    runner
        .withUserConfiguration(DuplicateIdConfiguration.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("job id 'same' is already used"));
  }

  @Configuration(proxyBeanMethods = false)
  static class JobsConfiguration {
    @Bean
    ReportJobs reportJobs() {
      return new ReportJobs();
    }
  }

  static class ReportJobs {
    @IntervalSchedule(
        id = "hourly",
        name = "Hourly report",
        hours = 1,
        interval = "30m",
        misfireGraceTime = "30s",
        coalesce = "true",
        maxInstances = 3,
        maxRuns = 10)
    void hourly() {}

    @DateSchedule(runDate = "2099-01-01 09:00:00", paused = true)
    void once(JobContext context) {}

    @CronSchedule(
        id = "weekdays",
        crontab = "0 9 * * mon-fri",
        retry =
            @Retry(
                maxAttempts = 4,
                delay = "${reports.retry-delay:10s}",
                multiplier = 2,
                maxDelay = "1m",
                jitter = 0.1,
                retryOn = java.io.IOException.class),
        onLost = LostRunPolicy.RERUN)
    public void weekdays() {}

    @CronSchedule(
        id = "nightly",
        hour = "${reports.hour}",
        minute = "30",
        timezone = "Europe/Berlin")
    public void nightly() {}
  }

  @Configuration(proxyBeanMethods = false)
  static class RunningJobsConfiguration {
    @Bean
    RunningJobs runningJobs() {
      return new RunningJobs();
    }
  }

  static class RunningJobs {
    final List<String> runs = new CopyOnWriteArrayList<>();

    @IntervalSchedule(id = "fast", interval = "50ms", maxRuns = 2)
    void fast(JobContext context) {
      runs.add(context.job().id());
    }

    @DateSchedule(id = "now", runDate = "2020-01-01", misfireGraceTime = "PT876000H")
    public void now() {
      runs.add("now");
    }

    public void greet(String who, int times) {
      runs.add(who + " x" + times);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BadParametersConfiguration {
    @Bean
    BadParameters badParameters() {
      return new BadParameters();
    }
  }

  static class BadParameters {
    @IntervalSchedule(seconds = 1)
    void run(String text) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class BadTriggerConfiguration {
    @Bean
    BadTrigger badTrigger() {
      return new BadTrigger();
    }
  }

  static class BadTrigger {
    @IntervalSchedule(seconds = 0)
    void never() {}
  }

  @Configuration(proxyBeanMethods = false)
  static class DuplicateIdConfiguration {
    @Bean
    Duplicates duplicates() {
      return new Duplicates();
    }
  }

  static class Duplicates {
    @IntervalSchedule(id = "same", seconds = 5)
    void one() {}

    @IntervalSchedule(id = "same", seconds = 5)
    void two() {}
  }
}
