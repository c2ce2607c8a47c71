package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store factory and the {@code apscheduler.jobstores.<alias>.*} options. */
class JobStoresTest {

  private static final String KEY = "apscheduler.jobstores.main";

  @TempDir Path directory;

  @Test
  void knowsEveryBuiltInType() {
    assertThat(JobStores.TYPES).containsExactly("memory", "jdbc", "file", "redis", "mongodb");
  }

  @Test
  void jdbcOptionsInEitherSpelling() {
    JobStore store =
        JobStores.fromOptions(
            KEY,
            Map.of(
                "type", "jdbc",
                "url", "jdbc:h2:mem:options-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "username", "sa",
                "password", "",
                "table_name", "my_jobs",
                "schema", "sched",
                "initialize-schema", "always"));

    assertThat(store).isInstanceOf(JdbcJobStore.class);
    assertThat(((JdbcJobStore) store).table()).isEqualTo("sched.my_jobs");
    store.start(new JobStoreContext("main", new dev.apscheduler.TaskRegistry(), Clock.systemUTC()));
    assertThat(store.getAllJobs()).isEmpty();
    store.close();
  }

  @Test
  void jdbcClusterOptionsMakeANodeThatHeartbeatsOnTheDatabaseClock() {
    JdbcJobStore store =
        (JdbcJobStore)
            JobStores.fromOptions(
                KEY,
                Map.of(
                    "type", "jdbc",
                    "url", "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "initialize-schema", "always",
                    "cluster", "true",
                    "node_id", "node-a",
                    "heartbeat-interval", "200ms",
                    "missed-heartbeats", "2",
                    "poll-interval", "100ms"));
    assertThat(store.nodeId()).contains("node-a");
    assertThat(store.pollInterval()).contains(Duration.ofMillis(100));
    store.start(new JobStoreContext("main", new dev.apscheduler.TaskRegistry(), Clock.systemUTC()));
    try {
      assertThat(store.clusterNodes()).containsOnlyKeys("node-a");
      assertThat(store.clusterNodes().get("node-a"))
          .isBetween(
              java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(60));
    } finally {
      store.close();
    }
    assertThatThrownBy(
            () ->
                JobStores.fromOptions(
                    KEY, Map.of("type", "jdbc", "url", "jdbc:h2:mem:x", "missed-heartbeats", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apscheduler.jobstores.main.missed-heartbeats: '0'");
  }

  @Test
  void fileRedisAndMongoOptions() {
    assertThat(
            JobStores.fromOptions(
                KEY, Map.of("type", "file", "path", directory.resolve("x").toString())))
        .isInstanceOf(JdbcJobStore.class)
        .matches(JobStore::isPersistent);
    RedisJobStore redis =
        (RedisJobStore)
            JobStores.fromOptions(
                KEY,
                Map.of("type", "redis", "url", "redis://127.0.0.1:6379/1", "key_prefix", "app."));
    assertThat(redis.jobsKey()).isEqualTo("app.jobs");
    assertThat(redis.runTimesKey()).isEqualTo("app.run_times");
    assertThat(redis.nodeId()).isEmpty();
    RedisJobStore clustered =
        (RedisJobStore)
            JobStores.fromOptions(
                KEY,
                Map.of(
                    "type", "redis",
                    "url", "redis://127.0.0.1:6379/1",
                    "cluster", "true",
                    "node-id", "node-7",
                    "heartbeat-interval", "2s",
                    "missed-heartbeats", "4",
                    "poll-interval", "1s",
                    "max-clock-skew", "500ms"));
    assertThat(clustered.nodeId()).contains("node-7");
    assertThat(clustered.pollInterval()).contains(Duration.ofSeconds(1));
    assertThat(
            JobStores.fromOptions(
                KEY,
                Map.of(
                    "type",
                    "MongoDB",
                    "url",
                    "mongodb://127.0.0.1:27017",
                    "database",
                    "app",
                    "collection",
                    "scheduled")))
        .isInstanceOf(MongoJobStore.class)
        .hasToString("MongoDB job store (collection app.scheduled)");
    MongoJobStore mongo =
        (MongoJobStore)
            JobStores.fromOptions(
                KEY, Map.of("type", "mongodb", "url", "mongodb://127.0.0.1", "database", "app"));
    assertThat(mongo.nodeId()).isEmpty();
    assertThat(mongo.pollInterval()).isEmpty();
    MongoJobStore mongoCluster =
        (MongoJobStore)
            JobStores.fromOptions(
                KEY,
                Map.of(
                    "type", "mongodb",
                    "url", "mongodb://127.0.0.1",
                    "database", "app",
                    "cluster", "true",
                    "node-id", "node-8",
                    "heartbeat_interval", "2s",
                    "missed-heartbeats", "4",
                    "poll-interval", "1s",
                    "max-clock-skew", "500ms"));
    assertThat(mongoCluster.nodeId()).contains("node-8");
    assertThat(mongoCluster.pollInterval()).contains(Duration.ofSeconds(1));
  }

  @Test
  void missingOptionsAreNamed() {
    assertThatThrownBy(() -> JobStores.fromOptions(KEY, Map.of("type", "jdbc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KEY + ".url: missing; expected a JDBC URL");
    assertThatThrownBy(() -> JobStores.fromOptions(KEY, Map.of("type", "file")))
        .hasMessageContaining(KEY + ".path: missing");
    assertThatThrownBy(() -> JobStores.fromOptions(KEY, Map.of("type", "redis")))
        .hasMessageContaining(KEY + ".url: missing; expected a Redis URI");
    assertThatThrownBy(
            () ->
                JobStores.fromOptions(KEY, Map.of("type", "mongodb", "url", "mongodb://localhost")))
        .hasMessageContaining(KEY + ".database: missing");
  }

  @Test
  void unknownOptionsAndBadValuesAreNamedWithWhatIsAccepted() {
    assertThatThrownBy(
            () -> JobStores.fromOptions(KEY, Map.of("type", "file", "path", "x", "table", "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KEY + ".table: unknown option for this store type; accepted: [path]");
    assertThatThrownBy(() -> JobStores.fromOptions(KEY, Map.of("type", "memory", "path", "x")))
        .hasMessageContaining("accepted: none");
    assertThatThrownBy(
            () ->
                JobStores.fromOptions(
                    KEY,
                    Map.of("type", "jdbc", "url", "jdbc:h2:mem:x", "initialize-schema", "yes")))
        .hasMessageContaining(KEY + ".initialize-schema: 'yes' is not valid")
        .hasMessageContaining("embedded, always or never");
    assertThatThrownBy(
            () ->
                JobStores.fromOptions(
                    KEY, Map.of("type", "jdbc", "url", "jdbc:h2:mem:x", "table-name", "a;b")))
        .hasMessageContaining("table-name: 'a;b' is not a valid SQL identifier");
    assertThatThrownBy(() -> JobStores.fromOptions(KEY, Map.of("type", "cassandra")))
        .hasMessageContaining("one of [memory, jdbc, file, redis, mongodb]");
  }

  @Test
  void schedulerFromPropertiesUsesAFileStore() {
    Scheduler scheduler =
        Scheduler.fromProperties(
            Map.of(
                "apscheduler.jobstores.default.type",
                "file",
                "apscheduler.jobstores.default.path",
                directory.resolve("props").toString()));
    scheduler.registerTask("noop", ctx -> {});
    scheduler.start();
    try {
      scheduler.addJob(
          JobSpec.builder()
              .id("kept")
              .task("noop")
              .trigger(IntervalTrigger.of(Duration.ofHours(1)))
              .build());
      assertThat(scheduler.jobStores().get("default").isPersistent()).isTrue();
      assertThat(scheduler.getJobs()).extracting(Job::id).containsExactly("kept");
    } finally {
      scheduler.shutdown();
    }
  }
}
