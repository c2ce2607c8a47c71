package dev.apscheduler.internal;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.store.JobStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * What follows a failed attempt at a fire time, on the worker thread that ran it: whether the job's
 * {@link RetryPolicy} gives the fire time another attempt; if so, the retry stored in the job's
 * store as the job's {@link PendingRetry} (so it survives a restart and, in a cluster, is taken by
 * one node's due pass); then {@code JOB_ERROR}, saying when the retry is due, and, for a job that
 * retries but gets no further attempt, {@code JOB_RETRIES_EXHAUSTED}.
 *
 * <p>The retry is written as a compare-and-set ({@link JobStore#updateJobIfUnchanged}) on the job
 * as just read, repeated when a due pass or a change moved the job on meanwhile, so a newer next
 * run time is never overwritten by a stale one. A job that the run's own due pass removed (its
 * trigger finished, or its last {@code maxRuns} run) is added back with the retry; a job removed by
 * anyone else gets none. One retry waits per job: a retry of an older fire time than the one
 * already pending is not stored, and one of a newer fire time replaces it (the older is reported
 * missed).
 *
 * <p>Thread-safe.
 */
final class Retries {

  private static final System.Logger LOG = System.getLogger(Retries.class.getName());

  /** How often a retry write is tried again when the job keeps moving on. */
  static final int MAX_WRITE_ATTEMPTS = 16;

  private final Function<String, JobStore> stores;
  private final Clock clock;
  private final Listeners listeners;
  private final RunHistoryRecorder history;
  private final DoubleSupplier random;
  private final Runnable wakeUp;

  Retries(
      Function<String, JobStore> stores,
      Clock clock,
      Listeners listeners,
      RunHistoryRecorder history,
      DoubleSupplier random,
      Runnable wakeUp) {
    this.history = history;
    this.stores = stores;
    this.clock = clock;
    this.listeners = listeners;
    this.random = random;
    this.wakeUp = wakeUp;
  }

  /**
   * Reports a failed attempt and stores its retry, if one follows.
   *
   * @param job the job as the run had it
   * @param finishedJob the job's last state if the run's due pass removed it, else {@code null}
   */
  void failed(
      Job job,
      Job finishedJob,
      ZonedDateTime fireTime,
      int attempt,
      Instant start,
      Throwable failure) {
    LOG.log(
        Level.ERROR,
        "Job "
            + job.id()
            + " (run at "
            + fireTime
            + (attempt > 1 ? ", attempt " + attempt : "")
            + ") raised an exception",
        failure);
    RetryPolicy policy = job.retryPolicy();
    Instant retryAt = null;
    if (policy.retries(failure, attempt)) {
      retryAt = storeRetry(job, finishedJob, fireTime, attempt, policy);
    }
    history.record(
        job,
        fireTime,
        attempt,
        start,
        retryAt == null ? RunOutcome.ERROR : RunOutcome.ERROR_WILL_RETRY,
        failure);
    listeners.fire(
        failureEvent(EventType.JOB_ERROR, job, fireTime, start, null, failure, attempt, retryAt));
    if (retryAt == null && policy.isEnabled()) {
      listeners.fire(
          event(EventType.JOB_RETRIES_EXHAUSTED, job, fireTime, start, null, failure, attempt));
    }
  }

  /** A job event of one attempt (no retry following), now by the scheduler's clock. */
  JobEvent event(
      EventType type,
      Job job,
      ZonedDateTime fireTime,
      Instant start,
      Object result,
      Throwable failure,
      int attempt) {
    return failureEvent(type, job, fireTime, start, result, failure, attempt, null);
  }

  private JobEvent failureEvent(
      EventType type,
      Job job,
      ZonedDateTime fireTime,
      Instant start,
      Object result,
      Throwable failure,
      int attempt,
      Instant retryAt) {
    return new JobEvent(
        type,
        clock.instant(),
        job.id(),
        job.jobStore(),
        fireTime,
        start,
        result,
        failure,
        1,
        attempt,
        retryAt);
  }

  private Instant storeRetry(
      Job job, Job finishedJob, ZonedDateTime fireTime, int attempt, RetryPolicy policy) {
    JobStore store = stores.apply(job.jobStore());
    if (store == null) {
      return null;
    }
    Instant dueAt =
        clock
            .instant()
            .plus(store.clockOffset())
            .plus(policy.delayAfter(attempt, random.getAsDouble()));
    PendingRetry retry = new PendingRetry(fireTime.toInstant(), attempt + 1, dueAt, null);
    try {
      if (write(store, job.id(), finishedJob, retry, fireTime)) {
        wakeUp.run();
        return dueAt;
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "The retry of job " + job.id() + " (run at " + fireTime + ") could not be stored",
          e);
    }
    return null;
  }

  private boolean write(
      JobStore store, String id, Job finishedJob, PendingRetry retry, ZonedDateTime fireTime) {
    for (int i = 0; i < MAX_WRITE_ATTEMPTS; i++) {
      Optional<Job> current = store.lookupJob(id);
      if (current.isEmpty()) {
        return finishedJob != null && addBack(store, finishedJob.withPendingRetry(retry));
      }
      Job stored = current.get();
      PendingRetry old = stored.pendingRetry();
      if (old != null && old.fireTime().isAfter(retry.fireTime())) {
        LOG.log(
            Level.INFO,
            "Job " + id + ": no retry of the run at " + fireTime + ", a newer one is pending");
        return false;
      }
      if (store.updateJobIfUnchanged(stored, stored.withPendingRetry(retry))) {
        if (old != null) {
          reportReplaced(stored, old, fireTime);
        }
        return true;
      }
    }
    LOG.log(
        Level.WARNING,
        "Job "
            + id
            + ": the retry of the run at "
            + fireTime
            + " was not stored, the job kept changing meanwhile");
    return false;
  }

  private static boolean addBack(JobStore store, Job job) {
    try {
      store.addJob(job);
      return true;
    } catch (ConflictingIdException replaced) {
      return false;
    }
  }

  private void reportReplaced(Job job, PendingRetry old, ZonedDateTime newer) {
    ZonedDateTime fireTime = old.fireTime().atZone(newer.getZone());
    LOG.log(
        Level.WARNING,
        "Job "
            + job.id()
            + ": the pending retry of the run at "
            + old.fireTime()
            + " was replaced by the retry of a newer run");
    listeners.fire(event(EventType.JOB_MISSED, job, fireTime, null, null, null, old.attempt()));
  }
}
