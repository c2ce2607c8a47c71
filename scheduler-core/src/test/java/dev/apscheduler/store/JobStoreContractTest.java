package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  protected static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  protected final TaskRegistry tasks = new TaskRegistry();
  protected JobStore store;

  /**
   * A new, unstarted store instance on this test class's backing storage (the same table, keys or
   * collection every time, so that a second instance sees what the first one stored).
   */
  protected abstract JobStore newStore();

  /** Whether the store keeps jobs across instances. */
  protected abstract boolean persistent();

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

  protected static IntervalTrigger everyMinute() {
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
  void pagesFollowTheOrderOfAllJobsWithPausedJobsLast() {
    store.addJob(job("paused", null));
    store.addJob(job("late", T0.plusSeconds(300)));
    store.addJob(job("early", T0.plusSeconds(60)));
    store.addJob(job("middle", T0.plusSeconds(120)));

    assertThat(store.getJobs(0, 2)).extracting(Job::id).containsExactly("early", "middle");
    assertThat(store.getJobs(2, 2)).extracting(Job::id).containsExactly("late", "paused");
    assertThat(store.getJobs(3, 10)).extracting(Job::id).containsExactly("paused");
    assertThat(store.getJobs(4, 10)).isEmpty();
    assertThat(store.getJobs(0, 0)).isEmpty();
    assertThatThrownBy(() -> store.getJobs(-1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
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
  void addJobsAddsEveryJob() {
    List<Job> jobs = List.of(job("a", T0.plusSeconds(2)), job("b", T0.plusSeconds(1)));

    store.addJobs(jobs);

    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("b", "a");
    assertThat(store.lookupJob("a")).contains(jobs.get(0));
  }

  @Test
  void addJobsWithATakenIdAddsNone() {
    Job first = job("taken", T0);
    store.addJob(first);

    assertThatThrownBy(
            () -> store.addJobs(List.of(job("new-1", T0), job("taken", T0), job("new-2", T0))))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'taken'");
    assertThat(store.getAllJobs()).containsExactly(first);
  }

  @Test
  void addJobsWithARepeatedIdAddsNone() {
    assertThatThrownBy(() -> store.addJobs(List.of(job("x", T0), job("y", T0), job("x", T0))))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'x'");
    assertThat(store.getAllJobs()).isEmpty();
  }

  @Test
  void replaceJobReplacesAStoredJobOrAddsANewOne() {
    store.addJob(job("a", T0));
    Job replacement = job("a", T0.plusSeconds(30)).withRuns(4, T0.plusSeconds(30));

    store.replaceJob(replacement);
    store.replaceJob(job("b", T0.plusSeconds(40)));

    assertThat(store.lookupJob("a")).contains(replacement);
    assertThat(store.getAllJobs()).extracting(Job::id).containsExactly("a", "b");
    assertThat(store.getDueJobs(T0, 10)).isEmpty();
  }

  @Test
  void updateIfUnchangedWritesWhenTheScheduleIsAsExpected() {
    Job stored = job("a", T0);
    store.addJob(stored);
    Job renamed = stored.toBuilder().name("renamed").build();

    assertThat(store.updateJobIfUnchanged(stored, renamed)).isTrue();
    assertThat(store.lookupJob("a")).contains(renamed);
  }

  @Test
  void updateIfUnchangedRefusesAJobADuePassMovedOn() {
    Job readBefore = job("a", T0);
    store.addJob(readBefore);
    Job afterDuePass = readBefore.withRuns(readBefore.runs() + 1, T0.plusSeconds(60));
    store.updateJob(afterDuePass);

    boolean written =
        store.updateJobIfUnchanged(readBefore, readBefore.toBuilder().name("stale").build());

    assertThat(written).isFalse();
    assertThat(store.lookupJob("a")).contains(afterDuePass);
  }

  /**
   * {@link #job} with a retry policy, {@code RERUN} for lost runs, and a retry due at {@code due}.
   */
  protected Job retrying(String id, Instant due, Instant triggerNext) {
    return job(id, T0).toBuilder()
        .retryPolicy(
            RetryPolicy.exponential(4, Duration.ofMillis(1500), 2.5, Duration.ofMinutes(2))
                .withJitter(0.25)
                .retryingOn(IllegalStateException.class, java.io.IOException.class))
        .onLost(LostRunPolicy.RERUN)
        .build()
        .withNextRunTime(triggerNext)
        .withPendingRetry(new PendingRetry(T0.minusSeconds(60), 2, due, null));
  }

  @Test
  void aPendingRetryAndTheRetryOptionsAreStoredAndTheJobIsDueAtTheRetry() {
    Job waiting = retrying("waiting", T0.plusSeconds(10), T0.plusSeconds(60));
    Job later = job("later", T0.plusSeconds(30));
    store.addJob(waiting);
    store.addJob(later);

    assertThat(waiting.nextRunTime()).isEqualTo(T0.plusSeconds(10));
    assertThat(store.lookupJob("waiting")).contains(waiting);
    assertThat(store.lookupJob("waiting").orElseThrow().triggerNextRunTime())
        .isEqualTo(T0.plusSeconds(60));
    assertThat(store.getNextRunTime()).contains(T0.plusSeconds(10));
    assertThat(store.getDueJobs(T0.plusSeconds(10), 10)).containsExactly(waiting);
    assertThat(store.getDueJobs(T0.plusSeconds(30), 10)).containsExactly(waiting, later);
  }

  @Test
  void aRetryOfAJobWhoseTriggerIsFinishedIsStored() {
    Job waiting = retrying("last", T0.plusSeconds(10), null);
    store.addJob(waiting);

    assertThat(store.lookupJob("last")).contains(waiting);
    assertThat(store.lookupJob("last").orElseThrow().triggerNextRunTime()).isNull();
    assertThat(store.getDueJobs(T0.plusSeconds(10), 10)).containsExactly(waiting);
  }

  @Test
  void updateIfUnchangedRefusesAJobWhosePendingRetryChanged() {
    Job read = job("a", T0.plusSeconds(60));
    store.addJob(read);
    // a retry due after the trigger's next fire time leaves the next run time as it was
    Job withRetry = read.withPendingRetry(new PendingRetry(T0, 2, T0.plusSeconds(90), null));
    assertThat(store.updateJobIfUnchanged(read, withRetry)).isTrue();
    assertThat(withRetry.nextRunTime()).isEqualTo(read.nextRunTime());

    Job otherRetry = read.withPendingRetry(new PendingRetry(T0, 3, T0.plusSeconds(95), null));
    assertThat(store.updateJobIfUnchanged(read, otherRetry)).isFalse();
    assertThat(store.lookupJob("a")).contains(withRetry);

    assertThat(store.updateJobIfUnchanged(withRetry, withRetry.withPendingRetry(null))).isTrue();
    assertThat(store.lookupJob("a").orElseThrow().pendingRetry()).isNull();
  }

  @Test
  void updateIfUnchangedOfARemovedJobIsRefused() {
    Job stored = job("a", T0);
    store.addJob(stored);
    store.removeJob("a");

    assertThat(store.updateJobIfUnchanged(stored, stored.withNextRunTime(T0.plusSeconds(5))))
        .isFalse();
    assertThat(store.lookupJob("a")).isEmpty();
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
  void countJobsCountsScheduledAndPausedJobs() {
    assertThat(store.countJobs()).isZero();
    store.addJob(job("a", T0));
    store.addJob(job("b", null));
    assertThat(store.countJobs()).isEqualTo(2);
    store.removeJob("a");
    assertThat(store.countJobs()).isEqualTo(1);
  }

  @Test
  void processDueJobsWritesBackEachOutcome() {
    store.addJob(job("advance", T0.minusSeconds(10)));
    store.addJob(job("finish", T0.minusSeconds(5)));
    store.addJob(job("later", T0.plusSeconds(60)));
    java.util.List<String> seen = new java.util.ArrayList<>();

    int processed =
        store.processDueJobs(
            T0,
            10,
            (job, running) -> {
              seen.add(job.id());
              return job.id().equals("finish")
                  ? new DueJobProcessor.Outcome(null, job.nextRunTime())
                  : new DueJobProcessor.Outcome(
                      job.withRuns(job.runs() + 1, T0.plusSeconds(30)), job.nextRunTime());
            });

    assertThat(processed).isEqualTo(2);
    assertThat(seen).containsExactly("advance", "finish");
    assertThat(store.lookupJob("finish")).isEmpty();
    Job advanced = store.lookupJob("advance").orElseThrow();
    assertThat(advanced.nextRunTime()).isEqualTo(T0.plusSeconds(30));
    assertThat(advanced.runs()).isEqualTo(3);
    assertThat(store.getDueJobs(T0, 10)).isEmpty();
  }

  // ---------------------------------------------------------------- run history

  /** A unique job id, since removing jobs leaves their history. */
  protected static String historyJobId() {
    return "h-" + java.util.UUID.randomUUID();
  }

  /** A record of {@code jobId} that ended {@code endSeconds} after T0. */
  protected static RunRecord run(String jobId, long endSeconds, RunOutcome outcome) {
    Instant end = T0.plusSeconds(endSeconds);
    return new RunRecord(
        jobId,
        end.minusSeconds(2),
        null,
        outcome == RunOutcome.MISSED ? null : end.minusSeconds(1),
        end,
        outcome,
        1,
        null,
        null,
        null);
  }

  @Test
  void recordedRunsAreReadNewestFirstWithEveryField() {
    String id = historyJobId();
    RunRecord failed =
        new RunRecord(
            id,
            T0,
            "node-1",
            T0.plusMillis(1500),
            T0.plusSeconds(3),
            RunOutcome.ERROR,
            1,
            "java.lang.IllegalStateException",
            "boom \"quoted\" ✓",
            "java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)\n");
    RunRecord missed = run(id, 10, RunOutcome.MISSED);
    RunRecord ok = run(id, 5, RunOutcome.SUCCESS);
    store.runHistory().record(List.of(failed, missed), RunRetention.defaults());
    store
        .runHistory()
        .record(List.of(ok, run(historyJobId(), 7, RunOutcome.SUCCESS)), RunRetention.defaults());

    assertThat(store.runHistory().find(RunHistoryQuery.of(id, 10)))
        .containsExactly(missed, ok, failed);
    assertThat(store.runHistory().find(RunHistoryQuery.of(id, 2))).containsExactly(missed, ok);
    assertThat(store.runHistory().find(RunHistoryQuery.of(historyJobId(), 10))).isEmpty();
  }

  @Test
  void runHistoryIsFilteredByOutcomeAndEndTime() {
    String id = historyJobId();
    List<RunRecord> runs = new java.util.ArrayList<>();
    RunOutcome[] outcomes = {
      RunOutcome.SUCCESS,
      RunOutcome.ERROR,
      RunOutcome.MISSED,
      RunOutcome.SKIPPED_MAX_INSTANCES,
      RunOutcome.LOST
    };
    for (int i = 0; i < 10; i++) {
      runs.add(run(id, i * 10L, outcomes[i % outcomes.length]));
    }
    store.runHistory().record(runs, RunRetention.defaults());
    RunHistoryQuery all = RunHistoryQuery.of(id, 100);

    assertThat(
            store
                .runHistory()
                .find(all.withOutcomes(java.util.Set.of(RunOutcome.SUCCESS, RunOutcome.LOST))))
        .extracting(RunRecord::end)
        .containsExactly(T0.plusSeconds(90), T0.plusSeconds(50), T0.plusSeconds(40), T0);
    assertThat(store.runHistory().find(all.endedBetween(T0.plusSeconds(20), T0.plusSeconds(50))))
        .extracting(RunRecord::end)
        .containsExactly(T0.plusSeconds(40), T0.plusSeconds(30), T0.plusSeconds(20));
    assertThat(
            store
                .runHistory()
                .find(
                    all.withOutcomes(java.util.Set.of(RunOutcome.ERROR))
                        .endedBetween(T0.plusSeconds(10), null)))
        .extracting(RunRecord::end)
        .containsExactly(T0.plusSeconds(60), T0.plusSeconds(10));
  }

  @Test
  void purgeKeepsTheNewestRunsPerJobAndNothingOlderThanTheMaxAge() {
    String busy = historyJobId();
    String quiet = historyJobId();
    List<RunRecord> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      runs.add(run(busy, 3600 + i * 60L, RunOutcome.SUCCESS));
    }
    runs.add(run(quiet, 0, RunOutcome.SUCCESS));
    runs.add(run(quiet, 3600, RunOutcome.ERROR));
    RunRetention generous = new RunRetention(Duration.ofDays(7), 100);
    store.runHistory().record(runs, generous);

    RunRetention retention = new RunRetention(Duration.ofMinutes(30), 3);
    Instant now = T0.plus(Duration.ofMinutes(90));
    int deleted = 0;
    for (int round = 0; round < 20; round++) {
      int batch = store.runHistory().purge(retention, now, 2);
      deleted += batch;
      if (batch == 0) {
        break;
      }
    }

    assertThat(store.runHistory().find(RunHistoryQuery.of(busy, 100)))
        .extracting(RunRecord::end)
        .containsExactly(T0.plusSeconds(4020), T0.plusSeconds(3960), T0.plusSeconds(3900));
    assertThat(store.runHistory().find(RunHistoryQuery.of(quiet, 100)))
        .extracting(RunRecord::end)
        .containsExactly(T0.plusSeconds(3600));
    assertThat(deleted).isGreaterThanOrEqualTo(6);
    assertThat(store.runHistory().purge(retention, now, 2)).isZero();
  }
}
