package dev.apscheduler.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.ClusteredJobStore;
import dev.apscheduler.store.ForwardingStore;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each way a run ends leaves one record with the right fields, in the job's (memory) store. */
class SchedulerRunHistoryTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final MutableClock clock = MutableClock.at(T0, UTC);

  /** Run history is on by default. */
  private Scheduler scheduler = TestSchedulers.synchronous(clock).build();

  @AfterEach
  void tearDown() {
    scheduler.shutdown();
  }

  private JobSpec.Builder at(String id, Duration after) {
    return JobSpec.builder().id(id).trigger(DateTrigger.of(T0.plus(after).atZone(UTC)));
  }

  @Test
  void aSuccessfulRunLeavesOneRecord() {
    scheduler.addJob(
        at("ok", Duration.ofMinutes(1)).task(ctx -> clock.advance(Duration.ofSeconds(5))).build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();

    List<RunRecord> history = scheduler.getRunHistory("ok", 10);
    assertThat(history).hasSize(1);
    RunRecord run = history.get(0);
    Instant fire = T0.plus(Duration.ofMinutes(1));
    assertThat(run.jobId()).isEqualTo("ok");
    assertThat(run.fireTime()).isEqualTo(fire);
    assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCESS);
    assertThat(run.start()).isEqualTo(fire);
    assertThat(run.end()).isEqualTo(fire.plusSeconds(5));
    assertThat(run.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(run.node()).isNull();
    assertThat(run.attempt()).isEqualTo(1);
    assertThat(run.exceptionClass()).isNull();
    assertThat(run.stackTrace()).isNull();
  }

  @Test
  void aFailingRunRecordsTheExceptionWithABoundedStackTrace() {
    scheduler.addJob(
        at("fails", Duration.ofMinutes(1))
            .task(
                ctx -> {
                  throw new IllegalStateException("boom " + "x".repeat(5000));
                })
            .build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();

    List<RunRecord> history = scheduler.getRunHistory("fails", 10);
    assertThat(history).hasSize(1);
    RunRecord run = history.get(0);
    assertThat(run.outcome()).isEqualTo(RunOutcome.ERROR);
    assertThat(run.start()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(run.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
    assertThat(run.exceptionMessage()).startsWith("boom xxx").hasSize(RunRecord.MAX_MESSAGE_CHARS);
    assertThat(run.stackTrace())
        .startsWith("java.lang.IllegalStateException: boom")
        .hasSize(RunRecord.MAX_STACK_TRACE_CHARS);
  }

  @Test
  void aMissedRunLeavesARecordWithoutAStart() {
    scheduler.addJob(at("late", Duration.ofMinutes(1)).task(ctx -> {}).build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(2));
    scheduler.processDueJobs();

    List<RunRecord> history = scheduler.getRunHistory("late", 10);
    assertThat(history).hasSize(1);
    RunRecord run = history.get(0);
    assertThat(run.outcome()).isEqualTo(RunOutcome.MISSED);
    assertThat(run.fireTime()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(run.start()).isNull();
    assertThat(run.end()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
    assertThat(run.duration()).isZero();
  }

  @Test
  void aRunSkippedForMaxInstancesLeavesARecord() {
    AtomicBoolean second = new AtomicBoolean();
    scheduler.addJob(
        JobSpec.builder()
            .id("busy")
            .trigger(
                IntervalTrigger.builder()
                    .hours(1)
                    .startDate(T0.plus(Duration.ofMinutes(1)).atZone(UTC))
                    .build())
            .maxInstances(1)
            .task(ctx -> second.set(scheduler.runJobNow("busy")))
            .build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();

    assertThat(second).isFalse();
    List<RunRecord> history = scheduler.getRunHistory("busy", 10);
    assertThat(history)
        .extracting(RunRecord::outcome)
        .containsExactlyInAnyOrder(RunOutcome.SUCCESS, RunOutcome.SKIPPED_MAX_INSTANCES);
    assertThat(
            scheduler.getRunHistory(
                RunHistoryQuery.of("busy", 10).withOutcomes(Set.of(RunOutcome.SUCCESS))))
        .singleElement()
        .extracting(RunRecord::start)
        .isEqualTo(T0.plus(Duration.ofMinutes(1)));
  }

  @Test
  void theMemoryStoreHistoryIsPurgedByAgeInTheBackground() {
    scheduler.shutdown();
    scheduler =
        TestSchedulers.synchronous(clock).runHistoryRetention(Duration.ofHours(1), 100).build();
    scheduler.addJob(at("old", Duration.ofMinutes(1)).task(ctx -> {}).build());
    scheduler.addJob(at("new", Duration.ofHours(3)).task(ctx -> {}).build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();
    assertThat(scheduler.getRunHistory("old", 10)).hasSize(1);
    clock.advance(Duration.ofHours(3));
    scheduler.processDueJobs();

    // the recorder's thread purges by the scheduler's clock about every second
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scheduler.getRunHistory("old", 10).isEmpty());
    assertThat(scheduler.getRunHistory("new", 10)).hasSize(1);
  }

  @Test
  void theMemoryStoreDropsTheEarliestHistoriesBeyondItsTotalBound() {
    MemoryJobStore store = new MemoryJobStore();
    RunRetention retention = RunRetention.defaults();
    for (int i = 0; i <= MemoryJobStore.MAX_HISTORY_RECORDS; i++) {
      store
          .runHistory()
          .record(
              List.of(RunRecord.of("once-" + i, T0, T0, T0, RunOutcome.SUCCESS, null)), retention);
    }
    assertThat(store.runHistory().find(RunHistoryQuery.of("once-0", 10))).isEmpty();
    assertThat(store.runHistory().find(RunHistoryQuery.of("once-1", 10))).hasSize(1);
    assertThat(
            store
                .runHistory()
                .find(RunHistoryQuery.of("once-" + MemoryJobStore.MAX_HISTORY_RECORDS, 10)))
        .hasSize(1);
  }

  @Test
  void historyCanBeTurnedOffAndIsBoundedPerJob() {
    scheduler.shutdown();
    scheduler = TestSchedulers.synchronous(clock).runHistory(false).build();
    scheduler.addJob(at("quiet", Duration.ofMinutes(1)).task(ctx -> {}).build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();
    assertThat(scheduler.getRunHistory("quiet", 10)).isEmpty();

    scheduler.shutdown();
    clock.set(T0);
    scheduler =
        TestSchedulers.synchronous(clock).runHistoryRetention(Duration.ofDays(1), 3).build();
    scheduler.addJob(
        JobSpec.builder()
            .id("often")
            .task(ctx -> {})
            .trigger(IntervalTrigger.builder().minutes(1).startDate(T0.atZone(UTC)).build())
            .build());
    scheduler.start();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      scheduler.processDueJobs();
    }
    assertThat(scheduler.getRunHistory("often", 10))
        .extracting(RunRecord::fireTime)
        .containsExactly(
            T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(4)),
            T0.plus(Duration.ofMinutes(3)));
    assertThat(scheduler.getRunHistory("often", 2)).hasSize(2);
  }

  @Test
  void anErrorWritingTheHistoryIsLoggedAndTheBackgroundFlushGoesOn() {
    MemoryJobStore memory = new MemoryJobStore();
    AtomicBoolean failNextWrite = new AtomicBoolean(true);
    RunHistoryStore failingOnce =
        new RunHistoryStore() {
          @Override
          public void record(List<RunRecord> records, RunRetention retention) {
            if (failNextWrite.getAndSet(false)) {
              throw new LinkageError("the store's driver could not be loaded");
            }
            memory.runHistory().record(records, retention);
          }

          @Override
          public List<RunRecord> find(RunHistoryQuery query) {
            return memory.runHistory().find(query);
          }

          @Override
          public int purge(RunRetention retention, Instant now, int limit) {
            return 0;
          }
        };
    scheduler.shutdown();
    scheduler =
        TestSchedulers.synchronous(clock)
            .jobStore(
                "default",
                new ForwardingStore(memory) {
                  @Override
                  public RunHistoryStore runHistory() {
                    return failingOnce;
                  }
                })
            .build();
    scheduler.addJob(at("first", Duration.ofMinutes(1)).task(ctx -> {}).build());
    scheduler.addJob(at("second", Duration.ofMinutes(2)).task(ctx -> {}).build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();
    // the background thread's first write throws an Error (it never reads: that would flush too)
    await().atMost(Duration.ofSeconds(10)).until(() -> !failNextWrite.get());
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                memory.runHistory().find(RunHistoryQuery.of("first", 10)).size() == 1
                    && memory.runHistory().find(RunHistoryQuery.of("second", 10)).size() == 1);
  }

  @Test
  void aStoreSharedByAClusterIsPurgedByItsNodeWithTheSmallestIdAlone() {
    MemoryJobStore memory = new MemoryJobStore();
    AtomicInteger purges = new AtomicInteger();
    AtomicInteger nodeReads = new AtomicInteger();
    Map<String, Instant> nodes = new ConcurrentHashMap<>(Map.of("node-a", T0, "node-b", T0));
    RunHistoryStore counting =
        new RunHistoryStore() {
          @Override
          public void record(List<RunRecord> records, RunRetention retention) {
            memory.runHistory().record(records, retention);
          }

          @Override
          public List<RunRecord> find(RunHistoryQuery query) {
            return memory.runHistory().find(query);
          }

          @Override
          public int purge(RunRetention retention, Instant now, int limit) {
            purges.incrementAndGet();
            return 0;
          }
        };
    class SharedStore extends ForwardingStore implements ClusteredJobStore {
      SharedStore() {
        super(memory);
      }

      @Override
      public RunHistoryStore runHistory() {
        return counting;
      }

      @Override
      public Optional<String> nodeId() {
        return Optional.of("node-b");
      }

      @Override
      public Map<String, Instant> clusterNodes() {
        nodeReads.incrementAndGet();
        return Map.copyOf(nodes);
      }

      @Override
      public boolean clockSkewed() {
        return false;
      }
    }
    scheduler.shutdown();
    scheduler = TestSchedulers.synchronous(clock).jobStore("default", new SharedStore()).build();
    scheduler.addJob(at("ran", Duration.ofMinutes(1)).task(ctx -> {}).build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs(); // its record starts the background thread

    await().atMost(Duration.ofSeconds(10)).until(() -> nodeReads.get() >= 1);
    assertThat(purges).as("node-a has the smaller id: it purges").hasValue(0);

    nodes.remove("node-a");
    clock.advance(Duration.ofMinutes(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> purges.get() >= 1);
  }

  @Test
  void recordsAStoreFailedToWriteAreWrittenByALaterFlush() {
    MemoryJobStore memory = new MemoryJobStore();
    AtomicBoolean failNextWrite = new AtomicBoolean(true);
    RunHistoryStore flaky =
        new RunHistoryStore() {
          @Override
          public void record(List<RunRecord> records, RunRetention retention) {
            if (failNextWrite.getAndSet(false)) {
              throw new JobStoreException("store down");
            }
            memory.runHistory().record(records, retention);
          }

          @Override
          public List<RunRecord> find(RunHistoryQuery query) {
            return memory.runHistory().find(query);
          }

          @Override
          public int purge(RunRetention retention, Instant now, int limit) {
            return memory.runHistory().purge(retention, now, limit);
          }
        };
    scheduler.shutdown();
    scheduler =
        TestSchedulers.synchronous(clock)
            .runHistory(true)
            .jobStore(
                "default",
                new ForwardingStore(memory) {
                  @Override
                  public RunHistoryStore runHistory() {
                    return flaky;
                  }
                })
            .build();
    scheduler.addJob(at("kept", Duration.ofMinutes(1)).task(ctx -> {}).build());
    scheduler.start();
    clock.advance(Duration.ofMinutes(1));
    scheduler.processDueJobs();

    scheduler.getRunHistory("kept", 10); // the first write fails (here or on the flush thread)
    assertThat(failNextWrite).isFalse();
    assertThat(scheduler.getRunHistory("kept", 10))
        .singleElement()
        .extracting(RunRecord::outcome)
        .isEqualTo(RunOutcome.SUCCESS);
  }
}
