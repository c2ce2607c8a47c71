package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.event.EventType;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Scheduler.addJobs}: the checks and events of addJob, all or none per store. */
class AddJobsTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final MutableClock clock = MutableClock.at(T0, UTC);
  private final RecordingListener events = new RecordingListener();
  private final AtomicInteger runs = new AtomicInteger();
  private Scheduler scheduler;

  @BeforeEach
  void setUp() {
    scheduler = TestSchedulers.synchronous(clock).jobStore("other", new MemoryJobStore()).build();
    scheduler.addListener(events);
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdown();
  }

  private JobSpec.Builder oneShot(String id, long second) {
    return JobSpec.builder()
        .id(id)
        .task(ctx -> runs.incrementAndGet())
        .misfireGraceTime(Duration.ofMinutes(5))
        .trigger(DateTrigger.of(T0.plusSeconds(second).atZone(UTC)));
  }

  private List<JobSpec> specs(String prefix, int count) {
    List<JobSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      specs.add(oneShot(prefix + i, 10 + i).build());
    }
    return specs;
  }

  @Test
  void addsEveryJobWithItsEventAndRunsThem() {
    scheduler.start();

    List<Job> added = scheduler.addJobs(specs("job-", 50));

    assertThat(added).extracting(Job::id).startsWith("job-0", "job-1").hasSize(50);
    assertThat(added.get(3).nextRunTime()).isEqualTo(T0.plusSeconds(13));
    assertThat(events.count(EventType.JOBSTORE_JOB_ADDED)).isEqualTo(50);
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(50);
    assertThat(scheduler.getJobs()).isEmpty();
  }

  @Test
  void aTakenIdAddsNoneOfTheJobs() {
    scheduler.start();
    scheduler.addJob(oneShot("taken", 5).build());
    List<JobSpec> specs = new ArrayList<>(specs("new-", 10));
    specs.add(5, oneShot("taken", 6).build());

    assertThatThrownBy(() -> scheduler.addJobs(specs))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'taken'");

    assertThat(scheduler.getJobs()).extracting(Job::id).containsExactly("taken");
    assertThat(events.count(EventType.JOBSTORE_JOB_ADDED)).isEqualTo(1);
  }

  @Test
  void anIdTakenInAnotherStoreAddsNone() {
    scheduler.start();
    scheduler.addJob(oneShot("elsewhere", 5).jobStore("other").build());
    List<JobSpec> specs = new ArrayList<>(specs("new-", 3));
    specs.add(oneShot("elsewhere", 6).build());

    assertThatThrownBy(() -> scheduler.addJobs(specs)).isInstanceOf(ConflictingIdException.class);

    assertThat(scheduler.getJobs("default")).isEmpty();
  }

  @Test
  void aRepeatedIdAddsNone() {
    scheduler.start();

    assertThatThrownBy(
            () -> scheduler.addJobs(List.of(oneShot("a", 1).build(), oneShot("a", 2).build())))
        .isInstanceOf(ConflictingIdException.class);

    assertThat(scheduler.getJobs()).isEmpty();
  }

  @Test
  void aJobThatWouldNeverRunAddsNone() {
    scheduler.start();
    Trigger never = (ZonedDateTime previous, ZonedDateTime now) -> Optional.empty();
    List<JobSpec> specs = new ArrayList<>(specs("ok-", 5));
    specs.add(JobSpec.builder().id("never").task(ctx -> {}).trigger(never).build());

    assertThatThrownBy(() -> scheduler.addJobs(specs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'never' would never run");

    assertThat(scheduler.getJobs()).isEmpty();
  }

  @Test
  void replaceExistingIsRefusedWithTheWayToDoIt() {
    scheduler.start();

    assertThatThrownBy(
            () -> scheduler.addJobs(List.of(oneShot("r", 1).replaceExisting(true).build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one by one with addJob");
  }

  @Test
  void jobsAddedBeforeStartAreTentativeAndScheduledAtStart() {
    scheduler.addJobs(specs("early-", 3));
    assertThat(scheduler.getJobs()).extracting(Job::nextRunTime).containsOnlyNulls();

    scheduler.start();

    assertThat(scheduler.getJobs())
        .extracting(Job::nextRunTime)
        .containsExactly(T0.plusSeconds(10), T0.plusSeconds(11), T0.plusSeconds(12));
  }
}
