package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Scheduler;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import java.time.Duration;
import java.time.Instant;

/** What the run history of a cluster shows of a run lost with its node and then rerun. */
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
}
