package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One scheduler with a memory, an H2 and a Redis store: each job lives in the store it names. */
class SeveralStoresTest {

  private final MutableClock clock =
      MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
  private Scheduler scheduler;
  private JdbcJobStore h2;
  private RedisJobStore redis;

  @BeforeEach
  void setUp() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:several-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    h2 = JdbcJobStore.builder(ds).build();
    redis =
        RedisJobStore.builder(TestServices.redisUrl())
            .keyPrefix("apscheduler.test." + UUID.randomUUID() + ".")
            .build();
    scheduler =
        TestSchedulers.synchronous(clock)
            .jobStore("default", new MemoryJobStore())
            .jobStore("h2", h2)
            .jobStore("redis", redis)
            .build();
    scheduler.registerTask("h2-task", ctx -> ran.add("h2"));
    scheduler.registerTask("redis-task", ctx -> ran.add("redis"));
    scheduler.addListener(events::add);
    scheduler.start();
  }

  @AfterEach
  void tearDown() {
    if (scheduler != null) {
      redis.removeAllJobs();
      scheduler.shutdown();
    }
  }

  private static JobSpec.Builder everyMinute(String id, String store) {
    return JobSpec.builder()
        .id(id)
        .jobStore(store)
        .trigger(IntervalTrigger.of(Duration.ofMinutes(1)));
  }

  @Test
  void eachJobIsInTheStoreItNamesAndAllOfThemRun() {
    scheduler.addJob(everyMinute("in-memory", "default").task(ctx -> ran.add("memory")).build());
    scheduler.addJob(everyMinute("in-h2", "h2").task("h2-task").build());
    scheduler.addJob(everyMinute("in-redis", "redis").task("redis-task").build());

    assertThat(scheduler.getJobs("default")).extracting(Job::id).containsExactly("in-memory");
    assertThat(scheduler.getJobs("h2")).extracting(Job::id).containsExactly("in-h2");
    assertThat(scheduler.getJobs("redis")).extracting(Job::id).containsExactly("in-redis");
    assertThat(h2.lookupJob("in-redis")).isEmpty();
    assertThat(redis.lookupJob("in-h2")).isEmpty();
    assertThat(redis.lookupJob("in-redis").orElseThrow().jobStore()).isEqualTo("redis");

    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();

    assertThat(ran).containsExactlyInAnyOrder("memory", "h2", "redis");
    assertThat(
            events.stream()
                .filter(e -> e.type() == EventType.JOB_EXECUTED)
                .map(e -> ((JobEvent) e).jobStore()))
        .containsExactlyInAnyOrder("default", "h2", "redis");
    assertThat(h2.lookupJob("in-h2").orElseThrow().nextRunTime())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(redis.lookupJob("in-redis").orElseThrow().runs()).isEqualTo(1);
  }

  @Test
  void idsAreUniqueAcrossStores() {
    scheduler.addJob(everyMinute("same", "h2").task("h2-task").build());

    assertThatThrownBy(
            () -> scheduler.addJob(everyMinute("same", "redis").task("redis-task").build()))
        .hasMessageContaining("'same'");
    assertThat(redis.getAllJobs()).isEmpty();
  }

  @Test
  void lambdaGoesToTheMemoryStoreButNotToThePersistentOnes() {
    assertThatThrownBy(() -> scheduler.addJob(everyMinute("x", "redis").task(ctx -> {}).build()))
        .hasMessageContaining("persistent store 'redis'");
    assertThatThrownBy(() -> scheduler.addJob(everyMinute("x", "h2").task(ctx -> {}).build()))
        .hasMessageContaining("persistent store 'h2'");
    scheduler.addJob(everyMinute("x", "default").task(ctx -> {}).build());
    assertThat(scheduler.getJobs()).extracting(Job::id).containsExactly("x");
  }
}
