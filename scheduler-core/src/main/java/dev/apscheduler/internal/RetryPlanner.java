package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.event.EventType;
import dev.apscheduler.history.RunOutcome;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Decides a due job's pending retry for the {@link RunPlanner}. A retry is a new attempt of the
 * same fire time: it does not move the trigger's schedule, does not count towards {@code maxRuns},
 * and takes an instance under {@code maxInstances} like any run. The rule when the trigger's next
 * fire time comes while a retry still waits: the newer fire time wins, and the retry is dropped,
 * reported as a {@code JOB_MISSED} of its attempt. A retry later than the job's misfire grace time
 * (counted from its due time, say after a restart) is missed too; one that finds the job at its
 * maximum instances is dropped with {@code JOB_MAX_INSTANCES}.
 *
 * <p>Thread-safe: stateless but for its collaborators.
 */
final class RetryPlanner {

  private static final System.Logger LOG = System.getLogger(RetryPlanner.class.getName());

  /** How long a retry that finds its job at its maximum instances waits before it looks again. */
  static final Duration BUSY_DELAY = Duration.ofSeconds(1);

  /** Reports a job whose task cannot be resolved (once). */
  interface Unresolved {
    void report(Job job, ZonedDateTime fireTime, RunPlanner.Batch batch);
  }

  private final RunDispatcher dispatcher;
  private final Unresolved unresolved;

  RetryPlanner(RunDispatcher dispatcher, Unresolved unresolved) {
    this.dispatcher = dispatcher;
    this.unresolved = unresolved;
  }

  /**
   * Decides {@code retry} of {@code job} at {@code now}: superseded when {@code newerDue} (a newer
   * fire time runs in this pass), run when due, else left waiting.
   *
   * @return the retry still pending, or {@code null} when it was run or dropped
   */
  PendingRetry plan(
      Job job,
      PendingRetry retry,
      boolean newerDue,
      int storeRunning,
      Instant now,
      ZonedDateTime zonedNow,
      RunPlanner.Batch batch) {
    ZonedDateTime fireTime = retry.fireTime().atZone(zonedNow.getZone());
    if (!newerDue && retry.dueAt().isAfter(now)) {
      return retry;
    }
    String dropped = null;
    if (newerDue) {
      dropped = "a newer fire time of the job is due";
    } else if (Duration.between(retry.dueAt(), now).compareTo(job.misfireGraceTime()) > 0) {
      dropped = "it was due at " + retry.dueAt() + ", later than the misfire grace time";
    }
    if (dropped != null) {
      LOG.log(
          Level.WARNING,
          "Retry (attempt "
              + retry.attempt()
              + ") of job "
              + job.id()
              + " for its run at "
              + fireTime
              + " was missed: "
              + dropped);
      dispatcher.recordNotStarted(job, fireTime, retry.attempt(), RunOutcome.MISSED);
      batch.events.add(
          dispatcher.attemptEvent(EventType.JOB_MISSED, job, fireTime, retry.attempt()));
      return null;
    }
    if (!job.task().isResolved()) {
      unresolved.report(job, fireTime, batch);
      return null;
    }
    if (dispatcher.reserve(
        job,
        List.of(fireTime),
        retry,
        storeRunning,
        true,
        batch.clockOffset,
        batch.events,
        batch.runs)) {
      return null;
    }
    // its own failed attempt may not have given its instance back yet (here or, in a cluster, in
    // the store's running records): wait, until a newer fire time supersedes the retry
    return new PendingRetry(retry.fireTime(), retry.attempt(), now.plus(BUSY_DELAY), null);
  }
}
