package dev.apscheduler.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A connection that reads and clears the keys of a clustered Redis store under a prefix, for the
 * tests. Thread-safe; close it after use.
 */
final class RedisTestKeys implements AutoCloseable {

  /** A running record: a run in flight on a node. */
  record RunningRecord(String jobId, long fireMicros, String node) {}

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String prefix;

  RedisTestKeys(String url, String prefix) {
    this.client = RedisClient.create(url);
    this.connection = client.connect();
    this.prefix = prefix;
  }

  /** The commands of the connection. */
  RedisCommands<String, String> redis() {
    return connection.sync();
  }

  /** Deletes every key under the prefix. */
  void deleteAll() {
    List<String> keys = redis().keys(prefix + "*");
    if (!keys.isEmpty()) {
      redis().del(keys.toArray(String[]::new));
    }
  }

  /** The running records of the store. */
  List<RunningRecord> runningRecords() {
    List<RunningRecord> records = new ArrayList<>();
    for (String key : redis().keys(prefix + "running:*")) {
      String jobId = key.substring((prefix + "running:").length());
      for (Map.Entry<String, String> e : redis().hgetall(key).entrySet()) {
        int bar = e.getKey().indexOf('|');
        records.add(
            new RunningRecord(
                jobId,
                Long.parseLong(e.getKey().substring(0, bar)),
                e.getKey().substring(bar + 1)));
      }
    }
    return records;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
