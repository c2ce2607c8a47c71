package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.SchedulerException;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what happens to one due job: which of its fire times run, which are missed (later than
 * the misfire grace time, or beyond {@code maxRuns}), whether the run fits under {@code
 * maxInstances}, and the job's next state. A job whose trigger throws is set aside: reported with
 * {@code JOB_ERROR}, kept, and looked at again after {@link #SET_ASIDE_DELAY}, so that the other
 * jobs of the batch go on. A job whose task is unresolved (gone, or not allowed for a stored row)
 * is reported once, its runs are skipped, and it is kept: when its trigger has no fire time left it
 * is looked at again after {@link #SET_ASIDE_DELAY} instead of being removed. A job's pending retry
 * is decided by the {@link RetryPlanner}; a job whose trigger is finished stays while a retry is
 * pending.
 *
 * <p>Thread-safe: one planner serves every store's due pass; the events and runs of one pass are
 * collected in a {@link Batch} that belongs to the pass.
 */
final class RunPlanner {

  private static final System.Logger LOG = System.getLogger(RunPlanner.class.getName());

  /** How long a job whose trigger failed waits before its trigger is asked again. */
  static final Duration SET_ASIDE_DELAY = Duration.ofMinutes(1);

  private final RunDispatcher dispatcher;
  private final Listeners listeners;
  private final RetryPlanner retryPlanner;

  /** Ids of jobs whose unresolvable task was reported already (reported once per job). */
  private final Set<String> reportedUnresolved = ConcurrentHashMap.newKeySet();

  RunPlanner(RunDispatcher dispatcher, Listeners listeners) {
    this.dispatcher = dispatcher;
    this.listeners = listeners;
    this.retryPlanner = new RetryPlanner(dispatcher, this::reportUnresolved);
  }

  /**
   * The events and runs decided in one batch of a due pass, handed over after the store wrote it.
   */
  static final class Batch {
    final List<SchedulerEvent> events = new ArrayList<>();
    final List<RunDispatcher.Run> runs = new ArrayList<>();

    /** How far the store's clock is ahead of the scheduler's ({@link JobStore#clockOffset}). */
    final Duration clockOffset;

    Batch(Duration clockOffset) {
      this.clockOffset = clockOffset;
    }
  }

  /** Forgets what was reported about a job (it was removed or replaced). */
  void forget(String jobId) {
    reportedUnresolved.remove(jobId);
  }

  /** Decides one due job at {@code now}; never throws for a failing trigger. */
  DueJobProcessor.Outcome plan(
      Job job, int storeRunning, Instant now, ZonedDateTime zonedNow, Batch batch) {
    PendingRetry retry = job.pendingRetry();
    Job scheduled = retry == null ? job : job.withPendingRetry(null);
    DueRuns due;
    try {
      due = DueRuns.list(scheduled, zonedNow);
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      return setAside(job, now, zonedNow, e, batch);
    }
    reportSkipped(job, due.skipped(), batch);
    int runCount = job.runs();
    List<ZonedDateTime> toRun = runnable(job, due.fireTimes(), now, batch);
    boolean started =
        !toRun.isEmpty()
            && dispatcher.reserve(
                job, toRun, null, storeRunning, true, batch.clockOffset, batch.events, batch.runs);
    Instant startedFireTime = null;
    if (started) {
      runCount += toRun.size();
      startedFireTime = DueRuns.instantOf(toRun.get(0), scheduled.nextRunTime());
    }
    PendingRetry kept = null;
    if (retry != null) {
      int runsBefore = batch.runs.size();
      kept = retryPlanner.plan(job, retry, !toRun.isEmpty(), storeRunning, now, zonedNow, batch);
      if (batch.runs.size() > runsBefore) {
        startedFireTime = retry.fireTime();
      }
    }
    Instant next = due.next() == null ? null : due.next().toInstant();
    boolean finished =
        kept == null
            && (next == null
                || (job.maxRuns() != SchedulerOptions.UNLIMITED_RUNS && runCount >= job.maxRuns()));
    if (finished && !job.task().isResolved()) {
      // never lose a job for want of its task: look again later, it may be allowed by then
      return new DueJobProcessor.Outcome(
          scheduled.withNextRunTime(now.plus(SET_ASIDE_DELAY)), null);
    }
    Job last = null;
    if (finished && startedFireTime != null) {
      // a retry of this last run adds the job back, and so does its rerun when it is lost
      batch.runs.get(batch.runs.size() - 1).finishesJob(scheduled, runCount);
      if (job.onLost() == LostRunPolicy.RERUN) {
        last = scheduled.withRuns(runCount, null);
      }
    }
    if (finished) {
      forget(job.id());
      if (LOG.isLoggable(Level.DEBUG)) {
        LOG.log(
            Level.DEBUG,
            "Job " + job.id() + " removed: " + (next == null ? "no more fire times" : "max runs"));
      }
      if (listeners.wants(EventType.JOBSTORE_JOB_REMOVED)) {
        batch.events.add(
            new JobStoreEvent(EventType.JOBSTORE_JOB_REMOVED, now, job.jobStore(), job.id()));
      }
      return new DueJobProcessor.Outcome(null, startedFireTime, last);
    }
    return new DueJobProcessor.Outcome(
        scheduled.withRuns(runCount, next).withPendingRetry(kept), startedFireTime);
  }

  /**
   * The fire times of {@code due} that may run: within the job's max runs, not too late (those are
   * reported missed) and with a task (else reported). {@code due} itself when all may, as usual.
   */
  private List<ZonedDateTime> runnable(Job job, List<ZonedDateTime> due, Instant now, Batch batch) {
    List<ZonedDateTime> toRun = null; // null while every fire time so far runs
    int running = 0;
    for (ZonedDateTime fireTime : due) {
      if (job.maxRuns() != SchedulerOptions.UNLIMITED_RUNS
          && job.runs() + running >= job.maxRuns()) {
        break;
      }
      boolean tooLate = RunDispatcher.startsTooLate(fireTime, now, job.misfireGraceTime());
      if (!tooLate && job.task().isResolved()) {
        if (toRun != null) {
          toRun.add(fireTime);
        }
        running++;
        continue;
      }
      if (toRun == null) {
        toRun = new ArrayList<>(due.subList(0, running));
      }
      if (tooLate) {
        LOG.log(
            Level.WARNING,
            "Run of job "
                + job.id()
                + " at "
                + fireTime
                + " was missed by "
                + Duration.between(fireTime.toInstant(), now));
        dispatcher.recordNotStarted(job, fireTime, 1, RunOutcome.MISSED);
        batch.events.add(
            dispatcher.jobEvent(EventType.JOB_MISSED, job, fireTime, null, null, null));
      } else {
        reportUnresolved(job, fireTime, batch);
      }
    }
    if (toRun != null) {
      return toRun;
    }
    return running == due.size() ? due : due.subList(0, running);
  }

  private DueJobProcessor.Outcome setAside(
      Job job, Instant now, ZonedDateTime zonedNow, Throwable failure, Batch batch) {
    Instant retryAt = now.plus(SET_ASIDE_DELAY);
    LOG.log(
        Level.ERROR,
        "The trigger of job "
            + job.id()
            + " failed; the job is kept and its trigger asked again at "
            + retryAt.atZone(zonedNow.getZone()),
        failure);
    ZonedDateTime fireTime = job.nextRunTime().atZone(zonedNow.getZone());
    batch.events.add(dispatcher.jobEvent(EventType.JOB_ERROR, job, fireTime, null, null, failure));
    return new DueJobProcessor.Outcome(job.withNextRunTime(retryAt), null);
  }

  private void reportSkipped(Job job, DueRuns.Skipped skipped, Batch batch) {
    if (skipped == null) {
      return;
    }
    LOG.log(
        Level.WARNING,
        "Job "
            + job.id()
            + ": "
            + (skipped.count() < 0 ? "a backlog of runs" : skipped.count() + " runs")
            + " from "
            + skipped.first()
            + " on were missed (too many to list); the job goes on from its runs within the"
            + " misfire grace time");
    dispatcher.recordNotStarted(job, skipped.first(), 1, RunOutcome.MISSED);
    if (listeners.wants(EventType.JOB_MISSED)) {
      batch.events.add(
          new JobEvent(
              EventType.JOB_MISSED,
              dispatcher.now(),
              job.id(),
              job.jobStore(),
              skipped.first(),
              null,
              null,
              null,
              skipped.count()));
    }
  }

  private void reportUnresolved(Job job, ZonedDateTime fireTime, Batch batch) {
    if (reportedUnresolved.add(job.id())) {
      SchedulerException problem =
          new SchedulerException(
              "Job "
                  + job.id()
                  + " skipped: its task '"
                  + job.task().reference()
                  + "' cannot be resolved ("
                  + job.task().problem()
                  + "); the job is kept in store '"
                  + job.jobStore()
                  + "'");
      LOG.log(Level.WARNING, problem.getMessage());
      batch.events.add(
          dispatcher.jobEvent(EventType.JOB_ERROR, job, fireTime, null, null, problem));
    }
  }
}
