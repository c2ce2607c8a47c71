package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.event.EventType;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
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
  void aRunStillGoingAtTheShutdownPhaseTimeoutIsInterrupted() {
    runner
        .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              CountDownLatch shutDown = new CountDownLatch(1);
              scheduler.addListener(event -> shutDown.countDown(), EventType.SCHEDULER_SHUTDOWN);
              StuckJob stuck = StuckJob.runningIn(scheduler);
              CountDownLatch stopped = new CountDownLatch(1);

              context.getBean(SchedulerLifecycle.class).stop(stopped::countDown);

              assertThat(stopped.await(5, TimeUnit.SECONDS))
                  .as("the graceful stop ends at the shutdown-phase timeout")
                  .isTrue();
              assertThat(stuck.interrupted().await(5, TimeUnit.SECONDS))
                  .as("the run was interrupted at the timeout, not left running")
                  .isTrue();
              assertThat(shutDown.await(5, TimeUnit.SECONDS)).isTrue();
              assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
            });
  }

  @Test
  void destroyEndsAGracefulStopThatIsStillWaiting() throws Exception {
    Scheduler scheduler = Scheduler.builder().build();
    SchedulerLifecycle lifecycle =
        new SchedulerLifecycle(scheduler, List.of(), Duration.ofMinutes(10));
    lifecycle.start();
    StuckJob stuck = StuckJob.runningIn(scheduler);
    CountDownLatch stopped = new CountDownLatch(1);
    lifecycle.stop(stopped::countDown);
    assertThat(stopped.await(300, TimeUnit.MILLISECONDS))
        .as("the graceful stop waits for the run")
        .isFalse();

    lifecycle.destroy();

    assertThat(stuck.interrupted().await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
  }

  @Test
  void destroyShutsDownASchedulerThatWasNeverStopped() throws Exception {
    Scheduler scheduler = Scheduler.builder().build();
    SchedulerLifecycle lifecycle =
        new SchedulerLifecycle(scheduler, List.of(), Duration.ofSeconds(30));
    lifecycle.start();
    assertThat(scheduler.state()).isEqualTo(SchedulerState.RUNNING);

    lifecycle.destroy();

    assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
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

  @Test
  void withAStartupDelayTheContextStartsWithoutWaitingAndTheSchedulerStartsLater() {
    runner
        .withPropertyValues("apscheduler.startup-delay=300ms")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Scheduler scheduler = context.getBean(Scheduler.class);
              CountDownLatch ran = new CountDownLatch(1);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("after-delay")
                      .task(ran::countDown)
                      .trigger(DateTrigger.of(ZonedDateTime.now()))
                      .misfireGraceTime(Duration.ofHours(1))
                      .build());
              assertThat(context.getBean(SchedulerLifecycle.class).isRunning()).isTrue();
              assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
              assertThat(scheduler.state()).isEqualTo(SchedulerState.RUNNING);
            });
  }

  @Test
  void aContextClosedWithinTheStartupDelayNeverStartsTheScheduler() {
    runner
        .withPropertyValues("apscheduler.startup-delay=1h")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              assertThat(scheduler.state()).isEqualTo(SchedulerState.STOPPED);
              assertThat(context.getBean(SchedulerLifecycle.class).isRunning()).isTrue();
              context.close();
              assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
            });
  }

  @Test
  void aNegativeStartupDelayIsRefused() {
    runner
        .withPropertyValues("apscheduler.startup-delay=-1s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("apscheduler.startup-delay"));
  }

  /** A job that runs until it is interrupted (30 s at the most), started before this returns. */
  private record StuckJob(CountDownLatch interrupted) {

    static StuckJob runningIn(Scheduler scheduler) throws InterruptedException {
      CountDownLatch started = new CountDownLatch(1);
      StuckJob stuck = new StuckJob(new CountDownLatch(1));
      scheduler.addJob(
          JobSpec.builder()
              .id("stuck")
              .task(
                  () -> {
                    started.countDown();
                    if (!awaitQuietly(new CountDownLatch(1))) {
                      stuck.interrupted().countDown();
                    }
                  })
              .trigger(DateTrigger.of(ZonedDateTime.now()))
              .build());
      assertThat(started.await(10, TimeUnit.SECONDS)).as("the stuck job started").isTrue();
      return stuck;
    }
  }

  /** Waits up to 30 s; {@code false} if interrupted. */
  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
