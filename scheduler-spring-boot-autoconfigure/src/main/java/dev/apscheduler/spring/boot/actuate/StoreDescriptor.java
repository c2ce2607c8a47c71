package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.store.ClusteredJobStore;
import dev.apscheduler.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A job store, as the {@code scheduler} endpoint shows it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the store's class
 * @param persistent whether its jobs survive a restart
 * @param jobs how many jobs it holds, or {@code null} if it cannot be read
 * @param nextRunTime the earliest next run time of its jobs
 * @param cluster the cluster of a shared JDBC store in cluster mode, or {@code null}
 * @param error why the store cannot be read, or {@code null}
 */
public record StoreDescriptor(
    String type,
    boolean persistent,
    Integer jobs,
    Instant nextRunTime,
    ClusterDescriptor cluster,
    String error) {

  /**
   * Describes {@code store}, counting its jobs with {@link JobStore#countJobs()}; a store that
   * cannot be read is described by its error.
   */
  public static StoreDescriptor of(JobStore store) {
    try {
      return new StoreDescriptor(
          store.getClass().getName(),
          store.isPersistent(),
          store.countJobs(),
          store.getNextRunTime().orElse(null),
          ClusterDescriptor.of(store),
          null);
    } catch (RuntimeException e) {
      return new StoreDescriptor(
          store.getClass().getName(), store.isPersistent(), null, null, null, e.toString());
    }
  }

  /**
   * The cluster of a shared store (JDBC, Redis or MongoDB in cluster mode).
   *
   * <p>Immutable and thread-safe.
   *
   * @param node this scheduler's node id
   * @param nodes every live node with its last heartbeat (the store's time)
   * @param clockOffset how far the store's clock is ahead of this node's (due times follow the
   *     store's)
   * @param clockSkewed whether that is more than the store's {@code max-clock-skew}
   */
  public record ClusterDescriptor(
      String node, Map<String, Instant> nodes, Duration clockOffset, boolean clockSkewed) {

    /** The cluster a store in cluster mode belongs to, or {@code null} for any other store. */
    public static ClusterDescriptor of(JobStore store) {
      if (store instanceof ClusteredJobStore shared && shared.nodeId().isPresent()) {
        return new ClusterDescriptor(
            shared.nodeId().get(),
            shared.clusterNodes(),
            shared.clockOffset(),
            shared.clockSkewed());
      }
      return null;
    }
  }
}
