package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Spring Boot's conventions: a Clock bean, virtual threads, auto-configuration metadata. */
@ExtendWith(OutputCaptureExtension.class)
class SchedulerConventionsTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class));

  @Test
  void aClockBeanIsTheSchedulersClock() {
    MutableClock clock = MutableClock.at(Instant.parse("2030-01-01T00:00:00Z"), ZoneId.of("UTC"));
    runner
        .withBean(MutableClock.class, () -> clock)
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              assertThat(scheduler.clock()).isSameAs(clock);
              var job =
                  scheduler.addJob(
                      JobSpec.builder()
                          .id("hourly")
                          .task(ctx -> {})
                          .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                          .build());
              assertThat(job.nextRunTime()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
            });
  }

  /**
   * On Java 21 and newer the jobs run on virtual threads; before, the thread pool stays with a log
   * line. One test for both, so that no run of the suite skips it.
   */
  @Test
  void virtualThreadsFollowSpringBootsSwitch(CapturedOutput output) {
    runner
        .withPropertyValues(
            "spring.threads.virtual.enabled=true", "apscheduler.threadpool.max-threads=7")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              if (Runtime.version().feature() < 21) {
                assertThat(context.getBean(Scheduler.class).executor().maxThreads()).isEqualTo(7);
                assertThat(output).contains("virtual threads need Java 21 or newer");
                return;
              }
              CompletableFuture<Thread> ranOn = new CompletableFuture<>();
              context
                  .getBean(Scheduler.class)
                  .addJob(
                      JobSpec.builder()
                          .id("where")
                          .task(ctx -> ranOn.complete(Thread.currentThread()))
                          .trigger(DateTrigger.of(ZonedDateTime.now()))
                          .build());
              Thread thread = ranOn.get(10, TimeUnit.SECONDS);
              assertThat(Thread.class.getMethod("isVirtual").invoke(thread)).isEqualTo(true);
            });
  }

  @Test
  void theAutoConfigurationProcessorWritesTheConditionsMetadata() throws IOException {
    Properties metadata = new Properties();
    for (URL url :
        Collections.list(
            getClass()
                .getClassLoader()
                .getResources("META-INF/spring-autoconfigure-metadata.properties"))) {
      try (InputStream in = url.openStream()) {
        metadata.load(in);
      }
    }
    assertThat(
            metadata.getProperty(
                SchedulerAutoConfiguration.class.getName() + ".ConditionalOnClass"))
        .isEqualTo(Scheduler.class.getName());
    assertThat(
            metadata.getProperty(
                SchedulerMetricsAutoConfiguration.class.getName() + ".AutoConfigureAfter"))
        .contains(SchedulerAutoConfiguration.class.getName());
  }
}
