package dev.apscheduler.store;

import dev.apscheduler.Job;
import dev.apscheduler.history.RunHistoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A store that hands every call to another; tests extend it to observe or break calls. */
public class ForwardingStore implements JobStore {

  private final JobStore delegate;

  public ForwardingStore(JobStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void start(JobStoreContext context) {
    delegate.start(context);
  }

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

  @Override
  public RunHistoryStore runHistory() {
    return delegate.runHistory();
  }

  @Override
  public boolean isPersistent() {
    return delegate.isPersistent();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
