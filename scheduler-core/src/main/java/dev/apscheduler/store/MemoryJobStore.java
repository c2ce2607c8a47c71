package dev.apscheduler.store;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.history.RunHistoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps jobs in memory (the guide's RAMJobStore): nothing survives a restart, and any task, lambdas
 * included, can be stored. Add, update and remove cost O(log n), or O(1) for jobs added in run-time
 * order; finding due jobs costs in proportion to the due jobs; a page of the listing costs in
 * proportion to its end, not to the store.
 *
 * <p>Laid out for the garbage collector: the jobs sit in one array by slot, and the id index and
 * the run-time order ({@link IdIndex}, {@link RunTimeHeap}) hold slots as numbers. A store of a
 * million jobs adds one reference per job (appended to that array) and no map or tree node.
 *
 * <p>Thread-safe: every method holds the store's monitor for the duration of the call.
 */
public final class MemoryJobStore implements JobStore {

  /**
   * The most run history records the store keeps, over all its jobs: beyond that the histories
   * begun earliest are dropped whole (those of one-shot jobs long gone, typically).
   */
  public static final int MAX_HISTORY_RECORDS = 100_000;

  private final MemoryRunHistory history = new MemoryRunHistory();

  // @GuardedBy("this") by slot: the job kept there, or null for a free slot
  private Job[] jobs = new Job[16];

  // @GuardedBy("this") slots below this have been used
  private int used;

  // @GuardedBy("this") freed slots below used, taken again before new ones
  private int[] freeSlots = new int[16];

  // @GuardedBy("this")
  private int freeCount;

  // @GuardedBy("this")
  private final IdIndex slotsById = new IdIndex(this::idAt);

  // @GuardedBy("this") the slots of the jobs that have a next run time, earliest first
  private final RunTimeHeap scheduled = new RunTimeHeap(this::idAt);

  @Override
  public synchronized void addJob(Job job) {
    if (slotsById.find(job.id()) >= 0) {
      throw new ConflictingIdException(job.id());
    }
    int slot = newSlot();
    jobs[slot] = job;
    slotsById.add(job.id(), slot);
    if (job.nextRunTime() != null) {
      scheduled.add(slot, job.nextRunTime());
    }
  }

  @Override
  public synchronized void addJobs(List<Job> jobs) {
    Set<String> ids = new HashSet<>();
    for (Job job : jobs) {
      if (!ids.add(job.id()) || slotsById.find(job.id()) >= 0) {
        throw new ConflictingIdException(job.id());
      }
    }
    for (Job job : jobs) {
      addJob(job);
    }
  }

  @Override
  public synchronized void replaceJob(Job job) {
    int slot = slotsById.find(job.id());
    if (slot < 0) {
      addJob(job);
    } else {
      put(slot, job);
    }
  }

  @Override
  public synchronized boolean updateJobIfUnchanged(Job expected, Job updated) {
    int slot = slotsById.find(expected.id());
    if (slot < 0 || !JobStore.sameSchedule(jobs[slot], expected)) {
      return false;
    }
    put(slot, updated);
    return true;
  }

  @Override
  public synchronized void updateJob(Job job) {
    int slot = slotsById.find(job.id());
    if (slot < 0) {
      throw new JobNotFoundException(job.id());
    }
    put(slot, job);
  }

  @Override
  public synchronized void removeJob(String jobId) {
    int slot = slotsById.find(jobId);
    if (slot < 0) {
      throw new JobNotFoundException(jobId);
    }
    free(slot);
  }

  /** A bounded ring of records per job that has run, held apart from the jobs (no lock shared). */
  @Override
  public RunHistoryStore runHistory() {
    return history;
  }

  @Override
  public synchronized void removeAllJobs() {
    jobs = new Job[16];
    used = 0;
    freeCount = 0;
    slotsById.clear();
    scheduled.clear();
  }

  @Override
  public synchronized Optional<Job> lookupJob(String jobId) {
    int slot = slotsById.find(jobId);
    return slot < 0 ? Optional.empty() : Optional.of(jobs[slot]);
  }

  @Override
  public synchronized List<Job> getDueJobs(Instant now, int limit) {
    List<Integer> slots = scheduled.firstDue(now, limit);
    List<Job> due = new ArrayList<>(slots.size());
    for (int slot : slots) {
      due.add(jobs[slot]);
    }
    return due;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes each due job off the head of the run-time order (no search), and puts the updated ones
   * back after the batch, so a job is processed at most once per call. If {@code processor} throws,
   * the jobs decided before stay decided and the others stay as they were.
   */
  @Override
  public synchronized int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    int[] updated =
        new int[Math.max(1, Math.min(limit, 64))]; // slots of jobs to put back after the batch
    int updatedCount = 0;
    int processed = 0;
    try {
      while (processed < limit && scheduled.firstIsDue(now)) {
        int slot = scheduled.first();
        DueJobProcessor.Outcome outcome = processor.process(jobs[slot], -1);
        scheduled.remove(slot);
        processed++;
        if (outcome.remove()) {
          free(slot);
        } else {
          jobs[slot] = outcome.job();
          if (outcome.job().nextRunTime() != null) {
            if (updatedCount == updated.length) {
              updated = Arrays.copyOf(updated, updatedCount * 2);
            }
            updated[updatedCount++] = slot;
          }
        }
      }
    } finally {
      for (int i = 0; i < updatedCount; i++) {
        scheduled.add(updated[i], jobs[updated[i]].nextRunTime());
      }
    }
    return processed;
  }

  @Override
  public synchronized Optional<Instant> getNextRunTime() {
    return scheduled.size() == 0 ? Optional.empty() : Optional.of(scheduled.firstTime());
  }

  @Override
  public synchronized List<Job> getAllJobs() {
    return getJobs(0, Integer.MAX_VALUE);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A page within the scheduled jobs costs O(k log k) for its end k, whatever the store's size;
   * a page that reaches the paused jobs (listed last, by id) reads them all.
   */
  @Override
  public synchronized List<Job> getJobs(int offset, int limit) {
    JobStore.checkPage(offset, limit);
    int end = (int) Math.min((long) offset + limit, countJobs());
    if (offset >= end) {
      return new ArrayList<>();
    }
    List<Job> page = new ArrayList<>(end - offset);
    List<Integer> ordered = scheduled.firstInOrder(end);
    for (int i = offset; i < ordered.size(); i++) {
      page.add(jobs[ordered.get(i)]);
    }
    if (end > scheduled.size()) {
      List<Job> unscheduled = new ArrayList<>(countJobs() - scheduled.size());
      for (int slot = 0; slot < used; slot++) {
        if (jobs[slot] != null && !scheduled.contains(slot)) {
          unscheduled.add(jobs[slot]);
        }
      }
      unscheduled.sort(Comparator.comparing(Job::id));
      int from = Math.max(0, offset - scheduled.size());
      page.addAll(unscheduled.subList(from, end - scheduled.size()));
    }
    return page;
  }

  @Override
  public synchronized int countJobs() {
    return used - freeCount;
  }

  @Override
  public String toString() {
    return "MemoryJobStore";
  }

  // @GuardedBy("this")
  private String idAt(int slot) {
    return jobs[slot].id();
  }

  // @GuardedBy("this")
  private void put(int slot, Job job) {
    scheduled.remove(slot);
    jobs[slot] = job;
    if (job.nextRunTime() != null) {
      scheduled.add(slot, job.nextRunTime());
    }
  }

  // @GuardedBy("this")
  private int newSlot() {
    if (freeCount > 0) {
      return freeSlots[--freeCount];
    }
    if (used == jobs.length) {
      jobs = Arrays.copyOf(jobs, used * 2);
    }
    return used++;
  }

  // @GuardedBy("this")
  private void free(int slot) {
    scheduled.remove(slot);
    slotsById.remove(jobs[slot].id());
    jobs[slot] = null;
    if (freeCount == freeSlots.length) {
      freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
    }
    freeSlots[freeCount++] = slot;
  }
}
