package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Scheduler events arrive at {@code @EventListener} methods as the core event objects. */
class SchedulerEventPublishingTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class))
          .withUserConfiguration(ListenerConfiguration.class);

  @Test
  void jobStoreAndSchedulerEventsReachEventListeners() {
    runner.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          EventRecorder recorder = context.getBean(EventRecorder.class);
          scheduler.addJob(
              JobSpec.builder()
                  .id("answer")
                  .task(ctx -> {})
                  .trigger(DateTrigger.of(ZonedDateTime.now()))
                  .build());
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      recorder.jobEvents.stream()
                          .anyMatch(event -> event.type() == EventType.JOB_EXECUTED));
          JobEvent executed =
              recorder.jobEvents.stream()
                  .filter(event -> event.type() == EventType.JOB_EXECUTED)
                  .findFirst()
                  .orElseThrow();
          assertThat(executed.jobId()).isEqualTo("answer");
          assertThat(executed.jobStore()).isEqualTo("default");
          assertThat(executed.startTime()).isPresent();
          assertThat(recorder.storeEvents)
              .anyMatch(
                  event ->
                      event.type() == EventType.JOBSTORE_JOB_ADDED
                          && event.jobId().orElseThrow().equals("answer"));
          assertThat(recorder.allEvents)
              .anyMatch(event -> event.type() == EventType.SCHEDULER_START);
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfiguration {
    @Bean
    EventRecorder eventRecorder() {
      return new EventRecorder();
    }
  }

  static class EventRecorder {
    final List<JobEvent> jobEvents = new CopyOnWriteArrayList<>();
    final List<JobStoreEvent> storeEvents = new CopyOnWriteArrayList<>();
    final List<SchedulerEvent> allEvents = new CopyOnWriteArrayList<>();

    @EventListener
    void on(JobEvent event) {
      jobEvents.add(event);
    }

    @EventListener
    void on(JobStoreEvent event) {
      storeEvents.add(event);
    }

    @EventListener
    void onAny(SchedulerEvent event) {
      allEvents.add(event);
    }
  }
}
