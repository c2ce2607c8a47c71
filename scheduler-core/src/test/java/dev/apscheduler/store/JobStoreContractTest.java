package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.trigger.AndTrigger;
import dev.apscheduler.trigger.CalendarIntervalTrigger;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.OrTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do. Each store has a subclass that says how to open a store on
 * its backing storage; every test starts with an empty store.
 */
public abstract class JobStoreContractTest {

  protected static final String ALIAS = "contract";
  protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  protected final TaskRegistry tasks = new TaskRegistry();
  protected JobStore store;

  /**
   * A new, unstarted store instance on this test class's backing storage (the same table, keys or
   * collection every time, so that a second instance sees what the first one stored).
   */
  protected abstract JobStore newStore();

  /** Whether the store keeps jobs across instances. */
  protected abstract boolean persistent();

  /**
   * Writes a row for {@code id} with this raw JSON document, bypassing the store, to test how it
   * treats documents it cannot read. Only persistent stores implement it.
   */
  protected void writeRawDocument(String id, Instant nextRunTime, String json) {
    throw new UnsupportedOperationException("not a persistent store");
  }

  @BeforeEach
  void openStore() {
    tasks.register("task", ctx -> {});
    tasks.register("renamedLater", ctx -> {});
    store = started(newStore(), tasks);
    store.removeAllJobs();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.removeAllJobs();
      store.close();
    }
  }

  /** Starts {@code s} with the given registry. */
  protected static JobStore started(JobStore s, TaskRegistry registry) {
    s.start(new JobStoreContext(ALIAS, registry, Clock.fixed(T0, ZoneOffset.UTC)));
    return s;
  }

  /** A job of the task "task", every minute, with this next run time ({@code null}: paused). */
  protected Job job(String id, Instant nextRunTime) {
    return job(id, nextRunTime, everyMinute(), "task");
  }

  protected Job job(String id, Instant nextRunTime, Trigger trigger, String task) {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", List.of(1, "two", 3.5, true));
    nested.put("none", null);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("text", "héllo \"quoted\" ✓");
    kwargs.put("big", 12_345_678_901L);
    kwargs.put("nested", nested);
    return new Job(
        id,
        "Job " + id,
        tasks.resolve(task),
        List.of("a", 1, 2.5, false, List.of("x", "y")),
        kwargs,
        trigger,
        ALIAS,
        "default",
        Duration.ofMillis(1500),
        true,
        5,
        2,
        3,
        nextRunTime,
        nextRunTime == null);
  }

  private static IntervalTrigger everyMinute() {
    return IntervalTrigger.builder().minutes(1).startDate(T0.atZone(PARIS)).timezone(PARIS).build();
  }

  @Test
  void reportsWhetherItIsPersistent() {
    assertThat(store.isPersistent()).isEqualTo(persistent());
  }

  @Test
  void addedJobIsLookedUpUnchanged() {
    Job job = job("a", T0.plusSeconds(60));
    store.addJob(job);

    assertThat(store.lookupJob("a")).contains(job);
    assertThat(store.getAllJobs()).containsExactly(job);
  }

  @Test
  void lookupOfAMissingIdIsEmpty() {
    assertThat(store.lookupJob("missing")).isEmpty();
  }

  @Test
  void updateReplacesTheJob() {
    store.addJob(job("a", T0.plusSeconds(60)));
    Job changed = job("a", T0.plusSeconds(60)).withRuns(3, T0.plusSeconds(120));

    store.updateJob(changed);

    assertThat(store.lookupJob("a")).contains(changed);
    assertThat(store.getAllJobs()).containsExactly(changed);
  }

  @Test
  void updateOfAMissingJobFails() {
    assertThatThrownBy(() -> store.updateJob(job("missing", T0)))
        .isInstanceOf(JobNotFoundException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void removeDeletesTheJob() {
    store.addJob(job("a", T0));
    store.addJob(job("b", T0));

    store.removeJob("a");

    assertThat(store.lookupJob("a")).isEmpty();
    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("b");
    assertThat(store.getDueJobs(T0, 10)).extracting(Job::id).containsExactly("b");
  }

  @Test
  void removeOfAMissingJobFails() {
    assertThatThrownBy(() -> store.removeJob("missing"))
        .isInstanceOf(JobNotFoundException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void duplicateIdIsRefusedAndTheFirstJobKept() {
    Job first = job("a", T0);
    store.addJob(first);

    assertThatThrownBy(() -> store.addJob(job("a", T0.plusSeconds(5))))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'a'");
    assertThat(store.lookupJob("a")).contains(first);
  }

  @Test
  void idsAreCaseSensitive() {
    store.addJob(job("Job-A", T0));
    store.addJob(job("job-a", T0.plusSeconds(1)));

    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("Job-A", "job-a");
  }

  @Test
  void dueJobsComeEarliestFirstUpToTheLimit() {
    store.addJob(job("c", T0.plusSeconds(3)));
    store.addJob(job("a", T0.plusSeconds(1)));
    store.addJob(job("later", T0.plusSeconds(100)));
    store.addJob(job("b", T0.plusSeconds(2)));
    store.addJob(job("b2", T0.plusSeconds(2)));
    store.addJob(job("paused", null));

    assertThat(store.getDueJobs(T0, 10)).isEmpty();
    assertThat(store.getDueJobs(T0.plusSeconds(3), 10))
        .extracting(Job::id)
        .containsExactly("a", "b", "b2", "c");
    assertThat(store.getDueJobs(T0.plusSeconds(3), 2))
        .extracting(Job::id)
        .containsExactly("a", "b");
    assertThat(store.getDueJobs(T0.plusSeconds(1000), 100))
        .extracting(Job::id)
        .containsExactly("a", "b", "b2", "c", "later");
  }

  @Test
  void dueJobsCarryTheirNextRunTime() {
    store.addJob(job("a", T0.plusMillis(1234)));

    assertThat(store.getDueJobs(T0.plusSeconds(2), 10))
        .extracting(Job::nextRunTime)
        .containsExactly(T0.plusMillis(1234));
  }

  @Test
  void nextRunTimeIsTheEarliestOfTheScheduledJobs() {
    assertThat(store.getNextRunTime()).isEmpty();
    store.addJob(job("paused", null));
    assertThat(store.getNextRunTime()).isEmpty();

    store.addJob(job("b", T0.plusSeconds(20)));
    store.addJob(job("a", T0.plusSeconds(10)));
    assertThat(store.getNextRunTime()).contains(T0.plusSeconds(10));

    store.removeJob("a");
    assertThat(store.getNextRunTime()).contains(T0.plusSeconds(20));
  }

  @Test
  void pausedJobsHaveNoRunTimeAndAreListedLast() {
    store.addJob(job("p2", null));
    store.addJob(job("late", T0.plusSeconds(50)));
    store.addJob(job("p1", null));
    store.addJob(job("early", T0.plusSeconds(5)));

    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("early", "late", "p1", "p2");
    assertThat(store.lookupJob("p1").orElseThrow().nextRunTime()).isNull();
    assertThat(store.lookupJob("p1").orElseThrow().paused()).isTrue();
    assertThat(store.getDueJobs(T0.plusSeconds(3600), 10))
        .extracting(Job::id)
        .containsExactly("early", "late");
  }

  @Test
  void pausingAndResumingMovesTheJobOutOfAndBackIntoTheSchedule() {
    Job job = job("a", T0.plusSeconds(5));
    store.addJob(job);

    store.updateJob(job.withPaused(true, null));
    assertThat(store.getDueJobs(T0.plusSeconds(10), 10)).isEmpty();
    assertThat(store.getNextRunTime()).isEmpty();

    store.updateJob(job.withPaused(false, T0.plusSeconds(7)));
    assertThat(store.getDueJobs(T0.plusSeconds(10), 10))
        .extracting(Job::nextRunTime)
        .containsExactly(T0.plusSeconds(7));
  }

  @Test
  void removeAllJobsEmptiesTheStore() {
    store.addJob(job("a", T0));
    store.addJob(job("b", null));

    store.removeAllJobs();

    assertThat(store.getAllJobs()).isEmpty();
    assertThat(store.getNextRunTime()).isEmpty();
    store.addJob(job("a", T0));
    assertThat(store.getAllJobs()).hasSize(1);
  }

  @Test
  void jobsSurviveANewStoreInstance() {
    assumeTrue(persistent(), "only persistent stores keep jobs across instances");
    Job scheduled = job("scheduled", T0.plusSeconds(30));
    Job paused = job("paused", null);
    store.addJob(scheduled);
    store.addJob(paused);
    store.close();

    store = started(newStore(), tasks);

    assertThat(store.getAllJobs()).containsExactly(scheduled, paused);
    assertThat(store.getNextRunTime()).contains(T0.plusSeconds(30));
  }

  @Test
  void everyTriggerTypeSurvivesANewStoreInstance() {
    assumeTrue(persistent(), "only persistent stores keep jobs across instances");
    ZoneId newYork = ZoneId.of("America/New_York");
    List<Trigger> triggers =
        List.of(
            DateTrigger.of("2026-11-01 01:30:00", newYork),
            everyMinute(),
            CronTrigger.builder().dayOfWeek("mon-fri").hour("9-17").minute("*/15").build(),
            CronTrigger.fromCrontab("*/5 9-17 * * mon-fri", PARIS),
            CalendarIntervalTrigger.builder()
                .months(1)
                .hour(9)
                .startDate(LocalDate.of(2026, 1, 31))
                .timezone(PARIS)
                .build(),
            AndTrigger.of(everyMinute(), CronTrigger.fromCrontab("0 * * * *", PARIS)),
            OrTrigger.of(DateTrigger.of(T0.atZone(PARIS)), everyMinute()));
    for (int i = 0; i < triggers.size(); i++) {
      store.addJob(job("t" + i, T0.plusSeconds(i), triggers.get(i), "task"));
    }
    store.close();

    store = started(newStore(), tasks);

    assertThat(store.getAllJobs()).extracting(Job::trigger).containsExactlyElementsOf(triggers);
  }

  @Test
  void jobWithAnUnresolvableTaskIsKeptAndReturned() {
    assumeTrue(persistent(), "only persistent stores reload tasks by reference");
    store.addJob(job("orphan", T0.plusSeconds(10), everyMinute(), "renamedLater"));
    store.close();
    TaskRegistry withoutTheTask = new TaskRegistry();
    withoutTheTask.register("task", ctx -> {});

    store = started(newStore(), withoutTheTask);

    Job loaded = store.lookupJob("orphan").orElseThrow();
    assertThat(loaded.task().isResolved()).isFalse();
    assertThat(loaded.task().reference()).isEqualTo("renamedLater");
    assertThat(loaded.task().problem()).contains("no task is registered");
    assertThat(store.getDueJobs(T0.plusSeconds(10), 10)).extracting(Job::id).contains("orphan");
    store.updateJob(loaded.withRuns(loaded.runs(), T0.plusSeconds(70)));
    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("orphan");
    assertThat(store.lookupJob("orphan").orElseThrow().task().reference())
        .isEqualTo("renamedLater");
  }

  @Test
  void documentOfANewerVersionIsSkippedButNeverDeleted() {
    assumeTrue(persistent(), "only persistent stores read documents");
    store.addJob(job("readable", T0.plusSeconds(2)));
    String newer =
        "{\"version\":2,\"name\":\"from the future\",\"task\":\"task\",\"shape\":\""
            + UUID.randomUUID()
            + "\"}";
    writeRawDocument("future", T0.plusSeconds(1), newer);

    assertThat(store.getDueJobs(T0.plusSeconds(10), 1))
        .extracting(Job::id)
        .containsExactly("readable");
    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("readable");
    assertThat(store.getNextRunTime()).contains(T0.plusSeconds(2));
    assertThatThrownBy(() -> store.lookupJob("future"))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("newer version");

    store.removeJob("readable");
    store.close();
    store = started(newStore(), tasks);

    assertThat(store.getAllJobs()).isEmpty();
    assertThatThrownBy(() -> store.lookupJob("future"))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("format 2");
    assertThatThrownBy(() -> store.addJob(job("future", T0)))
        .isInstanceOf(ConflictingIdException.class);
  }
}
