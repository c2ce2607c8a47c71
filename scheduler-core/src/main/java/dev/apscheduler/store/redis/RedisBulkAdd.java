package dev.apscheduler.store.redis;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.store.JobDocuments;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link RedisJobStore#addJobs}: up to {@value #MAX_JOBS_PER_SCRIPT} jobs are checked and written
 * by one script, all or none; a larger list is checked whole first, then written in parts, and the
 * parts written are removed again if a later part finds an id taken meanwhile.
 *
 * <p>Thread-safe.
 *
 * @param calls the store's scripts
 * @param docs the store's documents
 */
record RedisBulkAdd(RedisCalls calls, JobDocuments docs) {

  /** The most jobs written in one script. */
  static final int MAX_JOBS_PER_SCRIPT = 10_000;

  /**
   * Adds the jobs.
   *
   * @throws ConflictingIdException if an id is taken (by a job, readable or not) or repeated
   */
  void add(List<Job> jobs) {
    Set<String> seen = new HashSet<>();
    List<String> ids = new ArrayList<>(jobs.size());
    List<String> triples = new ArrayList<>(jobs.size() * 3);
    for (Job job : jobs) {
      if (!seen.add(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      ids.add(job.id());
      triples.addAll(List.of(job.id(), docs.write(job), RedisCalls.score(job)));
    }
    if (jobs.size() > MAX_JOBS_PER_SCRIPT) {
      addAll(1, ids);
    }
    for (int from = 0; from < jobs.size(); from += MAX_JOBS_PER_SCRIPT) {
      int to = Math.min(jobs.size(), from + MAX_JOBS_PER_SCRIPT);
      try {
        addAll(3, triples.subList(from * 3, to * 3));
      } catch (RuntimeException e) {
        removeAgain(ids.subList(0, from), e);
        throw e;
      }
    }
  }

  /**
   * Runs {@link RedisScripts#ADD_ALL} over ids (stride 1: checks only) or id, document, score
   * triples (stride 3: checks, then writes).
   *
   * @throws ConflictingIdException naming the first taken id; then nothing was written
   */
  private void addAll(int stride, List<String> values) {
    String[] args = new String[values.size() + 1];
    args[0] = Integer.toString(stride);
    for (int i = 0; i < values.size(); i++) {
      args[i + 1] = values.get(i);
    }
    List<Object> taken = calls.query("add jobs", RedisScripts.ADD_ALL, args);
    if (!taken.isEmpty()) {
      throw new ConflictingIdException((String) taken.get(0));
    }
  }

  /** Removes the jobs {@link #add} wrote before {@code failure}. */
  private void removeAgain(List<String> ids, RuntimeException failure) {
    try {
      for (int from = 0; from < ids.size(); from += MAX_JOBS_PER_SCRIPT) {
        List<String> part = ids.subList(from, Math.min(ids.size(), from + MAX_JOBS_PER_SCRIPT));
        calls.change(
            "remove the jobs added before the failure",
            RedisScripts.REMOVE_ALL,
            part.toArray(String[]::new));
      }
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
