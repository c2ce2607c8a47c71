package dev.apscheduler.store;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.history.RunHistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
   * Adds several jobs, all or none: if one cannot be added (its id is taken in this store or
   * repeated in {@code jobs}, or a write fails), the store is left as it was. The default adds them
   * one by one and removes those it added when one fails; persistent stores override it to write
   * the jobs in batched statements of one transaction (or one script).
   *
   * @throws ConflictingIdException if an id is taken in this store or repeated in {@code jobs}
   */
  default void addJobs(List<Job> jobs) {
    Set<String> ids = new HashSet<>();
    for (Job job : jobs) {
      if (!ids.add(job.id()) || lookupJob(job.id()).isPresent()) {
        throw new ConflictingIdException(job.id());
      }
    }
    List<Job> added = new ArrayList<>(jobs.size());
    try {
      for (Job job : jobs) {
        addJob(job);
        added.add(job);
      }
    } catch (RuntimeException e) {
      for (Job job : added) {
        try {
          removeJob(job.id());
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * Stores {@code job}, replacing the job of the same id in this store if there is one, atomically:
   * if the call fails, the old job is still there. The default removes, then adds, and puts the old
   * job back if the add fails; stores override it with one statement or one transaction.
   */
  default void replaceJob(Job job) {
    Optional<Job> old = lookupJob(job.id());
    if (old.isPresent()) {
      removeJob(job.id());
    }
    try {
      addJob(job);
    } catch (RuntimeException e) {
      old.ifPresent(
          previous -> {
            try {
              addJob(previous);
            } catch (RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
          });
      throw e;
    }
  }

  /**
   * Replaces {@code expected} by {@code updated} only if the stored job is still as {@code
   * expected} has it: same next run time, run count and paused flag. A due pass always changes the
   * next run time (or removes the job), so a change computed from a job read before a due pass
   * cannot undo that pass. The default compares and writes in two steps; stores override it with
   * one conditional write.
   *
   * @return whether the job was updated; {@code false} if it changed meanwhile or is gone
   */
  default boolean updateJobIfUnchanged(Job expected, Job updated) {
    Optional<Job> current = lookupJob(expected.id());
    if (current.isEmpty() || !sameSchedule(current.get(), expected)) {
      return false;
    }
    updateJob(updated);
    return true;
  }

  /**
   * Whether two snapshots of a job agree on what the due pass changes: next run time, run count and
   * paused flag, and the pending retry.
   */
  static boolean sameSchedule(Job a, Job b) {
    return Objects.equals(a.nextRunTime(), b.nextRunTime())
        && a.runs() == b.runs()
        && a.paused() == b.paused()
        && Objects.equals(a.pendingRetry(), b.pendingRetry());
  }

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
   * One page of the jobs in the order of {@link #getAllJobs()}: at most {@code limit} of them from
   * the {@code offset}-th on, for listings that must not read every job. The default cuts {@link
   * #getAllJobs()}; stores that can read one page (JDBC) override it.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code limit} is negative
   */
  default List<Job> getJobs(int offset, int limit) {
    checkPage(offset, limit);
    List<Job> all = getAllJobs();
    int from = Math.min(offset, all.size());
    return new ArrayList<>(all.subList(from, Math.min(all.size(), from + limit)));
  }

  /**
   * Checks the bounds of a page asked of {@link #getJobs(int, int)}.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code limit} is negative
   */
  static void checkPage(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset: must be 0 or more, got " + offset);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit: must be 0 or more, got " + limit);
    }
  }

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
   * store shared by several schedulers overrides it to do it in one transaction. A failed write
   * stops the pass with a {@link DueJobWriteException} that says how many outcomes were written.
   *
   * @return how many due jobs were processed
   */
  default int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    List<Job> due = getDueJobs(now, limit);
    for (int i = 0; i < due.size(); i++) {
      Job job = due.get(i);
      DueJobProcessor.Outcome outcome = processor.process(job, -1);
      try {
        if (outcome.remove()) {
          removeJob(job.id());
        } else {
          updateJob(outcome.job());
        }
      } catch (RuntimeException e) {
        throw new DueJobWriteException(i, job.id(), e);
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
   * Records a run started outside the schedule ({@code runJobNow}) as {@link #processDueJobs}
   * records the runs it starts, if the job's {@code maxInstances} allows it on every scheduler
   * sharing the store. When it returns {@code true} the scheduler calls {@link #runFinished} with
   * the same fire time when the run ends. The default, for stores that record no runs, allows every
   * run.
   *
   * @return whether the run may start
   */
  default boolean tryStartRun(Job job, Instant fireTime) {
    return true;
  }

  /**
   * How far the clock that judges this store's due times is ahead of the scheduler's clock: for a
   * store shared by schedulers on several machines, whose shared clock is the one every scheduler
   * must agree on. The scheduler adds it to its own time when it asks for due jobs and when it
   * checks a run's lateness. Zero (the default) for a store with no clock of its own.
   */
  default Duration clockOffset() {
    return Duration.ZERO;
  }

  /**
   * How often the scheduler should look at this store even when no job is due: for a store that
   * other schedulers change (a cluster), so that their new jobs are seen; empty for a store only
   * this scheduler changes (the default).
   */
  default Optional<Duration> pollInterval() {
    return Optional.empty();
  }

  /**
   * Where this store keeps the run history of its jobs. The default keeps none (reads are empty),
   * so that stores written before run history still work.
   */
  default RunHistoryStore runHistory() {
    return RunHistoryStore.NONE;
  }

  /** Whether jobs survive a restart (then tasks must be persistable). */
  default boolean isPersistent() {
    return false;
  }

  /** Releases connections and files. The scheduler calls it on shutdown or store removal. */
  default void close() {}
}
