package dev.apscheduler.internal;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The tentative jobs: added before the scheduler started, held in order until {@link #drain} hands
 * them over to be stored. After the drain nothing is held any more and every call says so.
 *
 * <p>Thread-safe.
 */
final class PendingJobs {

  /**
   * What {@link #drain} hands over.
   *
   * @param jobs the tentative jobs, in the order they were added
   * @param replacements ids of those that replace a stored job of the same id
   */
  record Drained(List<Job> jobs, Set<String> replacements) {}

  private final Object lock = new Object();
  // @GuardedBy("lock")
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  // @GuardedBy("lock")
  private final Set<String> replacements = new HashSet<>();
  private volatile boolean drained;

  /**
   * Holds {@code toHold} if nothing was drained yet, after {@code check} accepted each one.
   *
   * @return whether they are held (false once drained: store them instead)
   * @throws ConflictingIdException if one is held already and does not replace it
   */
  boolean hold(List<Job> toHold, boolean replace, Consumer<Job> check) {
    if (drained) {
      return false;
    }
    synchronized (lock) {
      if (drained) {
        return false;
      }
      for (Job job : toHold) {
        check.accept(job);
        if (!replace && jobs.containsKey(job.id())) {
          throw new ConflictingIdException(job.id());
        }
      }
      for (Job job : toHold) {
        jobs.put(job.id(), job);
        if (replace) {
          replacements.add(job.id());
        }
      }
      return true;
    }
  }

  /** Hands over every held job; from now on nothing is held. */
  Drained drain() {
    synchronized (lock) {
      drained = true;
      Drained all = new Drained(new ArrayList<>(jobs.values()), new HashSet<>(replacements));
      jobs.clear();
      replacements.clear();
      return all;
    }
  }

  /** Whether the jobs were handed over (the scheduler started). */
  boolean isDrained() {
    return drained;
  }

  /** The held job of this id, or {@code null}. */
  Job get(String id) {
    synchronized (lock) {
      return jobs.get(id);
    }
  }

  /** Replaces a held job by its changed version; whether it was held. */
  boolean update(Job job) {
    synchronized (lock) {
      return jobs.replace(job.id(), job) != null;
    }
  }

  /** The held jobs, in order. */
  List<Job> list() {
    synchronized (lock) {
      return new ArrayList<>(jobs.values());
    }
  }

  /** Drops a held job; whether it was held. */
  boolean remove(String id) {
    synchronized (lock) {
      replacements.remove(id);
      return jobs.remove(id) != null;
    }
  }

  /** Drops the held jobs of a removed store. */
  void forgetStore(String alias) {
    synchronized (lock) {
      jobs.values().removeIf(job -> job.jobStore().equals(alias));
    }
  }
}
