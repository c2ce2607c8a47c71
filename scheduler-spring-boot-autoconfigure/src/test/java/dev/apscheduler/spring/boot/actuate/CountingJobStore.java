package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.MemoryJobStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory store that counts how often the whole store is read ({@link #getAllJobs()}) or counted
 * ({@link #countJobs()}), for tests of what reading meters and the endpoint costs. Thread-safe.
 */
public final class CountingJobStore implements JobStore {

  private final MemoryJobStore store = new MemoryJobStore();

  /** Calls of {@link #countJobs()}. */
  public final AtomicInteger counts = new AtomicInteger();

  /** Calls of {@link #getAllJobs()}. */
  public final AtomicInteger fullReads = new AtomicInteger();

  @Override
  public void addJob(Job job) {
    store.addJob(job);
  }

  @Override
  public void addJobs(List<Job> jobs) {
    store.addJobs(jobs);
  }

  @Override
  public void replaceJob(Job job) {
    store.replaceJob(job);
  }

  @Override
  public boolean updateJobIfUnchanged(Job expected, Job updated) {
    return store.updateJobIfUnchanged(expected, updated);
  }

  @Override
  public void updateJob(Job job) {
    store.updateJob(job);
  }

  @Override
  public void removeJob(String jobId) {
    store.removeJob(jobId);
  }

  @Override
  public void removeAllJobs() {
    store.removeAllJobs();
  }

  @Override
  public Optional<Job> lookupJob(String jobId) {
    return store.lookupJob(jobId);
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    return store.getDueJobs(now, limit);
  }

  @Override
  public int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    return store.processDueJobs(now, limit, processor);
  }

  @Override
  public Optional<Instant> getNextRunTime() {
    return store.getNextRunTime();
  }

  @Override
  public List<Job> getAllJobs() {
    fullReads.incrementAndGet();
    return store.getAllJobs();
  }

  @Override
  public int countJobs() {
    counts.incrementAndGet();
    return store.countJobs();
  }
}
