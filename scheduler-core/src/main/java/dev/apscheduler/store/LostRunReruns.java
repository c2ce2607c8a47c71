package dev.apscheduler.store;

import dev.apscheduler.Job;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a store shared by a cluster does with a run lost with its node (reaped): its {@code LOST}
 * history record, and, for a job that opts into {@link LostRunPolicy#RERUN}: the lost fire time
 * becomes the job's {@link PendingRetry}, due at once, written by the one node that reaped the run,
 * so exactly one live node's due pass runs it again (at least once in all). The store does not keep
 * which attempt a lost run was: the rerun is attempt 2. A job the store no longer holds (a one-shot
 * job is removed when its run starts) is not rerun.
 *
 * <p>Stateless and thread-safe.
 */
public final class LostRunReruns {

  private static final System.Logger LOG = System.getLogger(LostRunReruns.class.getName());

  /** How often a rerun write is tried when the job keeps changing. */
  private static final int MAX_WRITE_ATTEMPTS = 16;

  private LostRunReruns() {}

  /**
   * {@code job} waiting for a rerun of {@code fireTime} due at {@code dueAt}; empty if the job
   * reports lost runs only, or a retry of the same or a newer fire time is pending already.
   */
  public static Optional<Job> rerun(Job job, Instant fireTime, Instant dueAt) {
    PendingRetry pending = job.pendingRetry();
    if (job.onLost() != LostRunPolicy.RERUN
        || (pending != null && !pending.fireTime().isBefore(fireTime))) {
      return Optional.empty();
    }
    return Optional.of(job.withPendingRetry(new PendingRetry(fireTime, 2, dueAt, null)));
  }

  /**
   * Stores the rerun of a lost run in {@code store} with compare-and-set writes ({@link
   * JobStore#updateJobIfUnchanged}), for a store that reaps and writes jobs in separate steps.
   *
   * @return {@code lost}, or, when a rerun was stored, {@code lost} saying when it is due
   */
  public static JobEvent rerunIn(JobStore store, JobEvent lost, Instant dueAt) {
    Instant fireTime = lost.scheduledRunTime().toInstant();
    try {
      for (int i = 0; i < MAX_WRITE_ATTEMPTS; i++) {
        Optional<Job> current = store.lookupJob(lost.jobId());
        Optional<Job> rerun = current.flatMap(job -> rerun(job, fireTime, dueAt));
        if (rerun.isEmpty()) {
          return lost;
        }
        if (store.updateJobIfUnchanged(current.get(), rerun.get())) {
          return announcing(lost, dueAt);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "The rerun of job " + lost.jobId() + " at " + fireTime + " could not be stored",
          e);
    }
    return lost;
  }

  /**
   * Stores the rerun of each lost run ({@link #rerunIn}) when {@code store} is given, reports each
   * to the scheduler's listeners (saying when its rerun is due), and wakes the scheduler if a rerun
   * was stored. For the reporting thread of a store that reaps and writes jobs in separate steps.
   *
   * @param store where the reruns go, or {@code null} to report only
   */
  public static void rerunAndReport(JobStore store, List<JobEvent> lost, JobStoreContext context) {
    boolean rerun = false;
    for (JobEvent each : lost) {
      JobEvent reported = store == null ? each : rerunIn(store, each, context.clock().instant());
      rerun |= reported.nextRetryTime().isPresent();
      context.events().onEvent(reported);
    }
    if (rerun) {
      context.wakeUp().run();
    }
  }

  /**
   * The {@code LOST} run history record of the run {@code lost} reports, in flight on {@code node}.
   */
  public static RunRecord historyRecord(JobEvent lost, String node) {
    Throwable problem = lost.exception().orElse(null);
    return new RunRecord(
        lost.jobId(),
        lost.scheduledRunTime().toInstant(),
        node,
        lost.startTime().orElse(null),
        lost.timestamp(),
        RunOutcome.LOST,
        lost.attempt(),
        problem == null ? null : problem.getClass().getName(),
        problem == null ? null : problem.getMessage(),
        null);
  }

  /** The {@code JOB_LOST} event {@code lost}, saying that a rerun is due at {@code dueAt}. */
  public static JobEvent announcing(JobEvent lost, Instant dueAt) {
    return new JobEvent(
        lost.type(),
        lost.timestamp(),
        lost.jobId(),
        lost.jobStore(),
        lost.scheduledRunTime(),
        lost.startTime().orElse(null),
        null,
        lost.exception().orElse(null),
        1,
        lost.attempt(),
        dueAt);
  }
}
