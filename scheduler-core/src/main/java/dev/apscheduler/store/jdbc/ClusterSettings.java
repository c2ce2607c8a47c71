package dev.apscheduler.store.jdbc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * The settings of a {@link JdbcJobStore} in cluster mode.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodeId this scheduler's id in the cluster
 * @param heartbeatInterval how often the node writes its heartbeat
 * @param missedHeartbeats after how many missed heartbeats a node counts as dead
 * @param pollInterval how often the node looks for jobs added by others
 * @param maxClockSkew how far the node's clock may be off the database's before it warns
 */
record ClusterSettings(
    String nodeId,
    Duration heartbeatInterval,
    int missedHeartbeats,
    Duration pollInterval,
    Duration maxClockSkew) {

  /** How long a node may go without a heartbeat before the others count it as dead. */
  Duration deadAfter() {
    return heartbeatInterval.multipliedBy(missedHeartbeats);
  }

  /**
   * Checks a node id given to the builder.
   *
   * @throws IllegalArgumentException if it is blank or longer than ids may be
   */
  static String requireNodeId(String nodeId) {
    if (nodeId.isBlank() || nodeId.length() > JdbcJobStore.MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "node-id: '" + nodeId + "' must be 1 to " + JdbcJobStore.MAX_ID_LENGTH + " characters");
    }
    return nodeId;
  }

  /**
   * Checks a number of missed heartbeats given to the builder.
   *
   * @throws IllegalArgumentException if it is less than 1
   */
  static int requireMissedHeartbeats(int missed) {
    if (missed < 1) {
      throw new IllegalArgumentException("missed-heartbeats: must be 1 or more, got " + missed);
    }
    return missed;
  }

  /**
   * Checks an interval given to the builder.
   *
   * @throws IllegalArgumentException if it is missing, zero or negative
   */
  static Duration requirePositive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + ": must be longer than zero, got " + value);
    }
    return value;
  }

  /** A node id for a node that was given none: the host name with a random suffix. */
  static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
