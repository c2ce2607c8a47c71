package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.trigger.AndTrigger;
import dev.apscheduler.trigger.CalendarIntervalTrigger;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.OrTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every persistent {@link JobStore} must do beyond the common contract: keep jobs across store
 * instances, keep jobs whose task no longer resolves, and never delete what it cannot read.
 */
public abstract class PersistentJobStoreContractTest extends JobStoreContractTest {

  /**
   * Writes a row for {@code id} with this raw JSON document, bypassing the store, to test how it
   * treats documents it cannot read.
   */
  protected abstract void writeRawDocument(String id, Instant nextRunTime, String json);

  @Override
  protected final boolean persistent() {
    return true;
  }

  @Test
  void jobsSurviveANewStoreInstance() {
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
  void aPendingRetrySurvivesANewStoreInstance() {
    Job waiting = retrying("waiting", T0.plusSeconds(10), T0.plusSeconds(60));
    store.addJob(waiting);
    store.close();

    store = started(newStore(), tasks);

    assertThat(store.lookupJob("waiting")).contains(waiting);
    assertThat(store.getDueJobs(T0.plusSeconds(10), 10)).containsExactly(waiting);
  }

  @Test
  void aDocumentWrittenBeforeRetriesReadsAsAJobThatDoesNotRetry() {
    Job plain = job("plain", T0);
    Map<String, Object> document = JobCodec.encode(plain);
    assertThat(document).doesNotContainKeys("retry", "on_lost", "pending_retry");
    writeRawDocument("plain", T0, JobCodec.toJson(document));

    Job read = store.lookupJob("plain").orElseThrow();
    assertThat(read.retryPolicy()).isEqualTo(RetryPolicy.NONE);
    assertThat(read.onLost()).isEqualTo(LostRunPolicy.REPORT);
    assertThat(read.pendingRetry()).isNull();
  }

  @Test
  void runHistorySurvivesANewStoreInstance() {
    String id = historyJobId();
    List<RunRecord> runs = List.of(run(id, 1, RunOutcome.SUCCESS), run(id, 2, RunOutcome.MISSED));
    store.runHistory().record(runs, RunRetention.defaults());
    store.close();

    store = started(newStore(), tasks);

    assertThat(store.runHistory().find(RunHistoryQuery.of(id, 10)))
        .containsExactly(runs.get(1), runs.get(0));
  }

  @Test
  void everyTriggerTypeSurvivesANewStoreInstance() {
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
  void rowsNamingJdkMethodsOrUnallowedClassesAreReadAsUnresolvedTasksAndKept() {
    String initialises = StoredTaskReferencesTest.SetsAFlagWhenInitialised.class.getName();
    writeRawDocument(
        "exit",
        T0.plusSeconds(1),
        StoredTaskReferencesTest.rawDocument(
            "exit", "java.lang.System::exit", List.of(42), everyMinute()));
    writeRawDocument(
        "lookup",
        T0.plusSeconds(2),
        StoredTaskReferencesTest.rawDocument(
            "lookup",
            "javax.naming.InitialContext::doLookup",
            List.of("ldap://127.0.0.1:1/x"),
            everyMinute()));
    writeRawDocument(
        "init",
        T0.plusSeconds(3),
        StoredTaskReferencesTest.rawDocument(
            "init", initialises + "::run", List.of(), everyMinute()));

    List<Job> due = store.getDueJobs(T0.plusSeconds(10), 10);
    store.close();
    store = started(newStore(), tasks);

    assertThat(due).extracting(Job::id).containsExactly("exit", "lookup", "init");
    assertThat(due)
        .allSatisfy(
            job -> {
              assertThat(job.task().isResolved()).isFalse();
              assertThat(job.task().problem()).contains("apscheduler.allowed-task-packages");
            });
    assertThat(due.get(0).task().reference()).isEqualTo("java.lang.System::exit");
    assertThat(due.get(0).args()).containsExactly(42);
    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("exit", "lookup", "init");
    assertThat(StoredTaskReferencesTest.INITIALISED).isFalse();
  }

  @Test
  void documentOfANewerVersionIsSkippedButNeverDeleted() {
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
