package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.store.redis.RedisJobStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisJobStoreContractTest extends AtomicWritesContractTest {

  private static final String PREFIX = "apscheduler.test." + UUID.randomUUID() + ".";
  private static String url;

  @BeforeAll
  static void connect() {
    url = TestServices.redisUrl();
  }

  @Override
  protected JobStore newStore() {
    return builder().build();
  }

  /** The builder of the stores under test. */
  protected RedisJobStore.Builder builder() {
    return RedisJobStore.builder(url).keyPrefix(PREFIX);
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

  @Test
  void readersNeverSeePartOfABatch() {
    Set<Integer> counts = ConcurrentHashMap.newKeySet();

    whileReading(
        () -> counts.add(store.countJobs()),
        () -> {
          for (int round = 0; round < 5; round++) {
            store.addJobs(jobs("r" + round + "-", 200));
          }
        });

    assertThat(counts).allMatch(count -> count % 200 == 0);
    assertThat(store.countJobs()).isEqualTo(1000);
  }

  @Test
  void aListLargerThanOneScriptIsAddedAllOrNone() {
    store.addJob(job("taken", T0));
    List<Job> many = jobs("m-", 10_001);
    List<Job> manyAndTaken = new ArrayList<>(many);
    manyAndTaken.add(job("taken", T0));

    assertThatThrownBy(() -> store.addJobs(manyAndTaken))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'taken'");
    assertThat(store.countJobs()).isEqualTo(1);

    store.addJobs(many);
    assertThat(store.countJobs()).isEqualTo(10_002);
    assertThat(store.lookupJob("m-10000")).contains(many.get(10_000));
  }

  private List<Job> jobs(String prefix, int count) {
    List<Job> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      jobs.add(job(prefix + i, T0.plusSeconds(i)));
    }
    return jobs;
  }
}
