package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Jobs added to a persistent store before {@code start()} (as an application adds its jobs on every
 * boot): the store is not read before start; {@code replaceExisting} replaces the stored job at
 * start, and without it the stored job is kept.
 */
class PendingJobsTest {

  private final String url = "jdbc:h2:mem:pending-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final MutableClock clock =
      MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private Scheduler boot(String name, boolean replace) {
    Scheduler scheduler =
        TestSchedulers.synchronous(clock)
            .jobStore(
                "default",
                JdbcJobStore.builder(url, "sa", "")
                    .initializeSchema(InitializeSchema.ALWAYS)
                    .build())
            .registerTask("report", ctx -> {})
            .build();
    Job pending =
        scheduler.addJob(
            JobSpec.builder()
                .id("report")
                .name(name)
                .task("report")
                .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                .replaceExisting(replace)
                .build());
    assertThat(pending.nextRunTime()).isNull();
    assertThat(scheduler.getJobs()).extracting(Job::name).containsExactly(name);
    scheduler.start();
    return scheduler;
  }

  @Test
  void replaceExistingBeforeStartReplacesTheStoredJobAtStart() {
    boot("first", false).shutdown();

    Scheduler second = boot("second", true);
    assertThat(second.getJobs()).extracting(Job::name).containsExactly("second");
    second.shutdown();

    Scheduler third = boot("third", false);
    assertThat(third.getJobs()).extracting(Job::name).containsExactly("second");
    third.shutdown();
  }
}
