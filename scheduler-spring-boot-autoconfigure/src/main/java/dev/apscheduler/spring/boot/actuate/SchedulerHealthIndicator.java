package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.spring.boot.actuate.StoreDescriptor.ClusterDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code scheduler} health: UP while running, OUT_OF_SERVICE while paused, not yet started or
 * shut down, and DOWN when the scheduler has failed (its loop died of an unrecoverable error) or a
 * job store cannot be read. Each store is probed by asking for its next run time; a shared JDBC
 * store in cluster mode also shows the cluster's nodes.
 *
 * <p>Thread-safe.
 */
public final class SchedulerHealthIndicator extends AbstractHealthIndicator {

  private final Scheduler scheduler;

  /** Creates the indicator of {@code scheduler}. */
  public SchedulerHealthIndicator(Scheduler scheduler) {
    super("Scheduler health check failed");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    SchedulerState state = scheduler.state();
    Map<String, String> stores = new LinkedHashMap<>();
    Map<String, ClusterDescriptor> clusters = new LinkedHashMap<>();
    boolean storeDown = false;
    for (var entry : scheduler.jobStores().entrySet()) {
      try {
        entry.getValue().getNextRunTime();
        ClusterDescriptor cluster = ClusterDescriptor.of(entry.getValue());
        if (cluster != null) {
          clusters.put(entry.getKey(), cluster);
        }
        stores.put(entry.getKey(), "UP");
      } catch (RuntimeException e) {
        storeDown = true;
        stores.put(entry.getKey(), "DOWN: " + e);
      }
    }
    if (storeDown || state == SchedulerState.FAILED) {
      builder.down();
    } else if (state == SchedulerState.RUNNING) {
      builder.up();
    } else {
      builder.outOfService();
    }
    builder.withDetail("state", state.name()).withDetail("stores", stores);
    if (!clusters.isEmpty()) {
      builder.withDetail("cluster", clusters);
    }
  }
}
