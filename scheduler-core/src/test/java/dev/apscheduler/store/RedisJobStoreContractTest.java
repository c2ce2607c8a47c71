package dev.apscheduler.store;

import dev.apscheduler.store.redis.RedisJobStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

class RedisJobStoreContractTest extends JobStoreContractTest {

  private static final String PREFIX = "apscheduler.test." + UUID.randomUUID() + ".";
  private static String url;

  @BeforeAll
  static void connect() {
    url = TestServices.redisUrl();
  }

  @Override
  protected JobStore newStore() {
    return RedisJobStore.builder(url).keyPrefix(PREFIX).build();
  }

  @Override
  protected boolean persistent() {
    return true;
  }

  @Override
  protected void writeRawDocument(String id, Instant nextRunTime, String json) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().hset(PREFIX + "jobs", id, json);
      c.sync().zadd(PREFIX + "run_times", JobCodec.toEpochMicros(nextRunTime), id);
    } finally {
      client.shutdown();
    }
  }
}
