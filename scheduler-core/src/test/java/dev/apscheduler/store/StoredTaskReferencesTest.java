package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Job;
import dev.apscheduler.JobContext;
import dev.apscheduler.JobFunction;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerBuilder;
import dev.apscheduler.SchedulerException;
import dev.apscheduler.Task;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stored rows are data, not code: a row written straight into the table that names a JDK method is
 * kept, reported once and never run, while the references the application gives in code, and those
 * in the packages it allows, run from the memory store and from a JDBC (H2) store.
 */
public class StoredTaskReferencesTest {

  private static final String TABLE = JdbcJobStore.DEFAULT_TABLE_NAME;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Set by the static initialiser of {@link SetsAFlagWhenInitialised}. */
  static final AtomicBoolean INITIALISED = new AtomicBoolean();

  static final AtomicInteger TICKS = new AtomicInteger();
  static final AtomicInteger CLASS_RUNS = new AtomicInteger();

  /** A class a stored row names; merely reading the row must not initialise it. */
  public static final class SetsAFlagWhenInitialised {
    static {
      INITIALISED.set(true);
    }

    public static void run() {}
  }

  /** A static method the application names in code. */
  public static void tick() {
    TICKS.incrementAndGet();
  }

  /** A stateless task class the application passes as an object. */
  public static final class ClassTask implements JobFunction {
    @Override
    public void run(JobContext context) {
      CLASS_RUNS.incrementAndGet();
    }
  }

  private final MutableClock clock =
      MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final JdbcDataSource dataSource = new JdbcDataSource();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
  private final List<Scheduler> schedulers = new ArrayList<>();

  StoredTaskReferencesTest() {
    dataSource.setURL("jdbc:h2:mem:stored-refs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @AfterEach
  void shutDown() {
    schedulers.forEach(Scheduler::shutdown);
  }

  /** A started scheduler with a fresh store instance on the H2 table as "db". */
  private Scheduler scheduler(String... allowedPackages) {
    SchedulerBuilder builder =
        TestSchedulers.synchronous(clock)
            .jobStore("db", JdbcJobStore.builder(dataSource).build())
            .allowedTaskPackages(allowedPackages);
    Scheduler scheduler = builder.build();
    scheduler.addListener(events::add);
    scheduler.start();
    schedulers.add(scheduler);
    return scheduler;
  }

  /** The JSON document of a job whose row names {@code task}, as anyone with write access can. */
  static String rawDocument(String id, String task, List<Object> args, Trigger trigger) {
    Job job = Job.builder(id, Task.persistable(task, ctx -> {}), trigger).args(args).build();
    Map<String, Object> document = JobCodec.encode(job);
    return JobCodec.toJson(document);
  }

  private void writeRawRow(String id, String task, List<Object> args, Trigger trigger) {
    JdbcContractSupport.insertRaw(
        dataSource, TABLE, id, clock.instant().plus(MINUTE), rawDocument(id, task, args, trigger));
  }

  private List<JobEvent> jobEvents(EventType type, String jobId) {
    return events.stream()
        .filter(e -> e.type() == type)
        .map(JobEvent.class::cast)
        .filter(e -> e.jobId().equals(jobId))
        .toList();
  }

  private void passMinutes(Scheduler scheduler, int minutes) {
    for (int i = 0; i < minutes; i++) {
      clock.advance(MINUTE);
      scheduler.processDueJobs();
    }
  }

  @Test
  void rowsNamingJdkMethodsAreKeptReportedOnceAndNeverRun() {
    Scheduler scheduler = scheduler();
    writeRawRow("exit", "java.lang.System::exit", List.of(42), IntervalTrigger.of(MINUTE));
    writeRawRow(
        "lookup",
        "javax.naming.InitialContext::doLookup",
        List.of("ldap://127.0.0.1:1/x"),
        DateTrigger.of(clock.now().plus(MINUTE)));
    writeRawRow(
        "init",
        SetsAFlagWhenInitialised.class.getName() + "::run",
        List.of(),
        IntervalTrigger.of(MINUTE));

    passMinutes(scheduler, 5);

    for (String id : List.of("exit", "lookup", "init")) {
      assertThat(jobEvents(EventType.JOB_ERROR, id))
          .as(id)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.exception().orElseThrow())
                      .isInstanceOf(SchedulerException.class)
                      .hasMessageContaining("cannot be resolved")
                      .hasMessageContaining("not in a package allowed")
                      .hasMessageContaining("apscheduler.allowed-task-packages")
                      .hasMessageContaining("kept"));
      assertThat(jobEvents(EventType.JOB_SUBMITTED, id)).as(id).isEmpty();
      assertThat(jobEvents(EventType.JOB_EXECUTED, id)).as(id).isEmpty();
    }
    assertThat(jobEvents(EventType.JOB_ERROR, "exit").get(0).exception().orElseThrow())
        .hasMessageContaining("'java.lang.System::exit'");
    assertThat(jobEvents(EventType.JOB_ERROR, "lookup").get(0).exception().orElseThrow())
        .hasMessageContaining("'javax.naming.InitialContext::doLookup'");
    assertThat(scheduler.getJobs("db"))
        .extracting(Job::id)
        .containsExactlyInAnyOrder("exit", "lookup", "init");
    Job exit = scheduler.getJob("exit").orElseThrow();
    assertThat(exit.task().isResolved()).isFalse();
    assertThat(exit.args()).containsExactly(42);
    assertThat(exit.runs()).isZero();
    assertThat(exit.nextRunTime()).isAfter(clock.instant());
    assertThat(scheduler.getJob("lookup").orElseThrow().nextRunTime()).isAfter(clock.instant());
    StringBuilder listing = new StringBuilder();
    scheduler.printJobs(listing);
    assertThat(listing).contains("not runnable: class java.lang.System is not in a package");
    assertThat(INITIALISED).isFalse();
  }

