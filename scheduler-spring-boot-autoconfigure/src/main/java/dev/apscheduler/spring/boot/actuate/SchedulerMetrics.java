package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Scheduler;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters of a scheduler, fed by its events:
 *
 * <ul>
 *   <li>{@value #LATENESS}: timer of how late runs start (start minus scheduled time), tagged
 *       {@code job} and {@code store};
 *   <li>{@value #MISFIRES} and {@value #MAX_INSTANCES}: counters of runs missed for being late and
 *       skipped for too many running instances, tagged {@code job} and {@code store};
 *   <li>{@value #RETRIES}: counter of retries scheduled after failed runs ({@code JOB_ERROR} with a
 *       retry following), tagged {@code job} and {@code store}; the lateness timer counts first
 *       attempts only (a retry starts late by design);
 *   <li>{@value #JOBS}: gauge of the jobs in each store, tagged {@code store}: a count kept up to
 *       date by the add and remove events and read again from the store at most once per refresh
 *       interval, never a store query per scrape;
 *   <li>{@value #RUNNING}: gauge of the runs submitted and not finished.
 * </ul>
 *
 * <p>The run timer ({@value #EXECUTIONS}) is not made here: it is derived from the run's {@code
 * Observation} ({@link ObservationJobRunInterceptor}). The {@code job} tag is the job's name, task
 * or id as {@link JobTag} says. When a job is removed and its runs have finished, and no other job
 * known to this binder shares its tag value, the {@code apscheduler.job.*} meters of that value are
 * removed once the retention has passed (so that scrapes see their last values), unless a job takes
 * the value again meanwhile. Jobs are learnt from their runs ({@link JobMeterTags}) and from this
 * scheduler's add events (one store lookup each, none for {@link JobTag#ID}); a job gone before
 * either is tagged {@value #UNKNOWN_JOB}, and one removed by another cluster node is not seen.
 *
 * <p>Thread-safe.
 */
public final class SchedulerMetrics implements SchedulerListener, MeterBinder {

  /** Timer of job runs, derived from the run's observation. */
  public static final String EXECUTIONS = DefaultJobRunObservationConvention.NAME;

  /** Timer of run lateness. */
  public static final String LATENESS = "apscheduler.job.lateness";

  /** Counter of misfires. */
  public static final String MISFIRES = "apscheduler.job.misfires";

  /** Counter of runs skipped for too many instances. */
  public static final String MAX_INSTANCES = "apscheduler.job.max.instances";

  /** Counter of retries scheduled after failed runs. */
  public static final String RETRIES = "apscheduler.job.retries";

  /** Gauge of jobs per store. */
  public static final String JOBS = "apscheduler.jobs";

  /** Gauge of runs in progress. */
  public static final String RUNNING = "apscheduler.jobs.running";

  /** The tag value of a job that is gone before its tag could be read. */
  static final String UNKNOWN_JOB = "unknown";

  private static final String JOB_METER_PREFIX = "apscheduler.job.";

  private final Scheduler scheduler;
  private final JobTag jobTag;
  private final JobMeterTags tagValues;
  private final Duration jobCountRefresh;
  private final Duration removedJobRetention;
  private final Map<String, StoreCount> storeCounts = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  /**
   * Creates the meters of {@code scheduler}; they are registered by {@link #bindTo}.
   *
   * @param tags the {@code job} tag values, which the scheduler should have as a run interceptor
   * @param jobCountRefresh how often the {@value #JOBS} gauge reads the count from the store again
   * @param removedJobRetention how long the meters of a tag value no job holds any more are kept
   */
  public SchedulerMetrics(
      Scheduler scheduler,
      JobMeterTags tags,
      Duration jobCountRefresh,
      Duration removedJobRetention) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.tagValues = Objects.requireNonNull(tags, "tags");
    this.jobTag = tags.jobTag();
    this.jobCountRefresh = notNegative(jobCountRefresh, "jobCountRefresh");
    this.removedJobRetention = notNegative(removedJobRetention, "removedJobRetention");
  }

  private static Duration notNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + ": must not be negative, got " + duration);
    }
    return duration;
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
    StoreCount created = new StoreCount(alias);
    if (storeCounts.putIfAbsent(alias, created) == null) {
      Gauge.builder(JOBS, created, StoreCount::value)
          .tag("store", alias)
          .description("Jobs in the store")
          .register(meterRegistry);
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
      storeCounts.values().forEach(StoreCount::invalidate);
    } else if (event instanceof JobStoreEvent storeEvent) {
      onStoreEvent(meters, storeEvent);
    } else if (event instanceof JobEvent jobEvent) {
      onJobEvent(meters, jobEvent);
    }
    retireFinished(meters);
  }

  private void onStoreEvent(MeterRegistry meters, JobStoreEvent event) {
    StoreCount count = storeCounts.get(event.jobStore());
    switch (event.type()) {
      case JOBSTORE_ADDED -> storeGauge(meters, event.jobStore());
      case JOBSTORE_JOB_ADDED -> {
        event.jobId().ifPresent(this::learn);
        if (count != null) {
          count.add(1);
        }
      }
      case JOB_MODIFIED -> event.jobId().ifPresent(this::learn);
      case JOBSTORE_JOB_REMOVED -> {
        event.jobId().ifPresent(tagValues::retire);
        if (count != null) {
          count.add(-1);
        }
      }
      default -> {}
    }
  }

  private void onJobEvent(MeterRegistry meters, JobEvent event) {
    if (event.type() != EventType.JOB_EXECUTED
        && event.type() != EventType.JOB_ERROR
        && event.type() != EventType.JOB_MISSED
        && event.type() != EventType.JOB_MAX_INSTANCES) {
      return;
    }
    Tags tags = Tags.of("job", tagOf(event.jobId()), "store", event.jobStore());
    switch (event.type()) {
      case JOB_MISSED ->
          Counter.builder(MISFIRES)
              .description("Runs missed for starting later than the misfire grace time")
              .tags(tags)
              .register(meters)
              .increment(Math.max(1, event.fireTimeCount()));
      case JOB_MAX_INSTANCES ->
          Counter.builder(MAX_INSTANCES)
              .description("Runs skipped because the job had its maximum instances running")
              .tags(tags)
              .register(meters)
              .increment();
      default -> {
        if (event.nextRetryTime().isPresent()) {
          Counter.builder(RETRIES)
              .description("Retries scheduled after failed runs")
              .tags(tags)
              .register(meters)
              .increment();
        }
        if (event.attempt() == 1) {
          recordLateness(meters, event, tags);
        }
      }
    }
  }

  private static void recordLateness(MeterRegistry meters, JobEvent event, Tags tags) {
    event
        .startTime()
        .ifPresent(
            start ->
                Timer.builder(LATENESS)
                    .description("How late job runs start: start time minus scheduled time")
                    .tags(tags)
                    .register(meters)
                    .record(lateness(event, start)));
  }

  private static Duration lateness(JobEvent event, Instant start) {
    Duration lateness = Duration.between(event.scheduledRunTime().toInstant(), start);
    return lateness.isNegative() ? Duration.ZERO : lateness;
  }

  /** Reads the tag value of a job that was added or changed. */
  private void learn(String jobId) {
    if (jobTag != JobTag.ID) {
      scheduler.getJob(jobId).ifPresent(job -> tagValues.put(jobId, jobTag.of(job)));
    }
  }

  private String tagOf(String jobId) {
    if (jobTag == JobTag.ID) {
      return jobId;
    }
    String known = tagValues.get(jobId);
    if (known != null) {
      return known;
    }
    return scheduler
        .getJob(jobId)
        .map(
            job -> {
              String value = jobTag.of(job);
              tagValues.put(jobId, value);
              return value;
            })
        .orElse(UNKNOWN_JOB);
  }

  /**
   * Forgets removed jobs whose runs have all finished (a one-shot job is removed before its run
   * ends), lets the meters of tag values no job holds any more expire, and removes expired ones.
   * Runs on every event: meters grow only with events, so an idle scheduler keeps what it has.
   */
  private void retireFinished(MeterRegistry meters) {
    Instant now = scheduler.clock().instant();
    for (String jobId : tagValues.retiring()) {
      if (scheduler.runningInstances(jobId) == 0) {
        String released = tagValues.release(jobId, jobTag == JobTag.ID ? jobId : null);
        if (released != null) {
          tagValues.expire(released, now.plus(removedJobRetention));
        }
      }
    }
    tagValues.expired(now).forEach(value -> removeMeters(meters, value));
  }

  private static void removeMeters(MeterRegistry meters, String tagValue) {
    for (Meter meter : meters.getMeters()) {
      Meter.Id id = meter.getId();
      if (id.getName().startsWith(JOB_METER_PREFIX) && tagValue.equals(id.getTag("job"))) {
        meters.remove(meter);
      }
    }
  }

  /** The cached job count of one store. Thread-safe. */
  private final class StoreCount {
    private final String alias;
    private long count;
    private Instant readAt;

    StoreCount(String alias) {
      this.alias = alias;
    }

    synchronized void add(long delta) {
      count = Math.max(0, count + delta);
    }

    synchronized void invalidate() {
      readAt = null;
    }

    synchronized double value() {
      Instant now = scheduler.clock().instant();
      if (readAt == null || !now.isBefore(readAt.plus(jobCountRefresh))) {
        var store = scheduler.jobStores().get(alias);
        if (store == null) {
          return Double.NaN;
        }
        try {
          count = store.countJobs();
        } catch (RuntimeException e) {
          return Double.NaN;
        }
        readAt = now;
      }
      return count;
    }
  }
}
