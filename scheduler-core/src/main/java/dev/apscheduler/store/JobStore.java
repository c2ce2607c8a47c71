package dev.apscheduler.store;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs live: the contract every job store implements (memory, JDBC, file, Redis, MongoDB, or
 * your own). A store keeps jobs ordered by next run time; jobs without one (paused) come last.
 *
 * <p>Implementations must be thread-safe: the scheduler thread and API callers use a store at the
 * same time. A persistent store must keep every job across restarts, and must keep a job whose task
 * no longer resolves (it loads it with an unresolved {@link dev.apscheduler.Task}).
 */
public interface JobStore {

  /**
   * Called once when the store is added to a started scheduler, or when the scheduler starts.
   * Persistent stores connect and create their schema here.
   */
  default void start(JobStoreContext context) {}

  /**
   * Adds a job.
   *
   * @throws ConflictingIdException if a job with the same id is in this store
   */
  void addJob(Job job);

  /**
   * Replaces the stored job of the same id.
   *
   * @throws JobNotFoundException if there is none
   */
  void updateJob(Job job);

  /**
   * Removes a job.
   *
   * @throws JobNotFoundException if there is none
   */
  void removeJob(String jobId);

  /** Removes every job. */
  void removeAllJobs();

  /** The job with this id, if this store has it. */
  Optional<Job> lookupJob(String jobId);

  /**
   * The jobs whose next run time is at or before {@code now}, earliest first, at most {@code limit}
   * of them. Costs in proportion to the jobs returned, not to all jobs.
   */
  List<Job> getDueJobs(Instant now, int limit);

  /** The earliest next run time of any job, or empty when no job is scheduled. */
  Optional<Instant> getNextRunTime();

  /** Every job, ordered by next run time, paused jobs last. */
  List<Job> getAllJobs();

  /**
   * How many jobs the store holds (for gauges and listings). The default counts {@link
   * #getAllJobs()}; stores override it with a cheap count.
   */
  default int countJobs() {
    return getAllJobs().size();
  }

  /**
   * Takes up to {@code limit} due jobs, earliest first, lets {@code processor} decide each one and
   * writes the outcomes back: an updated job replaces the stored one, a finished one is removed.
   * The default does this with {@link #getDueJobs}, {@link #updateJob} and {@link #removeJob}; a
   * store shared by several schedulers overrides it to do it in one transaction.
   *
   * @return how many due jobs were processed
   */
  default int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    List<Job> due = getDueJobs(now, limit);
    for (Job job : due) {
      DueJobProcessor.Outcome outcome = processor.process(job, -1);
      if (outcome.remove()) {
        removeJob(job.id());
      } else {
        updateJob(outcome.job());
      }
    }
    return due.size();
  }

  /**
   * Called when a run that {@link #processDueJobs} reported as started has ended. Stores that
   * record running instances release the record here; the default does nothing.
   *
   * @param job the job as it was when the run started
   * @param fireTime the (first) fire time the run stood for
   */
  default void runFinished(Job job, Instant fireTime) {}

  /**
   * How often the scheduler should look at this store even when no job is due: for a store that
   * other schedulers change (a cluster), so that their new jobs are seen; empty for a store only
   * this scheduler changes (the default).
   */
  default Optional<Duration> pollInterval() {
    return Optional.empty();
  }

  /** Whether jobs survive a restart (then tasks must be persistable). */
  default boolean isPersistent() {
    return false;
  }

  /** Releases connections and files. The scheduler calls it on shutdown or store removal. */
  default void close() {}
}
