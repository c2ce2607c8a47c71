package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory store that counts how often the whole store is read ({@link #getAllJobs()}) or counted
 * ({@link #countJobs()}), for tests of what reading meters and the endpoint costs. Thread-safe.
 */
public final class CountingJobStore extends ForwardingJobStore {

  /** Calls of {@link #countJobs()}. */
  public final AtomicInteger counts = new AtomicInteger();

  /** Calls of {@link #getAllJobs()}. */
  public final AtomicInteger fullReads = new AtomicInteger();

  @Override
  public List<Job> getAllJobs() {
    fullReads.incrementAndGet();
    return super.getAllJobs();
  }

  @Override
  public int countJobs() {
    counts.incrementAndGet();
    return super.getAllJobs().size();
  }
}
