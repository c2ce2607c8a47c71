package dev.apscheduler.internal;

import java.time.Duration;

/**
 * The cluster-mode options of a store builder, checked as they are set, with the defaults of {@link
 * ClusterSettings}: a builder keeps one and hands its setters through.
 *
 * <p>Not API: the stores of this project use it. Not thread-safe, like the builders.
 */
public final class ClusterOptions {

  private boolean clustered;
  private String nodeId;
  private Duration heartbeatInterval = ClusterSettings.DEFAULT_HEARTBEAT_INTERVAL;
  private int missedHeartbeats = ClusterSettings.DEFAULT_MISSED_HEARTBEATS;
  private Duration pollInterval = ClusterSettings.DEFAULT_POLL_INTERVAL;
  private Duration maxClockSkew = ClusterSettings.DEFAULT_MAX_CLOCK_SKEW;

  /**
   * Turns cluster mode on.
   *
   * @param nodeId the node id, or {@code null} for {@link ClusterSettings#defaultNodeId()}
   * @throws IllegalArgumentException if the id is blank or too long
   */
  public void cluster(String nodeId) {
    this.clustered = true;
    this.nodeId = nodeId == null ? null : ClusterSettings.requireNodeId(nodeId);
  }

  /** Sets the heartbeat interval; see {@link ClusterSettings#requirePositive}. */
  public void heartbeatInterval(Duration interval) {
    this.heartbeatInterval = ClusterSettings.requirePositive("heartbeat-interval", interval);
  }

  /** Sets the missed heartbeats; see {@link ClusterSettings#requireMissedHeartbeats}. */
  public void missedHeartbeats(int missed) {
    this.missedHeartbeats = ClusterSettings.requireMissedHeartbeats(missed);
  }

  /** Sets the poll interval; see {@link ClusterSettings#requirePositive}. */
  public void pollInterval(Duration interval) {
    this.pollInterval = ClusterSettings.requirePositive("poll-interval", interval);
  }

  /** Sets the clock skew above which a node warns; see {@link ClusterSettings#requirePositive}. */
  public void maxClockSkew(Duration skew) {
    this.maxClockSkew = ClusterSettings.requirePositive("max-clock-skew", skew);
  }

  /** The settings of the node, or {@code null} if cluster mode is off. */
  public ClusterSettings settings() {
    if (!clustered) {
      return null;
    }
    String id = nodeId != null ? nodeId : ClusterSettings.defaultNodeId();
    return new ClusterSettings(id, heartbeatInterval, missedHeartbeats, pollInterval, maxClockSkew);
  }
}