  @Test
  void referencesGivenInCodeRunFromMemoryAndFromTheStoreUntilARestart() {
    Scheduler first = scheduler();
    String tick = StoredTaskReferencesTest.class.getName() + "::tick";
    for (String store : List.of("default", "db")) {
      first.addJob(
          JobSpec.builder()
              .id("tick-" + store)
              .jobStore(store)
              .task(tick)
              .trigger(IntervalTrigger.of(MINUTE))
              .build());
      first.addJob(
          JobSpec.builder()
              .id("class-" + store)
              .jobStore(store)
              .task(new ClassTask())
              .trigger(IntervalTrigger.of(MINUTE))
              .build());
    }
    int ticks = TICKS.get();
    int classRuns = CLASS_RUNS.get();

    passMinutes(first, 2);

    assertThat(TICKS.get() - ticks).isEqualTo(4);
    assertThat(CLASS_RUNS.get() - classRuns).isEqualTo(4);
    assertThat(events).noneMatch(e -> e.type() == EventType.JOB_ERROR);
    first.shutdown();

    Scheduler restarted = scheduler();
    passMinutes(restarted, 2);

    assertThat(TICKS.get() - ticks).isEqualTo(4);
    assertThat(jobEvents(EventType.JOB_ERROR, "tick-db")).hasSize(1);
    assertThat(jobEvents(EventType.JOB_ERROR, "class-db")).hasSize(1);
    assertThat(restarted.getJobs("db")).hasSize(2);

    restarted.addJob(
        JobSpec.builder()
            .id("tick-db")
            .jobStore("db")
            .task(tick)
            .trigger(IntervalTrigger.of(MINUTE))
            .replaceExisting(true)
            .build());
    passMinutes(restarted, 1);

    assertThat(TICKS.get() - ticks).isEqualTo(5);
    assertThat(CLASS_RUNS.get() - classRuns).isEqualTo(4);
  }

  @Test
  void anAllowedPackageRunsStoredReferencesAfterARestart() {
    Scheduler first = scheduler();
    first.addJob(
        JobSpec.builder()
            .id("tick")
            .jobStore("db")
            .task(StoredTaskReferencesTest.class.getName() + "::tick")
            .trigger(IntervalTrigger.of(MINUTE))
            .build());
    writeRawRow("class", ClassTask.class.getName(), List.of(), IntervalTrigger.of(MINUTE));
    first.shutdown();
    int ticks = TICKS.get();
    int classRuns = CLASS_RUNS.get();

    Scheduler restarted = scheduler("dev.apscheduler.store");
    passMinutes(restarted, 2);

    assertThat(TICKS.get() - ticks).isEqualTo(2);
    assertThat(CLASS_RUNS.get() - classRuns).isEqualTo(2);
    assertThat(events).noneMatch(e -> e.type() == EventType.JOB_ERROR);
  }
}
