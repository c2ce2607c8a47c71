package dev.apscheduler.internal;

import dev.apscheduler.Job;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many runs of each job are running or queued on this scheduler, against the job's {@code
 * maxInstances}: a run is counted when it is reserved and uncounted when it ends. A job with none
 * has no entry.
 *
 * <p>Thread-safe: the loop reserves while workers release; both are lock-free and allocate nothing
 * but the map entry of a job's first instance.
 */
final class InstanceCounts {

  private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

  /**
   * Counts one more instance of {@code job} unless it has its maximum, counting {@code
   * storeRunning} (what a shared store reports running on every node) if that is more.
   *
   * @return whether the instance was counted
   */
  boolean reserve(Job job, int storeRunning) {
    while (true) {
      Integer count = counts.get(job.id());
      if (Math.max(count == null ? 0 : count, storeRunning) >= job.maxInstances()) {
        return false;
      }
      if (count == null
          ? counts.putIfAbsent(job.id(), 1) == null
          : counts.replace(job.id(), count, count + 1)) {
        return true;
      }
    }
  }

  /** Uncounts one instance of the job {@code jobId}. */
  void release(String jobId) {
    counts.computeIfPresent(jobId, (id, count) -> count <= 1 ? null : count - 1);
  }

  /** How many instances of the job {@code jobId} are counted. */
  int of(String jobId) {
    return counts.getOrDefault(jobId, 0);
  }
}
