package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.MemoryJobStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job store that keeps its jobs in a {@link MemoryJobStore}, for test stores that change one
 * behaviour and forward the rest. Thread-safe as the memory store is.
 */
public abstract class ForwardingJobStore implements JobStore {

  private final MemoryJobStore delegate = new MemoryJobStore();

  @Override
  public void addJob(Job job) {
    delegate.addJob(job);
  }

  @Override
  public void updateJob(Job job) {
    delegate.updateJob(job);
  }

  @Override
  public void removeJob(String jobId) {
    delegate.removeJob(jobId);
  }

  @Override
  public void removeAllJobs() {
    delegate.removeAllJobs();
  }

  @Override
  public Optional<Job> lookupJob(String jobId) {
    return delegate.lookupJob(jobId);
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    return delegate.getDueJobs(now, limit);
  }

  @Override
  public Optional<Instant> getNextRunTime() {
    return delegate.getNextRunTime();
  }

  @Override
  public List<Job> getAllJobs() {
    return delegate.getAllJobs();
  }
}
