package dev.apscheduler.store;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.SchedulerException;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a store shared by a cluster does with a run lost with its node (reaped): its {@code LOST}
 * history record, and, for a job that opts into {@link LostRunPolicy#RERUN}: the lost fire time
 * becomes the job's {@link PendingRetry}, due at once, written by the one node that reaped the run,
 * so exactly one live node's due pass runs it again (at least once in all). The store does not keep
 * which attempt a lost run was: the rerun is attempt 2. A job whose trigger had no fire time left
 * (a one-shot job, the last of {@code maxRuns}) is removed from its store when its last run starts;
 * the running record of that run keeps the job's document ({@link #documentToKeep}), so the node
 * that reaps the run adds the job back with the rerun pending, unless a job of the same id was
 * added meanwhile. Other runs' records keep nothing.
 *
 * <p>Stateless and thread-safe.
 */
public final class LostRunReruns {

  private static final System.Logger LOG = System.getLogger(LostRunReruns.class.getName());

  /** How often a rerun write is tried when the job keeps changing. */
  private static final int MAX_WRITE_ATTEMPTS = 16;

  private LostRunReruns() {}

  /**
   * A run lost with its node.
   *
   * @param event its {@code JOB_LOST} event
   * @param finishedJob the job's last state, kept by the run's record because the run finished a
   *     job that reruns lost runs ({@link #documentToKeep}), or {@code null}
   */
  public record LostRun(JobEvent event, Job finishedJob) {}

  /**
   * The document that the running record of {@code outcome}'s run keeps: the last state of a job
   * that reruns lost runs and that the run finished (the job is removed as the run starts), so a
   * rerun can add it back; {@code null} for every other run.
   */
  public static String documentToKeep(DueJobProcessor.Outcome outcome, JobDocuments documents) {
    Job finished = outcome.finishedJob();
    return outcome.remove()
            && outcome.runStarted()
            && finished != null
            && finished.onLost() == LostRunPolicy.RERUN
        ? documents.write(finished)
        : null;
  }

  /**
   * The job a running record kept ({@link #documentToKeep}); {@code null} if it kept none, or if it
   * cannot be read (logged: the lost run is reported, not rerun).
   */
  public static Job keptJob(JobDocuments documents, String jobId, String document) {
    if (document == null || document.isEmpty()) {
      return null;
    }
    try {
      return documents.readOrThrow(jobId, null, document);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "The lost run of job " + jobId + " kept a job that cannot be read; it is not rerun",
          e);
      return null;
    }
  }

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
   * JobStore#updateJobIfUnchanged}), for a store that reaps and writes jobs in separate steps. A
   * job the store no longer holds is added back from the run's record ({@link JobStore#addJob},
   * which never replaces a job added meanwhile under the same id).
   *
   * @return the lost run's event, or, when a rerun was stored, that event saying when it is due;
   *     {@code null} if the store failed (logged)
   */
  private static JobEvent rerunIn(JobStore store, LostRun run, Instant dueAt) {
    JobEvent lost = run.event();
    Instant fireTime = lost.scheduledRunTime().toInstant();
    try {
      for (int i = 0; i < MAX_WRITE_ATTEMPTS; i++) {
        Optional<Job> current = store.lookupJob(lost.jobId());
        if (current.isEmpty() && run.finishedJob() != null) {
          Optional<Job> back = rerun(run.finishedJob(), fireTime, dueAt);
          if (back.isEmpty()) {
            return lost;
          }
          try {
            store.addJob(back.get());
            return announcing(lost, dueAt);
          } catch (ConflictingIdException addedMeanwhile) {
            continue;
          }
        }
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
      return null;
    }
    return lost;
  }

  /**
   * Stores the rerun of each lost run ({@link #rerunIn}) when {@code store} is given, reports each
   * to the scheduler's listeners (saying when its rerun is due), and wakes the scheduler if a rerun
   * was stored. For the reporting thread of a store that reaps and writes jobs in separate steps.
   *
   * @param store where the reruns go, or {@code null} to report only
   * @return the runs whose rerun the store failed to write (logged, and reported without a rerun):
   *     the caller keeps them, to be handed over again
   */
  public static List<LostRun> rerunAndReport(
      JobStore store, List<LostRun> lost, JobStoreContext context) {
    boolean rerun = false;
    List<LostRun> unstored = new ArrayList<>();
    for (LostRun each : lost) {
      JobEvent reported =
          store == null ? each.event() : rerunIn(store, each, context.clock().instant());
      if (reported == null) {
        unstored.add(each);
        reported = each.event();
      }
      rerun |= reported.nextRetryTime().isPresent();
      context.events().onEvent(reported);
    }
    if (rerun) {
      context.wakeUp().run();
    }
    return unstored;
  }

  /**
   * The {@code JOB_LOST} event of the run of {@code jobId} at {@code fireMicros} that was in flight
   * on {@code node} since {@code startedMicros} (epoch microseconds, as run records keep them),
   * logged as a warning.
   *
   * @param storeDescription names the store in the log line
   * @param why why the run is lost, said after the node ("which stopped heartbeating")
   */
  public static JobEvent lostEvent(
      JobStoreContext context,
      String storeDescription,
      String node,
      String jobId,
      long fireMicros,
      long startedMicros,
      String why) {
    Instant fireTime = JobCodec.fromEpochMicros(fireMicros);
    SchedulerException problem =
        new SchedulerException(
            ("Run of job '%s' at %s was in flight on node '%s', %s; it is reported, and run again"
                    + " only if its job reruns lost runs")
                .formatted(jobId, fireTime, node, why));
    LOG.log(Level.WARNING, storeDescription + ": " + problem.getMessage());
    return new JobEvent(
        EventType.JOB_LOST,
        context.clock().instant(),
        jobId,
        context.alias(),
        fireTime.atZone(ZoneOffset.UTC),
        JobCodec.fromEpochMicros(startedMicros),
        null,
        problem);
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
