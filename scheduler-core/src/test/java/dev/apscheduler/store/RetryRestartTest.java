package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.apscheduler.JobSpec;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A retry that falls due while the application is down is kept by the persistent store and runs
 * after the restart if it is still within the job's misfire grace time; later, it is missed. On
 * every persistent store: H2 file, PostgreSQL, MariaDB, Redis, MongoDB.
 */
class RetryRestartTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant FIRE = T0.plusSeconds(60);
  private static final Duration DELAY = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofSeconds(60);

  private static MongoServer mongo;
  private static String mongoUrl;
  private static Path dir;
  private static final List<Runnable> cleanUps = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startMongo() throws Exception {
    mongo = new MongoServer(new MemoryBackend());
    mongoUrl = mongo.bindAndGetConnectionString();
    dir = Files.createTempDirectory("retry-restart");
  }

  @AfterAll
  static void cleanUp() {
    cleanUps.forEach(Runnable::run);
    mongo.shutdownNow();
  }

  /** A kind of persistent store: new store instances on one shared place. */
  private record Kind(String name, Supplier<JobStore> stores) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            new Kind("h2-file", keyed(name -> JobStores.file(dir.resolve(name).resolve("jobs"))))),
        Arguments.of(new Kind("postgresql", jdbc(() -> TestServices.postgres("retry-restart")))),
        Arguments.of(new Kind("mariadb", jdbc(TestServices::mariadb))),
        Arguments.of(
            new Kind(
                "redis",
                keyed(
                    prefix ->
                        RedisJobStore.builder(TestServices.redisUrl()).keyPrefix(prefix).build()))),
        Arguments.of(
            new Kind(
                "mongodb",
                keyed(
                    name ->
                        MongoJobStore.builder(mongoUrl, "test")
                            .collection(name.replace(".", "_"))
                            .build()))));
  }

  /** Stores on one new table of a database. */
  private static Supplier<JobStore> jdbc(Supplier<DataSource> dataSources) {
    String table = JdbcContractSupport.uniqueTableName();
    DataSource[] ds = new DataSource[1];
    return () -> {
      if (ds[0] == null) {
        ds[0] = dataSources.get();
        cleanUps.add(() -> JdbcContractSupport.dropTable(ds[0], table));
      }
      return JdbcJobStore.builder(ds[0])
          .tableName(table)
          .initializeSchema(InitializeSchema.ALWAYS)
          .build();
    };
  }

  /** Stores on one new key prefix or collection. */
  private static Supplier<JobStore> keyed(java.util.function.Function<String, JobStore> stores) {
    String name = "retry.restart." + UUID.randomUUID().toString().replace("-", "") + ".";
    return () -> stores.apply(name);
  }

  private final AtomicInteger calls = new AtomicInteger();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();

  private Scheduler scheduler(MutableClock clock, JobStore store) {
    Scheduler scheduler =
        TestSchedulers.synchronous(clock)
            .runHistory(true)
            .jobStore("default", store)
            .registerTask(
                "flaky",
                ctx -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("first attempt fails");
                  }
                })
            .build();
    scheduler.addListener(events::add);
    return scheduler;
  }

  /** Runs the job's first fire time, which fails and leaves a retry due at FIRE + DELAY. */
  private void failOnceAndStop(Kind kind, MutableClock clock) {
    Scheduler first = scheduler(clock, kind.stores().get());
    first.addJob(
        JobSpec.builder()
            .id("job")
            .task("flaky")
            .trigger(
                IntervalTrigger.builder()
                    .hours(1)
                    .startDate(FIRE.atZone(UTC))
                    .timezone(UTC)
                    .build())
            .misfireGraceTime(GRACE)
            .retry(RetryPolicy.fixed(3, DELAY))
            .build());
    first.start();
    clock.set(FIRE);
    first.processDueJobs();
    first.shutdown();
    assertThat(calls).hasValue(1);
  }

  private List<JobEvent> jobEvents(EventType type) {
    return events.stream().filter(e -> e.type() == type).map(JobEvent.class::cast).toList();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aRetryDueWhileStoppedRunsAfterTheRestartWithinTheGraceTime(Kind kind) {
    MutableClock clock = MutableClock.at(T0, UTC);
    failOnceAndStop(kind, clock);

    clock.set(FIRE.plus(DELAY).plus(GRACE).minusSeconds(1));
    Scheduler second = scheduler(clock, kind.stores().get());
    second.start();
    try {
      second.processDueJobs();

      assertThat(calls).hasValue(2);
      JobEvent executed = jobEvents(EventType.JOB_EXECUTED).get(0);
      assertThat(executed.attempt()).isEqualTo(2);
      assertThat(executed.scheduledRunTime().toInstant()).isEqualTo(FIRE);
      assertThat(second.getJob("job").orElseThrow().pendingRetry()).isNull();
      assertThat(second.getJob("job").orElseThrow().nextRunTime())
          .isEqualTo(FIRE.plus(Duration.ofHours(1)));
      assertThat(second.getRunHistory("job", 10))
          .extracting(RunRecord::fireTime, RunRecord::attempt, RunRecord::outcome)
          .containsExactlyInAnyOrder(
              tuple(FIRE, 1, RunOutcome.ERROR_WILL_RETRY), tuple(FIRE, 2, RunOutcome.SUCCESS));
    } finally {
      second.shutdown();
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aRetryLaterThanTheGraceTimeAfterTheRestartIsMissed(Kind kind) {
    MutableClock clock = MutableClock.at(T0, UTC);
    failOnceAndStop(kind, clock);

    clock.set(FIRE.plus(DELAY).plus(GRACE).plusSeconds(1));
    Scheduler second = scheduler(clock, kind.stores().get());
    second.start();
    try {
      second.processDueJobs();

      assertThat(calls).hasValue(1);
      assertThat(jobEvents(EventType.JOB_MISSED))
          .extracting(e -> e.scheduledRunTime().toInstant(), JobEvent::attempt)
          .containsExactly(tuple(FIRE, 2));
      assertThat(second.getJob("job").orElseThrow().pendingRetry()).isNull();
    } finally {
      second.removeJob("job");
      second.shutdown();
    }
  }
}
