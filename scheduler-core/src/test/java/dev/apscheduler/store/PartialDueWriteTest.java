package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that writes due jobs one by one (Redis, MongoDB) and fails on one of them: the jobs
 * written before it run, the failed one runs once in the end or is reported missed, and the rest
 * are decided again by the retry. Runs against the real Redis store.
 */
class PartialDueWriteTest {

  private static final ZonedDateTime T0 = ZonedDateTime.parse("2026-03-01T12:00:00Z");

  private final MutableClock clock = MutableClock.at(T0);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final List<JobEvent> missed = new CopyOnWriteArrayList<>();
  private Scheduler scheduler;
  private RedisJobStore redis;

  /** How the write of job "b" fails. */
  private enum Failure {
    BEFORE_WRITING,
    AFTER_WRITING,
    AFTER_WRITING_AND_UNREADABLE
  }

  @AfterEach
  void shutDown() {
    if (scheduler != null) {
      redis.removeAllJobs();
      scheduler.shutdown(true);
    }
  }

  private void start(Failure failure) {
    redis =
        RedisJobStore.builder(TestServices.redisUrl())
            .keyPrefix("apscheduler.partial." + UUID.randomUUID())
            .build();
    JobStore store =
        new ForwardingStore(redis) {
          private boolean failed;
          private boolean lookupFailed;

          @Override
          public void updateJob(Job job) {
            if (job.id().equals("b") && !failed) {
              failed = true;
              if (failure != Failure.BEFORE_WRITING) {
                super.updateJob(job);
              }
              throw new JobStoreException("simulated lost connection while writing b");
            }
            super.updateJob(job);
          }

          @Override
          public Optional<Job> lookupJob(String jobId) {
            if (failure == Failure.AFTER_WRITING_AND_UNREADABLE && failed && !lookupFailed) {
              lookupFailed = true;
              throw new JobStoreException("simulated: still unreachable");
            }
            return super.lookupJob(jobId);
          }
        };
    scheduler = TestSchedulers.synchronous(clock).jobStore("default", store).build();
    scheduler.registerTask("mark", ctx -> ran.add(ctx.job().id()));
    scheduler.addListener(event -> missed.add((JobEvent) event), EventType.JOB_MISSED);
    scheduler.start();
    for (String id : List.of("a", "b", "c")) {
      scheduler.addJob(
          JobSpec.builder()
              .id(id)
              .task("mark")
              .trigger(IntervalTrigger.builder().minutes(1).startDate(T0.plusMinutes(1)).build())
              .build());
    }
    clock.advance(Duration.ofMinutes(1));
  }

  /** The pass that fails, then the retry once the backoff has passed. */
  private void passAndRetry() {
    scheduler.processDueJobs();
    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
  }

  @Test
  void aWriteThatDidNotHappenIsDecidedAgainByTheRetry() {
    start(Failure.BEFORE_WRITING);

    passAndRetry();

    assertThat(ran).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(missed).isEmpty();
  }

  @Test
  void aWriteThatHappenedBeforeItFailedStillRuns() {
    start(Failure.AFTER_WRITING);

    passAndRetry();

    assertThat(ran).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(missed).isEmpty();
  }

  @Test
  void aWriteTheStoreCannotConfirmIsReportedMissed() {
    start(Failure.AFTER_WRITING_AND_UNREADABLE);

    passAndRetry();

    assertThat(ran).containsExactlyInAnyOrder("a", "c");
    assertThat(missed).singleElement().satisfies(e -> assertThat(e.jobId()).isEqualTo("b"));
  }
}
