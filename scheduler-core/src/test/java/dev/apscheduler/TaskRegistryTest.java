package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.event.EventType;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

  private final TaskRegistry registry = new TaskRegistry();

  /** A task class the registry can rebuild from its name. */
  public static final class CountingTask implements JobFunction {
    static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    public void run(JobContext context) {
      RUNS.incrementAndGet();
    }
  }

  /** A stateful task: it cannot be rebuilt from its class name alone. */
  public static final class StatefulTask implements Runnable {
    private final String state;

    public StatefulTask() {
      this("default");
    }

    StatefulTask(String state) {
      this.state = state;
    }

    @Override
    public void run() {
      state.length();
    }
  }

  public static void noArgs() {}

  public static String withContext(JobContext context) {
    return context.job().id();
  }

  @Test
  void aRegisteredFunctionIsStoredByName() {
    JobFunction fn = ctx -> {};
    registry.register("report", fn);
    Task byName = registry.taskFor("report");
    Task byObject = registry.taskFor(fn);
    assertThat(byName.reference()).isEqualTo("report");
    assertThat(byObject.reference()).isEqualTo("report");
    assertThat(byObject.isPersistable()).isTrue();
    assertThat(byObject.matches("report")).isTrue();
  }

  @Test
  void jobsOfOneFunctionObjectShareOneTaskUntilItIsRegistered() {
    Runnable cleanup = () -> {};

    Task first = registry.taskFor(cleanup);
    Task second = registry.taskFor(cleanup);
    registry.register("cleanup", ctx -> cleanup.run());
    Task other = registry.taskFor((Runnable) () -> {});
    JobFunction named = ctx -> {};
    registry.register("named", named);

    assertThat(second).isSameAs(first);
    assertThat(other).isNotSameAs(first);
    assertThat(registry.taskFor(named).isPersistable()).isTrue();
    assertThat(registry.taskFor(named).reference()).isEqualTo("named");
  }

  @Test
  void lambdasAndStatefulObjectsAreTransient() {
    Task lambda = registry.taskFor((Runnable) () -> {});
    assertThat(lambda.isPersistable()).isFalse();
    assertThat(lambda.reference()).startsWith("lambda ");
    assertThat(registry.taskFor(new StatefulTask("x")).isPersistable()).isFalse();
  }

  @Test
  void aStatelessClassIsStoredByClassName() {
    Task task = registry.taskFor(new CountingTask());
    assertThat(task.isPersistable()).isTrue();
    assertThat(task.reference()).isEqualTo(CountingTask.class.getName());
    Task resolved = registry.resolve(CountingTask.class.getName());
    assertThat(resolved.isResolved()).isTrue();
  }

  @Test
  void staticMethodsResolveByReference() {
    assertThat(registry.resolve(TaskRegistryTest.class.getName() + "::noArgs").isResolved())
        .isTrue();
    assertThat(registry.resolve(TaskRegistryTest.class.getName() + "::withContext").isResolved())
        .isTrue();
  }

  @Test
  void unresolvableReferencesSayWhy() {
    assertThat(registry.resolve("com.example.Missing::run").problem())
        .isEqualTo("class com.example.Missing not found");
    assertThat(registry.resolve(TaskRegistryTest.class.getName() + "::nope").problem())
        .contains("no public static method 'nope'");
    assertThat(registry.resolve("unknownName").problem()).contains("no task is registered");
    assertThat(registry.resolve("java.lang.String").problem())
        .contains("implements neither JobFunction nor Runnable");
    assertThatThrownBy(() -> registry.taskFor(42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Integer");
    assertThatThrownBy(() -> registry.register("a::b", ctx -> {})).hasMessageContaining("'a::b'");
  }

  @Test
  void resolversAreConsultedAfterNames() {
    registry.addResolver(
        reference -> reference.equals("bean::run") ? Optional.of(ctx -> {}) : Optional.empty());
    assertThat(registry.resolve("bean::run").isResolved()).isTrue();
  }

  @Test
  void aClassTaskRunsThroughTheScheduler() {
    MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("UTC"));
    Scheduler scheduler = TestSchedulers.synchronous(clock).build();
    RecordingListener events = new RecordingListener();
    scheduler.addListener(events);
    scheduler.start();
    int before = CountingTask.RUNS.get();
    scheduler.addJob(
        JobSpec.builder()
            .task(CountingTask.class.getName())
            .trigger(DateTrigger.of(clock.now()))
            .build());
    scheduler.addJob(
        JobSpec.builder()
            .task(TaskRegistryTest.class.getName() + "::withContext")
            .id("ctx")
            .trigger(DateTrigger.of(clock.now()))
            .build());
    scheduler.processDueJobs();
    assertThat(CountingTask.RUNS.get()).isEqualTo(before + 1);
    assertThat(events.jobEvents(EventType.JOB_EXECUTED))
        .extracting(e -> e.returnValue().orElse(null))
        .containsExactlyInAnyOrder(null, "ctx");
    List<Job> none = scheduler.getJobs();
    assertThat(none).isEmpty();
    scheduler.shutdown();
  }
}
