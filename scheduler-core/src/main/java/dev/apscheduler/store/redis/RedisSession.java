package dev.apscheduler.store.redis;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.internal.ExclusiveLease;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * A started {@link RedisJobStore}'s hold on Redis: its own client and connection, and (unless the
 * store is clustered) the store's {@link ExclusiveLease} under {@code <prefix>owner}, so that one
 * scheduler at a time uses the store.
 *
 * <p>Thread-safe.
 */
final class RedisSession implements ExclusiveLease.Record {

  private static final System.Logger LOG = System.getLogger(RedisSession.class.getName());

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String[] leaseKey;
  private final String description;
  private final ExclusiveLease lease; // null in cluster mode

  private RedisSession(
      RedisClient client,
      StatefulRedisConnection<String, String> connection,
      String keyPrefix,
      Duration leaseTtl,
      String description) {
    this.client = client;
    this.connection = connection;
    this.leaseKey = new String[] {keyPrefix + "owner"};
    this.description = description;
    this.lease = leaseTtl == null ? null : new ExclusiveLease(this, leaseTtl, description);
  }

  /**
   * Connects and takes the store's lease (none when {@code leaseTtl} is null: cluster mode).
   *
   * @throws IllegalArgumentException if the endpoint's URI text is not a Redis URI
   * @throws JobStoreException if Redis cannot be reached, or another scheduler uses the store
   */
  static RedisSession open(
      RedisEndpoint endpoint,
      Duration timeout,
      String keyPrefix,
      Duration leaseTtl,
      String description) {
    RedisClient client = endpoint.newClient(timeout);
    StatefulRedisConnection<String, String> connection;
    try {
      connection = client.connect();
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw new JobStoreException(
          description + ": cannot connect to " + endpoint + ": " + e.getMessage(), e);
    }
    RedisSession session = new RedisSession(client, connection, keyPrefix, leaseTtl, description);
    try {
      if (session.lease != null) {
        session.lease.acquire();
      }
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  /** The synchronous commands of the connection. */
  RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /**
   * Checks that no other scheduler took the store over.
   *
   * @throws JobStoreException if one did
   */
  void checkLease() {
    if (lease != null) {
      lease.check();
    }
  }

  @Override
  public String tryTake(String holder, Duration ttl) {
    return commands()
        .eval(
            RedisScripts.LEASE_TAKE,
            ScriptOutputType.VALUE,
            leaseKey,
            holder,
            Long.toString(ttl.toMillis()));
  }

  @Override
  public void release(String holder) {
    commands().eval(RedisScripts.LEASE_RELEASE, ScriptOutputType.INTEGER, leaseKey, holder);
  }

  /** Gives the lease up and closes the connection and the client. */
  void close() {
    if (lease != null) {
      lease.release();
    }
    try {
      connection.close();
    } catch (RedisException e) {
      LOG.log(Level.WARNING, description + ": closing the connection failed", e);
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
