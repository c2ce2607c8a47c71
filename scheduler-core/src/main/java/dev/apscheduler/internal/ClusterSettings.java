package dev.apscheduler.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * The settings of a job store in cluster mode (the JDBC, Redis and MongoDB stores), with the checks
 * of their builders.
 *
 * <p>Not API: the stores of this project use it. Immutable and thread-safe.
 *
 * @param nodeId this scheduler's id in the cluster
 * @param heartbeatInterval how often the node writes its heartbeat
 * @param missedHeartbeats after how many missed heartbeats a node counts as dead
 * @param pollInterval how often the node looks for jobs added by others
 * @param maxClockSkew how far the node's clock may be off the store's before it warns
 */
public record ClusterSettings(
    String nodeId,
    Duration heartbeatInterval,
    int missedHeartbeats,
    Duration pollInterval,
    Duration maxClockSkew) {

  /**
   * How long a node may go without a heartbeat before the others count it as dead (in the Redis and
   * MongoDB stores also how long a due pass's claim on its jobs lasts).
   */
  public Duration deadAfter() {
    return heartbeatInterval.multipliedBy(missedHeartbeats);
  }

  /** Default heartbeat interval of a cluster node. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

  /** Default number of missed heartbeats after which a cluster node counts as dead. */
  public static final int DEFAULT_MISSED_HEARTBEATS = 3;

  /** Default clock skew from the store's clock above which a cluster node warns. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(1);

  /** Default interval at which a cluster node looks for jobs added by others. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  /** The longest node id, as the stores' id columns allow. */
  public static final int MAX_NODE_ID_LENGTH = 255;

  /**
   * Checks a node id given to the builder.
   *
   * @throws IllegalArgumentException if it is blank or longer than ids may be
   */
  public static String requireNodeId(String nodeId) {
    if (nodeId.isBlank() || nodeId.length() > MAX_NODE_ID_LENGTH) {
      throw new IllegalArgumentException(
          "node-id: '" + nodeId + "' must be 1 to " + MAX_NODE_ID_LENGTH + " characters");
    }
    return nodeId;
  }

  /**
   * Checks a number of missed heartbeats given to the builder.
   *
   * @throws IllegalArgumentException if it is less than 1
   */
  public static int requireMissedHeartbeats(int missed) {
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
  public static Duration requirePositive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + ": must be longer than zero, got " + value);
    }
    return value;
  }

  /** A node id for a node that was given none: the host name with a random suffix. */
  public static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
