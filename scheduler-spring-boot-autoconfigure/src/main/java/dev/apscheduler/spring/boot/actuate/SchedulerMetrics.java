package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import dev.apscheduler.store.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters of a scheduler, fed by its events:
 *
 * <ul>
 *   <li>{@value #EXECUTIONS}: timer of job runs, tagged {@code job}, {@code store} and {@code
 *       outcome} ({@code success} or {@code error});
 *   <li>{@value #LATENESS}: timer of how late runs start (start minus scheduled time), tagged
 *       {@code job} and {@code store};
 *   <li>{@value #MISFIRES} and {@value #MAX_INSTANCES}: counters of runs missed for being late and
 *       skipped for too many running instances, tagged {@code job} and {@code store};
 *   <li>{@value #JOBS}: gauge of the jobs in each store, tagged {@code store};
 *   <li>{@value #RUNNING}: gauge of the runs submitted and not finished.
 * </ul>
 *
 * <p>Jobs are tagged by id: give jobs stable ids (not random ones) to keep the number of meters
 * bounded. Thread-safe.
 */
public final class SchedulerMetrics implements SchedulerListener, MeterBinder {

  /** Timer of job runs. */
  public static final String EXECUTIONS = "apscheduler.job.executions";

  /** Timer of run lateness. */
  public static final String LATENESS = "apscheduler.job.lateness";

  /** Counter of misfires. */
  public static final String MISFIRES = "apscheduler.job.misfires";

  /** Counter of runs skipped for too many instances. */
  public static final String MAX_INSTANCES = "apscheduler.job.max.instances";

  /** Gauge of jobs per store. */
  public static final String JOBS = "apscheduler.jobs";

  /** Gauge of runs in progress. */
  public static final String RUNNING = "apscheduler.jobs.running";

  private final Scheduler scheduler;
  private final Set<String> storesWithGauge = ConcurrentHashMap.newKeySet();
  private volatile MeterRegistry registry;

  /** Creates the meters of {@code scheduler}; they are registered by {@link #bindTo}. */
  public SchedulerMetrics(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    this.registry = meterRegistry;
    Gauge.builder(RUNNING, scheduler, Scheduler::runsInFlight)
        .description("Job runs submitted and not finished")
        .register(meterRegistry);
    scheduler.jobStores().keySet().forEach(alias -> storeGauge(meterRegistry, alias));
  }

  private void storeGauge(MeterRegistry meterRegistry, String alias) {
    if (storesWithGauge.add(alias)) {
      Gauge.builder(JOBS, () -> jobCount(alias))
          .tag("store", alias)
          .description("Jobs in the store")
          .register(meterRegistry);
    }
  }

  private double jobCount(String alias) {
    JobStore store = scheduler.jobStores().get(alias);
    if (store == null) {
      return Double.NaN;
    }
    try {
      return store.countJobs();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  @Override
  public void onEvent(SchedulerEvent event) {
    MeterRegistry meters = registry;
    if (meters == null) {
      return;
    }
    if (event.type() == EventType.SCHEDULER_START) {
      scheduler.jobStores().keySet().forEach(alias -> storeGauge(meters, alias));
      return;
    }
    if (event instanceof JobStoreEvent storeEvent) {
      if (storeEvent.type() == EventType.JOBSTORE_ADDED) {
        storeGauge(meters, storeEvent.jobStore());
      }
      return;
    }
    if (!(event instanceof JobEvent jobEvent)) {
      return;
    }
    Tags tags = Tags.of("job", jobEvent.jobId(), "store", jobEvent.jobStore());
    switch (jobEvent.type()) {
      case JOB_EXECUTED, JOB_ERROR -> finished(meters, jobEvent, tags);
      case JOB_MISSED ->
          Counter.builder(MISFIRES)
              .description("Runs missed for starting later than the misfire grace time")
              .tags(tags)
              .register(meters)
              .increment(Math.max(1, jobEvent.fireTimeCount()));
      case JOB_MAX_INSTANCES ->
          Counter.builder(MAX_INSTANCES)
              .description("Runs skipped because the job had its maximum instances running")
              .tags(tags)
              .register(meters)
              .increment();
      default -> {}
    }
  }

  private void finished(MeterRegistry meters, JobEvent event, Tags tags) {
    if (event.startTime().isEmpty()) {
      return;
    }
    Instant start = event.startTime().get();
    Timer.builder(EXECUTIONS)
        .description("Job runs")
        .tags(tags)
        .tag("outcome", event.type() == EventType.JOB_EXECUTED ? "success" : "error")
        .register(meters)
        .record(nonNegative(Duration.between(start, event.timestamp())));
    Timer.builder(LATENESS)
        .description("How late job runs start: start time minus scheduled time")
        .tags(tags)
        .register(meters)
        .record(nonNegative(Duration.between(event.scheduledRunTime().toInstant(), start)));
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
