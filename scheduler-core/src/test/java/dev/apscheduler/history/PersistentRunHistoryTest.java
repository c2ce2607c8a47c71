package dev.apscheduler.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.JobStores;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run history in a persistent store outlives the scheduler that wrote it. */
class PersistentRunHistoryTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private Scheduler fileScheduler(MutableClock clock) {
    return TestSchedulers.synchronous(clock)
        .runHistory(true)
        .jobStore("default", JobStores.file(dir.resolve("jobs")))
        .registerTask("ok", ctx -> {})
        .registerTask(
            "fails",
            ctx -> {
              throw new IllegalArgumentException("bad input");
            })
        .build();
  }

  @Test
  void historyWrittenBeforeAShutdownIsReadAfterARestart() {
    MutableClock clock = MutableClock.at(T0, UTC);
    Scheduler first = fileScheduler(clock);
    IntervalTrigger everyMinute =
        IntervalTrigger.builder().minutes(1).startDate(T0.plusSeconds(60).atZone(UTC)).build();
    first.addJob(JobSpec.builder().id("ok").task("ok").trigger(everyMinute).build());
    first.addJob(JobSpec.builder().id("fails").task("fails").trigger(everyMinute).build());
    first.start();
    clock.advance(Duration.ofMinutes(1));
    first.processDueJobs();
    first.shutdown();

    Scheduler second = fileScheduler(clock);
    second.start();
    try {
      List<RunRecord> ok = second.getRunHistory("ok", 10);
      assertThat(ok).singleElement().extracting(RunRecord::outcome).isEqualTo(RunOutcome.SUCCESS);
      assertThat(ok.get(0).fireTime()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
      assertThat(second.getRunHistory("fails", 10))
          .singleElement()
          .satisfies(
              run -> {
                assertThat(run.outcome()).isEqualTo(RunOutcome.ERROR);
                assertThat(run.exceptionClass()).isEqualTo("java.lang.IllegalArgumentException");
                assertThat(run.exceptionMessage()).isEqualTo("bad input");
                assertThat(run.stackTrace()).contains("bad input");
              });
    } finally {
      second.shutdown();
    }
  }
}
