package dev.apscheduler.store;

import dev.apscheduler.Job;
import java.time.Instant;

/**
 * Decides what happens to one due job: the scheduler hands one to {@link JobStore#processDueJobs},
 * and the store writes the outcome back. A store shared by several schedulers calls it inside the
 * transaction that locks the job, so that each due run is decided by one scheduler only.
 *
 * <p>Implementations are called by one thread at a time per store call.
 */
@FunctionalInterface
public interface DueJobProcessor {

  /**
   * Decides the job's runs and new state.
   *
   * @param job a job whose next run time has come
   * @param storeRunningInstances runs of this job the store records as running on any scheduler, or
   *     -1 if the store does not record them
   * @return the job's new state
   */
  Outcome process(Job job, int storeRunningInstances);

  /**
   * The decision for one due job.
   *
   * @param job the job to write back, with its new run count and next run time; {@code null} when
   *     the job is finished and must be removed
   * @param startedFireTime the (first) fire time of the run that was started, or {@code null} if
   *     none was; the store may record the run as running until {@link JobStore#runFinished(Job,
   *     Instant)} is called with the same fire time
   * @param finishedJob when the job is removed, a run was started and the job reruns lost runs
   *     ({@code LostRunPolicy.RERUN}), the job's last state (its runs counted, no next run time),
   *     which a rerun of that last run adds back; otherwise {@code null}
   */
  record Outcome(Job job, Instant startedFireTime, Job finishedJob) {

    /** An outcome that adds nothing back ({@code finishedJob} {@code null}). */
    public Outcome(Job job, Instant startedFireTime) {
      this(job, startedFireTime, null);
    }

    /** Whether the job must be removed. */
    public boolean remove() {
      return job == null;
    }

    /** Whether a run was started. */
    public boolean runStarted() {
      return startedFireTime != null;
    }
  }
}
