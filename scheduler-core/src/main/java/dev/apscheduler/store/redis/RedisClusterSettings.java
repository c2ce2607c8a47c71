package dev.apscheduler.store.redis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * The settings of a {@link RedisJobStore} in cluster mode.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nodeId this scheduler's id in the cluster
 * @param heartbeatInterval how often the node writes its heartbeat
 * @param missedHeartbeats after how many missed heartbeats a node counts as dead
 * @param pollInterval how often the node looks for jobs added by others
 * @param maxClockSkew how far the node's clock may be off Redis's before it warns
 */
record RedisClusterSettings(
    String nodeId,
    Duration heartbeatInterval,
    int missedHeartbeats,
    Duration pollInterval,
    Duration maxClockSkew) {

  /**
   * How long a node may go without a heartbeat before the others count it as dead; also how long a
   * due pass's claim on its jobs lasts.
   */
  Duration deadAfter() {
    return heartbeatInterval.multipliedBy(missedHeartbeats);
  }

  /** Checks a number of missed heartbeats given to the builder: it must be 1 or more. */
  static int requireMissedHeartbeats(int missed) {
    if (missed < 1) {
      throw new IllegalArgumentException("missed-heartbeats: must be 1 or more, got " + missed);
    }
    return missed;
  }

  /** Checks a duration given to the builder: it must be positive. */
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
