package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The scheduler starts with the context and stops gracefully with it. */
class SchedulerLifecycleTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LifecycleAutoConfiguration.class, SchedulerAutoConfiguration.class));

  @Test
  void closingTheContextWaitsForARunningJob() {
    runner.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          CountDownLatch started = new CountDownLatch(1);
          CountDownLatch release = new CountDownLatch(1);
          AtomicBoolean finished = new AtomicBoolean();
          scheduler.addJob(
              JobSpec.builder()
                  .id("slow")
                  .task(
                      () -> {
                        started.countDown();
                        awaitQuietly(release);
                        finished.set(true);
                      })
                  .trigger(DateTrigger.of(ZonedDateTime.now()))
                  .build());
          assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

          CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
          await()
              .during(Duration.ofMillis(300))
              .atMost(Duration.ofSeconds(2))
              .until(() -> !closing.isDone());
          assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);

          release.countDown();
          closing.get(10, TimeUnit.SECONDS);
          assertThat(finished).isTrue();
        });
  }

  @Test
  void closingGivesUpWaitingAfterTheShutdownPhaseTimeout() {
    runner
        .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              CountDownLatch started = new CountDownLatch(1);
              CountDownLatch release = new CountDownLatch(1);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("stuck")
                      .task(
                          () -> {
                            started.countDown();
                            awaitQuietly(release);
                          })
                      .trigger(DateTrigger.of(ZonedDateTime.now()))
                      .build());
              assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
              try {
                CompletableFuture.runAsync(context::close).get(10, TimeUnit.SECONDS);
                assertThat(release.getCount()).isEqualTo(1);
                assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
              } finally {
                release.countDown();
              }
            });
  }

  @Test
  void aStoppedLifecycleReportsNotRunning() {
    runner.run(
        context -> {
          SchedulerLifecycle lifecycle = context.getBean(SchedulerLifecycle.class);
          assertThat(lifecycle.isRunning()).isTrue();
          assertThat(lifecycle.getPhase()).isEqualTo(SchedulerLifecycle.PHASE);
          lifecycle.stop();
          assertThat(lifecycle.isRunning()).isFalse();
          lifecycle.start();
          assertThat(lifecycle.isRunning()).isFalse();
        });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
