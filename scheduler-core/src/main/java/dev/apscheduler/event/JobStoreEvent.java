package dev.apscheduler.event;

import java.time.Instant;
import java.util.Optional;

/**
 * A change to a job store: the store itself was added or removed, or a job in it was added, removed
 * or modified.
 *
 * <p>Immutable and thread-safe.
 */
public final class JobStoreEvent extends SchedulerEvent {

  private final String jobStore;
  private final String jobId;

  /**
   * Creates a store event.
   *
   * @param jobId the job concerned, or {@code null} for events about the store itself
   */
  public JobStoreEvent(EventType type, Instant timestamp, String jobStore, String jobId) {
    super(type, timestamp);
    this.jobStore = jobStore;
    this.jobId = jobId;
  }

  /** The alias of the store. */
  public String jobStore() {
    return jobStore;
  }

  /** The job concerned, empty for {@code JOBSTORE_ADDED} and {@code JOBSTORE_REMOVED}. */
  public Optional<String> jobId() {
    return Optional.ofNullable(jobId);
  }

  @Override
  public String toString() {
    return "JobStoreEvent["
        + type()
        + " store="
        + jobStore
        + (jobId == null ? "" : " job=" + jobId)
        + " at "
        + timestamp()
        + "]";
  }
}
