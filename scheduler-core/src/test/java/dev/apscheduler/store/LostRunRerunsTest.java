package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.Task;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-over of lost runs by a store that reaps and writes jobs in separate steps: a rerun the
 * store could not write is reported without a rerun and handed back to the caller, which keeps the
 * run to hand it over again.
 */
class LostRunRerunsTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final long FIRE_MICROS = JobCodec.toEpochMicros(NOW.minusSeconds(5));

  private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
  private final JobStoreContext context =
      new JobStoreContext(
          "main",
          new TaskRegistry(),
          Clock.fixed(NOW, ZoneOffset.UTC),
          events::add,
          null,
          () -> {});
  private final MemoryJobStore memory = new MemoryJobStore();
  private LostRunReruns.LostRun lost;

  @BeforeEach
  void storeAJobThatRerunsLostRuns() {
    memory.start(context);
    memory.addJob(
        Job.builder(
                "invoice",
                Task.persistable("invoice", ctx -> {}),
                IntervalTrigger.of(Duration.ofHours(1)))
            .onLost(LostRunPolicy.RERUN)
            .nextRunTime(NOW.plus(Duration.ofHours(1)))
            .build());
    lost =
        new LostRunReruns.LostRun(
            LostRunReruns.lostEvent(
                context,
                "test store",
                "ghost",
                "invoice",
                FIRE_MICROS,
                FIRE_MICROS,
                "which stopped heartbeating"),
            null);
  }

  @Test
  void aStoredRerunIsReportedWithItsDueTimeAndNotHandedBack() {
    List<LostRunReruns.LostRun> unstored =
        LostRunReruns.rerunAndReport(memory, List.of(lost), context);

    assertThat(unstored).isEmpty();
    assertThat(memory.lookupJob("invoice").orElseThrow().pendingRetry()).isNotNull();
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(((JobEvent) e).nextRetryTime()).contains(NOW));
  }

  @Test
  void aRerunTheStoreFailsToWriteIsReportedWithoutOneAndHandedBack() {
    JobStore failing =
        new ForwardingStore(memory) {
          @Override
          public boolean updateJobIfUnchanged(Job expected, Job updated) {
            throw new JobStoreException("the store is down");
          }
        };

    List<LostRunReruns.LostRun> unstored =
        LostRunReruns.rerunAndReport(failing, List.of(lost), context);

    assertThat(unstored).containsExactly(lost);
    assertThat(memory.lookupJob("invoice").orElseThrow().pendingRetry()).isNull();
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(((JobEvent) e).nextRetryTime()).isEmpty());
  }
}
