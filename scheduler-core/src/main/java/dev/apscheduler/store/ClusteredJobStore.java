package dev.apscheduler.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A job store that several schedulers can share in cluster mode (JDBC, Redis, MongoDB): what the
 * endpoint, the health indicator and the dashboard show of the cluster.
 *
 * <p>Implementations must be thread-safe.
 */
public interface ClusteredJobStore extends JobStore {

  /** This scheduler's node id in cluster mode; empty when the store is not clustered. */
  Optional<String> nodeId();

  /**
   * The live nodes of the cluster with their last heartbeat, by the store's clock; empty when the
   * store is not clustered.
   *
   * @throws dev.apscheduler.JobStoreException if the store cannot be reached
   */
  Map<String, Instant> clusterNodes();

  /**
   * Whether this node's clock was further off the store's than the cluster's maximum clock skew at
   * the last heartbeat ({@link #clockOffset()} says by how much).
   */
  boolean clockSkewed();
}
