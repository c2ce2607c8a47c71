package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.redis.RedisJobStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a Redis store in cluster mode, whose due passes claim and commit (and whose
 * readers see claimed jobs at their real next run times); and a due pass whose commit's reply is
 * lost, made so by pausing Redis's writes while the pass decides (the commit then waits on the
 * server past the command timeout and happens when the pause ends).
 */
class RedisClusterJobStoreContractTest extends RedisJobStoreContractTest {

  @Override
  protected RedisJobStore.Builder builder() {
    return super.builder().cluster("contract-node");
  }

  /** Runs one due pass over job "due" in a store with a 1 s timeout, pausing writes meanwhile. */
  private int passPausingWrites(JobStore s, Duration pause) {
    return s.processDueJobs(
        T0.plusSeconds(1),
        10,
        (job, running) -> {
          try (RedisTestKeys admin = new RedisTestKeys(TestServices.redisUrl(), "")) {
            admin.redis().clientPause(pause.toMillis());
          }
          return new DueJobProcessor.Outcome(job.withRuns(job.runs() + 1, T0.plusSeconds(60)), T0);
        });
  }

  @Test
  void aCommitWhoseReplyIsLostButWhichHappenedLetsItsRunsGoAhead() {
    JobStore s = started(builder().timeout(Duration.ofSeconds(1)).build(), tasks);
    try {
      s.addJob(job("due", T0));

      assertThat(passPausingWrites(s, Duration.ofMillis(1500))).isEqualTo(1);

      assertThat(s.lookupJob("due").orElseThrow().nextRunTime()).isEqualTo(T0.plusSeconds(60));
    } finally {
      s.close();
    }
  }

  @Test
  void aCommitRedisCannotTellAboutStartsNoRun() {
    // claims of 300 ms: Redis is asked once whether the commit happened
    JobStore s =
        started(
            builder()
                .heartbeatInterval(Duration.ofMillis(100))
                .timeout(Duration.ofSeconds(1))
                .build(),
            tasks);
    try {
      s.addJob(job("due", T0));

      assertThatThrownBy(() -> passPausingWrites(s, Duration.ofMillis(3000)))
          .isInstanceOf(JobStoreException.class)
          .isNotInstanceOf(DueJobWriteException.class);

      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(s.lookupJob("due").orElseThrow().nextRunTime())
                      .as("the commit happened when the pause ended")
                      .isEqualTo(T0.plusSeconds(60)));
    } finally {
      s.close();
    }
  }
}
