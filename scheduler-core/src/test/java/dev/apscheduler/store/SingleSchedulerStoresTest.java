package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Outside cluster mode the Redis and MongoDB stores take due jobs without a lock, so two schedulers
 * on one of them would run every fire time twice: a second scheduler is refused at start, naming
 * the problem and cluster mode; a scheduler that shut down lets the next one start at once; the
 * hold of one that died expires.
 */
class SingleSchedulerStoresTest {

  private static final Duration LEASE = Duration.ofMillis(600);
  private static MongoServer mongo;
  private static String mongoUrl;

  private final List<Scheduler> schedulers = new ArrayList<>();

  @BeforeAll
  static void startMongo() {
    mongo = new MongoServer(new MemoryBackend());
    mongoUrl = mongo.bindAndGetConnectionString();
  }

  @AfterAll
  static void stopMongo() {
    mongo.shutdownNow();
  }

  @AfterEach
  void shutDown() {
    schedulers.forEach(s -> s.shutdown(true));
  }

  /** A kind of store: stores on one shared place, and a way to write its lease record. */
  private record Kind(String name, Supplier<JobStore> stores, BiConsumer<String, Duration> holdAs) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> kinds() {
    String prefix = "apscheduler.single." + UUID.randomUUID() + ".";
    String collection = "single_" + UUID.randomUUID().toString().replace("-", "");
    return Stream.of(
        Arguments.of(
            new Kind(
                "redis",
                () ->
                    RedisJobStore.builder(TestServices.redisUrl())
                        .keyPrefix(prefix)
                        .exclusiveLease(LEASE)
                        .build(),
                (holder, ttl) -> {
                  RedisClient client = RedisClient.create(TestServices.redisUrl());
                  try (StatefulRedisConnection<String, String> c = client.connect()) {
                    c.sync().set(prefix + "owner", holder, SetArgs.Builder.px(ttl.toMillis()));
                  } finally {
                    client.shutdown();
                  }
                })),
        Arguments.of(
            new Kind(
                "mongodb",
                () ->
                    MongoJobStore.builder(mongoUrl, "test")
                        .collection(collection)
                        .exclusiveLease(LEASE)
                        .build(),
                (holder, ttl) -> {
                  try (MongoClient client = MongoClients.create(mongoUrl)) {
                    client
                        .getDatabase("test")
                        .getCollection(collection + "_owner")
                        .replaceOne(
                            Filters.eq("_id", "owner"),
                            new Document("_id", "owner")
                                .append("holder", holder)
                                .append("expires", System.currentTimeMillis() + ttl.toMillis()),
                            new ReplaceOptions().upsert(true));
                  }
                })));
  }

  private Scheduler start(Kind kind) {
    Scheduler scheduler = Scheduler.builder().jobStore("default", kind.stores().get()).build();
    scheduler.start();
    schedulers.add(scheduler);
    return scheduler;
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aSecondSchedulerOnTheSameStoreIsRefusedAtStart(Kind kind) {
    start(kind);

    Scheduler second = Scheduler.builder().jobStore("default", kind.stores().get()).build();
    assertThatThrownBy(second::start)
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("is in use by another scheduler (host ")
        .hasMessageContaining("Outside cluster mode this store cannot be shared")
        .hasMessageContaining("Turn on cluster mode in every scheduler that shares it");
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aSchedulerThatShutDownLetsTheNextOneStartAtOnce(Kind kind) {
    start(kind).shutdown(true);

    long begun = System.nanoTime();
    start(kind);

    assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(LEASE);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void theHoldOfASchedulerThatDiedExpires(Kind kind) {
    kind.holdAs().accept("a scheduler that died", LEASE);

    Scheduler next = start(kind);

    assertThat(next.state()).isEqualTo(SchedulerState.RUNNING);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aSchedulerWhoseStoreWasTakenOverProcessesNoDueJobs(Kind kind) {
    JobStore store = kind.stores().get();
    Scheduler first = Scheduler.builder().jobStore("default", store).build();
    first.start();
    schedulers.add(first);
    kind.holdAs().accept("an intruder", Duration.ofHours(1));

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () -> store.processDueJobs(Instant.now(), 10, (job, running) -> null))
                    .isInstanceOf(JobStoreException.class)
                    .hasMessageContaining("took this store over"));
  }
}
