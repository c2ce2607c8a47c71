package dev.apscheduler.store;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.history.RunHistoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps jobs in memory (the guide's RAMJobStore): nothing survives a restart, and any task, lambdas
 * included, can be stored. Add, update and remove cost O(log n); finding due jobs costs in
 * proportion to the due jobs.
 *
 * <p>Thread-safe: every method holds the store's monitor for the duration of the call.
 */
public final class MemoryJobStore implements JobStore {

  /**
   * The most run history records the store keeps, over all its jobs: beyond that the histories
   * begun earliest are dropped whole (those of one-shot jobs long gone, typically).
   */
  public static final int MAX_HISTORY_RECORDS = 100_000;

  private static final Comparator<Job> BY_NEXT_RUN_TIME =
      (a, b) -> {
        int byTime = a.nextRunTime().compareTo(b.nextRunTime());
        return byTime != 0 ? byTime : a.id().compareTo(b.id());
      };

  private final MemoryRunHistory history = new MemoryRunHistory();

  // @GuardedBy("this")
  private final Map<String, Job> jobsById = new HashMap<>();

  // @GuardedBy("this") jobs that have a next run time, earliest first
  private final TreeSet<Job> scheduled = new TreeSet<>(BY_NEXT_RUN_TIME);

  @Override
  public synchronized void addJob(Job job) {
    if (jobsById.putIfAbsent(job.id(), job) != null) {
      throw new ConflictingIdException(job.id());
    }
    if (job.nextRunTime() != null) {
      scheduled.add(job);
    }
  }

  @Override
  public synchronized void addJobs(List<Job> jobs) {
    Set<String> ids = new HashSet<>();
    for (Job job : jobs) {
      if (!ids.add(job.id()) || jobsById.containsKey(job.id())) {
        throw new ConflictingIdException(job.id());
      }
    }
    for (Job job : jobs) {
      addJob(job);
    }
  }

  @Override
  public synchronized void replaceJob(Job job) {
    Job old = jobsById.remove(job.id());
    if (old != null && old.nextRunTime() != null) {
      scheduled.remove(old);
    }
    addJob(job);
  }

  @Override
  public synchronized boolean updateJobIfUnchanged(Job expected, Job updated) {
    Job current = jobsById.get(expected.id());
    if (current == null || !JobStore.sameSchedule(current, expected)) {
      return false;
    }
    updateJob(updated);
    return true;
  }

  @Override
  public synchronized void updateJob(Job job) {
    Job old = jobsById.get(job.id());
    if (old == null) {
      throw new JobNotFoundException(job.id());
    }
    if (old.nextRunTime() != null) {
      scheduled.remove(old);
    }
    jobsById.put(job.id(), job);
    if (job.nextRunTime() != null) {
      scheduled.add(job);
    }
  }

  @Override
  public synchronized void removeJob(String jobId) {
    Job old = jobsById.remove(jobId);
    if (old == null) {
      throw new JobNotFoundException(jobId);
    }
    if (old.nextRunTime() != null) {
      scheduled.remove(old);
    }
  }

  /** A bounded ring of records per job that has run, held apart from the jobs (no lock shared). */
  @Override
  public RunHistoryStore runHistory() {
    return history;
  }

  @Override
  public synchronized void removeAllJobs() {
    jobsById.clear();
    scheduled.clear();
  }

  @Override
  public synchronized Optional<Job> lookupJob(String jobId) {
    return Optional.ofNullable(jobsById.get(jobId));
  }

  @Override
  public synchronized List<Job> getDueJobs(Instant now, int limit) {
    List<Job> due = new ArrayList<>(Math.min(limit, 64));
    Iterator<Job> it = scheduled.iterator();
    while (due.size() < limit && it.hasNext()) {
      Job job = it.next();
      if (job.nextRunTime().isAfter(now)) {
        break;
      }
      due.add(job);
    }
    return due;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes each due job off the head of the index (no search), and puts the updated ones back
   * after the batch, so a job is processed at most once per call. If {@code processor} throws, the
   * jobs decided before stay decided and the others stay as they were.
   */
  @Override
  public synchronized int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    List<Job> updated = new ArrayList<>(Math.min(limit, 64));
    int processed = 0;
    try {
      while (processed < limit && !scheduled.isEmpty()) {
        Job job = scheduled.first();
        if (job.nextRunTime().isAfter(now)) {
          break;
        }
        DueJobProcessor.Outcome outcome = processor.process(job, -1);
        scheduled.pollFirst();
        processed++;
        if (outcome.remove()) {
          jobsById.remove(job.id());
        } else {
          Job next = outcome.job();
          jobsById.put(next.id(), next);
          if (next.nextRunTime() != null) {
            updated.add(next);
          }
        }
      }
    } finally {
      scheduled.addAll(updated);
    }
    return processed;
  }

  @Override
  public synchronized Optional<Instant> getNextRunTime() {
    return scheduled.isEmpty() ? Optional.empty() : Optional.of(scheduled.first().nextRunTime());
  }

  @Override
  public synchronized List<Job> getAllJobs() {
    List<Job> all = new ArrayList<>(jobsById.size());
    all.addAll(scheduled);
    for (Job job : jobsById.values()) {
      if (job.nextRunTime() == null) {
        all.add(job);
      }
    }
    return all;
  }

  @Override
  public synchronized int countJobs() {
    return jobsById.size();
  }

  @Override
  public String toString() {
    return "MemoryJobStore";
  }
}
