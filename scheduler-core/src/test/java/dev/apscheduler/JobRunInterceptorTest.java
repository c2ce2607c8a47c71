package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JobRunInterceptorTest {

  private final MutableClock clock =
      MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void interceptorsWrapEachRunOutermostFirstAndKeepTheResult() {
    List<String> calls = new CopyOnWriteArrayList<>();
    List<JobEvent> events = new CopyOnWriteArrayList<>();
    Scheduler scheduler =
        TestSchedulers.synchronous(clock)
            .runInterceptor(
                (context, task) -> {
                  calls.add("outer:" + context.job().id());
                  return task.call(context);
                })
            .runInterceptor(
                (context, task) -> {
                  calls.add("inner");
                  return "wrapped " + task.call(context);
                })
            .registerTask(
                "answer",
                new JobFunction() {
                  @Override
                  public void run(JobContext context) {}

                  @Override
                  public Object call(JobContext context) {
                    calls.add("task");
                    return 42;
                  }
                })
            .build();
    scheduler.addListener(event -> events.add((JobEvent) event), EventType.JOB_EXECUTED);
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("job")
            .task("answer")
            .trigger(DateTrigger.of(clock.instant().atZone(ZoneOffset.UTC)))
            .build());
    scheduler.processDueJobs();

    assertThat(calls).containsExactly("outer:job", "inner", "task");
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.returnValue()).contains("wrapped 42"));
    scheduler.shutdown();
  }

  @Test
  void anExceptionFromAnInterceptorIsTheRunsError() {
    List<JobEvent> errors = new CopyOnWriteArrayList<>();
    Scheduler scheduler =
        TestSchedulers.synchronous(clock)
            .runInterceptor(
                (context, task) -> {
                  throw new IllegalStateException("refused");
                })
            .build();
    scheduler.addListener(event -> errors.add((JobEvent) event), EventType.JOB_ERROR);
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("job")
            .task(() -> {})
            .trigger(DateTrigger.of(clock.instant().atZone(ZoneOffset.UTC)))
            .build());
    scheduler.processDueJobs();

    assertThat(errors)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.exception())
                    .get()
                    .hasToString("java.lang.IllegalStateException: refused"));
    scheduler.shutdown();
  }
}
