package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.event.EventType;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    assertThat(new TaskRegistry().resolve(CountingTask.class.getName()).isResolved()).isFalse();
  }

  @Test
  void staticMethodsResolveByReference() {
    registry.allowPackages("dev.apscheduler");
    assertThat(registry.resolve(TaskRegistryTest.class.getName() + "::noArgs").isResolved())
        .isTrue();
    assertThat(registry.resolve(TaskRegistryTest.class.getName() + "::withContext").isResolved())
        .isTrue();
  }

  @Test
  void unresolvableReferencesSayWhy() {
    registry.allowPackages("com.example", "java.lang", "dev.apscheduler");
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

  /** Names of the classes below whose static initialiser ran. */
  static final Set<String> INITIALISED = ConcurrentHashMap.newKeySet();

  /** A class whose static initialiser must not run when a stored row merely names it. */
  public static final class NotAllowedInit {
    static {
      INITIALISED.add("NotAllowedInit");
    }

    public static void go() {}
  }

  /** Like {@link NotAllowedInit}, in an allowed package: initialised at its first run only. */
  public static final class AllowedInit {
    static {
      INITIALISED.add("AllowedInit");
    }

    public static void go() {}
  }

  /** Allowed and resolved, never run: never initialised. */
  public static final class AllowedNeverRun {
    static {
      INITIALISED.add("AllowedNeverRun");
    }

    public static void go() {}
  }

  /** Inherits {@code InitialContext::doLookup}; a stored row must not reach it through here. */
  public static final class InheritsLookup extends javax.naming.InitialContext {
    public InheritsLookup() throws javax.naming.NamingException {
      super(true);
    }
  }

  /** Counts runs of {@link #count}. */
  static final AtomicInteger STATIC_RUNS = new AtomicInteger();

  public static void count() {
    STATIC_RUNS.incrementAndGet();
  }

  private static final String PREFIX = "dev.apscheduler.TaskRegistryTest$";

  @Test
  void storedReferencesOutsideAllowedPackagesAreNotResolvedAndSayWhatToSet() {
    for (String reference :
        List.of(
            "java.lang.System::exit",
            "javax.naming.InitialContext::doLookup",
            "java.lang.Runtime",
            PREFIX + "CountingTask",
            TaskRegistryTest.class.getName() + "::noArgs")) {
      Task task = registry.resolve(reference);
      assertThat(task.isResolved()).as(reference).isFalse();
      assertThat(task.reference()).isEqualTo(reference);
      assertThat(task.problem())
          .contains("not in a package allowed for stored task references")
          .contains("apscheduler.allowed-task-packages")
          .contains("SchedulerBuilder.allowedTaskPackages");
    }
    assertThat(registry.resolve("someBean::run").problem())
        .contains("nothing named 'someBean' is known");
  }

  @Test
  void aStoredRowNamingAClassDoesNotInitialiseIt() {
    Task refused = registry.resolve(PREFIX + "NotAllowedInit::go");
    Task notATask = registry.resolve(PREFIX + "NotAllowedInit");
    registry.allowPackages("dev.apscheduler");
    Task stillNotATask = registry.resolve(PREFIX + "NotAllowedInit");
    Task allowed = registry.resolve(PREFIX + "AllowedNeverRun::go");

    assertThat(refused.isResolved()).isFalse();
    assertThat(notATask.isResolved()).isFalse();
    assertThat(stillNotATask.problem()).contains("implements neither JobFunction nor Runnable");
    assertThat(allowed.isResolved()).isTrue();
    assertThat(INITIALISED).doesNotContain("NotAllowedInit", "AllowedNeverRun");
  }

  @Test
  void anAllowedClassIsInitialisedAtItsFirstRun() throws Exception {
    registry.allowPackages("dev.apscheduler");
    Task allowed = registry.resolve(PREFIX + "AllowedInit::go");
    assertThat(INITIALISED).doesNotContain("AllowedInit");

    allowed.function().run(context());

    assertThat(INITIALISED).contains("AllowedInit");
  }

  @Test
  void allowedPackagesCoverTheirSubPackagesOnly() {
    registry.allowPackages("dev.apscheduler.trigger", "dev.apschedule");
    assertThat(registry.resolve(TaskRegistryTest.class.getName() + "::count").isResolved())
        .isFalse();

    registry.allowPackages(" dev ");
    assertThat(registry.allowedPackages())
        .containsExactly("dev.apscheduler.trigger", "dev.apschedule", "dev");
    assertThat(registry.resolve(TaskRegistryTest.class.getName() + "::count").isResolved())
        .isTrue();
    for (String bad : new String[] {"", "*", "com..example", "com.example.", "1com"}) {
      assertThatThrownBy(() -> registry.allowPackages(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a package name");
    }
  }

  @Test
  void inheritedStaticMethodsAreNotTasks() {
    registry.allowPackages("dev.apscheduler");
    assertThat(registry.resolve(PREFIX + "InheritsLookup::doLookup").problem())
        .contains("no public static method 'doLookup'");
  }

  @Test
  void referencesTheApplicationGaveInCodeResolveWhenReadBack() throws Exception {
    String method = TaskRegistryTest.class.getName() + "::count";
    Task given = registry.taskFor(method);
    registry.taskFor(new CountingTask());

    Task readBack = registry.resolve(method);
    int before = STATIC_RUNS.get();
    readBack.function().run(context());

    assertThat(given.isResolved()).isTrue();
    assertThat(STATIC_RUNS.get()).isEqualTo(before + 1);
    assertThat(registry.resolve(PREFIX + "CountingTask").isResolved()).isTrue();
    assertThat(registry.taskFor("java.lang.Thread::dumpStack").isResolved()).isTrue();
    assertThat(registry.resolve("java.lang.Thread::dumpStack").isResolved()).isTrue();
    assertThat(registry.resolve("java.lang.Thread::yield").isResolved()).isFalse();
    TaskRegistry afterARestart = new TaskRegistry();
    assertThat(afterARestart.resolve(method).isResolved()).isFalse();
  }

  @Test
  void registeredNamesAndResolversNeedNoAllowedPackage() {
    registry.register("report", ctx -> {});
    registry.addResolver(
        reference ->
            reference.equals("reports::nightly") ? Optional.of(ctx -> {}) : Optional.empty());
    assertThat(registry.resolve("report").isResolved()).isTrue();
    assertThat(registry.resolve("reports::nightly").isResolved()).isTrue();
  }

  private static JobContext context() {
    Job job =
        Job.builder("ctx", Task.persistable("x", ctx -> {}), DateTrigger.of(ZonedDateTime.now()))
            .build();
    return new JobContext(job, ZonedDateTime.now());
  }
}
