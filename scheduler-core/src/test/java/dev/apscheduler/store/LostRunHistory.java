package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a cluster shows of a run lost with its node and then rerun: its run history, and the runs
 * and reports of the jobs "rerun" (which reruns lost runs) and "report" (which does not).
 */
final class LostRunHistory {

  private LostRunHistory() {}

  /**
   * Waits (5 s at most) until the history {@code node} reads for {@code jobId} is exactly the lost
   * run at {@code fireTime} (attempt 1) and the successful rerun of that fire time (attempt 2).
   */
  static void awaitLostThenRerun(Scheduler node, String jobId, Instant fireTime) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(node.getRunHistory(jobId, 10))
                    .extracting(RunRecord::fireTime, RunRecord::attempt, RunRecord::outcome)
                    .containsExactlyInAnyOrder(
                        tuple(fireTime, 1, RunOutcome.LOST),
                        tuple(fireTime, 2, RunOutcome.SUCCESS)));
  }

  /** Whether the job of an id ran at the fire time in question, as a test recorded it. */
  interface RanAtFireTime {
    boolean test(String jobId) throws Exception;
  }

  /**
   * Adds to {@code node} two hourly jobs of the task "record": "rerun", which reruns lost runs, and
   * "report", which does not.
   */
  static Scheduler withRerunAndReportJobs(Scheduler node) {
    for (String id : List.of("rerun", "report")) {
      node.addJob(
          JobSpec.builder()
              .id(id)
              .task("record")
              .misfireGraceTime(Duration.ofMinutes(1))
              .trigger(IntervalTrigger.of(Duration.ofHours(1)))
              .onLost(id.equals("rerun") ? LostRunPolicy.RERUN : LostRunPolicy.REPORT)
              .build());
    }
    return node;
  }

  /**
   * Waits until the runs of "rerun" and "report" at {@code fireTime}, lost with their node "ghost"
   * (which stopped heartbeating), are both reported ({@code lostRuns}) and "rerun" ran once more
   * ({@code ranAtFireTime}, by job id) with its history on {@code live}, while "report" did not run
   * and its history shows the lost run on "ghost".
   */
  static void awaitRerunOfRerunAndReportOfReport(
      Scheduler live,
      Instant fireTime,
      RanAtFireTime ranAtFireTime,
      Supplier<List<JobEvent>> lostRuns)
      throws Exception {
    await().atMost(Duration.ofSeconds(15)).until(() -> ranAtFireTime.test("rerun"));
    await().atMost(Duration.ofSeconds(5)).until(() -> lostRuns.get().size() == 2);

    assertThat(ranAtFireTime.test("report")).isFalse();
    assertThat(lostRuns.get())
        .extracting(JobEvent::jobId, e -> e.nextRetryTime().isPresent())
        .containsExactlyInAnyOrder(tuple("rerun", true), tuple("report", false));
    awaitLostThenRerun(live, "rerun", fireTime);
    assertThat(live.getRunHistory("report", 10))
        .singleElement()
        .satisfies(
            lost -> {
              assertThat(lost.node()).isEqualTo("ghost");
              assertThat(lost.exceptionMessage())
                  .contains("Run of job 'report'", "on node 'ghost'", "stopped heartbeating");
            });
  }
}
