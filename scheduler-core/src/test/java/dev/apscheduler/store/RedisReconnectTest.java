package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redis drops the store's connection while the scheduler runs: the store reconnects. */
class RedisReconnectTest {

  @Test
  void schedulerRecoversWhenItsConnectionIsKilled() {
    String url = TestServices.redisUrl();
    String clientName = "apscheduler-reconnect-" + UUID.randomUUID();
    RedisJobStore store =
        RedisJobStore.builder(url + (url.contains("?") ? "&" : "?") + "clientName=" + clientName)
            .keyPrefix("apscheduler.test." + UUID.randomUUID() + ".")
            .build();
    AtomicInteger runs = new AtomicInteger();
    Scheduler scheduler = Scheduler.builder().jobStore("redis", store).build();
    scheduler.registerTask("tick", ctx -> runs.incrementAndGet());
    scheduler.start();
    RedisClient admin = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> connection = admin.connect()) {
      scheduler.addJob(
          JobSpec.builder()
              .id("fast")
              .jobStore("redis")
              .task("tick")
              .trigger(IntervalTrigger.of(Duration.ofMillis(100)))
              .build());
      scheduler.addJob(
          JobSpec.builder()
              .id("hourly")
              .jobStore("redis")
              .task("tick")
              .trigger(IntervalTrigger.of(Duration.ofHours(1)))
              .build());
      await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 5);

      long killed =
          connection.sync().clientKill(KillArgs.Builder.id(clientId(connection, clientName)));
      assertThat(killed).isEqualTo(1);
      int runsAtKill = runs.get();

      await().atMost(Duration.ofSeconds(30)).until(() -> runs.get() >= runsAtKill + 10);
      assertThat(scheduler.getJobs("redis"))
          .extracting(Job::id)
          .containsExactlyInAnyOrder("fast", "hourly");
    } finally {
      store.removeAllJobs();
      scheduler.shutdown();
      admin.shutdown();
    }
  }

  private static long clientId(StatefulRedisConnection<String, String> connection, String name) {
    return connection
        .sync()
        .clientList()
        .lines()
        .filter(line -> line.contains(" name=" + name + " "))
        .map(line -> Long.parseLong(line.substring(3, line.indexOf(' '))))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Redis client named " + name));
  }
}
