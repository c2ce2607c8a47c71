package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), UTC);
  private final RecordingListener events = new RecordingListener();
  private Scheduler scheduler;

  @BeforeEach
  void setUp() {
    scheduler = TestSchedulers.synchronous(clock).build();
    scheduler.addListener(events);
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdown();
  }

  private static IntervalTrigger everySecond(ZonedDateTime start) {
    return IntervalTrigger.builder().seconds(1).startDate(start).build();
  }

  @Test
  void intervalJobRunsAtEachFireTime() {
    List<ZonedDateTime> fired = new CopyOnWriteArrayList<>();
    scheduler.addIntervalJob(ctx -> fired.add(ctx.scheduledFireTime()), Duration.ofMinutes(1));
    scheduler.start();

    scheduler.processDueJobs();
    assertThat(fired).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();

    assertThat(fired)
        .extracting(ZonedDateTime::toInstant)
        .containsExactly(
            Instant.parse("2026-01-01T00:01:00Z"), Instant.parse("2026-01-01T00:02:00Z"));
    assertThat(events.count(EventType.JOB_EXECUTED)).isEqualTo(2);
  }

  @Test
  void cronJobsFromATriggerAndFromACrontabLine() {
    List<ZonedDateTime> fired = new CopyOnWriteArrayList<>();
    scheduler.addCronJob(
        ctx -> fired.add(ctx.scheduledFireTime()),
        dev.apscheduler.trigger.cron.CronTrigger.builder().minute("*/15").timezone(UTC).build());
    scheduler.addCronJob(ctx -> fired.add(ctx.scheduledFireTime()), "0 1 * * *");
    scheduler.start();
    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofMinutes(15));
      scheduler.processDueJobs();
    }
    assertThat(fired)
        .extracting(ZonedDateTime::toInstant)
        .containsExactly(
            Instant.parse("2026-01-01T00:15:00Z"),
            Instant.parse("2026-01-01T00:30:00Z"),
            Instant.parse("2026-01-01T00:45:00Z"),
            Instant.parse("2026-01-01T01:00:00Z"),
            Instant.parse("2026-01-01T01:00:00Z"),
            Instant.parse("2026-01-01T01:15:00Z"),
            Instant.parse("2026-01-01T01:30:00Z"),
            Instant.parse("2026-01-01T01:45:00Z"),
            Instant.parse("2026-01-01T02:00:00Z"));
    assertThatThrownBy(() -> scheduler.addCronJob(ctx -> {}, "61 * * * *"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("61");
  }

  @Test
  void backlogRunsTenTimesWithoutCoalesceWhenWithinGrace() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        JobSpec.builder()
            .task(ctx -> runs.incrementAndGet())
            .trigger(everySecond(clock.now().plusSeconds(1)))
            .misfireGraceTime(Duration.ofHours(1))
            .build());
    scheduler.start();

    clock.advance(Duration.ofSeconds(10));
    scheduler.processDueJobs();

    assertThat(runs).hasValue(10);
    assertThat(events.count(EventType.JOB_MISSED)).isZero();
  }

  @Test
  void backlogRunsOnceWithCoalesce() {
    AtomicInteger runs = new AtomicInteger();
    List<ZonedDateTime> fireTimes = new ArrayList<>();
    scheduler.addJob(
        JobSpec.builder()
            .task(
                ctx -> {
                  runs.incrementAndGet();
                  fireTimes.add(ctx.scheduledFireTime());
                })
            .trigger(everySecond(clock.now().plusSeconds(1)))
            .coalesce(true)
            .misfireGraceTime(Duration.ofHours(1))
            .maxRuns(5)
            .build());
    scheduler.start();

    clock.advance(Duration.ofSeconds(10));
    scheduler.processDueJobs();

    assertThat(runs).hasValue(1);
    assertThat(fireTimes.get(0).toInstant()).isEqualTo(clock.instant());
    assertThat(events.count(EventType.JOB_MISSED)).isZero();
    // bypassed runs do not count towards max_runs
    assertThat(scheduler.getJobs().get(0).runs()).isEqualTo(1);
  }

  @Test
  void misfireGraceIsRespectedWithoutCoalesce() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        JobSpec.builder()
            .id("grace")
            .task(ctx -> runs.incrementAndGet())
            .trigger(everySecond(clock.now().plusSeconds(1)))
            .build());
    scheduler.start();

    clock.advance(Duration.ofSeconds(10));
    scheduler.processDueJobs();

    // runs 1..8 s late are misfires (grace 1 s); 9 s (1 s late) and 10 s (on time) run
    assertThat(runs).hasValue(2);
    List<JobEvent> missed = events.jobEvents(EventType.JOB_MISSED);
    assertThat(missed).hasSize(8);
    assertThat(missed.get(0).jobId()).isEqualTo("grace");
    assertThat(missed.get(0).scheduledRunTime().toInstant())
        .isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
  }

  @Test
  void misfireGraceIsRespectedWithCoalesce() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        JobSpec.builder()
            .task(ctx -> runs.incrementAndGet())
            .trigger(everySecond(clock.now().plusSeconds(1)))
            .coalesce(true)
            .build());
    scheduler.start();
    scheduler.pause();
    clock.advance(Duration.ofMillis(10_500));
    scheduler.resume();
    scheduler.processDueJobs();

    // the latest due run (10 s) is 0.5 s late: within grace, runs once
    assertThat(runs).hasValue(1);
    assertThat(events.count(EventType.JOB_MISSED)).isZero();

    scheduler.pause();
    clock.advance(Duration.ofSeconds(5).plusMillis(700));
    scheduler.resume();
    scheduler.processDueJobs();
    // due 11..16 s at 16.2 s; the latest is 0.2 s late, so one more run
    assertThat(runs).hasValue(2);
  }

  @Test
  void coalescedBacklogBeyondGraceIsOneMiss() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        JobSpec.builder()
            .task(ctx -> runs.incrementAndGet())
            .trigger(IntervalTrigger.builder().minutes(1).startDate(clock.now()).build())
            .coalesce(true)
            .build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(10).plusSeconds(30));
    scheduler.processDueJobs();

    assertThat(runs).hasValue(0);
    assertThat(events.count(EventType.JOB_MISSED)).isEqualTo(1);
    assertThat(scheduler.getJobs().get(0).nextRunTime())
        .isEqualTo(Instant.parse("2026-01-01T00:11:00Z"));
  }

  @Test
  void maxRunsRemovesTheJobAfterThreeRuns() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        JobSpec.builder()
            .id("three")
            .task(ctx -> runs.incrementAndGet())
            .trigger(IntervalTrigger.of(Duration.ofSeconds(5)))
            .maxRuns(3)
            .build());
    scheduler.start();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(5));
      scheduler.processDueJobs();
    }

    assertThat(runs).hasValue(3);
    assertThat(scheduler.getJob("three")).isEmpty();
    assertThat(events.events)
        .filteredOn(e -> e.type() == EventType.JOBSTORE_JOB_REMOVED)
        .singleElement()
        .satisfies(e -> assertThat(((JobStoreEvent) e).jobId()).contains("three"));
  }

  @Test
  void jobAddedBeforeStartIsTentativeAndDoesNotRunRetroactively() {
    AtomicInteger runs = new AtomicInteger();
    Job tentative =
        scheduler.addJob(
            JobSpec.builder()
                .id("t")
                .task(ctx -> runs.incrementAndGet())
                .trigger(IntervalTrigger.of(Duration.ofMinutes(1)))
                .build());
    assertThat(tentative.nextRunTime()).isNull();
    assertThat(scheduler.getJob("t")).isPresent();

    clock.advance(Duration.ofMinutes(30));
    scheduler.start();
    scheduler.processDueJobs();

    assertThat(runs).hasValue(0);
    assertThat(scheduler.getJob("t").orElseThrow().nextRunTime())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
  }

  @Test
  void pastDateJobWithinGraceRunsOnce() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    scheduler.addDateJob(ctx -> runs.incrementAndGet(), clock.now().minusNanos(500_000_000));
    scheduler.processDueJobs();

    assertThat(runs).hasValue(1);
    assertThat(scheduler.getJobs()).isEmpty();
  }

  @Test
  void pastDateJobBeyondGraceIsMissedAndRemoved() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    Job job = scheduler.addDateJob(ctx -> runs.incrementAndGet(), clock.now().minusMinutes(5));
    scheduler.processDueJobs();

    assertThat(runs).hasValue(0);
    assertThat(scheduler.getJobs()).isEmpty();
    assertThat(events.jobEvents(EventType.JOB_MISSED))
        .singleElement()
        .satisfies(e -> assertThat(e.jobId()).isEqualTo(job.id()));
    assertThat(events.count(EventType.JOBSTORE_JOB_REMOVED)).isEqualTo(1);
  }

  @Test
  void duplicateIdIsRefusedUnlessReplaceExisting() {
    scheduler.start();
    JobSpec first =
        JobSpec.builder()
            .id("a")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofMinutes(1)))
            .build();
    scheduler.addJob(first);

    assertThatThrownBy(() -> scheduler.addJob(first))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("replaceExisting");

    IntervalTrigger hourly = IntervalTrigger.of(Duration.ofHours(1));
    scheduler.addJob(
        JobSpec.builder()
            .id("a")
            .name("replaced")
            .task(ctx -> {})
            .trigger(hourly)
            .replaceExisting(true)
            .build());
    assertThat(scheduler.getJobs())
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.name()).isEqualTo("replaced");
              assertThat(j.trigger()).isEqualTo(hourly);
            });
  }

  @Test
  void duplicateIdIsRefusedBeforeStartToo() {
    JobSpec spec =
        JobSpec.builder()
            .id("a")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofMinutes(1)))
            .build();
    scheduler.addJob(spec);
    assertThatThrownBy(() -> scheduler.addJob(spec)).isInstanceOf(ConflictingIdException.class);
  }

  @Test
  void pauseAndResumeAJob() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.addJob(
        JobSpec.builder()
            .id("p")
            .task(ctx -> runs.incrementAndGet())
            .trigger(IntervalTrigger.of(Duration.ofMinutes(1)))
            .build());
    scheduler.start();

    Job paused = scheduler.pauseJob("p");
    assertThat(paused.paused()).isTrue();
    assertThat(paused.nextRunTime()).isNull();
    clock.advance(Duration.ofMinutes(5));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(0);

    Job resumed = scheduler.resumeJob("p");
    assertThat(resumed.paused()).isFalse();
    assertThat(resumed.nextRunTime()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(1);
    assertThat(events.count(EventType.JOB_MODIFIED)).isEqualTo(2);
  }

  @Test
  void jobAddedPausedDoesNotRunUntilResumed() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("p")
            .task(ctx -> runs.incrementAndGet())
            .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
            .paused(true)
            .build());
    clock.advance(Duration.ofSeconds(10));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(0);
    assertThat(scheduler.getJob("p").orElseThrow().paused()).isTrue();
  }

  @Test
  void modifyAndRescheduleAJob() {
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("m")
            .name("old")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofMinutes(1)))
            .build());

    Job renamed = scheduler.modifyJob("m", JobSpec.builder().name("new").maxInstances(3).build());
    assertThat(renamed.name()).isEqualTo("new");
    assertThat(renamed.maxInstances()).isEqualTo(3);
    assertThat(renamed.nextRunTime()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

    clock.advance(Duration.ofSeconds(10));
    Job rescheduled = scheduler.rescheduleJob("m", IntervalTrigger.of(Duration.ofHours(1)));
    assertThat(rescheduled.nextRunTime()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(scheduler.getJob("m").orElseThrow().name()).isEqualTo("new");

    assertThatThrownBy(() -> scheduler.modifyJob("m", JobSpec.builder().jobStore("other").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jobStore");
    assertThatThrownBy(() -> scheduler.modifyJob("nope", JobSpec.builder().name("x").build()))
        .isInstanceOf(JobNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void runJobNowRunsOnceWithoutChangingTheSchedule() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    Job job =
        scheduler.addJob(
            JobSpec.builder()
                .id("n")
                .task(ctx -> runs.incrementAndGet())
                .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                .maxRuns(2)
                .build());

    assertThat(scheduler.runJobNow("n")).isTrue();
    assertThat(runs).hasValue(1);
    Job after = scheduler.getJob("n").orElseThrow();
    assertThat(after.nextRunTime()).isEqualTo(job.nextRunTime());
    assertThat(after.runs()).isZero();
    assertThatThrownBy(() -> scheduler.runJobNow("missing"))
        .isInstanceOf(JobNotFoundException.class);
  }

  @Test
  void removeJobAndRemoveJobsForTask() {
    Runnable report = () -> {};
    JobFunction other = ctx -> {};
    scheduler.start();
    scheduler.addIntervalJob(report, Duration.ofMinutes(1));
    scheduler.addIntervalJob(report, Duration.ofMinutes(2));
    Job kept = scheduler.addIntervalJob(other, Duration.ofMinutes(3));

    assertThat(scheduler.removeJobsFor(report)).isEqualTo(2);
    assertThat(scheduler.getJobs()).extracting(Job::id).containsExactly(kept.id());

    scheduler.removeJob(kept.id());
    assertThat(scheduler.getJobs()).isEmpty();
    assertThatThrownBy(() -> scheduler.removeJob(kept.id()))
        .isInstanceOf(JobNotFoundException.class);
    assertThat(events.count(EventType.JOBSTORE_JOB_REMOVED)).isEqualTo(3);
  }

  @Test
  void removeJobsForATaskReference() {
    scheduler.registerTask("cleanup", ctx -> {});
    scheduler.start();
    scheduler.addIntervalJob("cleanup", Duration.ofMinutes(1));
    scheduler.addIntervalJob(ctx -> {}, Duration.ofMinutes(1));
    assertThat(scheduler.removeJobsFor("cleanup")).isEqualTo(1);
    assertThat(scheduler.getJobs()).hasSize(1);
  }

  @Test
  void aJobCanAddAnotherJobFromInsideItsRun() {
    AtomicInteger childRuns = new AtomicInteger();
    scheduler.start();
    scheduler.addDateJob(
        ctx ->
            scheduler.addJob(
                JobSpec.builder()
                    .id("child")
                    .task(c -> childRuns.incrementAndGet())
                    .trigger(DateTrigger.of(clock.now().plusSeconds(1)))
                    .build()),
        clock.now());
    scheduler.processDueJobs();
    assertThat(scheduler.getJob("child")).isPresent();

    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
    assertThat(childRuns).hasValue(1);
    assertThat(scheduler.getJobs()).isEmpty();
  }

  @Test
  void aJobCanRemoveItselfFromInsideItsRun() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("self")
            .task(
                ctx -> {
                  runs.incrementAndGet();
                  scheduler.removeJob(ctx.job().id());
                })
            .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
            .build());
    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(1);
    assertThat(scheduler.getJobs()).isEmpty();
  }

  @Test
  void jobErrorCarriesTheException() {
    scheduler.start();
    IllegalStateException boom = new IllegalStateException("boom");
    scheduler.addDateJob(
        ctx -> {
          throw boom;
        },
        clock.now());
    scheduler.processDueJobs();
    assertThat(events.jobEvents(EventType.JOB_ERROR))
        .singleElement()
        .satisfies(e -> assertThat(e.exception()).contains(boom));
  }

  @Test
  void argsAndKwargsReachTheTask() {
    List<Object> seen = new ArrayList<>();
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .task(
                ctx -> {
                  seen.addAll(ctx.args());
                  seen.add(ctx.kwargs().get("k"));
                })
            .args(List.of(1, "two"))
            .kwargs(java.util.Map.of("k", 3.0))
            .trigger(DateTrigger.of(clock.now()))
            .build());
    scheduler.processDueJobs();
    assertThat(seen).containsExactly(1, "two", 3.0);
  }

  @Test
  void listenerMasksFilterEventsAndAThrowingListenerChangesNothing() {
    RecordingListener executedOnly = new RecordingListener();
    AtomicInteger afterThrow = new AtomicInteger();
    scheduler.addListener(
        e -> {
          throw new RuntimeException("listener bug");
        });
    scheduler.addListener(executedOnly, EventType.JOB_EXECUTED, EventType.JOB_ERROR);
    scheduler.addListener(e -> afterThrow.incrementAndGet());
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    scheduler.addDateJob(ctx -> runs.incrementAndGet(), clock.now());
    scheduler.processDueJobs();

    assertThat(runs).hasValue(1);
    assertThat(executedOnly.types()).containsExactly(EventType.JOB_EXECUTED);
    assertThat(afterThrow.get())
        .isGreaterThanOrEqualTo(4); // start, added, submitted, executed, removed
    assertThat(events.types())
        .containsSubsequence(
            EventType.SCHEDULER_START,
            EventType.JOBSTORE_JOB_ADDED,
            EventType.JOB_SUBMITTED,
            EventType.JOB_EXECUTED);
  }

  @Test
  void removedListenerGetsNothing() {
    RecordingListener removed = new RecordingListener();
    scheduler.addListener(removed);
    scheduler.removeListener(removed);
    scheduler.start();
    assertThat(removed.events).isEmpty();
  }

  @Test
  void schedulerPauseAndResumeFireEventsAndHoldJobs() {
    AtomicInteger runs = new AtomicInteger();
    scheduler.start();
    scheduler.addIntervalJob(ctx -> runs.incrementAndGet(), Duration.ofSeconds(1));
    scheduler.pause();
    assertThat(scheduler.state()).isEqualTo(SchedulerState.PAUSED);
    clock.advance(Duration.ofSeconds(1));
    scheduler.processDueJobs();
    assertThat(runs).hasValue(0);
    scheduler.resume();
    scheduler.processDueJobs();
    assertThat(runs).hasValue(1);
    assertThat(events.types()).contains(EventType.SCHEDULER_PAUSED, EventType.SCHEDULER_RESUMED);
  }

  @Test
  void printJobsListsEachStore() {
    scheduler.addJobStore(new dev.apscheduler.store.MemoryJobStore(), "other");
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("r")
            .name("Nightly report")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    StringBuilder out = new StringBuilder();
    scheduler.printJobs(out);
    assertThat(out.toString())
        .contains("Jobstore other:\n    No scheduled jobs")
        .contains(
            "Jobstore default:\n    Nightly report (id: r, trigger: interval[PT1H], next run at: 2026-01-01T01:00Z[UTC])");
  }

  @Test
  void jobsGoToTheStoreTheirSpecNames() {
    scheduler.addJobStore(new dev.apscheduler.store.MemoryJobStore(), "other");
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .id("o")
            .task(ctx -> {})
            .jobStore("other")
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    assertThat(scheduler.getJobs("other")).extracting(Job::id).containsExactly("o");
    assertThat(scheduler.getJobs("default")).isEmpty();
    assertThatThrownBy(
            () ->
                scheduler.addJob(
                    JobSpec.builder()
                        .task(ctx -> {})
                        .jobStore("missing")
                        .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("default")
        .hasMessageContaining("other");
  }

  @Test
  void addingAJobWithoutTriggerOrTaskIsAClearError() {
    assertThatThrownBy(() -> scheduler.addJob(JobSpec.builder().task(ctx -> {}).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trigger:");
    assertThatThrownBy(
            () ->
                scheduler.addJob(
                    JobSpec.builder().trigger(IntervalTrigger.of(Duration.ofSeconds(1))).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("task:");
    assertThatThrownBy(
            () ->
                scheduler.addJob(
                    JobSpec.builder()
                        .task("no.such.Task::run")
                        .trigger(IntervalTrigger.of(Duration.ofSeconds(1)))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no.such.Task");
  }

  @Test
  void startTwiceIsRefused() {
    scheduler.start();
    assertThatThrownBy(scheduler::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void staticMethodReferenceReceivesArguments() {
    scheduler.start();
    scheduler.addJob(
        JobSpec.builder()
            .task("dev.apscheduler.SchedulerTest::record")
            .args(List.of("x", 2))
            .trigger(DateTrigger.of(clock.now()))
            .build());
    scheduler.processDueJobs();
    assertThat(RECORDED).containsExactly("x2");
    assertThat(events.jobEvents(EventType.JOB_EXECUTED))
        .singleElement()
        .satisfies(e -> assertThat(e.returnValue()).contains("x2"));
  }

  static final List<String> RECORDED = new CopyOnWriteArrayList<>();

  public static String record(String text, long number) {
    RECORDED.add(text + number);
    return text + number;
  }
}
