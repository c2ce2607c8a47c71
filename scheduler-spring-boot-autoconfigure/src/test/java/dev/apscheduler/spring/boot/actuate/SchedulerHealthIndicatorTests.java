package dev.apscheduler.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Job;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class SchedulerHealthIndicatorTests {

  @Test
  void upWhileRunningOutOfServiceWhilePausedOrStoppedOrShutDown() {
    Scheduler scheduler = Scheduler.builder().runLoop(false).build();
    SchedulerHealthIndicator indicator = new SchedulerHealthIndicator(scheduler);
    assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    scheduler.start();
    Health up = indicator.health();
    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("state", "RUNNING");
    scheduler.pause();
    assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    scheduler.resume();
    scheduler.shutdown();
    assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
  }

  @Test
  void downWhenTheSchedulerFailed() {
    Scheduler scheduler = Scheduler.builder().build();
    scheduler.addListener(
        event -> {
          throw new InternalError("simulated fatal error on the scheduler loop");
        },
        EventType.JOB_SUBMITTED);
    scheduler.start();
    try {
      scheduler.addDateJob(ctx -> {}, ZonedDateTime.now());
      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(10))
          .until(() -> scheduler.state() == SchedulerState.FAILED);

      Health health = new SchedulerHealthIndicator(scheduler).health();

      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("state", "FAILED");
    } finally {
      scheduler.shutdown(false);
    }
  }

  @Test
  void downWhenAStoreIsUnreachable() {
    Scheduler scheduler =
        Scheduler.builder().runLoop(false).jobStore("broken", new UnreachableStore()).build();
    scheduler.start();
    try {
      Health health = new SchedulerHealthIndicator(scheduler).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      @SuppressWarnings("unchecked")
      Map<String, String> stores = (Map<String, String>) health.getDetails().get("stores");
      assertThat(stores.get("broken")).startsWith("DOWN:").contains("connection refused");
      assertThat(stores.get("default")).isEqualTo("UP");
    } finally {
      scheduler.shutdown(false);
    }
  }

  @Test
  void aClusteredJdbcStoreShowsTheClustersNodes() {
    String url = "jdbc:h2:mem:health-cluster-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Scheduler scheduler =
        Scheduler.builder()
            .runLoop(false)
            .jobStore(
                "shared",
                dev.apscheduler.store.jdbc.JdbcJobStore.builder(url, "sa", "")
                    .initializeSchema(dev.apscheduler.store.jdbc.InitializeSchema.ALWAYS)
                    .cluster("web-1")
                    .build())
            .build();
    scheduler.start();
    try {
      Health health = new SchedulerHealthIndicator(scheduler).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      @SuppressWarnings("unchecked")
      Map<String, StoreDescriptor.ClusterDescriptor> cluster =
          (Map<String, StoreDescriptor.ClusterDescriptor>) health.getDetails().get("cluster");
      assertThat(cluster.get("shared").node()).isEqualTo("web-1");
      assertThat(cluster.get("shared").nodes()).containsOnlyKeys("web-1");
      assertThat(cluster.get("shared").clockSkewed()).isFalse();
      assertThat(cluster.get("shared").clockOffset().abs()).isLessThan(Duration.ofSeconds(1));
    } finally {
      scheduler.shutdown();
    }
  }

  /** A store whose server went away after it started. */
  static final class UnreachableStore extends ForwardingJobStore {
    @Override
    public List<Job> getDueJobs(Instant now, int limit) {
      return List.of();
    }

    @Override
    public Optional<Instant> getNextRunTime() {
      throw new IllegalStateException("connection refused");
    }
  }
}
